"""ZT_IAM_012: a resource policy that allows everyone ("Principal": "*") with no restricting condition."""
from __future__ import annotations

from ...findings import Hit
from ..logic import restricting_conditions

RULE = "ZT_IAM_012"


def check(doc, kind, config, context) -> list:
    return [Hit(rule_id=RULE, key=st.label, line=st.line_of("Principal"),
                message='Allow to "Principal": "*" with no condition on the caller\'s organisation, account, '
                        "ARN or network: anyone on the internet, signed in or not, gets these actions. "
                        "Name the principals, or add e.g. StringEquals aws:PrincipalOrgID or aws:SourceVpce.")
            for st in doc.statements
            if st.allow and st.principal and st.principal.is_public and not restricting_conditions(st)]
