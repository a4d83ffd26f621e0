"""The benchmark runner in smoke mode (1 repetition, tiny corpora), so it cannot rot.

The real benchmark (`python -m benchmarks`) is not part of the test command;
this only checks that every target still produces a line with a status and,
unless skipped, its numbers. Timings are not asserted: the verdicts need
medians of several runs on a quiet machine.
"""
import json
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402
from benchmarks.__main__ import STATUSES, TARGET_IDS  # noqa: E402


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_corpus_is_deterministic_and_sized(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    summary = corpus.generate(a, 40, seed=3)
    corpus.generate(b, 40, seed=3)
    corpus.generate(c, 40, seed=4)
    files = _tree(a)
    assert files == _tree(b)
    assert files != _tree(c)
    assert len(files) == 40 == summary["files"]
    assert summary["policies"] == sum(1 for f in files if f.endswith(".json"))
    assert all(f.startswith(("stacks/", "modules/", "policies/")) for f in files)
    for name, raw in files.items():
        if name.endswith(".json"):
            assert "Statement" in json.loads(raw)


def test_runner_smoke(tmp_path, zt_env):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--smoke", "--quiet", "--out", str(out),
                           "--workdir", str(tmp_path / "work")],
                          cwd=ROOT, env=zt_env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(out.read_text())
    lines = {line["id"]: line for line in data["targets"]}
    sizes = data["meta"]["sizes"]
    for tid in (*TARGET_IDS, *(f"5/{n}" for n in sizes)):
        assert tid in lines, f"target {tid} missing from {sorted(lines)}"
    for tid, line in lines.items():
        assert line["status"] in STATUSES, line
        assert f"{tid} " in proc.stdout and line["status"] in proc.stdout
        if line["status"] == "SKIPPED":
            assert line["reason"], line
            continue
        assert line["measurements"], line
        for name, m in line["measurements"].items():
            assert m["failed_runs"] == 0, (tid, name, m.get("error"))
            assert m["median_s"] > 0 and len(m["runs"]) == data["meta"]["reps"] == 1, (tid, name)
        if line["status"] == "PASS" or line.get("theirs"):
            assert isinstance(line["ratio"], float) and line["ratio"] > 0, line
    assert lines["6"].get("byte_identical") is not None
    assert lines["7"].get("union_equals_full") is not None


def test_iam_documents_per_second_runs():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_iam.py"), "--docs", "20"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "zt-lint IAM analyzer: 20 docs in" in proc.stdout
    assert "parliament" in proc.stdout          # a rate, or why there is no comparison
