"""What a statement covers: actions, resources, guards. Shared by the rules."""
from __future__ import annotations

import functools
import re

from . import actiondb
from .model import Condition, PolicyDoc, Statement

RESTRICTING_KEYS = frozenset(k.lower() for k in (
    "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
    "aws:SourceVpc", "aws:SourceVpce", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID",
    "aws:ResourceOrgID", "aws:ResourceAccount", "kms:CallerAccount"))
_POSITIVE = ("StringEquals", "StringLike", "ArnEquals", "ArnLike")


def is_full_wildcard(pattern) -> bool:
    """`*` or `service:*` (IAM_004's territory)."""
    return isinstance(pattern, str) and (pattern == "*" or (pattern.endswith(":*") and pattern.count(":") == 1))


def covers_action(st: Statement, action: str) -> bool:
    """Does the statement's Action/NotAction name `action` (an exact action)?"""
    if st.actions:
        return any(actiondb.action_matches(p, action) for p in st.actions)
    if st.not_actions:
        return not any(actiondb.action_matches(p, action) for p in st.not_actions)
    return False


def covered_actions(st: Statement, candidates: tuple[str, ...]) -> list[str]:
    """The candidates (exact actions) the statement's Action/NotAction names, in candidate order."""
    named: set[str] = set()
    for p in st.actions or st.not_actions:
        named |= actiondb.filter_matching(p, candidates)
    if not st.actions and not st.not_actions:
        return []
    if st.actions and not named:
        return []
    keep = named if st.actions else set(candidates) - named
    return [a for a in candidates if a in keep]


def granting_patterns(st: Statement, action: str) -> list[str]:
    """The Action entries of a statement that name `action`."""
    return [p for p in st.actions if actiondb.action_matches(p, action)]


THIS_ACCOUNT = "data.aws_caller_identity.current.account_id"  # how Terraform's "this account" reaches us


@functools.lru_cache(maxsize=4096)
def _arn_rx(pattern: str) -> re.Pattern:
    # "this account" in a Terraform-made ARN is some account id: it matches any
    pattern = pattern.replace(THIS_ACCOUNT, "*")
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(body, re.S)


def arn_matches(pattern, arn: str) -> bool:
    return isinstance(pattern, str) and _arn_rx(pattern).fullmatch(arn) is not None


def arn_overlap(a, b) -> bool:
    """Two ARN patterns (`*`, `?` wildcards) that some ARN matches both."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return False
    return _overlap(a, b)


@functools.lru_cache(maxsize=4096)
def _overlap(a: str, b: str) -> bool:
    if not a or not b:
        rest = a or b
        return set(rest) <= {"*"}
    if a[0] == "*":
        return _overlap(a[1:], b) or _overlap(a, b[1:])
    if b[0] == "*":
        return _overlap(a, b[1:]) or _overlap(a[1:], b)
    return (a[0] == b[0] or "?" in (a[0], b[0])) and _overlap(a[1:], b[1:])


def covers_resource(st: Statement, arn: str) -> bool:
    if st.resources:
        return any(arn_matches(p, arn) for p in st.resources)
    if st.not_resources:
        return not any(arn_matches(p, arn) for p in st.not_resources)
    return True   # trust policies and bare statements: no Resource element


def unconditional_denies(doc: PolicyDoc) -> list[Statement]:
    """Denies with no condition on every resource: they always win."""
    return [st for st in doc.statements if st.deny and not st.conditions and not st.not_resources
            and (not st.resources or "*" in st.resources)]


def unconditional_deny(doc: PolicyDoc, action: str) -> bool:
    return any(covers_action(st, action) for st in unconditional_denies(doc))


def concrete(values) -> bool:
    return bool(values) and all(isinstance(v, str) and v.strip("*?") != "" for v in values)


def is_restricting(c: Condition) -> bool:
    """RULES "Restricting conditions": positive op, no IfExists, concrete values, known key."""
    return (c.key_lower in RESTRICTING_KEYS and c.base in _POSITIVE and not c.if_exists
            and c.set_op != "ForAllValues" and concrete(c.values))


def restricting_conditions(st: Statement) -> list[Condition]:
    return [c for c in st.conditions if is_restricting(c)]


def bool_test(c: Condition, key: str, value: str) -> bool:
    """`Bool`/`BoolIfExists` key = value (only that value)."""
    return (c.key_lower == key.lower() and c.base == "Bool" and c.set_op is None
            and [str(v).lower() for v in c.values] == [value])


MFA_PRESENT = "aws:multifactorauthpresent"
MFA_AGE = "aws:multifactorauthage"


def mfa_and_trap(st: Statement) -> Condition | None:
    """A condition ANDed with the MFA test that is false whenever MFA is absent."""
    if not st.conditions_on(MFA_PRESENT):
        return None
    return next((c for c in st.conditions_on(MFA_AGE) if not c.true_when_absent()), None)


def is_mfa_deny_guard(st: Statement) -> bool:
    """A Deny that fires for every caller without MFA (BoolIfExists false / age IfExists)."""
    if not st.deny or mfa_and_trap(st):
        return False
    return any((bool_test(c, MFA_PRESENT, "false") and c.if_exists)
               or (c.key_lower == MFA_AGE and c.base == "NumericGreaterThan" and c.if_exists)
               for c in st.conditions)


def requires_mfa(st: Statement) -> bool:
    """An Allow that only applies with MFA: `Bool aws:MultiFactorAuthPresent = true`."""
    return any(bool_test(c, MFA_PRESENT, "true") and not c.if_exists for c in st.conditions)


# -- whom a statement applies to (aws:PrincipalArn) ------------------------------------
# Operators on aws:PrincipalArn: True targets the values, False exempts them.
PRINCIPAL_ARN_OPS = {"ArnLike": True, "StringLike": True, "ArnEquals": True, "StringEquals": True,
                     "ArnNotLike": False, "StringNotLike": False, "ArnNotEquals": False, "StringNotEquals": False}
EXCEPTION_OPS = tuple(op for op, targets in PRINCIPAL_ARN_OPS.items() if not targets)


def principal_scope(st) -> tuple[list[str] | None, list[str]] | None:
    """Whom a Deny (an SCP's, say) applies to: (aws:PrincipalArn patterns it targets, or None for
    everyone; patterns it exempts). None when other conditions narrow it."""
    targets, exempt = None, []
    for c in st.conditions:
        positive = PRINCIPAL_ARN_OPS.get(c.base)
        if c.key_lower != "aws:principalarn" or positive is None or c.set_op or c.if_exists:
            return None
        values = [v for v in c.values if isinstance(v, str)]
        if positive:
            targets = values if targets is None else [v for v in targets if v in values]
        else:
            exempt.extend(values)
    return targets, exempt


def on_all_resources(st) -> bool:
    return not st.not_resources and (not st.resources or "*" in st.resources)


def arn_covered(patterns, arn: str) -> bool:
    """Does some pattern match `arn` (a configured pattern taken as text)?"""
    return any(arn_matches(p, arn) for p in patterns)
