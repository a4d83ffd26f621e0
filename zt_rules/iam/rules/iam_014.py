"""ZT_IAM_014: Session Manager on any instance without a tag condition; EC2 Instance Connect allowed."""
from __future__ import annotations

from ...findings import Hit
from ..logic import arn_matches, covers_action

RULE = "ZT_IAM_014"
SAMPLE_TARGETS = ("arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0",
                  "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0")
INSTANCE_CONNECT = ("ec2-instance-connect:SendSSHPublicKey", "ec2-instance-connect:OpenTunnel")
SESSION_TAGS = "aws:ssmmessages:"


def check(doc, kind, config, context) -> list:
    hits = []
    for st in doc.statements:
        if not st.allow or "*" in st.actions:
            continue
        problems = []
        if covers_action(st, "ssm:StartSession") and _any_instance(st) and not _tag_scoped(st):
            problems.append("ssm:StartSession is allowed on every instance: the holder gets a shell on any "
                            "managed instance in the account. Add a StringEquals ssm:resourceTag/<key> "
                            "(or aws:ResourceTag/<key>) condition, or list the instance ARNs.")
        ic = [a for a in INSTANCE_CONNECT if covers_action(st, a)] if _any_instance(st, exact=True) else []
        if ic:
            problems.append(f"{' and '.join(ic)} allow SSH-style access around Session Manager (keys pushed "
                            "to the instance, tunnels to port 22). Remove them; use ssm:StartSession.")
        if problems:
            hits.append(Hit(rule_id=RULE, key=st.label, line=st.line_of("Action" if st.actions else "NotAction"),
                            message=" ".join(problems)))
    return hits


def _any_instance(st, exact: bool = False) -> bool:
    """Resources reach every instance (or, with exact, at least one named instance)."""
    if st.not_resources or not st.resources:
        return True
    return any(isinstance(r, str) and ((exact and ":instance/" in r) or (
        ("*" in r or "?" in r) and any(arn_matches(r, t) for t in SAMPLE_TARGETS))) for r in st.resources)


def _tag_scoped(st) -> bool:
    return any(c.key_lower.startswith(("ssm:resourcetag/", "aws:resourcetag/"))
               and SESSION_TAGS not in c.key_lower and not c.true_when_absent() for c in st.conditions)
