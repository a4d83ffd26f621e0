"""The result cache: a warm run returns exactly the cold result; an edit invalidates
only its unit (a root, through its local modules too); corrupted entries are
ignored and rebuilt, never trusted; --no-cache writes nothing; a config change
invalidates everything."""
import json

import pytest

from test_determinism import make_tree
from zt_rules import scan
from zt_rules.config import Config


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    root = tmp_path / "tree"
    make_tree(root)
    return root


@pytest.fixture
def computed(monkeypatch):
    """Units analysed (not read from the cache) by each scan, as paths relative to the tree."""
    seen = []
    real = scan.scan_unit

    def record(unit, out_root, config, var_files):
        seen.append(unit.path.resolve().relative_to(out_root.resolve()).as_posix())
        return real(unit, out_root, config, var_files)
    monkeypatch.setattr(scan, "scan_unit", record)
    return seen


def run(tree, config=None, **kw):
    result = scan.scan([tree], tree, config or Config(), jobs=1, **kw)
    return result.sort()


ALL_UNITS = {"stack0", "stack1", "stack2", "broken", "policies/p0.json", "policies/p1.json", "policies/p2.json",
             "policies/app-trust.json", "policies/bad.json"}


def entries(tree):
    return sorted((tree / ".zt-lint-cache").glob("*.json"))


def test_warm_run_returns_exactly_the_cold_result(tree, computed):
    cold = run(tree)
    assert set(computed) == ALL_UNITS
    assert len(entries(tree)) == len(ALL_UNITS)
    computed.clear()
    warm = run(tree)
    assert computed == []
    assert warm == cold
    assert cold.findings and cold.notices and cold.errors


def test_an_edit_invalidates_only_its_unit(tree, computed):
    cold = run(tree)
    computed.clear()
    (tree / "policies" / "p1.json").write_text(json.dumps({"Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}))
    run(tree)
    assert computed == ["policies/p1.json"]
    computed.clear()
    # a local module invalidates the root that calls it
    text = (tree / "modules" / "net" / "main.tf").read_text()
    (tree / "modules" / "net" / "main.tf").write_text(text.replace("443", "22"))
    edited = run(tree)
    assert computed == ["stack0"]
    assert ("ZT_ACC_001", "modules/net/main.tf") in {(f.rule_id, f.file) for f in edited.findings}
    assert ("ZT_ACC_001", "modules/net/main.tf") not in {(f.rule_id, f.file) for f in cold.findings}


def _corrupt(path, how):
    data = json.loads(path.read_text())
    if how == "garbage":
        path.write_bytes(b"\x00\xff\xfegarbage")
    elif how == "truncated":
        path.write_text(path.read_text()[: len(path.read_text()) // 2])
    elif how == "wrong-key":   # a well-formed entry of another unit, or a forged one
        data["key"] = "0" * 64
        data["findings"] = []
        path.write_text(json.dumps(data))
    elif how == "wrong-types":
        data["findings"] = [{**f, "line": str(f["line"])} for f in data["findings"]] or [{"file": 1}]
        path.write_text(json.dumps(data))
    elif how == "not-an-object":
        path.write_text("[]")


@pytest.mark.parametrize("how", ["garbage", "truncated", "wrong-key", "wrong-types", "not-an-object"])
def test_a_corrupted_entry_is_ignored_and_rebuilt(tree, computed, how):
    cold = run(tree)
    for path in entries(tree):
        _corrupt(path, how)
    computed.clear()
    again = run(tree)
    assert set(computed) == ALL_UNITS         # nothing was trusted
    assert again == cold
    for path in entries(tree):                 # and every entry was rebuilt
        data = json.loads(path.read_text())
        assert data["key"] == path.stem and isinstance(data["findings"], list)
    computed.clear()
    assert run(tree) == cold and computed == []


def test_a_forged_entry_under_another_key_is_not_trusted(tree, computed):
    run(tree)
    victim = entries(tree)[0]
    data = json.loads(victim.read_text())
    forged = {**data, "findings": [], "notices": [], "errors": []}
    forged["key"] = "f" * 64                   # looks valid, but it is not this file's key
    victim.write_text(json.dumps(forged))
    computed.clear()
    run(tree)
    assert len(computed) == 1


def test_no_cache_writes_nothing(tree, tmp_path, monkeypatch, capsys):
    from zt_rules.cli import main
    monkeypatch.chdir(tree)
    assert main(["--no-cache", "--jobs", "1", "--format", "json", "."]) == 2
    capsys.readouterr()
    assert not (tree / ".zt-lint-cache").exists()
    xdg = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    assert main(["--no-cache", "--jobs", "1", "--format", "json", "."]) == 2
    assert not xdg.exists() and not (tree / ".zt-lint-cache").exists()
    assert main(["--jobs", "1", "--format", "json", "."]) == 2        # control: the cache is used
    assert list((xdg / "zt-lint").glob("*.json"))


def test_a_config_change_invalidates_every_unit(tree, computed):
    run(tree)
    computed.clear()
    run(tree, Config(tier_tag="Layer"))
    assert set(computed) == ALL_UNITS
    computed.clear()
    run(tree, Config(tier_tag="Layer"))
    assert computed == []


@pytest.mark.parametrize("content", [None, "garbage", "{}", '{"net.yaml": 1}'])
def test_the_catalog_cache_is_used_and_a_bad_one_rebuilt(tmp_path, monkeypatch, content):
    from zt_rules import catalog
    monkeypatch.setattr(catalog, "_PARSED", {})
    path = tmp_path / "catalog" / "fp.json"
    if content is not None:
        path.parent.mkdir()
        path.write_text(content)
    catalog.use_cache_file(path)            # missing or bad: parsed from YAML and written
    expected = {p.name: catalog._read(p) for p in catalog._area_files()}
    assert json.loads(path.read_text()) == expected
    monkeypatch.setattr(catalog, "_PARSED", {})
    catalog.use_cache_file(path)            # good: read back, YAML not parsed
    assert catalog._PARSED == expected


def _age(path, days):
    import os
    import time
    old = time.time() - days * 86400
    os.utime(path, (old, old))


def test_entries_unused_for_30_days_are_pruned_by_a_run_that_writes(tree, computed):
    run(tree)
    folder = tree / ".zt-lint-cache"
    before = {p.name for p in entries(tree)}
    for path in folder.rglob("*"):
        if path.is_file():
            _age(path, 40)
    (folder / ".pruned").unlink()
    stray, kept_other = folder / "abc.json.123.tmp", folder / "notes.txt"
    stray.write_text("")
    kept_other.write_text("")
    _age(stray, 40)
    _age(kept_other, 40)
    (tree / "policies" / "p1.json").write_text('{"Statement": []}')
    computed.clear()
    run(tree)
    assert computed == ["policies/p1.json"]
    after = {p.name for p in entries(tree)}
    # entries read by this run were refreshed and stay; p1's old entry is gone, its new one written
    assert len(before - after) == 1 and len(after - before) == 1 and len(after) == len(ALL_UNITS)
    assert not stray.exists() and kept_other.exists()
    assert not list((folder / "hcl").glob("*.json"))       # parsed HCL of roots not re-analysed: unused
    assert (folder / ".pruned").exists()


def test_prune_runs_at_most_once_a_day_and_a_warm_run_never_prunes(tree, computed):
    from zt_rules import cache
    run(tree)
    folder = tree / ".zt-lint-cache"
    old = folder / ("f" * 64 + ".json")
    old.write_text("{}")
    _age(old, 40)
    computed.clear()
    run(tree)                                    # warm: nothing written, nothing pruned
    assert computed == [] and old.exists()
    assert cache.prune(folder) == []             # pruned today already (the cold run stamped it)
    _age(folder / ".pruned", 2)
    assert cache.prune(folder) == [old]
    assert cache.prune(folder) == []
