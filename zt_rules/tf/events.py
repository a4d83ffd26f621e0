"""EventBridge event patterns: does a rule receive every GuardDuty finding at
or above a severity?

Checkov decodes `jsonencode({...})` and heredoc JSON into a dict, but its map
rendering turns `">="` into `">:"` (and `"<="` into `"<:"`); both are undone
here. Severities are GuardDuty's 1.0-10.0 in steps of 0.1.
"""
from __future__ import annotations

import json

_OPS = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "=": lambda a, b: a == b}
_FIXED = {">:": ">=", "<:": "<="}
MAX_SEVERITY = 10.0


def pattern_of(value):
    """The decoded pattern, or None when it is not a JSON object we can read."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _values(pattern: dict, key: str):
    v = pattern.get(key)
    return None if v is None else (v if isinstance(v, list) else [v])


def _matcher(m):
    """A predicate over a severity, or None for a matcher we cannot read."""
    if isinstance(m, bool):
        return None
    if isinstance(m, (int, float)):
        return lambda s: abs(s - m) < 1e-9
    if isinstance(m, dict) and list(m) == ["numeric"] and isinstance(m["numeric"], list):
        terms = m["numeric"]
        if len(terms) % 2:
            return None
        tests = []
        for op, bound in zip(terms[::2], terms[1::2]):
            op = _FIXED.get(op, op)
            if op not in _OPS or isinstance(bound, bool) or not isinstance(bound, (int, float)):
                return None
            tests.append((_OPS[op], bound))
        return lambda s: all(f(s, b) for f, b in tests)
    if isinstance(m, dict) and m == {"exists": True}:
        return lambda s: True
    return None


def guardduty_gap(pattern: dict | None, min_severity: float) -> str | None:
    """Why the pattern misses some GuardDuty finding of severity >= min_severity
    (None: it receives them all)."""
    if pattern is None:
        return "its event_pattern cannot be read"
    sources = _values(pattern, "source")
    if sources is not None and "aws.guardduty" not in sources:
        return "its source is not aws.guardduty"
    types = _values(pattern, "detail-type")
    if types is not None and "GuardDuty Finding" not in types:
        return "its detail-type is not \"GuardDuty Finding\""
    extra = sorted(set(pattern) - {"source", "detail-type", "detail", "account", "region"})
    detail = pattern.get("detail") or {}
    if not isinstance(detail, dict):
        return "its detail filter cannot be read"
    extra += sorted(f"detail.{k}" for k in set(detail) - {"severity"})
    if extra:
        return f"it also filters on {', '.join(extra)}"
    matchers = _values(detail, "severity")
    if matchers is None:
        return None
    tests = [_matcher(m) for m in matchers]
    if any(t is None for t in tests):
        return "its severity filter cannot be read"
    steps = int(round((MAX_SEVERITY - min_severity) * 10))
    for n in range(steps + 1):
        s = round(min_severity + n / 10, 1)
        if not any(t(s) for t in tests):
            return f"its severity filter drops findings of severity {s:g}"
    return None
