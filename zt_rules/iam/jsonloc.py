"""A small JSON parser that keeps the 1-based line of every value and object key.

`json.loads` runs first (speed, exact error messages); this pass only runs on
valid text, so it can trust the grammar and stay short.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# newlines, strings, brackets and scalars (numbers, true, NaN, ...); other whitespace, "," and ":" are
# skipped by the leading class (cheaper than letting findall search past them)
_TOKEN = re.compile(r'[ \t\r,:]*(\n|"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]]|[^\s{}\[\],:"]+)')


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
    return value, _locate(text)


def _locate(text: str) -> Loc:
    # Valid JSON strings hold no raw newline, so every "\n" token is a line break.
    # In an object, tokens alternate key, value; `key` is the key waiting for its value.
    root = top = key = None
    in_object = False
    stack: list = []
    line = 1
    for tok in _TOKEN.findall(text):
        first = tok[0]
        if first == "\n":
            line += 1
            continue
        if first == "}" or first == "]":
            stack.pop()
            top, in_object = stack[-1] if stack else (None, False)
            continue
        if in_object and key is None:
            key = tok[1:-1] if "\\" not in tok else json.loads(tok)
            top.keys[key] = line
            continue
        loc = Loc(line, {}, [] if first == "[" else {})
        if top is None:
            root = loc
        elif in_object:
            top.kids[key] = loc
            key = None
        else:
            top.kids.append(loc)
        if first == "{" or first == "[":
            top, in_object = loc, first == "{"
            stack.append((top, in_object))
    return root
