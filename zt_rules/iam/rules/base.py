"""Helpers the rule modules share: schema validation, message formatting."""
from __future__ import annotations

import functools
from pathlib import Path

from ... import fastschema
from ...findings import Hit
from ..model import PolicyDoc, Statement

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "iam-policy.schema.json"
DOC_KEY = "Policy"   # the key of document-level hits


def policy_schema() -> dict:
    """The policy schema with its `$defs` references inlined."""
    return fastschema.load(str(SCHEMA))


@functools.lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator
    return Draft202012Validator(policy_schema())


def per_document(fn):
    """Keep fn(doc) on the document: for pure functions that several rules call."""
    attr = f"_cached_{fn.__name__}"

    @functools.wraps(fn)
    def cached(doc):
        if attr not in doc.__dict__:
            setattr(doc, attr, fn(doc))
        return doc.__dict__[attr]
    return cached


@per_document
def schema_errors(doc: PolicyDoc) -> list:
    """jsonschema errors of the document (a bare statement is checked as a statement).
    jsonschema runs only when the compiled check finds the document invalid."""
    raw = {"Statement": [doc.raw]} if doc.bare_statement else doc.raw
    if fastschema.checker(str(SCHEMA))(raw):
        return []
    return sorted((leaf for e in _validator().iter_errors(raw) for leaf in _leaves(e)),
                  key=lambda e: [str(p) for p in e.absolute_path])


def _leaves(err):
    """For oneOf failures, the errors of the branch that fits the value's type (they name the bad field)."""
    if not err.context:
        yield err
        return
    branches: dict = {}
    for sub in err.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [b for b in branches.values()
               if not any(e.validator in ("type", "const") and not e.relative_path for e in b)]
    if len(fitting) != 1:
        yield err
        return
    for sub in fitting[0]:
        yield from _leaves(sub)


def error_path(doc: PolicyDoc, err) -> list:
    path = list(err.absolute_path)
    if doc.bare_statement and path[:2] == ["Statement", 0]:
        path = path[2:]
    return path


def statement_of(doc: PolicyDoc, path: list) -> Statement | None:
    if doc.bare_statement:
        return doc.statements[0] if doc.statements else None
    if path[:1] != ["Statement"]:
        return None
    if isinstance(doc.raw.get("Statement"), dict):
        return doc.statements[0] if doc.statements else None
    if len(path) > 1 and isinstance(path[1], int) and path[1] < len(doc.statements):
        return doc.statements[path[1]]
    return None


def line_at(doc: PolicyDoc, path: list) -> int | None:
    if doc.loc is None:
        return None
    node, parent = doc.loc, None
    for step in path:
        parent, node = node, node.at(step)
        if node is None:
            return parent.line
    if parent is not None and isinstance(path[-1], str):
        return parent.key_line(path[-1]) or node.line
    return node.line


def names(items, limit: int = 6) -> str:
    items = list(dict.fromkeys(items))
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def merge(rule_id: str, problems: list[tuple[str, str, int | None]], severity=None) -> list[Hit]:
    """One hit per key: problems (key, text, line) joined in order."""
    by_key: dict[str, list] = {}
    for key, text, line in problems:
        by_key.setdefault(key, []).append((text, line))
    return [Hit(rule_id=rule_id, key=key, line=next((ln for _, ln in items if ln), None),
                message=" ".join(t for t, _ in items), severity=severity)
            for key, items in by_key.items()]


def dotted(path: list) -> str:
    """["Statement", 0, "Effect"] → "Statement[0].Effect"."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "document"
