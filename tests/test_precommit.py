"""The hook in .pre-commit-hooks.yaml, installed by real pre-commit."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SSH_WORLD as BAD

GOOD = 'resource "aws_security_group" "app" {\n  description = "App"\n}\n'


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com"))


def test_pre_commit_try_repo(tmp_path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed")
    # try-repo needs a git repo with the hook at HEAD: clone ours as it is now
    hook_repo = tmp_path / "hook"
    shutil.copytree(ROOT, hook_repo, ignore=shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "__pycache__", ".zt-lint-cache", "tests", "benchmarks", "build"))
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", "-A")
    _git(hook_repo, "commit", "-qm", "hook")
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    (work / "main.tf").write_text(BAD)
    (work / "package.json").write_text('{"name": "demo"}\n')
    _git(work, "add", "-A")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    env.pop("PYTHONPATH", None)
    cmd = [str(pre_commit), "try-repo", str(hook_repo), "zt-lint", "--all-files"]
    failing = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env, timeout=900)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "ZT_ACC_001" in failing.stdout and "main.tf:4" in failing.stdout
    (work / "main.tf").write_text(GOOD)
    _git(work, "add", "-A")
    passing = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env, timeout=900)
    assert passing.returncode == 0, passing.stdout + passing.stderr
