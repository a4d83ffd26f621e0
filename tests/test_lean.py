"""zt_rules.tf.lean: Checkov without its built-in checks, and stand-ins for the
packages Checkov imports at start-up for features zt-lint never runs."""
import subprocess
import sys

PROBE = """
import sys
from zt_rules.tf import lean
stubbed = lean.stub_unused()
from zt_rules.tf import engine
engine.load_checks()
import checkov.terraform.runner
import requests
try:
    requests.Session()
except RuntimeError as exc:
    print("raised:", exc)
print(sorted(stubbed))
"""


def test_unused_packages_are_stand_ins_that_fail_loudly_when_used():
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "raised: zt-lint stands in for requests.Session" in proc.stdout
    assert "'boto3'" in proc.stdout and "'docker'" in proc.stdout


def test_stand_ins_only_in_zt_lint_s_own_process():
    # main(argv) called from Python (tests, embedding) keeps the real packages
    code = ("from zt_rules.cli import main; main(['rules']); import sys; "
            "print(any(type(f).__name__ == '_StubFinder' for f in sys.meta_path))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "False", proc.stderr
