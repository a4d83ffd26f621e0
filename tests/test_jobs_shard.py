"""--shard K/N: every unit is analysed in exactly one shard, the shards' union is the
unsharded run, and `zt-lint merge` of the shard reports equals the unsharded report."""
import json

import pytest

from conftest import shared_path
from test_determinism import make_tree
from zt_rules import merge, scan
from zt_rules.config import Config

N = 3


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    root = tmp_path / "tree"
    make_tree(root)
    for i in range(3, 7):   # more roots and policies, so that every shard gets some
        (root / f"stack{i}").mkdir()
        (root / f"stack{i}" / "main.tf").write_text((root / "stack0" / "main.tf").read_text())
        (root / "policies" / f"extra{i}.json").write_text((root / "policies" / "p0.json").read_text())
    return root


def test_each_unit_in_exactly_one_shard_and_the_union_is_the_whole(tree, monkeypatch):
    seen = []
    real = scan.scan_unit

    def record(unit, out_root, config, var_files):
        seen.append(unit.path.resolve().relative_to(out_root.resolve()).as_posix())
        return real(unit, out_root, config, var_files)
    monkeypatch.setattr(scan, "scan_unit", record)
    whole = scan.scan([tree], tree, Config(), use_cache=False, jobs=1).sort()
    units = sorted(seen)
    assert len(units) == len(set(units)) == 7 + 1 + 9     # roots, the broken root, JSON files
    per_shard, parts = [], []
    for k in range(1, N + 1):
        seen.clear()
        parts.append(scan.scan([tree], tree, Config(), use_cache=False, jobs=1, shard=(k, N)).sort())
        per_shard.append(sorted(seen))
    assert all(per_shard), per_shard                      # no shard is empty here
    assert sorted(u for shard in per_shard for u in shard) == units
    assert {f.fingerprint for p in parts for f in p.findings} == {f.fingerprint for f in whole.findings}
    assert sorted({f for p in parts for f in p.findings}) == whole.findings
    assert sorted({n for p in parts for n in p.notices}) == whole.notices
    assert sorted({e for p in parts for e in p.errors}) == whole.errors


def test_merge_of_shard_reports_equals_the_unsharded_report(tree, monkeypatch, capsys):
    from jsonschema import FormatChecker
    from jsonschema.validators import validator_for

    from zt_rules.cli import main
    monkeypatch.chdir(tree)
    out = tree.parent
    for fmt in ("json", "sarif"):
        assert main(["--no-cache", "--jobs", "1", "--format", fmt, "-o", str(out / f"all.{fmt}"), "."]) == 2
        for k in range(1, N + 1):
            main(["--no-cache", "--jobs", "1", "--format", fmt, "--shard", f"{k}/{N}",
                  "-o", str(out / f"shard{k}.{fmt}"), "."])
        assert merge.main([str(out / f"shard{k}.{fmt}") for k in range(1, N + 1)]
                          + ["-o", str(out / f"merged.{fmt}")]) == 2
    capsys.readouterr()
    whole = json.loads((out / "all.json").read_text())
    merged = json.loads((out / "merged.json").read_text())
    shards = [json.loads((out / f"shard{k}.json").read_text()) for k in range(1, N + 1)]
    assert all(s["findings"] for s in shards) and whole["findings"]
    for key in ("findings", "notices", "errors", "summary"):
        assert merged[key] == whole[key], key
    whole_sarif = json.loads((out / "all.sarif").read_text())
    merged_sarif = json.loads((out / "merged.sarif").read_text())
    schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text())
    problems = [f"{list(e.path)}: {e.message}"
                for e in validator_for(schema)(schema, format_checker=FormatChecker()).iter_errors(merged_sarif)]
    assert not problems, problems[:3]

    def fingerprints(doc):
        return sorted(r["partialFingerprints"]["ztLint/v1"] for r in doc["runs"][0]["results"])

    def notes(doc):
        return sorted(json.dumps(n, sort_keys=True) for inv in doc["runs"][0]["invocations"]
                      for n in inv.get("toolExecutionNotifications", []))
    assert fingerprints(merged_sarif) == fingerprints(whole_sarif)
    assert notes(merged_sarif) == notes(whole_sarif)
    assert merged_sarif["runs"][0]["results"] == whole_sarif["runs"][0]["results"]


def test_bad_shard_arguments_are_usage_errors(tree, monkeypatch, capsys):
    from zt_rules.cli import main
    monkeypatch.chdir(tree)
    for bad in ("0/3", "4/3", "x", "1/0"):
        assert main(["--no-cache", "--shard", bad, "."]) == 2
        assert "--shard" in capsys.readouterr().err
