"""zt-lint makes no network connection at all: a run with every socket
connect blocked succeeds and nothing tried to connect."""
import subprocess
import sys

from conftest import FIXTURES

BLOCKER = '''
import os, socket
_log = os.environ["ZT_NET_LOG"]
def _blocked(self, address, *a, **k):
    with open(_log, "a") as f:
        f.write(repr(address) + "\\n")
    raise OSError("network blocked by test")
socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = lambda address, *a, **k: _blocked(None, address)
'''


def test_no_connection_attempted(tmp_path, zt_env):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(BLOCKER)
    log = tmp_path / "connects.log"
    env = dict(zt_env, PYTHONPATH=str(tmp_path / "site"), ZT_NET_LOG=str(log))
    target = FIXTURES / "ZT_SG_001" / "fail"
    proc = subprocess.run([sys.executable, "-m", "zt_rules", "--no-cache", "--format", "json", str(target)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert '"ZT_SG_001"' in proc.stdout
    assert not log.exists(), log.read_text()
