"""The compiled schema check agrees with jsonschema on the policy schema."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from zt_rules.fastschema import SchemaError, compile_schema, json_equal
from zt_rules.iam.rules.base import policy_schema

SCHEMA = policy_schema()
REFERENCE = Draft202012Validator(SCHEMA)
FAST = compile_schema(SCHEMA)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from([0.0, 1.0, 1.5, -0.5]),
                    st.sampled_from(["", "*", "x", "Allow", "Deny", "AWS", "2012-10-17", "s3:GetObject"]))
json_values = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=3), st.dictionaries(st.sampled_from(["a", "AWS", "Effect", ""]), kids, max_size=3)),
    max_leaves=8)
names = st.sampled_from(["*", "s3:GetObject", "arn:aws:s3:::b/*", "x"])
string_or_list = st.one_of(names, st.lists(names, min_size=1, max_size=3))
principals = st.one_of(st.just("*"), st.dictionaries(
    st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser"]), string_or_list, min_size=1, max_size=2))
condition_values = st.one_of(scalars.filter(lambda v: v is not None), st.lists(
    st.one_of(names, st.booleans(), st.integers(), st.floats(allow_nan=False)), max_size=3))
conditions = st.dictionaries(st.sampled_from(["StringEquals", "Bool", "ForAnyValue:StringLike"]), st.dictionaries(
    st.sampled_from(["aws:SourceIp", "s3:prefix"]), condition_values, min_size=1, max_size=2), max_size=2)
statements = st.fixed_dictionaries({"Effect": st.sampled_from(["Allow", "Deny"])}, optional={
    "Sid": names, "Principal": principals, "NotPrincipal": principals, "Action": string_or_list,
    "NotAction": string_or_list, "Resource": string_or_list, "NotResource": string_or_list,
    "Condition": conditions})
# valid documents: Statement as a list or a lone object
valid_documents = st.fixed_dictionaries(
    {"Statement": st.one_of(st.lists(statements, min_size=1, max_size=3), statements)},
    optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17"]), "Id": names})


def _containers(value):
    if isinstance(value, (dict, list)):
        yield value
        for kid in (value.values() if isinstance(value, dict) else value):
            yield from _containers(kid)


@st.composite
def broken_documents(draw):
    """A valid document with one change somewhere: a value replaced (often by ""), a key added,
    renamed or removed, a container emptied."""
    doc = draw(valid_documents)
    node = draw(st.sampled_from(list(_containers(doc))))
    change = draw(st.sampled_from(["replace", "blank", "add", "rename", "remove", "empty"]))
    new_key = st.sampled_from(["Extra", "Effect", "AWS", "aws", "Bad", "Principal", "Condition"])
    junk = "" if change == "blank" else draw(json_values)
    if change == "empty":
        node.clear()
    elif isinstance(node, list):
        if change in ("add", "rename") or not node:
            node.append(junk)
        elif change == "remove":
            node.pop()
        else:
            node[draw(st.integers(0, len(node) - 1))] = junk
    elif change == "add" or not node:
        node[draw(new_key)] = junk
    else:
        key = draw(st.sampled_from(sorted(node)))
        if change == "rename":
            node[draw(new_key)] = node.pop(key)
        elif change == "remove":
            del node[key]
        else:
            node[key] = junk
    return doc


# Principal maps with a good or a bad type name
principal_maps = st.dictionaries(st.sampled_from(["AWS", "Service", "aws", "Bad", ""]), string_or_list, max_size=2)
principal_documents = st.fixed_dictionaries({"Statement": st.lists(st.fixed_dictionaries(
    {"Effect": st.just("Allow"), "Principal": principal_maps}), min_size=1, max_size=2)})
documents = st.one_of(valid_documents, broken_documents(), broken_documents(), principal_documents, json_values)


@SETTINGS
@given(documents)
def test_fast_check_equals_jsonschema(doc):
    assert FAST(doc) == REFERENCE.is_valid(doc)


@settings(max_examples=300, deadline=None)
@given(json_values, json_values)
def test_json_equal_is_jsonschema_const(a, b):
    assert json_equal(a, b) == Draft202012Validator({"const": a}).is_valid(b)
    assert compile_schema({"enum": ["z", a]})(b) == Draft202012Validator({"enum": ["z", a]}).is_valid(b)


def test_unknown_keyword_raises():
    with pytest.raises(SchemaError, match="oneOf"):
        compile_schema({"oneOf": [{"type": "string"}]})
    with pytest.raises(SchemaError, match=r"\$ref"):
        compile_schema({"properties": {"a": {"$ref": "#/$defs/x"}}})
    with pytest.raises(SchemaError):
        compile_schema({"type": "decimal"})
    with pytest.raises(SchemaError):
        compile_schema({"items": [{"type": "string"}]})


def test_annotations_are_ignored():
    check = compile_schema({"$schema": "x", "$id": "y", "title": "t", "$comment": "c", "description": "d"})
    assert check({"anything": 1})


@pytest.mark.parametrize("schema, value, valid", [
    ({"enum": [1]}, True, False),
    ({"enum": [1]}, 1.0, True),
    ({"const": False}, 0, False),
    ({"const": [1, {"a": True}]}, [1, {"a": True}], True),
    ({"const": [1, {"a": True}]}, [True, {"a": 1}], False),
    ({"type": "number"}, True, False),
    ({"type": "integer"}, 2.0, True),
    ({"type": ["string", "array"], "minLength": 1, "minItems": 1}, [], False),
    ({"type": ["string", "array"], "minLength": 1, "minItems": 1}, "", False),
    ({"type": ["string", "array"], "minLength": 1, "minItems": 1}, ["a"], True),
    ({"if": {"type": "string"}, "then": {"const": "*"}, "else": {"type": "object"}}, "x", False),
    ({"if": {"type": "string"}, "then": {"const": "*"}, "else": {"type": "object"}}, {}, True),
    ({"propertyNames": {"enum": ["AWS"]}, "minProperties": 1}, {"AWS": 1}, True),
    ({"propertyNames": {"enum": ["AWS"]}, "minProperties": 1}, {"aws": 1}, False),
    ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}, False),
    ({"additionalProperties": {"type": "string"}, "required": ["a"]}, {"a": "x", "b": 2}, False),
    ({"items": False}, [], True),
])
def test_explicit_cases(schema, value, valid):
    assert compile_schema(schema)(value) is valid
    assert Draft202012Validator(schema).is_valid(value) is valid


def test_policy_examples():
    good = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*",
         "Principal": {"AWS": ["arn:aws:iam::1:root"]},
         "Condition": {"Bool": {"aws:SecureTransport": [True, "false", 1]}}}]}
    assert FAST(good) and REFERENCE.is_valid(good)
    for bad in ({"Statement": []}, {"Statement": {"Effect": "Allow", "Action": []}},
                {"Statement": [{"Effect": "Allow", "Principal": "arn:aws:iam::1:root"}]},
                {"Statement": [{"Effect": "Allow", "Condition": {"Bool": {}}}]},
                {"Statement": [{"Effect": "Allow", "Condition": {"Bool": {"k": [[1]]}}}]},
                {"Version": "2012-10-17"}, ["Statement"]):
        assert not FAST(bad) and not REFERENCE.is_valid(bad)


def test_pattern_and_bounds():
    check = compile_schema({"type": ["string", "integer"], "pattern": "^ZT_", "minimum": 1, "maximum": 65535})
    assert check("ZT_NET_001") and not check("XZT_") and check(443) and not check(0) and not check(70000)


# -- the config schema (zt_rules.config validates with the compiled check first)
def _config_schema():
    from zt_rules import config
    return config._schema()


CONFIG_KEYS = sorted(_config_schema()["properties"]) + ["unknown_key"]
config_leaves = st.one_of(scalars, st.sampled_from(
    ["eu-west-1", "EU-west-1", "111122223333", "1111", "ZT_NET_001", "ZT_X", "2026-01-01", "2026-1-1",
     "stack", "module", "high", "HIGH", "s3:GetObject", "s3:Get*", "arn:aws:iam::*:role/ci", 22, 443, 70000, -1]))
config_values = st.recursive(config_leaves, lambda kids: st.one_of(
    st.lists(kids, max_size=3),
    st.dictionaries(st.sampled_from(["tag", "key", "values", "names", "tier", "ports", "rule", "path", "sid",
                                     "reason", "until", "ZT_NET_001"]), kids, max_size=3)), max_leaves=8)


@SETTINGS
@given(st.dictionaries(st.sampled_from(CONFIG_KEYS), config_values, max_size=4))
def test_config_schema_check_agrees_with_jsonschema(data):
    schema = _config_schema()
    assert compile_schema(schema)(data) == Draft202012Validator(schema).is_valid(data)
