"""The catalog is the single source of truth: fixtures, docs, SARIF metadata
and Checkov registration must follow it."""
import re

import pytest

from conftest import FIXTURES, shared_path
from zt_rules import catalog, docs


def test_catalog_files_follow_the_schema():
    assert catalog.validate() == []


def test_catalog_has_exactly_the_spec_ids():
    spec = shared_path("RULES.md").read_text()
    spec_ids = set(re.findall(r"^\| (ZT_[A-Z0-9]+_\d{3}) \|", spec, re.M))
    assert spec_ids and spec_ids <= set(catalog.load())
    extra = set(catalog.load()) - spec_ids
    assert all(catalog.get(i).status != "retired" or i not in spec_ids for i in extra)


def test_severities_and_scopes_match_the_spec():
    spec = shared_path("RULES.md").read_text()
    for rid, sev, scope in re.findall(r"^\| (ZT_[A-Z0-9]+_\d{3}) \| (\w+) \|(?: (resource|stack) \|)?", spec, re.M):
        rule = catalog.get(rid)
        assert rule.severity == sev, rid
        if scope:
            assert rule.scope == scope, rid


@pytest.mark.parametrize("rule", catalog.active(), ids=lambda r: r.id)
def test_active_rule_has_pass_and_fail_fixtures(rule):
    for kind in ("pass", "fail"):
        folder = FIXTURES / rule.id / kind
        assert folder.is_dir() and any(p.is_file() for p in folder.rglob("*")), f"missing {folder}"
    assert (FIXTURES / rule.id / "fail" / "expected.json").is_file()


def test_generated_docs_are_up_to_date():
    stale = [str(p) for p, text in docs.expected_files().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m zt_rules.docs`; stale: {stale}"
    assert sorted(p.name for p in docs.DOCS_DIR.glob("*.md")) == sorted(p.name for p in docs.expected_files())


def test_every_active_rule_is_registered_in_checkov_exactly_once():
    from zt_rules.tf import engine
    per_registry = engine.registered_ids()
    for name, ids in per_registry.items():
        assert len(ids) == len(set(ids)), f"a rule id is registered twice in the {name} registry"
    registered = set().union(*per_registry.values())
    assert registered == {r.id for r in catalog.active()}


def test_sarif_rule_metadata_comes_from_the_catalog():
    from zt_rules import output
    from zt_rules.findings import Result
    import json
    doc = json.loads(output.render("sarif", Result(), output.RunInfo("0", "db", "LOW", "/tmp")))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    for rule in catalog.active():
        assert rules[rule.id]["shortDescription"]["text"] == rule.title
        assert rule.fix in rules[rule.id]["help"]["text"]
