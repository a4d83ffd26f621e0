"""ZT_IAM_009: a condition that silently defeats its statement.

- the MFA AND-trap: a Deny whose aws:MultiFactorAuthPresent test is ANDed with a
  key that is absent whenever MFA is absent (aws:MultiFactorAuthAge);
- `Bool aws:MultiFactorAuthPresent false` in a Deny (absent for access keys);
- a service or tag key that the named actions never carry, under an operator
  that is false for a missing key: the statement never applies to them.
"""
from __future__ import annotations

from .. import actiondb
from ..globalkeys import is_action_dependent
from ..logic import MFA_PRESENT, bool_test, mfa_and_trap
from .base import merge, names

RULE = "ZT_IAM_009"
TAG_SCOPES = ("aws:resourcetag/", "ssm:resourcetag/")


def check(doc, kind, config, context) -> list:
    problems = []
    for st in doc.statements:
        if st.deny:
            trap = mfa_and_trap(st)
            if trap:
                problems.append((st.label, _trap_text(st, trap), trap.line or st.line))
            plain = [c for c in st.conditions if bool_test(c, MFA_PRESENT, "false") and not c.if_exists]
            if plain:
                problems.append((st.label, "Bool aws:MultiFactorAuthPresent = false never matches requests "
                                 "signed with long-term access keys (the key is absent), so this Deny lets "
                                 "them through without MFA. Use BoolIfExists.", plain[0].line or st.line))
        dead = dead_actions(st)
        if dead:
            problems.append((st.label, _dead_text(st, dead), dead[next(iter(dead))][0].line or st.line))
    return merge(RULE, problems)


def _trap_text(st, trap) -> str:
    return (f"The Deny requires aws:MultiFactorAuthPresent AND {trap.operator} {trap.key}: without MFA "
            f"{trap.key} is absent, so {trap.operator} is false and the whole Deny never applies; with MFA, "
            "the MFA test is false. It never denies anyone"
            + (f", so {names(st.actions, 4)} are not protected by MFA" if st.actions else "")
            + ". Put each test in its own Deny statement, or use NumericGreaterThanIfExists on the age.")


def _dead_text(st, dead) -> str:
    keys = names(dict.fromkeys(c.key for conds in dead.values() for c in conds))
    why = []
    for action in dead:
        info = actiondb.action_info(action)
        if info is None:
            why.append(f"{action} (none of the actions it names carries the key)")
        elif not info.resource_types:
            why.append(f"{action} (no resource type, only \"*\"; no such key)")
        else:
            carried = list(info.condition_key_names) or ["no condition keys"]
            why.append(f"{action} (resource {', '.join(info.resource_types)} carries only "
                       f"{names(carried, 3)})")
    verb = "grants nothing for" if st.allow else "never denies"
    return (f"Requests for {'; '.join(why)} never contain {keys}; the condition is false for a missing key, "
            f"so the statement {verb} them. Move those actions to a statement without that condition.")


def _judged(c, action_service: str) -> bool:
    """Keys whose presence depends on the action: the action's own service keys and aws: tag keys."""
    k = c.key_lower
    if k.startswith("aws:"):
        return is_action_dependent(k)
    return k.split(":", 1)[0] == action_service and actiondb.key_attached(k)


def dead_actions(st) -> dict:
    """Action (or wildcard pattern) → the conditions that make the statement skip it."""
    dead: dict[str, list] = {}
    if not st.conditions or not st.actions:
        return dead
    for pattern in st.actions:
        parts = actiondb.split_action(pattern)
        if parts is None:
            continue
        service = parts[0]
        conds = [c for c in st.conditions if not c.true_when_absent() and _judged(c, service)]
        conds = [c for c in conds if _key_known(c.key)]
        if not conds:
            continue
        expanded = actiondb.expand(pattern)
        if not expanded:
            continue
        blocking = [c for c in conds if all(not actiondb.key_supported(a, c.key) for a in expanded)]
        if blocking:
            dead[pattern if "*" in pattern or "?" in pattern else expanded[0]] = blocking
    return dead


def _key_known(key: str) -> bool:
    from .iam_003 import key_type
    return key_type(key) is not None


def scoped_by_tag(st, action: str) -> bool:
    """The statement limits `action` by a resource tag the action carries."""
    return any(c.key_lower.startswith(TAG_SCOPES) and not c.true_when_absent()
               and actiondb.key_supported(action, c.key) for c in st.conditions)
