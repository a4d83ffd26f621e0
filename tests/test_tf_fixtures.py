"""Every Terraform rule's fixture folders: exact findings in fail/, none in pass/.

`tests/fixtures/<RULE_ID>/fail/expected.json` lists what the rule must report
there: `[{"rule_id", "file", "line", "resource"}]` (file relative to the fail
folder). Notices the rule must raise go in `expected_notices.json` with the
same fields. Nothing else of that rule may appear.
"""
from pathlib import Path

import pytest

from conftest import FIXTURES, load_expected
from zt_rules import catalog
from zt_rules.config import Config

TF_RULES = sorted(p.name for p in FIXTURES.glob("ZT_*")
                  if p.name in catalog.load() and catalog.get(p.name).active and any(p.rglob("*.tf")))


def scan(folder: Path, config: Config = Config()):
    from zt_rules.tf import engine
    return engine.scan_dir(folder, folder, _config_for(folder, config))


def _config_for(folder: Path, config: Config) -> Config:
    from zt_rules import config as cfg
    path = folder / ".zt-lint.yaml"
    return cfg.load(path) if path.exists() else config


def _as_rows(items, rule_id):
    return sorted((i.rule_id, i.file, i.line, i.resource) for i in items if i.rule_id == rule_id)


@pytest.mark.parametrize("rule_id", TF_RULES)
def test_fail_fixture_reports_exactly(rule_id):
    folder = FIXTURES / rule_id / "fail"
    result = scan(folder)
    assert not result.errors, result.errors
    expected = sorted((e["rule_id"], e["file"], e["line"], e["resource"]) for e in load_expected(folder))
    assert expected, f"{folder}/expected.json lists no finding"
    assert _as_rows(result.findings, rule_id) == expected
    notices = sorted((e["rule_id"], e["file"], e["line"], e["resource"])
                     for e in _load(folder / "expected_notices.json"))
    assert _as_rows(result.notices, rule_id) == notices


@pytest.mark.parametrize("rule_id", TF_RULES)
def test_pass_fixture_is_clean_for_its_rule(rule_id):
    folder = FIXTURES / rule_id / "pass"
    result = scan(folder)
    assert not result.errors, result.errors
    assert _as_rows(result.findings, rule_id) == []
    assert _as_rows(result.notices, rule_id) == []


def _load(path: Path):
    import json
    return json.loads(path.read_text()) if path.exists() else []
