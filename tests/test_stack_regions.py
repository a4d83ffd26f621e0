"""Stack rules across regions, the overlaps RULES.md fixes, EventBridge patterns
and the helpers other checks call."""
from types import SimpleNamespace

import pytest

from conftest import FIXTURES
from zt_rules import config as cfg
from zt_rules.findings import Hit
from zt_rules.tf import engine, events, stack

MON_003 = FIXTURES / "ZT_MON_003"


def scan(folder, config=None):
    config = config or cfg.load(folder / ".zt-lint.yaml")
    result = engine.scan_dir(folder, folder, config)
    assert not result.errors, result.errors
    return result


def ids(items):
    return sorted({i.rule_id for i in items})


@pytest.mark.parametrize("folder, clean", [
    ("pass_v6_region", {"ZT_MON_001", "ZT_MON_003", "ZT_MON_004", "ZT_MON_005"}),
    ("pass_org_config", {"ZT_MON_001", "ZT_MON_003"}),
    ("pass_module_providers", {"ZT_MON_001", "ZT_MON_003", "ZT_MON_004"}),
])
def test_multi_region_baselines_pass(folder, clean):
    result = scan(MON_003 / folder)
    assert not set(ids(result.findings + result.notices)) & clean


def test_regions_not_configured_is_mon_003():
    result = scan(MON_003 / "pass", cfg.Config(scope="stack"))
    rows = [(f.rule_id, f.key, f.resource) for f in result.findings if f.rule_id == "ZT_MON_003"]
    assert rows == [("ZT_MON_003", "regions", "aws.default")]


def test_no_enabled_detector_is_mon_001_only():
    result = scan(FIXTURES / "ZT_MON_001" / "fail")
    found = ids(result.findings + result.notices)
    assert "ZT_MON_001" in found
    assert not {"ZT_MON_002", "ZT_MON_003"} & set(found)


def test_module_scope_runs_no_stack_rule():
    result = scan(FIXTURES / "ZT_MON_001" / "fail", cfg.Config())
    assert not [f for f in result.findings if f.rule_id in ("ZT_MON_001", "ZT_MON_003", "ZT_NET_007")]


def test_unresolved_provider_region_is_a_notice(tmp_path):
    (tmp_path / "main.tf").write_text(
        'variable "region" {}\n\nprovider "aws" {\n  region = var.region\n}\n\n'
        'resource "aws_guardduty_detector" "main" {\n  enable = true\n}\n')
    result = scan(tmp_path, cfg.Config(scope="stack", regions=("us-east-1",)))
    assert not [f for f in result.findings if f.rule_id == "ZT_MON_003"]
    notices = [n for n in result.notices if n.rule_id == "ZT_MON_003"]
    assert [(n.file, n.line) for n in notices] == [("main.tf", 3)]
    assert "aws_guardduty_detector.main" in notices[0].unknown


@pytest.mark.parametrize("pattern, gap", [
    ({"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">:", 7]}]}}, None),  # Checkov's ">="
    ({"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">=", 4]}]}}, None),
    ({"source": ["aws.guardduty"]}, None),
    ('{"detail-type": ["GuardDuty Finding"]}', None),
    ({"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">", 7]}]}}, "severity 7"),
    ({"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">=", 7, "<", 9]}]}}, "severity 9"),
    ({"source": ["aws.securityhub"]}, "source"),
    ({"source": ["aws.guardduty"], "detail": {"type": [{"prefix": "Recon"}]}}, "detail.type"),
    ({"source": ["aws.guardduty"], "detail": {"severity": [{"anything-but": [1]}]}}, "cannot be read"),
    ("not json", "cannot be read"),
])
def test_guardduty_pattern_gaps(pattern, gap):
    found = events.guardduty_gap(events.pattern_of(pattern), 7)
    assert (found is None) if gap is None else (gap in found)


def test_vpc_default_sg_unmanaged_for_net_006(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "managed" {\n  cidr_block = "10.0.0.0/16"\n}\n\n'
        'resource "aws_vpc" "unmanaged" {\n  cidr_block = "10.1.0.0/16"\n}\n\n'
        'resource "aws_default_security_group" "managed" {\n  vpc_id = aws_vpc.managed.id\n}\n')
    engine.load_checks()
    from checkov.runner_filter import RunnerFilter
    from checkov.terraform.runner import Runner

    from zt_rules.tf.graph import TfGraph
    runner = Runner()
    runner.run(root_folder=str(tmp_path), runner_filter=RunnerFilter(
        framework=["terraform"], checks=["ZT_NONE"], show_progress_bar=False))
    graph = TfGraph.of(runner.all_graphs[0][0])
    results = {}
    for address in ("aws_vpc.managed", "aws_vpc.unmanaged"):
        idx = graph.by_address[address][0]
        ctx = SimpleNamespace(vertex=idx, graph=graph, config=cfg.Config(scope="stack"),
                              hit=lambda message, **kw: Hit("ZT_NET_006", message, **kw))
        results[address] = stack.vpc_default_sg_unmanaged(ctx)
    assert results["aws_vpc.managed"] == []
    assert [h.key for h in results["aws_vpc.unmanaged"]] == ["default-sg"]
