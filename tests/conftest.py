import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# A security group with SSH open to the world.
SSH_WORLD = '''resource "aws_security_group" "ssh" {
  description = "Admin"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
'''


def shared_path(*parts) -> Path:
    """A file of shared/: beside the repo in CI, /work/shared on a developer machine."""
    for base in (ROOT.parent / "shared", Path("/work/shared")):
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    pytest.skip(f"shared/{'/'.join(parts)} is not available")


def load_expected(folder: Path) -> list[dict]:
    path = folder / "expected.json"
    return json.loads(path.read_text()) if path.exists() else []


@pytest.fixture(scope="session")
def zt_env():
    """Environment for running the CLI in a subprocess (no network, our venv)."""
    env = dict(os.environ)
    env.pop("BC_API_KEY", None)
    return env


def scan_tree(root: Path, files: dict[str, str], entry: str = ""):
    """Write `files` (relative path -> text) under `root`, scan the Terraform root
    `root/entry` with the default config, and return its Result (no input errors)."""
    from zt_rules.config import Config
    from zt_rules.tf import engine
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    result = engine.scan_dir(root / entry, root, Config())
    assert not result.errors, result.errors
    return result
