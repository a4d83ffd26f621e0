"""Properties of the analyzer on generated documents (hypothesis)."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zt_rules import iam
from zt_rules.config import Config

CONFIG = Config()
KINDS = ("identity", "resource", "trust", "scp", "endpoint")
ALLOW_RULES = {"ZT_IAM_004", "ZT_IAM_005", "ZT_IAM_006", "ZT_IAM_007", "ZT_IAM_008", "ZT_IAM_010",
               "ZT_IAM_011", "ZT_IAM_012", "ZT_IAM_014"}

actions = st.sampled_from([
    "*", "s3:*", "s3:GetObject", "s3:Delete*", "s3:GetObjet", "ec2:TerminateInstances", "ec2:Describe*",
    "iam:PassRole", "iam:CreatePolicyVersion", "iam:*", "ssm:StartSession", "ssm:DescribeSessions",
    "ssm:TerminateSession", "lambda:CreateFunction", "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity",
    "kms:ScheduleKeyDeletion", "ec2-instance-connect:SendSSHPublicKey", "nosuch:Thing", "bad", "s3:Fetch*"])
resources = st.sampled_from([
    "*", "arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:aws:ec2:*:111122223333:instance/*",
    "arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:user/${aws:username}"])
operators = st.sampled_from([
    "StringEquals", "StringNotEquals", "StringLike", "StringNotLikeIfExists", "ArnLike", "Bool", "BoolIfExists",
    "NumericGreaterThan", "NumericGreaterThanIfExists", "DateLessThan", "IpAddress", "Null", "NullIfExists",
    "ForAnyValue:StringEquals", "ForAllValues:StringLike", "StringEqual"])
keys = st.sampled_from([
    "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:SourceVpce", "aws:PrincipalOrgID",
    "aws:PrincipalArn", "aws:SecureTransport", "aws:ResourceTag/Env", "ssm:resourceTag/Env",
    "iam:PassedToService", "s3:x-amz-server-side-encryption", "sts:ExternalId", "aws:CurrentTime",
    "token.actions.githubusercontent.com:sub", "aws:Nope", "s3:prefix"])
values = st.one_of(st.sampled_from(["true", "false", "3600", "*", "o-abc", "10.0.0.0/8", "${aws:username}",
                                    "2030-01-01", "aws:kms", "repo:org/repo:*"]), st.booleans(), st.integers())
principals = st.sampled_from(["*", {"AWS": "*"}, {"AWS": "arn:aws:iam::999988887777:root"},
                              {"Service": "ec2.amazonaws.com"},
                              {"Federated": "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"}])


def one_or_list(s):
    return st.one_of(s, st.lists(s, min_size=1, max_size=3))


@st.composite
def statements(draw, effect=None):
    stmt = {"Effect": effect or draw(st.sampled_from(["Allow", "Deny"]))}
    if draw(st.booleans()):
        stmt["Sid"] = draw(st.sampled_from(["A", "B", "C", "Read", "Write"]))
    stmt["NotAction" if draw(st.integers(0, 5)) == 0 else "Action"] = draw(one_or_list(actions))
    stmt["NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"] = draw(one_or_list(resources))
    if draw(st.booleans()):
        stmt["Principal"] = draw(principals)
    if draw(st.booleans()):
        stmt["Condition"] = draw(st.dictionaries(operators, st.dictionaries(keys, one_or_list(values),
                                                                            min_size=1, max_size=2),
                                                 min_size=1, max_size=3))
    return stmt


documents = st.builds(lambda version, stmts: {**version, "Statement": stmts},
                      st.sampled_from([{"Version": "2012-10-17"}, {}, {"Version": "2008-10-17"}]),
                      st.lists(statements(), min_size=1, max_size=4))
anything = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                        lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
                            st.sampled_from(["Statement", "Effect", "Action", "Condition", "Principal",
                                             "Resource", "Version", "x"]), kids, max_size=4), max_leaves=12)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents, st.sampled_from(KINDS))
def test_generated_documents_never_crash_and_lines_do_not_change_results(doc, kind):
    from_obj = iam.analyze(iam.from_object(doc), kind, CONFIG)
    from_text = iam.analyze(iam.parse_policy_text(json.dumps(doc, indent=2)), kind, CONFIG)
    assert sorted((h.rule_id, h.key) for h in from_obj) == sorted((h.rule_id, h.key) for h in from_text)
    assert all(h.line is not None for h in from_text)


@SETTINGS
@given(anything, st.sampled_from(KINDS))
def test_arbitrary_json_never_crashes(obj, kind):
    doc = iam.from_object(obj)
    iam.analyze(doc, kind, CONFIG)
    iam.bucket_policy_hits(doc, CONFIG, sensitive=True, bucket_arns={"arn:aws:s3:::b"})
    iam.classify(doc, "x.json", CONFIG)


@SETTINGS
@given(documents, statements(effect="Deny"), st.sampled_from(KINDS))
def test_adding_a_deny_never_creates_an_allow_finding(doc, deny, kind):
    deny.pop("Sid", None)   # appended without a Sid: existing statement keys stay the same
    before = {(h.rule_id, h.key) for h in iam.analyze(iam.from_object(doc), kind, CONFIG)
              if h.rule_id in ALLOW_RULES}
    with_deny = {**doc, "Statement": doc["Statement"] + [deny]}
    after = {(h.rule_id, h.key) for h in iam.analyze(iam.from_object(with_deny), kind, CONFIG)
             if h.rule_id in ALLOW_RULES}
    assert after <= before
