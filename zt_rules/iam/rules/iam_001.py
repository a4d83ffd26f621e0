"""ZT_IAM_001: the document is not a valid policy of its kind (AWS rejects it)."""
from __future__ import annotations

import json

from ..model import VARIABLE, PolicyDoc
from .base import DOC_KEY, dotted, error_path, line_at, merge, schema_errors, statement_of

RULE = "ZT_IAM_001"
# iam-semantics.md §5: (limit, whitespace counted)
SIZE_LIMITS = {"identity": (6144, False), "trust": (2048, False), "scp": (5120, False),
               "resource": (20480, False), "endpoint": (20480, True)}
SERVICE_LIMITS = {"kms": 32768, "sqs": 8192}   # key and queue policies differ from buckets
NEEDS_RESOURCE = ("identity", "resource", "endpoint")
NEEDS_PRINCIPAL = ("resource", "trust", "endpoint")


def check(doc: PolicyDoc, kind: str, config, context) -> list:
    if not isinstance(doc.raw, dict):
        return merge(RULE, [(DOC_KEY, "The document is not a JSON object, so AWS rejects it: a policy is "
                             '{"Version": "2012-10-17", "Statement": [...]}.', doc.line)])
    problems = _schema(doc) + _document(doc, kind)
    for st in doc.statements:
        problems += _statement(doc, st, kind)
    problems += _duplicate_sids(doc)
    return merge(RULE, problems)


def _schema(doc):
    out = []
    for err in schema_errors(doc):
        path = error_path(doc, err)
        if "Condition" in path:
            continue   # ZT_IAM_003's
        st = statement_of(doc, path)
        where = dotted(path)
        out.append((st.label if st else DOC_KEY,
                    f"{where}: {err.message}; AWS rejects a policy that breaks the grammar.",
                    line_at(doc, path)))
    return out


def _document(doc, kind):
    out = []
    if doc.bare_statement:
        out.append((DOC_KEY, "This is a single statement, not a policy: AWS accepts only "
                    '{"Version": "2012-10-17", "Statement": [ ... ]}; wrap the statement in one.', doc.line))
        return out
    compact = json.dumps(doc.raw, separators=(",", ":"), ensure_ascii=False)
    if doc.version is None:
        uses_vars = _uses_variables(doc, compact)
        out.append((DOC_KEY, 'No "Version": AWS then reads the policy with the 2008-10-17 rules, where '
                    "${...} policy variables are literal text" + (" (this policy uses some, so they match "
                    "nothing)" if uses_vars else "") + '. Add "Version": "2012-10-17".', doc.line))
    elif doc.version == "2008-10-17" and _uses_variables(doc, compact):
        out.append((DOC_KEY, 'Version 2008-10-17 keeps ${...} policy variables as literal text, so the '
                    'conditions and ARNs that use them match nothing. Use "Version": "2012-10-17".',
                    doc.line_of("Version")))
    limit, with_ws = SIZE_LIMITS.get(kind, (None, False))
    if kind == "resource":
        services = {a.split(":")[0].lower() for st in doc.statements for a in st.actions + st.not_actions
                    if isinstance(a, str) and ":" in a}
        if len(services) == 1:
            limit = SERVICE_LIMITS.get(services.pop(), limit)
    if limit:
        size = len(doc.text) if with_ws and doc.text else len(compact)
        if size > limit:
            out.append((DOC_KEY, f"The {kind} policy has {size} characters"
                        f"{'' if with_ws else ' without whitespace'}; AWS accepts at most {limit}, so "
                        "the save fails. Split it or use wildcards that the database expands.", doc.line))
    return out


def _statement(doc, st, kind):
    raw = st.raw
    if not isinstance(raw, dict):
        return []
    out, label = [], st.label
    if "Action" in raw and "NotAction" in raw:
        out.append((label, "The statement has both Action and NotAction; AWS rejects it. Keep one.",
                    st.line_of("NotAction")))
    elif "Action" not in raw and "NotAction" not in raw:
        out.append((label, "The statement has no Action or NotAction; AWS rejects it.", st.line))
    if "Resource" in raw and "NotResource" in raw:
        out.append((label, "The statement has both Resource and NotResource; AWS rejects it. Keep one.",
                    st.line_of("NotResource")))
    elif kind in NEEDS_RESOURCE and "Resource" not in raw and "NotResource" not in raw \
            and not doc.bare_statement:
        out.append((label, f"A {kind} policy statement needs Resource; AWS rejects it without one.",
                    st.line))
    has_principal = "Principal" in raw or "NotPrincipal" in raw
    if kind in ("identity", "scp") and has_principal:
        field = "Principal" if "Principal" in raw else "NotPrincipal"
        out.append((label, f"{field} is not allowed in an {'SCP' if kind == 'scp' else 'identity policy'}; "
                    "AWS rejects the policy. The principal is whoever the policy is attached to: remove it.",
                    st.line_of(field)))
    elif kind in NEEDS_PRINCIPAL and not has_principal:
        out.append((label, f"A {kind} policy statement needs a Principal; AWS rejects the policy "
                    '(S3: "Missing required field Principal"). Name the principals, e.g. "Principal": "*" '
                    "in a Deny that applies to everyone.", st.line))
    elif "NotPrincipal" in raw and st.effect == "Allow":
        out.append((label, "NotPrincipal is valid only with Deny; use Principal with an explicit list.",
                    st.line_of("NotPrincipal")))
    return out


def _duplicate_sids(doc):
    seen, out = set(), []
    for st in doc.statements:
        if st.sid is None:
            continue
        if st.sid in seen:
            out.append((st.label, f'Sid "{st.sid}" is used by more than one statement; '
                        "AWS rejects duplicate Sids in a policy. Give each statement its own Sid.",
                        st.line_of("Sid")))
        seen.add(st.sid)
    return out


def _uses_variables(doc, compact: str) -> bool:
    # JSON escapes hold no "}", so a variable in any string also shows in `compact`: test that first
    return VARIABLE.search(compact) is not None and any(VARIABLE.search(s) for s in _strings(doc.raw))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
