"""The seed article's section 2-3 Terraform: the SG and ACC rules catch its bugs.

`fixtures/seed/section2_3/main.tf` is the seed's Terraform copied verbatim
(`support.tf` declares what it refers to); `section2_3_fixed/` is the corrected
version, which must be clean.
"""
from pathlib import Path

from conftest import FIXTURES, shared_path

SEED = FIXTURES / "seed" / "section2_3"
FIXED = FIXTURES / "seed" / "section2_3_fixed"
RULES = {f"ZT_SG_00{i}" for i in range(1, 9)} | {f"ZT_ACC_00{i}" for i in range(1, 5)}


def _scan(folder: Path):
    from test_tf_fixtures import scan
    result = scan(folder)
    assert not result.errors, result.errors
    return result


def _rows(items):
    return sorted((i.rule_id, i.resource, i.line) for i in items if i.rule_id in RULES)


def test_seed_main_tf_is_verbatim():
    seed = shared_path("seed", "000_b5bbfb83394ebca9.txt").read_text(encoding="utf-8")
    for block in (SEED / "main.tf").read_text(encoding="utf-8").strip().split("\n\n"):
        assert block in seed, block[:80]


def test_seed_network_findings():
    result = _scan(SEED)
    assert _rows(result.findings) == [
        ("ZT_SG_004", "aws_security_group_rule.db_egress_deny_all", 74),    # data-tier egress, no destination
        ("ZT_SG_005", "aws_security_group_rule.db_egress_deny_all", 74),    # no description
        ("ZT_SG_007", "aws_security_group_rule.app_ingress_from_alb", 52),  # "HTTPS" on 8080
        ("ZT_SG_008", "aws_security_group_rule.db_egress_deny_all", 74),    # cidr_blocks = [] cannot apply
    ]
    assert _rows(result.notices) == []
    assert all(f.file == "main.tf" for f in result.findings if f.rule_id in RULES)


def test_seed_network_fixed_is_clean():
    result = _scan(FIXED)
    assert _rows(result.findings) == []
    assert _rows(result.notices) == []
