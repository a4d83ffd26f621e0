"""Unit tests of zt_rules.tf.sg (rule model, dynamic blocks) and zt_rules.tf.tiers."""
import pytest

from conftest import FIXTURES
from zt_rules.tf import sg, tiers

MODEL = FIXTURES / "sg_model"


def _rule(**kw):
    base = dict(direction="ingress", protocol="tcp", from_port=443, to_port=443, cidrs=(), sg_refs=(),
                prefix_lists=(), self_ref=False, description=None, line=1, key="")
    return sg.SgRule(**{**base, **kw})


@pytest.mark.parametrize("cidr,world", [("0.0.0.0/0", True), ("::/0", True), ("10.0.0.0/8", False),
                                        ("0.0.0.0/1", False), ("not-a-cidr", False)])
def test_is_world(cidr, world):
    assert sg.is_world(cidr) is world


def test_ports_and_protocols():
    assert _rule(from_port=20, to_port=25).opens(22)
    assert not _rule(protocol="udp", from_port=20, to_port=25).opens(22)
    assert _rule(protocol="all", from_port=0, to_port=0).opens(3389)
    assert _rule(from_port=0, to_port=65535).all_ports
    assert _rule(protocol="udp", from_port=1, to_port=65535).all_ports
    assert not _rule(protocol="icmp", from_port=-1, to_port=-1).all_ports
    assert sg.only_ports(_rule(), [80, 443])
    assert not sg.only_ports(_rule(from_port=442), [443])
    assert not sg.only_ports(_rule(protocol="all"), [443])
    assert sg._protocol("-1") == sg._protocol("all") == "all"
    assert sg._protocol("6") == "tcp" and sg._protocol("17") == "udp"
    assert sg._protocol("var.proto") is None


def test_tiers_normalise_and_order():
    assert tiers.normalize("Application") == "app"
    assert tiers.normalize("DATABASE") == "data"
    assert tiers.normalize("Management") == "mgmt"
    assert tiers.normalize("prod") is None
    assert tiers.most_restrictive(["public", "app", None, "data"]) == "data"
    assert tiers.most_restrictive([None]) is None
    assert tiers.path_values({"a": [{"b": 1}, {"b": 2}], "c": {"b": 3}}, "a.b") == [1, 2]


class _Collect:
    """Runs sg.rules_of / tiers.sg_tier inside a Checkov scan of the model fixture."""

    def __init__(self):
        self.rules, self.tier = {}, {}


@pytest.fixture(scope="module")
def model():
    from zt_rules.tf import base, engine
    from zt_rules.config import Config
    seen = _Collect()
    engine.load_checks()
    from checkov.terraform.checks.resource.registry import resource_registry
    sg001 = next(c for checks in resource_registry.checks.values() for c in checks if c.id == "ZT_SG_001")
    original = type(sg001).evaluate

    def spy(self, ctx):
        seen.rules[ctx.address] = sg.rules_of(ctx)
        seen.tier[ctx.address] = tiers.sg_tier(ctx)
        return original(self, ctx)
    type(sg001).evaluate = spy
    try:
        engine.scan_dir(MODEL, MODEL, Config())
    finally:
        type(sg001).evaluate = original
        base.RECORDED.clear()
    return seen


def test_dynamic_blocks_are_expanded(model):
    rules = model.rules["aws_security_group.mixed"]
    ingress = [(r.key, r.protocol, r.from_port, r.cidrs, r.line) for r in rules if r.direction == "ingress"]
    assert ingress == [
        ("ingress[0]", "tcp", 1, ("1.1.1.1/32",), 23),
        ("dynamic.ingress[0][0]", "tcp", 22, ("0.0.0.0/0",), 31),
        ("dynamic.ingress[1][0]", "tcp", 5000, ("10.9.0.0/16", "::/0"), 42),
    ]


def test_dynamic_block_over_unknown_list_is_unknown(model):
    (egress,) = [r for r in model.rules["aws_security_group.mixed"] if r.direction == "egress"]
    assert egress.all_protocols and not egress.cidrs
    assert egress.unknown_peer == ("for_each = var.unknown_list",)
    assert egress.line == 52


def test_untagged_sg_inherits_the_subnet_tier(model):
    assert model.tier["aws_security_group.mixed"] == "data"
