"""ZT_IAM_006: Allow with NotAction or NotResource."""
from __future__ import annotations

from ...findings import Hit

RULE = "ZT_IAM_006"


def check(doc, kind, config, context) -> list:
    hits = []
    for st in doc.statements:
        if not st.allow:
            continue
        used = [f for f, vals in (("NotAction", st.not_actions), ("NotResource", st.not_resources)) if vals]
        if used:
            hits.append(Hit(rule_id=RULE, key=st.label, line=st.line_of(used[0]),
                            message=f"Allow with {' and '.join(used)} grants everything except what is "
                                    "listed, including actions and resources AWS adds later. Use Action "
                                    "and Resource with the items the principal needs."))
    return hits
