"""TfGraph resolves references from the rendered text, not Checkov's edges
(which link `x[2]` and `x[*]` to `x[0]` and leave for_each over a resource unexpanded)."""
import functools

from conftest import FIXTURES
from zt_rules.tf.graph import TfGraph, instance_key, module_prefix, parse_refs


@functools.lru_cache(maxsize=None)
def graph_of(folder) -> TfGraph:
    from zt_rules.tf import engine
    engine.load_checks()
    from checkov.runner_filter import RunnerFilter
    from checkov.terraform.runner import Runner
    runner = Runner()
    runner.run(root_folder=str(folder), runner_filter=RunnerFilter(
        framework=["terraform"], checks=["ZT_NONE"], show_progress_bar=False))
    return TfGraph.of(runner.all_graphs[0][0])


def vertex(g, address):
    return g.by_address[address][0]


def names(g, found):
    return sorted(g.address(i) for i in found)


NET3 = FIXTURES / "ZT_NET_003" / "fail"
PL2 = FIXTURES / "ZT_PL_002"


def test_parse_refs_skips_data_and_variables():
    assert [r.text for r in parse_refs("${data.aws_iam_policy_document.x.json} var.aws_x aws_vpc.a.id")] \
        == ["aws_vpc.a.id"]
    assert parse_refs('aws_route_table.rt["0"].id')[0].index == "0"
    assert module_prefix("module.a.module.b.aws_x.y") == "module.a.module.b."
    assert instance_key('aws_subnet.x["a"]') == "a" and instance_key("aws_subnet.x") is None


def test_literal_index_is_not_index_zero():
    g = graph_of(NET3)
    assoc = vertex(g, "aws_route_table_association.data_last")
    assert names(g, g.resolve_attr(assoc, "route_table_id").found) == ["aws_route_table.data[2]"]
    assert names(g, g.resolve_attr(assoc, "subnet_id").found) == ["aws_subnet.data[2]"]


def test_splat_names_every_instance():
    g = graph_of(PL2 / "fail")
    ep = vertex(g, "aws_vpc_endpoint.s3")
    assert names(g, g.resolve_attr(ep, "route_table_ids").found) == [
        "aws_route_table.private[0]", "aws_route_table.private[1]", "aws_route_table.private[2]"]


def test_for_each_over_a_resource_is_expanded_by_binding():
    g = graph_of(NET3)
    assoc = vertex(g, "aws_route_table_association.db")
    subnets = [g.resolve_attr(assoc, "subnet_id", b).found for b in g.bindings(assoc)]
    assert sorted(names(g, s)[0] for s in subnets) == ['aws_subnet.db["a"]', 'aws_subnet.db["b"]']
    # without a binding, each.value stays unresolved: never a silent empty result
    assert g.resolve_attr(assoc, "subnet_id").missing == ["each.value.id"]


def test_module_variable_and_output_cross_the_boundary():
    g = graph_of(PL2 / "pass")
    sub = vertex(g, "module.isolated.aws_subnet.db[0]")
    assert names(g, g.resolve_attr(sub, "vpc_id").found) == ["aws_vpc.main"]
    ep = vertex(g, "aws_vpc_endpoint.s3")
    assert "module.isolated.aws_route_table.db" in names(g, g.resolve_attr(ep, "route_table_ids").found)


def test_variable_without_value_is_unknown_not_empty():
    g = graph_of(PL2 / "fail")
    ep = vertex(g, "aws_vpc_endpoint.lab_s3")
    r = g.resolve_attr(ep, "route_table_ids")
    assert r.found == [] and r.missing == ["var.route_table_ids"]


# -- resolution across modules, from the raw HCL (tests/fixtures/graph_resolution) ---------

RES = FIXTURES / "graph_resolution"


def _docs(g, address):
    from zt_rules.tf.policies import block_at, clear_cache, documents_at
    clear_cache()
    return documents_at(g, block_at(g, vertex(g, address)))


def test_splats_through_an_output_name_every_instance():
    g = graph_of(RES)
    r = g.resolve_attr(vertex(g, "module.ep.aws_vpc_endpoint.s3"), "route_table_ids")
    assert names(g, r.found) == [f"module.net.aws_route_table.{t}[{i}]" for t in ("app", "data") for i in (0, 1)]
    assert r.missing == [] and r.literals == []


def test_module_variable_is_the_callers_argument_only():
    g = graph_of(RES)
    ep = vertex(g, "module.ep.aws_vpc_endpoint.interface")
    r = g.resolve_attr(ep, "security_group_ids")
    assert names(g, r.found) == ["module.net.aws_security_group.endpoints"]   # not the app SG
    # the edge fallback does not fan out over every argument of the module call either
    assert "module.net.aws_security_group.app" not in names(g, g.follow_edges(ep, "security_group_ids"))


def test_locals_of_known_data_sources_and_module_list_arguments_resolve():
    g = graph_of(RES)
    (doc,) = _docs(g, "module.ep.aws_s3_bucket_policy.lock")
    assert doc.unknown is None and doc.partial == ()
    cond = doc.doc.raw["Statement"][0]["Condition"]
    assert cond["ArnNotLike"]["aws:PrincipalArn"] == [
        "arn:aws:iam::data.aws_caller_identity.current.account_id:role/admin", "arn:aws:iam::*:role/break-glass"]
    assert cond["StringNotEquals"]["aws:SourceVpce"] == "module.ep.aws_vpc_endpoint.s3.id"


def test_oidc_provider_reference_is_its_arn():
    g = graph_of(RES)
    (doc,) = _docs(g, "aws_iam_role.deploy")
    assert doc.doc.raw["Statement"][0]["Principal"] == {"Federated": (
        "arn:aws:iam::data.aws_caller_identity.current.account_id:oidc-provider/token.actions.githubusercontent.com")}


def test_for_each_over_a_computed_set_and_this_region():
    from zt_rules.tf.endpoint_policy import endpoint_services
    g = graph_of(RES)
    ep = vertex(g, "module.ep.aws_vpc_endpoint.interface")
    assert [(i.label, i.service, i.text) for i in endpoint_services(g, ep, g.conf(ep))] == [
        ('["ssm"]', "ssm", "com.amazonaws.eu-west-1.ssm"), ('["kms"]', "kms", "com.amazonaws.eu-west-1.kms")]
    docs = _docs(g, "module.ep.aws_vpc_endpoint.interface")
    assert [(d.argument, d.unknown, d.doc.raw["Statement"][0]["Action"]) for d in docs] == [
        ('policy["ssm"]', None, "ssm:*"), ('policy["kms"]', None, "kms:*")]


def test_two_instances_of_one_module_keep_their_own_resources():
    g = graph_of(RES)
    for inst in ("det_a", "det_b"):
        target = vertex(g, f"module.{inst}.aws_cloudwatch_event_target.isolate")
        assert names(g, g.resolve(target, "rule", g.attrs[target]["rule"])[0]) == [
            f"module.{inst}.aws_cloudwatch_event_rule.high"]
        assert names(g, g.resolve_attr(target, "arn").found) == [f"module.{inst}.aws_lambda_function.isolate"]


def test_service_name_of_this_region_without_a_known_provider_region():
    from zt_rules.tf.endpoint_policy import service_from
    assert service_from("com.amazonaws.data.aws_region.current.name.ecr.api") == "ecr.api"
    assert service_from("com.amazonaws.${each.value}.ssm") == "ssm"
    assert service_from("com.amazonaws.eu-west-1.${each.value}") is None
