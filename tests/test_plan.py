"""Terraform plan JSON (`terraform show -json`) is detected by content and
judged by the same rules, on planned values with module addresses."""
from conftest import FIXTURES
from zt_rules.config import Config
from zt_rules.scan import scan


def test_plan_json_findings():
    folder = FIXTURES / "plan"
    result = scan([folder / "sg-plan.json"], folder, Config(), use_cache=False)
    assert result.errors == []
    got = sorted((f.rule_id, f.file, f.line, f.resource) for f in result.findings
                 if f.rule_id in ("ZT_SG_001", "ZT_ACC_001"))
    assert got == [
        ("ZT_ACC_001", "sg-plan.json", 17, "aws_security_group.web"),
        ("ZT_ACC_001", "sg-plan.json", 43, "module.net.aws_security_group_rule.r[0]"),
        ("ZT_SG_001", "sg-plan.json", 17, "aws_security_group.web"),
    ]


def test_plan_is_not_a_policy_and_not_an_error(tmp_path):
    plan = tmp_path / "empty-plan.json"
    plan.write_text('{"format_version": "1.2", "terraform_version": "1.11.0", "planned_values": {"root_module": {}}}')
    result = scan([plan], tmp_path, Config(), use_cache=False)
    assert (result.findings, result.errors) == ([], [])


def test_plan_relation_rules_see_the_graph():
    """In plan JSON the graph's vertices carry __startline__: relation rules
    (a bucket without policy or public access block) must still judge."""
    folder = FIXTURES / "plan"
    result = scan([folder / "bucket-plan.json"], folder, Config(), use_cache=False)
    got = sorted((f.rule_id, f.resource) for f in result.findings)
    assert got == [("ZT_S3_001", "aws_s3_bucket.logs"), ("ZT_S3_004", "aws_s3_bucket.logs")]
