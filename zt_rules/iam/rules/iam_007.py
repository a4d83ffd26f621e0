"""ZT_IAM_007: iam:PassRole on "*" (HIGH) or on named roles without iam:PassedToService (MEDIUM)."""
from __future__ import annotations

from ...findings import Hit
from ..logic import granting_patterns, unconditional_deny

RULE = "ZT_IAM_007"


def all_roles(resource: str) -> bool:
    return resource == "*" or resource.endswith((":*", ":role/*", ":role*"))


def check(doc, kind, config, context) -> list:
    hits = []
    if unconditional_deny(doc, "iam:PassRole"):
        return hits
    for st in doc.statements:
        grants = [p for p in granting_patterns(st, "iam:PassRole") if p != "*"] if st.allow else []
        if not grants or st.not_resources:
            continue
        line = st.action_line(grants[0])
        if any(all_roles(r) for r in st.resources if isinstance(r, str)):
            hits.append(Hit(rule_id=RULE, key=st.label, line=line,
                            message="iam:PassRole on every role lets the holder hand any role, admin "
                                    "roles included, to a service it controls. List the role ARNs and add "
                                    "an iam:PassedToService condition."))
        elif not any(not c.true_when_absent() for c in st.conditions_on("iam:PassedToService")):
            hits.append(Hit(rule_id=RULE, key=st.label, line=line, severity="MEDIUM",
                            message="iam:PassRole without an iam:PassedToService condition lets the holder "
                                    "pass these roles to any service, not only the one meant to use them. "
                                    'Add StringEquals "iam:PassedToService": "<service>.amazonaws.com".'))
    return hits
