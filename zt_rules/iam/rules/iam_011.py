"""ZT_IAM_011: a trust policy that lets anyone (or any foreign account, or any OIDC subject) assume the role."""
from __future__ import annotations

import re

from ...findings import Hit
from ..logic import concrete, covers_action, is_restricting

RULE = "ZT_IAM_011"
ASSUME = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity")
GITHUB = "token.actions.githubusercontent.com"
GITHUB_SUB = re.compile(r"repo:[^/*?:]+/[^/*?:]+(:.*)?")   # names an org and a repo
_ACCOUNT = re.compile(r"^(\d{12})$|^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):")


def check(doc, kind, config, context) -> list:
    hits = []
    for st in doc.statements:
        if not (st.allow and st.principal and any(covers_action(st, a) for a in ASSUME)):
            continue
        problems = _problems(st, config)
        if problems:
            hits.append(Hit(rule_id=RULE, key=st.label, line=st.line_of("Principal"),
                            message=" ".join(problems)))
    return hits


def _problems(st, config):
    out = []
    principal_conds = [c for c in st.conditions if is_restricting(c) and c.key_lower.startswith("aws:principal")]
    if st.principal.is_public and not principal_conds:
        out.append('Principal "*" lets every AWS account in the world assume this role. Name the trusted '
                   "accounts or roles, or add an aws:PrincipalOrgID condition.")
    foreign = [a for a in _accounts(st.principal.values("AWS")) if a not in config.account_ids]
    if foreign and not (_positive(st, "sts:ExternalId") or any(
            c.key_lower == "aws:principalorgid" for c in principal_conds)):
        out.append(f"Account {', '.join(foreign)} is outside account_ids and is trusted without an "
                   "sts:ExternalId or aws:PrincipalOrgID condition: anyone in that account who can call "
                   "AssumeRole gets in (the confused-deputy problem). Add StringEquals sts:ExternalId.")
    for provider in st.principal.values("Federated"):
        if "saml-provider/" in provider:
            continue
        host = provider.split("oidc-provider/", 1)[-1]
        missing = [claim for claim in ("aud", "sub") if not _claim_ok(st, host, claim)]
        if missing:
            out.append(f"Web identity {host} is trusted without a concrete "
                       f"{' and '.join(f'{host}:{m}' for m in missing)} condition: any token from that issuer "
                       f"({'any GitHub repository' if host == GITHUB else 'any subject'}) can assume the role. "
                       "Require the audience and a subject naming the organisation and repository "
                       '(StringLike "repo:org/repo:*").')
    return out


def _accounts(values):
    for v in values:
        m = _ACCOUNT.match(v)
        if m:
            yield m.group(1) or m.group(2)


def _positive(st, key):
    return [c for c in st.conditions_on(key) if not c.true_when_absent() and not c.negated
            and concrete(c.values)]


def _claim_ok(st, host, claim) -> bool:
    conds = _positive(st, f"{host}:{claim}")
    if claim == "sub" and host == "cognito-identity.amazonaws.com":
        conds += _positive(st, f"{host}:amr")
    if not conds:
        return False
    if claim == "sub" and host == GITHUB:
        return all(GITHUB_SUB.fullmatch(v) for c in conds for v in c.values)
    return True
