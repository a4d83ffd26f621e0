"""Every IAM fixture gives exactly the findings its folder's expected.json lists."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from zt_rules import iam
from zt_rules.config import Config

FIXTURES = Path(__file__).parent / "fixtures"
# ZT_S3_001..003 keep Terraform fixtures in pass/ and fail/; their standalone bucket policies
# live in a json/ folder beside them (json/pass, json/fail with its own expected.json).
FOLDERS = sorted(p for p in FIXTURES.glob("ZT_IAM_*")) + [FIXTURES / "ZT_S3_005"] + \
    sorted(p / "json" for p in FIXTURES.glob("ZT_S3_*") if (p / "json").is_dir())
# Fixtures named *.identity.json are identity policies (a glob, as a user would configure).
CONFIG = Config(policy_kinds=Config().policy_kinds + (("*.identity.json", "identity"),))


def run(path: Path, findings_only: bool = False) -> list:
    """What zt-lint's standalone JSON path does: parse, classify, analyze (+ the bucket-policy side);
    `findings_only`: without the notices (hits that could not decide)."""
    text = path.read_text()
    try:
        doc = iam.parse_policy_text(text)
    except iam.PolicyParseError as exc:
        return [("ZT_IAM_001", "Policy", exc.line)]
    kind = iam.classify(doc, path.name, CONFIG)
    hits = iam.analyze(doc, kind, CONFIG)
    if rule_of(path).startswith("ZT_S3_"):
        hits += iam.bucket_policy_hits(doc, CONFIG, sensitive=True, bucket_arns=None)
    return sorted((h.rule_id, h.key, h.line) for h in hits if not (findings_only and h.unknown is not None))


def rule_of(path: Path) -> str:
    """The rule a fixture file is for: its folder's `ZT_*` ancestor."""
    return next(p.name for p in path.parents if p.name.startswith("ZT_"))


def cases(status: str):
    for folder in FOLDERS:
        for path in sorted((folder / status).glob("*.json")):
            if path.name != "expected.json":
                yield pytest.param(path, id=f"{rule_of(path)}/{status}/{path.name}")


@pytest.mark.parametrize("path", list(cases("fail")))
def test_fail_fixture_gives_exactly_the_expected_findings(path: Path):
    expected = json.loads((path.parent / "expected.json").read_text())
    want = sorted((e["rule_id"], e["key"], e["line"]) for e in expected if e["file"] == path.name)
    assert want, f"{path.name} has no entry in expected.json"
    assert any(rule == rule_of(path) for rule, _, _ in want)
    assert run(path) == want


@pytest.mark.parametrize("path", list(cases("pass")))
def test_pass_fixture_does_not_fire_its_rule(path: Path):
    rule = rule_of(path)
    assert [h for h in run(path, findings_only=True) if h[0] == rule] == []


def test_every_expected_entry_names_a_fixture():
    for folder in FOLDERS:
        expected = json.loads((folder / "fail" / "expected.json").read_text())
        for e in expected:
            assert (folder / "fail" / e["file"]).is_file(), e
