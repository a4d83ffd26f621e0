"""ZT_NET_006's stack part: a VPC whose default security group is not managed
(no aws_default_security_group) fires only in stack scope."""
from conftest import FIXTURES
from zt_rules import config as cfg
from zt_rules.config import Config
from zt_rules.scan import scan

FOLDER = FIXTURES / "ZT_NET_006" / "stack"


def _net006(config):
    result = scan([FOLDER], FOLDER, config, use_cache=False)
    assert result.errors == []
    return sorted((f.rule_id, f.file, f.line, f.resource) for f in result.findings if f.rule_id == "ZT_NET_006")


def test_unmanaged_default_sg_in_stack_scope():
    assert _net006(cfg.load(FOLDER / ".zt-lint.yaml")) == [("ZT_NET_006", "main.tf", 13, "aws_vpc.unmanaged")]


def test_module_scope_does_not_judge_the_vpc():
    assert _net006(Config()) == []
