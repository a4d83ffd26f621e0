"""zt_rules.tf.instances: the instances of a resource, with per-instance values,
also when Checkov leaves its `count`/`for_each` unexpanded (a computed set, a
resource, a count it cannot render)."""
from types import SimpleNamespace

from conftest import FIXTURES
from test_graph import graph_of, names, vertex
from zt_rules.tf import instances

DIR = FIXTURES / "instances"


def _insts(address):
    g = graph_of(DIR)
    return g, instances.at(g, vertex(g, address))


def _ctx():
    from zt_rules.findings import Hit
    return SimpleNamespace(hit=lambda message, **kw: Hit(rule_id="ZT_X", message=message, **kw))


def test_expanded_by_checkov_is_the_resource_itself():
    # Checkov renders `each.key == "ssm"` as null: the value comes from the raw HCL
    _, (inst,) = _insts('aws_vpc_endpoint.lit["ssm"]')
    assert inst.address is None and inst.label == "" and inst.unknown is None
    assert inst.get("private_dns_enabled") is True
    _, (inst,) = _insts('aws_vpc_endpoint.lit["kms"]')
    assert inst.get("private_dns_enabled") is False


def test_computed_set_gives_one_instance_per_key():
    _, insts = _insts("aws_vpc_endpoint.comp")
    assert [(i.address, i.get("service_name"), i.get("private_dns_enabled")) for i in insts] == [
        ('aws_vpc_endpoint.comp["ssm"]', "com.amazonaws.eu-west-1.ssm", True),
        ('aws_vpc_endpoint.comp["kms"]', "com.amazonaws.eu-west-1.kms", False)]
    assert insts[0].get("vpc_endpoint_type") == "Interface"   # arguments without each.* too


def test_for_each_over_a_resource_binds_each_value():
    g, insts = _insts("aws_vpc_endpoint.over")
    assert [i.address for i in insts] == ['aws_vpc_endpoint.over["a"]', 'aws_vpc_endpoint.over["b"]']
    assert [names(g, i.resolve("subnet_ids").found) for i in insts] == [
        ['aws_subnet.s["a"]'], ['aws_subnet.s["b"]']]
    assert [i.get("private_dns_enabled") for i in insts] == [True, False]


def test_count_checkov_cannot_render():
    _, insts = _insts("aws_vpc_endpoint.cnt")
    assert [(i.address, i.env, i.get("private_dns_enabled")) for i in insts] == [
        ("aws_vpc_endpoint.cnt[0]", {"count.index": 0}, True),
        ("aws_vpc_endpoint.cnt[1]", {"count.index": 1}, False)]


def test_empty_for_each_creates_nothing():
    _, insts = _insts("aws_vpc_endpoint.empty")
    assert insts == []


def test_unknown_for_each_is_unknown_never_a_pass():
    _, (inst,) = _insts("aws_vpc_endpoint.unknown")
    assert inst.address is None and inst.unknown == "for_each = var.services"
    assert inst.get("private_dns_enabled") is True            # does not depend on each.*
    assert "for_each = var.services" in inst.get("service_name")
    hit = inst.hit(_ctx(), "finding")
    assert hit.unknown == "for_each = var.services"           # may not exist: a notice


def test_hit_names_the_instance():
    _, insts = _insts("aws_vpc_endpoint.comp")
    hit = insts[1].hit(_ctx(), "private DNS is off", key="k")
    assert (hit.address, hit.key, hit.unknown) == ('aws_vpc_endpoint.comp["kms"]', "k", None)
    _, (plain,) = _insts('aws_vpc_endpoint.lit["kms"]')
    assert plain.hit(_ctx(), "x").address is None


def test_reference_to_one_instance_of_an_unexpanded_resource():
    g = graph_of(DIR)
    assoc = vertex(g, "aws_vpc_endpoint_security_group_association.kms")
    r = g.resolve_attr(assoc, "vpc_endpoint_id")
    ep = vertex(g, "aws_vpc_endpoint.comp")
    assert r.found == [ep] and r.instances[ep] == {'["kms"]'} and not r.missing
    assert [a for a, _ in g.links("aws_vpc_endpoint_security_group_association", "vpc_endpoint_id")[ep]] \
        == [assoc]


def test_no_graph_reads_the_conf():
    (inst,) = instances.at(None, None, {"private_dns_enabled": [False]})
    assert inst.address is None and inst.get("private_dns_enabled") is False
