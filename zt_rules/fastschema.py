"""Compile a JSON Schema into a function value -> True/False.

Only the keywords our schemas (IAM policy grammar, config) use are supported;
any other keyword raises at compile time, so a schema cannot grow past what this
checks. jsonschema stays the source of error messages: this only answers
"valid?" fast (importing and running jsonschema costs ~0.15 s per run).
"""
from __future__ import annotations

import functools
import json
import re

# `format` is an annotation: our validators run without a format checker
ANNOTATIONS = frozenset({"$schema", "$id", "title", "$comment", "description", "format"})
OBJECT_WORDS = frozenset({"properties", "additionalProperties", "required", "minProperties", "propertyNames"})
ARRAY_WORDS = frozenset({"items", "minItems"})
KEYWORDS = OBJECT_WORDS | ARRAY_WORDS | {"type", "enum", "const", "if", "then", "else", "minLength",
                                         "pattern", "minimum", "maximum"}
PYTYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


class SchemaError(ValueError):
    """The schema uses something this compiler does not support."""


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_integer(v):
    return _is_number(v) and (isinstance(v, int) or v.is_integer())


NUMBERS = {"number": _is_number, "integer": _is_integer}


def json_equal(a, b) -> bool:
    """Equality as JSON Schema sees it: true is not 1, 1 is 1.0, containers compare by items."""
    if a is b:
        return True
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(json_equal, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return len(a) == len(b) and all(k in b and json_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


@functools.lru_cache(maxsize=None)
def load(path: str) -> dict:
    """A schema file with its `$defs` references inlined."""
    with open(path, encoding="utf-8") as f:
        return inline_refs(json.load(f))


@functools.lru_cache(maxsize=None)
def checker(path: str):
    """The compiled check of a schema file."""
    return compile_schema(load(path))


def inline_refs(schema: dict) -> dict:
    """The schema with its local `#/$defs/x` references replaced by their schema
    (our schemas have no cycles; resolving references also dominates jsonschema's time)."""
    defs = schema.get("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(defs[ref.rsplit("/", 1)[1]])
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node
    return inline(schema)


def compile_schema(schema):
    """The check function of `schema` (a dict or a boolean schema)."""
    if schema is True or schema is False:
        return lambda v: schema
    if not isinstance(schema, dict):
        raise SchemaError(f"not a schema: {schema!r}")
    unknown = set(schema) - ANNOTATIONS - KEYWORDS
    if unknown:
        raise SchemaError(f"unsupported schema keyword(s): {', '.join(sorted(unknown))}")
    type_ok = _type(schema["type"]) if "type" in schema else None
    value_ok = _values(schema)
    obj = _object(schema) if OBJECT_WORDS & schema.keys() else None
    arr = _array(schema) if ARRAY_WORDS & schema.keys() else None
    min_length = schema.get("minLength", 0)
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
    low, high = schema.get("minimum"), schema.get("maximum")
    branch = _if(schema) if "if" in schema else None

    def check(v):
        if type_ok is not None and not type_ok(v):
            return False
        if value_ok is not None and not value_ok(v):
            return False
        if isinstance(v, dict):
            if obj is not None and not obj(v):
                return False
        elif isinstance(v, list):
            if arr is not None and not arr(v):
                return False
        elif isinstance(v, str):
            if len(v) < min_length or (pattern is not None and not pattern.search(v)):
                return False
        elif _is_number(v) and ((low is not None and v < low) or (high is not None and v > high)):
            return False
        return branch is None or branch(v)
    return check


def _type(names):
    names = [names] if isinstance(names, str) else names
    for name in names:
        if name not in PYTYPES and name not in NUMBERS:
            raise SchemaError(f"unknown type: {name!r}")
    pytypes = tuple(PYTYPES[n] for n in names if n in PYTYPES)
    numbers = tuple(NUMBERS[n] for n in names if n in NUMBERS)
    if not numbers:
        return lambda v: isinstance(v, pytypes)
    return lambda v: isinstance(v, pytypes) or any(t(v) for t in numbers)


def _values(schema):
    """enum and const: JSON equality with one of the listed values."""
    allowed = [list(schema["enum"])] if "enum" in schema else []
    if "const" in schema:
        allowed.append([schema["const"]])
    tests = [_one_of(values) for values in allowed]
    if not tests:
        return None
    return tests[0] if len(tests) == 1 else lambda v: all(t(v) for t in tests)


def _one_of(values):
    if all(isinstance(x, str) for x in values):
        strings = frozenset(values)
        return lambda v: isinstance(v, str) and v in strings
    values = tuple(values)
    return lambda v: any(json_equal(v, x) for x in values)


def _if(schema):
    cond = compile_schema(schema["if"])
    then = compile_schema(schema.get("then", True))
    other = compile_schema(schema.get("else", True))
    return lambda v: then(v) if cond(v) else other(v)


def _array(schema):
    item = compile_schema(schema.get("items", True))
    min_items = schema.get("minItems", 0)
    return lambda v: len(v) >= min_items and all(map(item, v))


def _object(schema):
    props = {k: compile_schema(s) for k, s in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    extra = None if extra is True else compile_schema(extra)
    required = tuple(schema.get("required", ()))
    min_props = schema.get("minProperties", 0)
    names = compile_schema(schema["propertyNames"]) if "propertyNames" in schema else None

    def check(v):
        if len(v) < min_props:
            return False
        for key in required:
            if key not in v:
                return False
        for key, value in v.items():
            if names is not None and not names(key):
                return False
            sub = props.get(key, extra)
            if sub is not None and not sub(value):
                return False
        return True
    return check
