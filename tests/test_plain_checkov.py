"""Our checks also load in plain Checkov through --external-checks-dir."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES
from zt_rules.tf.engine import CHECKS_DIR


def test_plain_checkov_runs_our_check():
    checkov = Path(sys.executable).parent / "checkov"
    exe = str(checkov) if checkov.exists() else shutil.which("checkov")
    assert exe, "checkov is a dependency and must be installed"
    target = FIXTURES / "ZT_SG_001" / "fail"
    proc = subprocess.run([exe, "-d", str(target), "--framework", "terraform", "--skip-download",
                           "--external-checks-dir", str(CHECKS_DIR), "--check", "ZT_SG_001", "-o", "json",
                           "--quiet"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    failed = sorted(c["resource"] for c in report["results"]["failed_checks"])
    assert failed == ["aws_security_group.inline_world", "aws_security_group.public_lb",
                      "aws_security_group_rule.all_protocols", "aws_vpc_security_group_ingress_rule.from_var"]
    assert {c["check_id"] for c in report["results"]["failed_checks"]} == {"ZT_SG_001"}
