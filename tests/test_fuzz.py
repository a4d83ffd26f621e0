"""Fuzzing: generated HCL and policy JSON, valid and corrupted, never make the
linter crash or hang; every result renders as JSON that parses and SARIF that
validates. In-process APIs for speed, plus a few CLI runs on a corrupted corpus.

Examples are derandomized (the same on every run, so CI is reproducible); set
ZT_FUZZ_EXAMPLES=500 ZT_FUZZ_RANDOM=1 to explore further on a workstation.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import shared_path
from zt_rules.cli import exit_code
from zt_rules.config import Config
from zt_rules.findings import Result

ZT = [sys.executable, "-m", "zt_rules"]
EXAMPLES = int(os.environ.get("ZT_FUZZ_EXAMPLES", "0"))
FUZZ = dict(deadline=None, database=None, derandomize=not os.environ.get("ZT_FUZZ_RANDOM"),
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                   HealthCheck.function_scoped_fixture])


class _Validator:
    """The SARIF schema validator, built once; a plain object so that hypothesis's
    falsifying-example report does not print the whole schema."""
    _cached = None

    def iter_errors(self, doc):
        if _Validator._cached is None:
            from jsonschema import FormatChecker
            from jsonschema.validators import validator_for
            schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text())
            _Validator._cached = validator_for(schema)(schema, format_checker=FormatChecker())
        return _Validator._cached.iter_errors(doc)

    def __repr__(self):
        return "<SARIF 2.1.0 validator>"


@pytest.fixture(scope="module")
def sarif_validator():
    return _Validator()


@pytest.fixture(scope="module", autouse=True)
def checkov_loaded():
    """Load Checkov first, then drop lean.py's `sys.modules["numpy"] = None` placeholder:
    hypothesis seeds numpy whenever "numpy" is in sys.modules and fails on None."""
    from zt_rules.tf import engine
    (getattr(engine, "load_checks", None) or getattr(engine, "_load_checks"))()
    if "numpy" in sys.modules and sys.modules["numpy"] is None:
        del sys.modules["numpy"]


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="zt-fuzz-") as d:
        yield Path(d)


def check_outputs(result: Result, root: Path, validator) -> None:
    """Exit code in {0,1,2}; JSON parses and agrees; SARIF validates; no contained crash."""
    from zt_rules import output
    result = result.sort()
    assert not [e for e in result.errors if e.message.startswith(("internal error", "analysis stopped"))], \
        result.errors
    for e in result.errors:
        assert isinstance(e.line, int) and e.line >= 0 and "\n" not in e.message, e
    assert exit_code(result, "LOW", False) in (0, 1, 2)
    info = output.RunInfo(version="0", db_version="db", threshold="LOW", root=str(root))
    doc = json.loads(output.render("json", result, info))
    assert len(doc["errors"]) == len(set(result.errors))
    assert len(doc["findings"]) == len(set(result.findings))
    sarif = json.loads(output.render("sarif", result, info))
    problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(sarif)]
    assert not problems, problems[:3]


# --- corruption -----------------------------------------------------------------------------------

TOKENS = ["{", "}", "[", "]", '"', ",", ":", "=", "${", "$${", "%{", "\\", "\n", "<<EOF\n", "#", "/*", "\u202e",
          "\ufeff", "é", "𝕏", "\t", "null", "}}", "]]"]

edits = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(TOKENS), st.booleans()), max_size=6)


def corrupt(text: str, ops) -> str:
    for where, token, delete in ops:
        i = int(where * len(text))
        text = text[:i] + text[i + 1:] if delete else text[:i] + token + text[i:]
    return text


# --- policy JSON ----------------------------------------------------------------------------------

WORDS = ["*", "", "Allow", "Deny", "allow", "2012-10-17", "2008-10-17", "s3:*", "s3:GetObject", "iam:PassRole",
         "iam:CreatePolicyVersion", "ec2:RunInstances", "ec2:*Instance*", "sts:AssumeRole", "sts:TagSession",
         "ssm:StartSession", "kms:ScheduleKeyDeletion", "nosuch:Thing", "s3:NoSuchAction", "arn:aws:s3:::b",
         "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:root", "arn:aws:iam::*:role/x", "${aws:username}",
         "$${aws:username}", "aws:SourceVpc", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
         "aws:PrincipalOrgID", "s3:x-amz-server-side-encryption", "token.actions.githubusercontent.com:sub",
         "StringEquals", "StringNotEqualsIfExists", "Bool", "BoolIfExists", "NumericLessThan", "DateGreaterThan",
         "Null", "ForAnyValue:StringLike", "ForAllValues:ArnLike", "IpAddress", "yes", "true", "false", "7",
         "vpce-123", "o-abc", "cognito-identity.amazonaws.com", "ec2.amazonaws.com"]
KEYS = ["Version", "Id", "Statement", "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
        "Principal", "NotPrincipal", "Condition", "AWS", "Service", "Federated", "CanonicalUser"] + WORDS

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalar = (st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats(allow_nan=False, allow_infinity=False)
          | text | st.sampled_from(WORDS))
anything = st.recursive(scalar, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | text, c,
                                                                                     max_size=4), max_leaves=20)
field = st.sampled_from(WORDS) | st.lists(st.sampled_from(WORDS), max_size=4) | anything
principal = st.sampled_from(["*", {"AWS": "*"}]) | st.dictionaries(
    st.sampled_from(["AWS", "Service", "Federated", "Bogus"]), field, max_size=3) | anything
condition = st.dictionaries(st.sampled_from(WORDS) | text,
                            st.dictionaries(st.sampled_from(WORDS) | text, field, max_size=3) | anything, max_size=3)
statement = st.fixed_dictionaries({}, optional={
    "Sid": st.sampled_from(["A", "A", "", "B"]) | anything, "Effect": st.sampled_from(["Allow", "Deny"]) | anything,
    "Action": field, "NotAction": field, "Resource": field, "NotResource": field, "Principal": principal,
    "NotPrincipal": principal, "Condition": condition | anything})
policy = st.fixed_dictionaries({"Statement": st.lists(statement, max_size=4) | statement | anything},
                               optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17"]) | anything,
                                         "Id": anything})
depth = st.integers(0, 3)
NAMES = ["policy.json", "ci-trust.json", "scp/deny.json", "org.scp.json", "site-bucket-policy.json", "p/x.json"]


@settings(max_examples=EXAMPLES or 100, **FUZZ)
@given(doc=policy | anything, wrap=depth, name=st.sampled_from(NAMES), ops=edits,
       damage=st.booleans(), indent=st.sampled_from([None, 2]))
def test_policy_json_never_crashes(workdir, sarif_validator, doc, wrap, name, ops, damage, indent):
    from zt_rules.jsonfiles import scan_json_file
    for _ in range(wrap):           # random nesting around the document
        doc = {"Statement": [doc]} if wrap % 2 else [doc]
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    if damage:
        text = corrupt(text, ops)
    path = workdir / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result, is_plan = scan_json_file(path, name, Config())
    assert isinstance(is_plan, bool)
    for e in result.errors:
        assert e.file == name
    check_outputs(result, workdir, sarif_validator)


# --- HCL ----------------------------------------------------------------------------------------------

def hcl_string(s: str) -> str:
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + s.replace("${", "$${").replace("%{", "%%{") + '"'


VALUES = ['"0.0.0.0/0"', '"::/0"', '"10.0.0.0/8"', '"tcp"', '"-1"', "-1", '"all"', "22", "443", "0", "65535",
          "true", "false", "null", "var.x", "var.cidr", "local.l", "aws_security_group.a.id", "data.aws_region.c.name",
          '["0.0.0.0/0"]', "[]", '{ Tier = "data" }', '{ Tier = "public" }', '"${var.x}"', '"$${aws:username}"',
          '"${aws:username}"', 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", '
          'Action = "*", Resource = "*" }] })', "count.index", "each.value", 'file("./nope.json")',
          '<<EOF\n{"Statement": []}\nEOF']
ATTRS = ["description", "from_port", "to_port", "protocol", "cidr_blocks", "ipv6_cidr_blocks", "security_groups",
         "self", "tags", "vpc_id", "subnet_id", "map_public_ip_on_launch", "associate_public_ip_address", "policy",
         "assume_role_policy", "type", "enable", "bucket", "key_name", "publicly_accessible", "count", "for_each",
         "private_dns_enabled", "service_name", "vpc_endpoint_type", "route_table_ids", "security_group_ids",
         "default", "source", "version"]
TYPES = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_subnet",
         "aws_instance", "aws_launch_template", "aws_s3_bucket", "aws_s3_bucket_policy", "aws_iam_policy",
         "aws_iam_role", "aws_vpc_endpoint", "aws_guardduty_detector", "aws_db_instance", "aws_route_table",
         "aws_vpc", "aws_organizations_policy", "aws_key_pair"]

ident = st.text("abcxyz_019", min_size=1, max_size=6).map(lambda s: "r" + s)
hcl_value = st.recursive(
    st.sampled_from(VALUES) | text.map(hcl_string) | st.integers(-10, 70000).map(str),
    lambda c: st.lists(c, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    | st.lists(st.tuples(ident, c), max_size=3).map(lambda kv: "{ " + ", ".join(f"{k} = {v}" for k, v in kv) + " }"),
    max_leaves=6)
attrs = st.lists(st.tuples(st.sampled_from(ATTRS), hcl_value), max_size=6)


@st.composite
def block(draw, depth=0):
    kind = draw(st.sampled_from(["resource"] * 4 + ["data", "variable", "locals", "module", "provider"]))
    lines = []
    for name, value in draw(attrs):
        lines.append(f"  {name} = {value}")
    if depth < 2:
        for sub in draw(st.lists(st.sampled_from(["ingress", "egress", "metadata_options", "route", "tags_block",
                                                  'dynamic "ingress"', "content"]), max_size=2)):
            inner = draw(block(depth + 1))
            lines.append(f"  {sub} {{\n" + inner.split("{", 1)[1].rsplit("}", 1)[0] + "\n  }")
    body = "\n".join(lines)
    if kind == "resource":
        head = f'resource "{draw(st.sampled_from(TYPES))}" "{draw(ident)}"'
    elif kind == "data":
        head = f'data "{draw(st.sampled_from(["aws_iam_policy_document", "aws_vpc", "aws_caller_identity"]))}" "{draw(ident)}"'
    elif kind == "module":
        head = f'module "{draw(ident)}"'
        body = f'  source = "{draw(st.sampled_from(["./m", "terraform-aws-modules/vpc/aws", "git::x"]))}"\n' + body
    elif kind == "provider":
        head = 'provider "aws"'
    elif kind == "locals":
        head = "locals"
    else:
        head = f'variable "{draw(ident)}"'
    return f"{head} {{\n{body}\n}}\n"


@settings(max_examples=EXAMPLES or 25, **FUZZ)
@given(blocks=st.lists(block(), min_size=1, max_size=4), ops=edits, damage=st.booleans())
def test_hcl_never_crashes(workdir, sarif_validator, blocks, ops, damage):
    from zt_rules import scan
    root = workdir / "hcl"
    root.mkdir(exist_ok=True)
    src = "\n".join(blocks)
    (root / "main.tf").write_text(corrupt(src, ops) if damage else src, encoding="utf-8")
    result = scan.scan([root], workdir, Config(), use_cache=False, jobs=1)
    for e in result.errors:
        assert e.file == "hcl/main.tf", e
    check_outputs(result, workdir, sarif_validator)


# --- the CLI on a corrupted corpus --------------------------------------------------------------------

def _corpus(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    sg = ('resource "aws_security_group" "s{n}" {{\n  description = "x"\n  ingress {{\n    from_port = 22\n'
          '    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }}\n}}\n')
    pol = {"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Action": ["s3:*", "iam:PassRole"],
                                                   "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}]}
    for n in range(8):
        text = sg.format(n=n)
        ops = [(rng.random(), rng.choice(TOKENS), rng.random() < 0.5) for _ in range(rng.randint(0, 3))]
        d = root / f"tf{n}"
        d.mkdir(parents=True)
        (d / "main.tf").write_text(corrupt(text, ops), encoding="utf-8")
        ptext = json.dumps(pol, indent=2)
        ops = [(rng.random(), rng.choice(TOKENS), rng.random() < 0.5) for _ in range(rng.randint(0, 3))]
        (root / f"p{n}.json").write_text(corrupt(ptext, ops), encoding="utf-8")
    (root / "tf0" / "nul.tf").write_bytes(b"resource \x00\xff")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_cli_on_a_corrupted_corpus(tmp_path, sarif_validator, fmt):
    _corpus(tmp_path, seed=20261129)
    proc = subprocess.run([*ZT, "--no-cache", "--jobs", "1", "--format", fmt, "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    doc = json.loads(proc.stdout)
    if fmt == "json":
        assert ("tf0/nul.tf", 0, "binary file: not Terraform text") in {
            (e["file"], e["line"], e["message"]) for e in doc["errors"]}
        assert not [e for e in doc["errors"] if e["message"].startswith("internal error")]
        assert proc.returncode == 2
    else:
        problems = [f"{list(e.path)}: {e.message}" for e in sarif_validator.iter_errors(doc)]
        assert not problems, problems[:3]
        notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert any(n["level"] == "error" for n in notes)
