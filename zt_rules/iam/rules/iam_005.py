"""ZT_IAM_005: Allow on Resource "*" for actions that can be scoped to resources."""
from __future__ import annotations

import functools

from ...findings import Hit
from .. import actiondb
from ..logic import covers_action, is_full_wildcard, unconditional_denies
from .base import names
from .iam_008 import escalation_actions
from .iam_009 import dead_actions, scoped_by_tag

RULE = "ZT_IAM_005"
OWNED_ELSEWHERE = {"iam:passrole"}   # ZT_IAM_007's


@functools.lru_cache(maxsize=4096)
def _resource_level(pattern) -> tuple[str, ...]:
    """The actions a pattern names that can be limited to resources."""
    return tuple(a for a in actiondb.expand(pattern) if actiondb.action_info(a).resource_level)


def check(doc, kind, config, context) -> list:
    hits = []
    owned_elsewhere = OWNED_ELSEWHERE | escalation_actions(doc)  # RULES.md overlaps: IAM_007 + IAM_008 only
    denies = unconditional_denies(doc)
    for st in doc.statements:
        if not (st.allow and "*" in st.resources):
            continue
        dead = {a for p in dead_actions(st) for a in actiondb.expand(p)}
        scoped = [a for pattern in st.actions if not is_full_wildcard(pattern)
                  for a in _resource_level(pattern)
                  if a.lower() not in owned_elsewhere and a not in dead
                  and not scoped_by_tag(st, a) and not any(covers_action(d, a) for d in denies)]
        if scoped:
            hits.append(Hit(rule_id=RULE, key=st.label, line=st.line_of("Resource"),
                            message=f'Resource "*" lets {names(scoped)} act on every resource of '
                                    "their type in the account, though each can be limited to named "
                                    "resources. List the ARNs (or add an aws:ResourceTag condition)."))
    return hits
