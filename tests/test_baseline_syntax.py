"""The baseline stack and the fixtures are valid, formatted Terraform; every baseline policy is JSON.

`terraform fmt -check -recursive` parses every .tf file (HCL syntax) and fails on
unformatted ones; it needs no provider and no network. Skipped, with the reason
printed, when `terraform` is not installed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
POLICIES = ROOT / "policies_baseline"

# Fixtures whose defect is one Terraform itself rejects when parsing, so `terraform fmt`
# cannot accept them (what the parser must say is given):
# - an unescaped "${aws:username}" is an HCL interpolation error, which ZT_IAM_015 reports;
# - the seed article's one-line nested `datasources` block is not HCL.
HCL_INVALID_BY_DESIGN = {
    "ZT_IAM_015/fail": "Extra characters after interpolation expression",
    "seed/section5": "Extra characters after interpolation expression",
    "seed/section6": "Argument definition required",
}
# The seed article's snippets, kept exactly as published (alignment included): only
# their syntax is checked, not their formatting.
VERBATIM = {"seed/section2_3", "seed/section4", "seed/section5", "seed/section6"}
# Known to be unformatted today, in files this test's owner does not own: reported to
# their owner; xfail (not strict) so the fix turns them into XPASS, not noise.
KNOWN_UNFORMATTED: dict[str, str] = {}


def _terraform():
    terraform = shutil.which("terraform")
    if terraform is None:
        reason = "terraform is not on PATH: cannot check HCL syntax and formatting"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    return terraform


def _fmt(terraform, folder, *, check=True, recursive=True):
    args = [terraform, "fmt", "-no-color"]
    args += ["-check", "-diff"] if check else ["-write=false", "-list=false"]
    if recursive:
        args.append("-recursive")
    return subprocess.run(args + [str(folder)], capture_output=True, text=True, timeout=120)


def _fixture_folders():
    """Every folder of tests/fixtures that holds .tf files (each checked on its own)."""
    if not FIXTURES.is_dir():
        return []
    return sorted({p.parent.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.tf")})


def test_terraform_baseline_fmt_check():
    terraform = _terraform()
    folder = ROOT / "terraform_baseline"
    proc = _fmt(terraform, folder)
    assert proc.returncode == 0, f"terraform fmt -check failed on {folder}:\n{proc.stdout}\n{proc.stderr}"


@pytest.mark.parametrize("rel", _fixture_folders())
def test_fixture_fmt_check(rel):
    terraform = _terraform()
    proc = _fmt(terraform, FIXTURES / rel, check=rel not in VERBATIM, recursive=False)
    if rel in HCL_INVALID_BY_DESIGN:
        assert proc.returncode != 0 and HCL_INVALID_BY_DESIGN[rel] in proc.stderr, proc.stderr
        return
    if proc.returncode != 0 and rel in KNOWN_UNFORMATTED:
        pytest.xfail(f"tests/fixtures/{rel}: {KNOWN_UNFORMATTED[rel]}")
    assert proc.returncode == 0, f"terraform fmt failed on tests/fixtures/{rel}:\n{proc.stdout}\n{proc.stderr}"


def test_baseline_stack_has_its_parts():
    stack = ROOT / "terraform_baseline"
    for name in ("main.tf", "variables.tf", "providers.tf", ".zt-lint.yaml", "README.md"):
        assert (stack / name).is_file(), name
    for module in ("network", "endpoints", "access", "data", "detection", "audit", "organisation"):
        assert list((stack / "modules" / module).glob("*.tf")), module


POLICY_FILES = sorted(POLICIES.rglob("*.json"))


def test_there_are_baseline_policies():
    names = {p.relative_to(POLICIES).as_posix() for p in POLICY_FILES}
    assert {"developer-ssm-access.json", "s3-sensitive-bucket-policy.json", "mfa-destructive-actions.json",
            "s3-gateway-endpoint-policy.json", "scp/console-lockout.json", "scp/protect-security-services.json",
            "lambda-isolation-trust.json", "github-oidc-deploy-trust.json"} <= names


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.relative_to(POLICIES).as_posix())
def test_policy_parses(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    assert doc.get("Version") == "2012-10-17"
    statements = doc["Statement"]
    assert isinstance(statements, list) and statements
    sids = [s.get("Sid") for s in statements if "Sid" in s]
    assert len(sids) == len(set(sids)), "duplicate Sid"
    for st in statements:
        assert st["Effect"] in ("Allow", "Deny")
        assert ("Action" in st) != ("NotAction" in st)
