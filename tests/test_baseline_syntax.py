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
# cannot accept them: an unescaped "${aws:username}" is an HCL interpolation error
# ("Extra characters after interpolation expression"), and that is what ZT_IAM_015 reports.
HCL_INVALID_BY_DESIGN = {"ZT_IAM_015/fail": "Extra characters after interpolation expression"}


def _terraform():
    terraform = shutil.which("terraform")
    if terraform is None:
        reason = "terraform is not on PATH: cannot check HCL syntax and formatting"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    return terraform


def _fmt_check(terraform, folder):
    return subprocess.run([terraform, "fmt", "-check", "-recursive", "-diff", "-no-color", str(folder)],
                          capture_output=True, text=True, timeout=120)


def _fixture_folders():
    """Each fixture's pass/ and fail/ folder that holds Terraform."""
    return sorted({p.parent.relative_to(FIXTURES).as_posix().split("/", 2)[0] + "/" +
                   p.parent.relative_to(FIXTURES).as_posix().split("/", 2)[1]
                   for p in FIXTURES.rglob("*.tf") if len(p.parent.relative_to(FIXTURES).parts) >= 2})


def test_terraform_baseline_fmt_check():
    terraform = _terraform()
    folder = ROOT / "terraform_baseline"
    proc = _fmt_check(terraform, folder)
    assert proc.returncode == 0, f"terraform fmt -check failed on {folder}:\n{proc.stdout}\n{proc.stderr}"


@pytest.mark.parametrize("rel", _fixture_folders())
def test_fixture_fmt_check(rel):
    terraform = _terraform()
    proc = _fmt_check(terraform, FIXTURES / rel)
    if rel in HCL_INVALID_BY_DESIGN:
        assert proc.returncode != 0 and HCL_INVALID_BY_DESIGN[rel] in proc.stderr, proc.stderr
        return
    assert proc.returncode == 0, f"terraform fmt -check failed on {rel}:\n{proc.stdout}\n{proc.stderr}"


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
