"""zt_rules.tf.render: zt-lint builds Checkov's graph without Checkov's variable
rendering and renders the values the checks read with its own evaluator."""
import pytest

from conftest import FIXTURES
from zt_rules.tf.graph import TfGraph

DIR = FIXTURES / "render"


@pytest.fixture(scope="module")
def graph():
    from zt_rules.tf import engine
    engine.load_checks()
    from checkov.runner_filter import RunnerFilter
    from checkov.terraform.graph_builder.variable_rendering.renderer import TerraformVariableRenderer

    calls = []
    original = TerraformVariableRenderer.render_variables_from_local_graph
    TerraformVariableRenderer.render_variables_from_local_graph = lambda self: calls.append(self)
    try:
        runner = engine.unrendered_runner()
        runner.run(root_folder=str(DIR), runner_filter=RunnerFilter(
            framework=["terraform"], checks=["ZT_NONE"], show_progress_bar=False))
    finally:
        TerraformVariableRenderer.render_variables_from_local_graph = original
    assert calls == []   # Checkov's renderer never ran
    return TfGraph.of(runner.all_graphs[0][0])


def _conf(g, address):
    return g.conf(g.by_address[address][0])


def test_variables_locals_and_functions_are_rendered(graph):
    web = _conf(graph, "aws_instance.web")
    assert web["tags"] == [{"Tier": "data", "Name": "web-10.0.0.0/8"}]
    assert _conf(graph, "aws_subnet.app")["cidr_block"] == ["10.1.0.0/16"]
    assert _conf(graph, "aws_security_group.db")["egress"][0]["cidr_blocks"] == [["10.0.0.0/8"]]


def test_a_reference_to_an_argument_becomes_its_value(graph):
    assert _conf(graph, "aws_instance.web")["key_name"] == ["ops"]


def test_what_cannot_be_rendered_keeps_its_expression(graph):
    web = _conf(graph, "aws_instance.web")
    assert web["subnet_id"] == ["aws_subnet.app.id"]      # computed: followed by name
    assert web["user_data"] == ["var.no_default"]         # unknown
    assert web["provider"] == ["aws.eu"]
    # Terraform would reject it (element() of an empty list): unknown, not a crash
    assert _conf(graph, "aws_subnet.app")["availability_zone"] == ["element(var.none,0)"]
    assert graph.attrs[graph.by_address["aws_instance.web"][0]]["__provider_address__"] == "aws.eu"


def test_jsonencode_gives_terraform_s_compact_text(graph):
    assert _conf(graph, "aws_cloudwatch_event_rule.findings")["event_pattern"] == [
        '{"source":["aws.guardduty"],"detail":{"severity":[{"numeric":[">=",7]}]}}']
