"""The seed article's section 6 (GuardDuty + EventBridge) as a stack root.

Verbatim it does not parse (a nested block on one line). Corrected, with
`scope: stack` and two regions, it is a partial account baseline; RULES.md
predicts, besides the resource rules:
- ZT_MON_003: GuardDuty only in the home region (no provider block: the
  detector is taken to be in the first region of `regions`), eu-west-1 missing;
- ZT_MON_005 twice: the target's Lambda has no aws_lambda_permission for
  events.amazonaws.com from the rule (us-east-1), and eu-west-1 has no rule;
- ZT_MON_004 per region (no Security Hub), ZT_MON_006 (no trail), ZT_ORG_001/002
  (no SCP), ZT_ACC_005 (no Session Manager preferences);
- not ZT_MON_001 (a detector is enabled) and not ZT_MON_002 (the datasources
  block enables S3, EKS audit logs and malware protection), but ZT_MON_007 on
  that deprecated block. No VPC, so no per-VPC rule.
"""
from pathlib import Path

from conftest import FIXTURES
from zt_rules import config as cfg
from zt_rules.tf import engine, stack

SEED = FIXTURES / "seed"


def account_hits(folder: Path, config):
    """What the account-wide rules report for a root without a provider block
    (the engine places these on the root directory)."""
    engine.load_checks()
    from checkov.runner_filter import RunnerFilter
    from checkov.terraform.runner import Runner
    runner = Runner()
    runner.run(root_folder=str(folder), runner_filter=RunnerFilter(
        framework=["terraform"], checks=["ZT_NONE"], show_progress_bar=False))
    graph = runner.all_graphs[0][0]
    assert not stack.has_root_provider(graph, str(folder))
    return stack.account_hits(graph, str(folder), config, engine.terraform_rule_ids(config.scope))


def test_verbatim_section6_is_a_parse_error_naming_file_and_line():
    folder = SEED / "section6"
    result = engine.scan_dir(folder, folder, cfg.Config(scope="stack", regions=("us-east-1",)))
    assert [(e.file, e.line) for e in result.errors] == [("main.tf", 7)]
    assert "a single-line block can hold only one argument" in result.errors[0].message


def test_fixed_section6_resource_findings():
    folder = SEED / "section6_fixed"
    config = cfg.load(folder / ".zt-lint.yaml")
    result = engine.scan_dir(folder, folder, config)
    assert not result.errors
    rows = sorted((f.rule_id, f.line, f.resource) for f in result.findings)
    assert ("ZT_MON_007", 5, "aws_guardduty_detector.main") in rows
    assert not [r for r in rows if r[0] in ("ZT_MON_001", "ZT_MON_002")]


def test_fixed_section6_account_findings():
    folder = SEED / "section6_fixed"
    config = cfg.load(folder / ".zt-lint.yaml")
    hits = account_hits(folder, config)
    assert not [h for h in hits if h.unknown]
    got = sorted((h.rule_id, h.key) for h in hits)
    assert got == [
        ("ZT_ACC_005", "session-preferences"),
        ("ZT_MON_003", "eu-west-1"),
        ("ZT_MON_004", "eu-west-1"),
        ("ZT_MON_004", "us-east-1"),
        ("ZT_MON_005", "aws_cloudwatch_event_target.isolate_instance:permission"),
        ("ZT_MON_005", "eu-west-1"),
        ("ZT_MON_006", "cloudtrail"),
        ("ZT_ORG_001", "scp"),
        ("ZT_ORG_002", "scp"),
    ]
    by_key = {(h.rule_id, h.key): h.message for h in hits}
    assert "eu-west-1" in by_key[("ZT_MON_003", "eu-west-1")]
    permission = by_key[("ZT_MON_005", "aws_cloudwatch_event_target.isolate_instance:permission")]
    assert "aws_lambda_permission" in permission and "events.amazonaws.com" in permission
    assert "aws_lambda_function.incident_response" in permission
