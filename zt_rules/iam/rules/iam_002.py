"""ZT_IAM_002: actions that the AWS action database does not know (typos, dead wildcards)."""
from __future__ import annotations

import functools

from ...findings import Hit
from .. import actiondb

RULE = "ZT_IAM_002"


def check(doc, kind, config, context) -> list:
    hits = []
    for st in doc.statements:
        high, medium, line, retired = [], [], None, True
        for action in st.actions + st.not_actions:
            problem = _problem(action, config)
            if problem is None:
                continue
            (high if problem[0] == "HIGH" else medium).append(problem[1])
            retired = retired and problem[2]
            line = line or st.action_line(action)
        if high or medium:
            effect = "grants" if st.allow else "denies"
            advice = ("Remove it." if retired else "Fix the spelling against the Service Authorization "
                      "Reference, or list a brand-new action in known_actions.")
            hits.append(Hit(rule_id=RULE, key=st.label, line=line,
                            severity=None if high else "MEDIUM",
                            message=f"{'; '.join(high + medium)}. AWS ignores an action it does not know, so "
                                    f"the statement {effect} nothing through it. {advice}"))
    return hits


def _problem(action, config) -> tuple[str, str, bool] | None:
    if action == "*" or not isinstance(action, str):
        return None
    return _action_problem(action, tuple(config.known_actions))


@functools.lru_cache(maxsize=8192)
def _action_problem(action: str, known_actions: tuple) -> tuple[str, str, bool] | None:
    """(severity, text, retired by AWS) of an action the database does not know."""
    if any(actiondb.action_matches(k, action) for k in known_actions):
        return None
    parts = actiondb.split_action(action)
    if parts is None:
        return "HIGH", f'"{action}" is not of the form service:Action', False
    service, name = parts
    if "*" in service or "?" in service:
        return None
    if not actiondb.service_exists(service):
        if actiondb.removed_service(service):
            return "MEDIUM", f'"{action}": service "{service}" has been retired by AWS', True
        return "HIGH", f'"{action}": unknown service prefix "{service}"', False
    if "*" in name or "?" in name:
        return None if actiondb.expand(action) else ("HIGH", f'"{action}" matches no {service} action', False)
    if actiondb.action_info(action) is None:
        if actiondb.removed_action(action):
            return ("MEDIUM", f'"{action}" has been removed from {service} (older databases list it, '
                              f'{actiondb.version()} does not)', True)
        return "MEDIUM", f'"{action}" is not a known {service} action ({actiondb.version()})', False
    return None
