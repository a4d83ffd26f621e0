"""Our checks also load in plain Checkov through --external-checks-dir, and
judge the same resources there as in zt-lint."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES
from zt_rules.config import Config
from zt_rules.scan import scan
from zt_rules.tf.engine import CHECKS_DIR

RULES = ("ZT_SG_001", "ZT_ACC_001")


def test_plain_checkov_runs_our_checks_with_the_same_verdicts():
    checkov = Path(sys.executable).parent / "checkov"
    exe = str(checkov) if checkov.exists() else shutil.which("checkov")
    assert exe, "checkov is a dependency and must be installed"
    target = FIXTURES / "ZT_SG_001" / "fail"
    proc = subprocess.run([exe, "-d", str(target), "--framework", "terraform", "--skip-download",
                           "--external-checks-dir", str(CHECKS_DIR), "--check", ",".join(RULES), "-o", "json",
                           "--quiet"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    failed = sorted({(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]})
    ours = scan([target], target, Config(), use_cache=False)
    expected = sorted({(f.rule_id, f.resource) for f in ours.findings if f.rule_id in RULES})
    assert failed == expected
    assert ("ZT_SG_001", "aws_security_group.dyn_world_list") in failed  # a dynamic-block case
