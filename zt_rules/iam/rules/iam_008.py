"""ZT_IAM_008: allowed actions that let the holder raise its own privileges (Rhino Security Labs' list)."""
from __future__ import annotations

from ...findings import Hit
from ..actiondb import Actions
from ..logic import covered_actions, on_all_resources, unconditional_denies
from .base import names, per_document

RULE = "ZT_IAM_008"
DIRECT = ("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachUserPolicy",
          "iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy",
          "iam:PutRolePolicy", "iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy",
          "lambda:UpdateFunctionCode", "glue:UpdateDevEndpoint")
ON_OTHER_USERS = ("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile")
COMPUTE_CREATE = ("ec2:RunInstances", "lambda:CreateFunction", "glue:CreateDevEndpoint",
                  "cloudformation:CreateStack", "datapipeline:CreatePipeline", "ecs:RunTask",
                  "sagemaker:CreateNotebookInstance")


ALL = Actions(DIRECT + ON_OTHER_USERS + COMPUTE_CREATE + ("iam:PassRole",))


@per_document
def _escalations(doc) -> tuple[list, dict[str, list[str]], set[str]]:
    """Allow statements, what each lets the holder escalate with (as shown), and
    the actions involved (what ZT_IAM_005 leaves to this rule)."""
    # Action "*" is full admin already (IAM_004); a NotAction Allow counts on every resource
    # (PowerUserAccess: everything but iam:* still updates any function's code).
    allows = [st for st in doc.statements if st.allow and (
        (st.actions and "*" not in st.actions) or (st.not_actions and on_all_resources(st)))]
    denied = {a for d in unconditional_denies(doc) for a in covered_actions(d, ALL)}
    granted = {st.label: [a for a in covered_actions(st, ALL) if a not in denied] for st in allows}
    compute = [a for a in COMPUTE_CREATE if any(a in g for g in granted.values())]
    found: dict[str, list[str]] = {}
    involved: set[str] = set()
    for st in allows:
        g = granted[st.label]
        found[st.label] = [a for a in DIRECT if a in g]
        involved.update(found[st.label])
        if not _self_only(doc, st):
            others = [a for a in ON_OTHER_USERS if a in g]
            found[st.label] += [f"{a} on other users" for a in others]
            involved.update(others)
        if compute and "iam:PassRole" in g:
            found[st.label].append(f"iam:PassRole with {names(compute, 3)}")
            involved.update(compute)
    return allows, found, involved


def escalation_actions(doc) -> set[str]:
    """Actions this rule reports in `doc`, lower-cased."""
    return {a.lower() for a in _escalations(doc)[2]}


def check(doc, kind, config, context) -> list:
    allows, found, _ = _escalations(doc)
    hits = []
    for st in allows:
        if found[st.label]:
            hits.append(Hit(rule_id=RULE, key=st.label, line=st.line_of("Action" if st.actions else "NotAction"),
                            message=f"Privilege escalation: {names(found[st.label], 4)} let the holder give "
                                    "itself more permissions than this policy grants (a new policy version, "
                                    "an attached admin policy, a role passed to code it runs). Remove these "
                                    "actions or limit them to resources the holder cannot use to escalate."))
    return hits


def _self_only(doc, st) -> bool:
    """Credentials actions limited to the caller's own user (`user/${aws:username}`)."""
    return doc.variables_active and bool(st.resources) and all(
        isinstance(r, str) and r.endswith("${aws:username}") for r in st.resources)
