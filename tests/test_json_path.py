"""The JSON-only path never imports Checkov: a directory of policy JSON (and other
JSON that is not a policy) is analysed by our IAM analyzer alone."""
import json
import subprocess
import sys

PROBE = ("import sys; from zt_rules.cli import main; rc = main({args!r}); "
         "print('CHECKOV', any(m == 'checkov' or m.startswith('checkov.') for m in sys.modules), rc)")


def probe(args, cwd):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], cwd=cwd, capture_output=True,
                          text=True, timeout=240)
    last = proc.stdout.strip().splitlines()[-1]
    _, imported, rc = last.split()
    return imported == "True", int(rc), proc


def test_policy_json_only_never_imports_checkov(tmp_path):
    pol = tmp_path / "policies"
    pol.mkdir()
    (pol / "admin.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    (pol / "ci-trust.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}))
    (pol / "broken.json").write_text('{"Statement": [')
    (pol / "package.json").write_text('{"name": "x"}')
    (pol / "terraform.tfvars.json").write_text('{"region": "us-east-1"}')
    for fmt in ("json", "sarif"):
        imported, rc, proc = probe(["--no-cache", "--format", fmt, "policies"], tmp_path)
        assert rc == 2, proc.stdout + proc.stderr     # findings and the broken file's error
        assert not imported, f"checkov was imported on the JSON-only path ({fmt})"
    imported, rc, proc = probe(["--no-cache", "--format", "json", "policies/admin.json"], tmp_path)
    assert (imported, rc) == (False, 1), proc.stdout + proc.stderr
    assert '"ZT_IAM_004"' in proc.stdout


def test_the_probe_sees_checkov_when_terraform_is_scanned(tmp_path):
    """Control: the same probe reports Checkov once a .tf file is in the scan."""
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    imported, rc, proc = probe(["--no-cache", "--format", "json", "."], tmp_path)
    assert imported, proc.stdout + proc.stderr
