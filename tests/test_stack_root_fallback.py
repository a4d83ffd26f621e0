"""A stack root without a provider "aws" block: account-wide findings point at
the root directory (RULES.md "Where findings point")."""
from conftest import FIXTURES
from zt_rules import config as cfg
from zt_rules.scan import scan

FOLDER = FIXTURES / "seed" / "section6_fixed"


def test_seed_section6_corrected_reports_on_the_root_directory():
    result = scan([FOLDER], FOLDER, cfg.load(FOLDER / ".zt-lint.yaml"), use_cache=False)
    assert result.errors == []
    got = sorted((f.rule_id, f.file, f.line, f.resource) for f in result.findings)
    root = (".", 0, "(stack root)")
    assert got == sorted([
        ("ZT_ACC_005", *root), ("ZT_MON_003", *root), ("ZT_MON_004", *root), ("ZT_MON_004", *root),
        ("ZT_MON_005", *root), ("ZT_MON_005", *root), ("ZT_MON_006", *root), ("ZT_ORG_001", *root),
        ("ZT_ORG_002", *root), ("ZT_MON_007", "main.tf", 5, "aws_guardduty_detector.main"),
    ])
    messages = {f.rule_id: f.message for f in result.findings}
    assert "eu-west-1" in messages["ZT_MON_003"]
    assert any("aws_lambda_permission" in f.message for f in result.findings if f.rule_id == "ZT_MON_005")
