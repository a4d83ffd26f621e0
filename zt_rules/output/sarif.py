"""SARIF 2.1.0 for GitHub code scanning and other viewers: one run.

`results` hold findings only (suppressed ones carry `suppressions`); notices and
input errors go to `invocations[0].toolExecutionNotifications` (levels `note`
and `error`). `tool.driver.rules` lists every active catalog rule, then any other
rule a finding or notice names, in catalog order. Paths are relative to
`%SRCROOT%` (the run's root) when they lie under it, else absolute file URIs.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import catalog
from ..findings import Finding, Result
from ..suppress import suppression_kind
from . import INFORMATION_URI, RunInfo, end_line, level, message_with_fix, notice_text, ordered, rel_posix

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "ztLint/v1"
# GitHub code scanning ranks security alerts by this number (as text).
SECURITY_SEVERITY = {"CRITICAL": "9.5", "HIGH": "8.0", "MEDIUM": "5.5", "LOW": "3.0"}


def _rule_ids(findings, notices) -> list[str]:
    rules = catalog.load()
    used = {f.rule_id for f in findings} | {n.rule_id for n in notices}
    known = [rid for rid, rule in rules.items() if rule.active or rid in used]
    return known + sorted(used - set(rules))


def _descriptor(rule_id: str) -> dict:
    rule = catalog.load().get(rule_id)
    if rule is None:
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": rule_id}}
    fix = rule.fix.strip()
    help_text = fix or rule.rationale.strip() or rule.title.strip()
    markdown = f"**Fix:** {fix}" if fix else help_text
    if rule.example_fixed.strip():
        markdown += f"\n\n```hcl\n{rule.example_fixed.strip()}\n```"
    markdown += f"\n\nSee `docs/rules/{rule.id}.md`."
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title.strip()},
        "fullDescription": {"text": rule.rationale.strip()},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "tags": ["security", "zero-trust", rule.area.lower()],
            "security-severity": SECURITY_SEVERITY[rule.severity.upper()],
            "docs": f"docs/rules/{rule.id}.md",
            "scope": rule.scope,
        },
    }


def _artifact(file: str, root: str) -> dict:
    path = rel_posix(file, root)
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _location(file: str, line: int, last: int, root: str, resource: str = "") -> dict:
    physical: dict = {"artifactLocation": _artifact(file, root)}
    if line > 0:
        physical["region"] = {"startLine": line, "endLine": max(last, line)}
    location: dict = {"physicalLocation": physical}
    if resource:
        location["logicalLocations"] = [{"fullyQualifiedName": resource, "kind": "resource"}]
    return location


def _result(f: Finding, index: int, root: str) -> dict:
    out = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": message_with_fix(f)},
        "locations": [_location(f.file, f.line, end_line(f), root, f.resource)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
    }
    if f.suppressed:
        kind, justification = suppression_kind(f.suppression)
        out["suppressions"] = [{"kind": kind, "justification": justification}]
    return out


def _root_uri(root: str) -> str:
    uri = Path(os.path.abspath(root or ".")).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def document(result: Result, info: RunInfo) -> dict:
    findings, notices, errors = ordered(result)
    ids = _rule_ids(findings, notices)
    index = {rid: i for i, rid in enumerate(ids)}
    driver = {"name": "zt-lint", "version": info.version, "semanticVersion": info.version,
              "rules": [_descriptor(rid) for rid in ids],
              "properties": {"database": info.db_version}}
    if INFORMATION_URI:
        driver["informationUri"] = INFORMATION_URI
    notifications = [
        {"level": "note", "message": {"text": notice_text(n, resource=True)},
         "locations": [_location(n.file, n.line, n.line, info.root, n.resource)],
         "associatedRule": {"id": n.rule_id, "index": index[n.rule_id]}}
        for n in notices
    ] + [
        {"level": "error", "message": {"text": e.message},
         "locations": [_location(e.file, e.line, e.line, info.root)]}
        for e in errors
    ]
    invocation: dict = {"executionSuccessful": not errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(info.root)}},
        "invocations": [invocation],
        "results": [_result(f, index[f.rule_id], info.root) for f in findings],
        "properties": {"threshold": info.threshold},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: Result, info: RunInfo) -> str:
    return json.dumps(document(result, info), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
