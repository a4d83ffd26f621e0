"""ZT_IAM_010: destructive actions allowed to people with no effective MFA guard."""
from __future__ import annotations

import functools

from ...findings import Hit
from .. import actiondb
from ..logic import covered_actions, covers_resource, is_mfa_deny_guard, requires_mfa, unconditional_denies
from .base import names

RULE = "ZT_IAM_010"
JUDGED = ("human", "unknown")


@functools.lru_cache(maxsize=16)
def destructive(patterns: tuple[str, ...]) -> actiondb.Actions:
    """The configured patterns expanded to actions (an exact unknown action is kept as written)."""
    out = []
    for p in patterns:
        out += actiondb.expand(p) or ([] if "*" in p or "?" in p else [p])
    return actiondb.Actions(dict.fromkeys(out))


def check(doc, kind, config, context) -> list:
    if context is not None and context.principal not in JUDGED:
        return []
    guards = [st for d in (doc, *(context.guards if context else ())) for st in d.statements
              if is_mfa_deny_guard(st)]
    targets = destructive(tuple(config.destructive_actions))
    denied = {a for d in unconditional_denies(doc) for a in covered_actions(d, targets)}
    hits = []
    for st in doc.statements:
        if not st.allow or requires_mfa(st):
            continue
        open_ = [a for a in covered_actions(st, targets) if a not in denied]
        for g in guards:
            if open_ and _resources_guarded(g, st):
                guarded = set(covered_actions(g, targets))
                open_ = [a for a in open_ if a not in guarded]
        if open_:
            hits.append(Hit(rule_id=RULE, key=st.label, line=st.line_of("Action" if st.actions else "NotAction"),
                            message=f"{names(open_, 5)} can be called without MFA: nothing requires "
                                    "aws:MultiFactorAuthPresent for them, so a stolen password or access key "
                                    'is enough to destroy resources. Add a Deny with "BoolIfExists": '
                                    '{"aws:MultiFactorAuthPresent": "false"} on these actions, or require '
                                    '"Bool": {"aws:MultiFactorAuthPresent": "true"} on this Allow.'))
    return hits


def _resources_guarded(guard, allow) -> bool:
    if not guard.resources and not guard.not_resources:
        return True
    return all(covers_resource(guard, r) for r in allow.resources) if allow.resources else \
        "*" in guard.resources
