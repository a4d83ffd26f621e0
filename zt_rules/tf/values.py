"""One place to undo the shape Checkov gives parsed values.

Checkov wraps every value in a one-element list, turns the strings "true" and
"false" into booleans, and gives null as `[None]`.
"""
from __future__ import annotations

import re

_UNRESOLVED = re.compile(r"\$\{|\b(?:var|local|data|module|each|count|path|terraform)\.[A-Za-z_]")


def first(conf: dict, key: str, default=None):
    """The single value of `key`, unwrapped; `default` when absent or null."""
    value = conf.get(key, default)
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return default if value is None else value


def as_list(value) -> list:
    """A list of values: unwraps Checkov's extra nesting, drops nulls."""
    if value is None:
        return []
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], list):
            return as_list(value[0])
        return [v for v in value if v is not None]
    return [value]


def as_str(value) -> str | None:
    """A string back from Checkov's bool coercion (True -> "true")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def is_unresolved(value) -> bool:
    """True when an expression is left that Checkov could not render."""
    if isinstance(value, str):
        return bool(_UNRESOLVED.search(value))
    if isinstance(value, (list, tuple)):
        return any(is_unresolved(v) for v in value)
    if isinstance(value, dict):
        return any(is_unresolved(v) for v in value.values())
    return False
