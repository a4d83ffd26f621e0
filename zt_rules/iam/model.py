"""The policy document model: every string-or-list field normalised, lines kept."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .jsonloc import Loc, loads_located

SET_OPS = ("ForAnyValue", "ForAllValues")
VARIABLE = re.compile(r"\$\{(?![*?$]\})[^}]*\}")  # ${*} ${?} ${$} are escapes, not variables


class PolicyParseError(Exception):
    """Text that is not JSON; `line` is 1-based, or None when unknown."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def as_list(value) -> tuple:
    """A string-or-list field as a tuple (None → empty)."""
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(value)
    return (value,)


def _strings(value) -> tuple:
    return tuple(v for v in as_list(value) if isinstance(v, str))


@dataclass(frozen=True)
class Condition:
    """One operator → key → values entry of a Condition block."""
    operator: str            # as written, e.g. "ForAnyValue:StringNotLikeIfExists"
    base: str                # "StringNotLike"
    set_op: str | None       # "ForAnyValue" | "ForAllValues" | None
    if_exists: bool
    key: str
    values: tuple
    line: int | None = None

    @property
    def negated(self) -> bool:
        b = self.base
        return b.startswith(("StringNot", "NumericNot", "DateNot", "ArnNot")) or b == "NotIpAddress"

    @property
    def key_lower(self) -> str:
        return self.key.lower()

    def true_when_absent(self) -> bool:
        """How the condition evaluates when its key is missing from the request."""
        if self.base == "Null":
            return any(str(v).lower() == "true" for v in self.values)
        if self.if_exists or self.set_op == "ForAllValues":
            return True
        if self.set_op == "ForAnyValue":
            return False
        return self.negated


def split_operator(op: str) -> tuple[str, str | None, bool]:
    """'ForAnyValue:StringLikeIfExists' → ('StringLike', 'ForAnyValue', True)."""
    set_op = None
    if ":" in op:
        prefix, op = op.split(":", 1)
        set_op = next((s for s in SET_OPS if s.lower() == prefix.lower()), prefix)
    if_exists = op.endswith("IfExists") and op != "IfExists"
    return (op[: -len("IfExists")] if if_exists else op), set_op, if_exists


@dataclass(frozen=True)
class Principal:
    """Principal or NotPrincipal: type ("AWS", "Service", ...) → values; "*" is {"AWS": ("*",)}."""
    entries: tuple[tuple[str, tuple], ...]

    @classmethod
    def parse(cls, raw) -> "Principal":
        if raw == "*":
            return cls((("AWS", ("*",)),))
        if isinstance(raw, dict):
            return cls(tuple((k, tuple(str(v) for v in as_list(val))) for k, val in raw.items()))
        return cls((("?", tuple(str(v) for v in as_list(raw))),))

    def values(self, kind: str) -> tuple:
        return tuple(v for k, vals in self.entries if k == kind for v in vals)

    @property
    def is_public(self) -> bool:
        return "*" in self.values("AWS") or "*" in self.values("?")


@dataclass
class Statement:
    index: int
    raw: Any
    effect: str | None = None
    sid: str | None = None
    actions: tuple = ()
    not_actions: tuple = ()
    resources: tuple = ()
    not_resources: tuple = ()
    principal: Principal | None = None
    not_principal: Principal | None = None
    conditions: tuple[Condition, ...] = ()
    line: int | None = None
    loc: Loc | None = None
    label: str = ""   # stable key: "Sid:X", "Statement[2]"; a repeated Sid gets "#index"

    @property
    def allow(self) -> bool:
        return self.effect == "Allow"

    @property
    def deny(self) -> bool:
        return self.effect == "Deny"

    def line_of(self, *path) -> int | None:
        """Line of a key (or an item under it) in this statement, else the statement's."""
        if self.loc is None:
            return self.line
        if len(path) == 1:
            return self.loc.key_line(path[0]) or self.line
        node = self.loc.at(*path)
        return node.line if node else (self.loc.key_line(path[0]) or self.line)

    def action_line(self, action: str) -> int | None:
        field_ = "Action" if action in self.actions else "NotAction"
        items = self.raw.get(field_) if isinstance(self.raw, dict) else None
        if isinstance(items, list) and action in items:
            return self.line_of(field_, items.index(action))
        return self.line_of(field_)

    def conditions_on(self, key: str) -> list[Condition]:
        k = key.lower()
        return [c for c in self.conditions if c.key_lower == k]


@dataclass
class PolicyDoc:
    raw: Any
    statements: list[Statement] = field(default_factory=list)
    loc: Loc | None = None
    text: str | None = None
    bare_statement: bool = False   # a lone statement object (article snippets), not a policy

    @property
    def version(self):
        return self.raw.get("Version") if isinstance(self.raw, dict) else None

    @property
    def variables_active(self) -> bool:
        """Policy variables are substituted only under Version 2012-10-17."""
        return self.version == "2012-10-17"

    def line_of(self, *path) -> int | None:
        if self.loc is None:
            return None
        if len(path) == 1:
            return self.loc.key_line(path[0]) or self.loc.line
        node = self.loc.at(*path)
        return node.line if node else self.loc.line

    @property
    def line(self) -> int | None:
        return self.loc.line if self.loc else None


def parse_policy_text(text: str) -> PolicyDoc:
    """JSON text → PolicyDoc with lines; PolicyParseError (with line) on non-JSON."""
    try:
        raw, loc = loads_located(text)
    except json.JSONDecodeError as exc:
        raise PolicyParseError(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise PolicyParseError("JSON nested too deeply", None) from None
    raw, loc, wrapper = unwrap(raw, loc)
    doc = from_object(raw)
    doc.text = text if wrapper is None else None   # a wrapper's text is not the document's
    _attach_lines(doc, loc)
    return doc


# AWS CLI outputs that carry a document: iam get-policy-version, get-role-policy (and
# the user/group forms), get-role (its trust policy), s3api get-bucket-policy (JSON text).
_WRAPPERS = (("PolicyVersion", "Document"), ("PolicyDocument",), ("Role", "AssumeRolePolicyDocument"),
             ("Policy",))


def unwrap(raw, loc: Loc | None = None) -> tuple[Any, Loc | None, str | None]:
    """(the document, its Loc, the wrapper path) of an AWS CLI output; the value
    itself and None when it is not one of those."""
    if not isinstance(raw, dict) or "Statement" in raw:
        return raw, loc, None
    for path in _WRAPPERS:
        node, node_loc = raw, loc
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
            node_loc = node_loc.at(step) if node_loc is not None else None
        if isinstance(node, str):   # the document as (possibly URL-encoded) JSON text
            node = _json_text(node)
            node_loc = Loc(node_loc.line) if node_loc is not None else None
        if isinstance(node, dict) and "Statement" in node:
            return node, node_loc, ".".join(path)
    return raw, loc, None


def _json_text(text: str):
    from urllib.parse import unquote
    for candidate in (text, unquote(text)):
        try:
            return json.loads(candidate)
        except (ValueError, RecursionError):
            continue
    return None


def from_object(obj, *, locate: Callable[[Statement], int | None] | None = None) -> PolicyDoc:
    """An already-decoded document (jsonencode/heredoc); `locate(stmt)` may give a statement line."""
    doc = PolicyDoc(raw=obj)
    if not isinstance(obj, dict):
        return doc
    body = obj.get("Statement")
    if body is None and "Effect" in obj:
        doc.bare_statement = True
        body = [obj]
    seen: set[str] = set()
    for i, raw in enumerate(as_list(body)):
        st = _statement(i, raw)
        st.label = f"Statement[{i}]" if st.sid is None else (
            f"Sid:{st.sid}" if st.sid not in seen else f"Sid:{st.sid}#{i}")
        seen.add(st.sid)
        if locate is not None:
            st.line = locate(st)
        doc.statements.append(st)
    return doc


def _attach_lines(doc: PolicyDoc, loc: Loc) -> None:
    doc.loc = loc
    for st in doc.statements:
        if doc.bare_statement:
            st.loc = loc
        elif isinstance(doc.raw.get("Statement"), list):
            st.loc = loc.at("Statement", st.index)
        else:
            st.loc = loc.at("Statement")
        st.line = st.loc.line if st.loc else loc.line
        st.conditions = tuple(_locate_condition(c, st.loc) for c in st.conditions)


def _locate_condition(c: Condition, loc: Loc | None) -> Condition:
    node = loc.at("Condition", c.operator) if loc else None
    line = node.key_line(c.key) if node else None
    return Condition(**{**c.__dict__, "line": line or (node.line if node else None)})


def _statement(index: int, raw) -> Statement:
    st = Statement(index=index, raw=raw)
    if not isinstance(raw, dict):
        return st
    st.effect = raw.get("Effect")
    sid = raw.get("Sid")
    st.sid = sid if isinstance(sid, str) and sid else None
    # only strings: anything else breaks the grammar, which ZT_IAM_001 reports
    st.actions = _strings(raw.get("Action"))
    st.not_actions = _strings(raw.get("NotAction"))
    st.resources = _strings(raw.get("Resource"))
    st.not_resources = _strings(raw.get("NotResource"))
    if "Principal" in raw:
        st.principal = Principal.parse(raw["Principal"])
    if "NotPrincipal" in raw:
        st.not_principal = Principal.parse(raw["NotPrincipal"])
    conds = []
    block = raw.get("Condition")
    if isinstance(block, dict):
        for op, keys in block.items():
            base, set_op, if_exists = split_operator(str(op))
            if not isinstance(keys, dict):
                continue
            for key, values in keys.items():
                conds.append(Condition(str(op), base, set_op, if_exists, str(key), as_list(values)))
    st.conditions = tuple(conds)
    return st
