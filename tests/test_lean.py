"""zt_rules.tf.lean: Checkov without its built-in checks, and stand-ins for the
packages Checkov imports at start-up for features zt-lint never runs."""
import subprocess
import sys

from conftest import FIXTURES, ROOT

PROBE = """
import sys
from zt_rules.tf import lean
stubbed = lean.stub_unused()
import yaml
print("yaml before use:", type(yaml).__name__)
from zt_rules.tf import engine
engine.load_checks()
import checkov.terraform.runner
import requests
try:
    requests.Session()
except RuntimeError as exc:
    print("raised:", exc)
print(sorted(stubbed))
import urllib3
timeout = urllib3.Timeout(connect=3, read=5)   # Checkov's platform client builds these at import
try:
    timeout.connect_timeout
except RuntimeError as exc:
    print("inert:", exc)
try:
    urllib3.PoolManager()
except RuntimeError as exc:
    print("raised:", exc)
try:
    try:
        raise ValueError("x")
    except urllib3.exceptions.HTTPError:
        print("matched a stand-in")
except ValueError:
    print("except clause with a stand-in: no match, no TypeError")
try:
    import regex
except ImportError:
    print("regex: absent")
print("yaml in use:", yaml.safe_load("a: [1]"), issubclass(yaml.YAMLError, Exception),
      type(sys.modules["yaml"]).__name__, sys.modules["yaml"].safe_load is yaml.safe_load)
"""


def test_unused_packages_are_stand_ins_that_fail_loudly_when_used():
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "raised: zt-lint stands in for requests.Session" in proc.stdout
    assert "'boto3'" in proc.stdout and "'docker'" in proc.stdout
    assert "inert: zt-lint stands in for urllib3.Timeout" in proc.stdout
    assert "raised: zt-lint stands in for urllib3.PoolManager" in proc.stdout
    assert "except clause with a stand-in: no match, no TypeError" in proc.stdout
    assert "matched a stand-in" not in proc.stdout
    assert "regex: absent" in proc.stdout
    assert "yaml before use: _Deferred" in proc.stdout
    assert "yaml in use: {'a': [1]} True module True" in proc.stdout


def test_own_process_reports_exactly_what_an_in_process_run_reports(tmp_path):
    # the console-script path (stand-ins, no interpreter teardown) against main(argv)
    # in this process (real packages), over every fixture folder: byte-identical JSON
    args = ["--no-cache", "--scope", "stack", "--format", "json"]
    proc = subprocess.run([sys.executable, "-m", "zt_rules", *args, str(FIXTURES)], cwd=ROOT,
                          capture_output=True, timeout=300)
    from zt_rules.cli import main
    out = tmp_path / "in_process.json"
    code = main([*args, "-o", str(out), str(FIXTURES)])
    assert proc.returncode == code == 2, proc.stderr   # tests/fixtures holds one unparseable file
    assert proc.stdout == out.read_bytes()
    assert b'"rule_id": "ZT_SG_001"' in proc.stdout


def test_stand_ins_only_in_zt_lint_s_own_process():
    # main(argv) called from Python (tests, embedding) keeps the real packages
    code = ("from zt_rules.cli import main; main(['rules']); import sys; "
            "print(any(type(f).__name__ == '_StubFinder' for f in sys.meta_path))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "False", proc.stderr
