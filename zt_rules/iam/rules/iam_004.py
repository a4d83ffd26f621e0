"""ZT_IAM_004: Allow with Action "*" or "service:*"."""
from __future__ import annotations

from ...findings import Hit
from ..logic import is_full_wildcard

RULE = "ZT_IAM_004"


def check(doc, kind, config, context) -> list:
    hits = []
    for st in doc.statements:
        wild = [a for a in st.actions if is_full_wildcard(a)] if st.allow else []
        if wild:
            hits.append(Hit(rule_id=RULE, key=st.label, line=st.action_line(wild[0]),
                            message=f"Allow {', '.join(wild)} grants every current and future action "
                                    f"of {'every service' if '*' in wild else 'the service'}, including "
                                    "deletes and permission changes. List the actions the principal needs."))
    return hits
