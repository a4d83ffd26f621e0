"""A small JSON parser that keeps the 1-based line of every value and object key.

`json.loads` runs first (speed, exact error messages); this pass only runs on
valid text, so it can trust the grammar and stay short.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|[{}\[\]:,]'
                    r'|\s+', re.S)


@dataclass
class Loc:
    """Where a value starts; `keys` holds each object key's line, `kids` the children."""
    line: int
    keys: dict = field(default_factory=dict)
    kids: dict | list = field(default_factory=dict)

    def at(self, *path) -> "Loc | None":
        """The Loc of a child path (object keys and list indexes), or None."""
        node: Loc | None = self
        for step in path:
            if node is None:
                return None
            kids = node.kids
            if isinstance(kids, dict):
                node = kids.get(step) if isinstance(step, str) else None
            else:
                node = kids[step] if isinstance(step, int) and 0 <= step < len(kids) else None
        return node

    def key_line(self, key: str) -> int | None:
        return self.keys.get(key)


def loads_located(text: str):
    """(value, Loc) for valid JSON text; raises json.JSONDecodeError otherwise."""
    value = json.loads(text)
    tokens = _tokens(text)
    loc, _ = _parse(tokens, 0)
    return value, loc


def _tokens(text: str) -> list[tuple[str, int]]:
    out, line = [], 1
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if not tok[0].isspace():
            out.append((tok, line))
        line += tok.count("\n")
    return out


def _parse(tokens, i):
    tok, line = tokens[i]
    if tok == "{":
        loc = Loc(line)
        i += 1
        while tokens[i][0] != "}":
            key_tok, key_line = tokens[i]
            key = json.loads(key_tok)
            loc.keys[key] = key_line
            loc.kids[key], i = _parse(tokens, i + 2)
            if tokens[i][0] == ",":
                i += 1
        return loc, i + 1
    if tok == "[":
        loc = Loc(line, kids=[])
        i += 1
        while tokens[i][0] != "]":
            kid, i = _parse(tokens, i)
            loc.kids.append(kid)
            if tokens[i][0] == ",":
                i += 1
        return loc, i + 1
    return Loc(line), i + 1
