"""Lines of values and keys from the located JSON parser."""
from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zt_rules.iam.jsonloc import loads_located

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5))
json_values = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=5), kids, max_size=4)), max_leaves=25)
whitespace = st.lists(st.sampled_from(["", " ", "\n", "\t\n  ", "\r\n", "\n\n", "  "]), min_size=1, max_size=6)


def shape(loc):
    """A Loc as nested (line, keys, kids) for comparison."""
    kids = loc.kids
    kids = {k: shape(v) for k, v in kids.items()} if isinstance(kids, dict) else [shape(v) for v in kids]
    return loc.line, loc.keys, kids


def write(value, spaces, ensure_ascii):
    """JSON text of `value` with the whitespace `spaces` (cycled) around every token, and the
    (line, keys, kids) shape the writer itself recorded."""
    out, line, ws = [], 1, itertools.cycle(spaces)

    def emit(piece):
        nonlocal line
        out.append(piece)
        line += piece.count("\n")

    def gap_then(token):
        emit(next(ws))
        emit(token)

    def put(v):
        emit(next(ws))
        start = line
        if isinstance(v, dict):
            emit("{")
            keys, kids = {}, {}
            for i, (k, x) in enumerate(v.items()):
                if i:
                    gap_then(",")
                emit(next(ws))
                keys[k] = line
                emit(json.dumps(k, ensure_ascii=ensure_ascii))
                gap_then(":")
                kids[k] = put(x)
            gap_then("}")
            return start, keys, kids
        if isinstance(v, list):
            emit("[")
            kids = []
            for i, x in enumerate(v):
                if i:
                    gap_then(",")
                kids.append(put(x))
            gap_then("]")
            return start, {}, kids
        emit(json.dumps(v, ensure_ascii=ensure_ascii))
        return start, {}, {}

    expected = put(value)
    emit(next(ws))
    return "".join(out), expected


def dumped_lines(value, line=1):
    """(shape, last line) of json.dumps(value, indent=...): one item or key per line."""
    if isinstance(value, (dict, list)) and value:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        keys, kids, cur = {}, {} if isinstance(value, dict) else [], line
        for k, x in items:
            kid, end = dumped_lines(x, cur + 1)
            if isinstance(value, dict):
                keys[k], kids[k] = cur + 1, kid
            else:
                kids.append(kid)
            cur = end
        return (line, keys, kids), cur + 1
    return (line, {}, [] if isinstance(value, list) else {}), line


@settings(max_examples=300, deadline=None)
@given(json_values, whitespace, st.booleans())
def test_lines_match_the_writer(value, spaces, ensure_ascii):
    text, expected = write(value, spaces, ensure_ascii)
    parsed, loc = loads_located(text)
    assert parsed == value
    assert shape(loc) == expected


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from([0, 1, 2, 4, "\t", "  "]), st.booleans())
def test_lines_of_indented_dumps(value, indent, ensure_ascii):
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)
    expected, last = dumped_lines(value)
    assert shape(loads_located(text)[1]) == expected
    assert last == text.count("\n") + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values, min_size=1, max_size=5), st.sampled_from([None, 1, "\t"]))
def test_unique_key_lines_by_search(values, indent):
    doc = {f"key{i}": {f"inner{i}": v} for i, v in enumerate(values)}
    text = json.dumps(doc, indent=indent)
    _, loc = loads_located(text)
    for i in range(len(values)):
        for node, key in ((loc, f"key{i}"), (loc.at(f"key{i}"), f"inner{i}")):
            assert node.key_line(key) == text[:text.index(f'"{key}":')].count("\n") + 1


def test_lookup_api():
    text = '{\n "a": [\n  1,\n  {"b\\"q": null}\n ],\n "c": "x"\n}\n'
    value, loc = loads_located(text)
    assert value == {"a": [1, {'b"q': None}], "c": "x"}
    assert (loc.line, loc.key_line("a"), loc.key_line("c")) == (1, 2, 6)
    assert loc.at("a", 0).line == 3
    assert loc.at("a", 1).key_line('b"q') == 4
    assert loc.at("a", 5) is None and loc.at("a", "x") is None and loc.at("c", 0) is None
    assert loc.key_line("nope") is None


def test_invalid_json_raises_with_position():
    with pytest.raises(json.JSONDecodeError) as info:
        loads_located('{\n "a": 1,\n}')
    assert info.value.lineno == 3
