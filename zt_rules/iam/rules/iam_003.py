"""ZT_IAM_003: malformed conditions (operator, key, value type, variables, Null+IfExists)."""
from __future__ import annotations

from .. import actiondb, operators
from ..globalkeys import global_key_type
from ..model import SET_OPS, VARIABLE
from .base import dotted, error_path, line_at, merge, schema_errors, statement_of

RULE = "ZT_IAM_003"


def check(doc, kind, config, context) -> list:
    problems = []
    for err in schema_errors(doc):
        path = error_path(doc, err)
        if "Condition" in path:
            st = statement_of(doc, path)
            problems.append((st.label if st else "Policy",
                             f"Malformed Condition ({dotted(path)}: {err.message}); AWS rejects "
                             "the policy. A Condition maps operator → key → value(s).", line_at(doc, path)))
    for st in doc.statements:
        for c in st.conditions:
            for text in _condition_problems(c, doc):
                problems.append((st.label, text, c.line or st.line))
    return merge(RULE, problems)


def key_type(key: str) -> str | None:
    if key.lower().startswith("aws:"):
        return global_key_type(key)
    return actiondb.service_key_type(key)


def _condition_problems(c, doc):
    op = c.operator
    fam = operators.family(c.base)
    if fam is None or (c.set_op is not None and c.set_op not in SET_OPS):
        yield f'Unknown condition operator "{op}"; AWS rejects the policy. Use e.g. StringEquals, ' \
              "ArnLike, Bool, NumericLessThan, with optional ForAnyValue:/ForAllValues: and IfExists."
        return
    if fam == "Null" and c.if_exists:
        yield f'"{op}": Null cannot take IfExists (Null already tests whether {c.key} exists); use "Null".'
    typ = key_type(c.key)
    if typ is None:
        if not actiondb.removed_service(c.key.split(":", 1)[0]):   # a retired service's: IAM_002's
            scope = "global" if c.key_lower.startswith("aws:") else "service"
            yield f'"{c.key}" is not a known {scope} condition key; AWS treats it as absent, so {op} is ' \
                  f'always {"true" if c.true_when_absent() else "false"}. Fix the key name.'
    elif operators.key_type_mismatch(fam, typ):
        yield f'"{op}" cannot test {c.key}, a {typ} key; the comparison never matches as intended.'
    with_var = [v for v in c.values if isinstance(v, str) and VARIABLE.search(v)]
    var_error = bool(with_var) and fam not in operators.TAKES_VARIABLES and (doc.variables_active or fam == "Null")
    if var_error:
        yield f'"{op}" does not substitute policy variables ({", ".join(with_var)}); only String and Arn ' \
              "operators do. Compare with a fixed value or use a String operator."
    bad = [v for v in c.values if not (var_error and v in with_var) and operators.bad_value(fam, v)]
    if bad:
        yield f'"{op}" on {c.key} cannot read {", ".join(map(repr, bad))} (expects a {fam.lower()} value); ' \
              "the condition never matches as intended."
