"""JUnit XML: one <testsuite> per file (files in path order), so CI test views group by file.

Each finding is a testcase (classname = rule id, name = resource) that fails
(`<failure>`: message, fix and location); a suppressed finding is `<skipped>`
with its justification; a notice is `<skipped>` too (the check could not be
decided); an input error is a testcase `classname="zt-lint" name="input"` with
`<error>`. Only files with something to report appear.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..findings import Result
from . import RunInfo, message_with_fix, notice_text, ordered, where

# Characters XML 1.0 cannot carry.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _case(suite: ET.Element, classname: str, name: str, line: int) -> ET.Element:
    case = ET.SubElement(suite, "testcase", classname=_clean(classname), name=_clean(name))
    case.set("file", suite.get("name", ""))
    if line:
        case.set("line", str(line))
    return case


def _child(case: ET.Element, tag: str, message: str, kind: str = "", body: str = "") -> None:
    el = ET.SubElement(case, tag, message=_clean(message))
    if kind:
        el.set("type", kind)
    if body:
        el.text = _clean(body)


def render(result: Result, info: RunInfo) -> str:
    findings, notices, errors = ordered(result)
    cases: dict[str, list] = defaultdict(list)  # file → [(line, kind: 0 finding, 1 notice, 2 error, item)]
    for f in findings:
        cases[f.file].append((f.line, 0, f))
    for n in notices:
        cases[n.file].append((n.line, 1, n))
    for e in errors:
        cases[e.file].append((e.line, 2, e))

    root = ET.Element("testsuites", name="zt-lint")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for file in sorted(cases):
        suite = ET.SubElement(root, "testsuite", name=_clean(file))
        counts = dict.fromkeys(totals, 0)
        for line, order, item in sorted(cases[file], key=lambda c: c[:2]):
            counts["tests"] += 1
            if order == 0:
                case = _case(suite, item.rule_id, item.resource, line)
                if item.suppressed:
                    counts["skipped"] += 1
                    _child(case, "skipped", f"suppressed: {item.suppression}")
                else:
                    counts["failures"] += 1
                    body = f"{message_with_fix(item)}\n{where(item.file, line)}"
                    _child(case, "failure", item.message, item.severity, body)
            elif order == 1:
                counts["skipped"] += 1
                case = _case(suite, item.rule_id, item.resource, line)
                _child(case, "skipped", f"notice: {notice_text(item)}")
            else:
                counts["errors"] += 1
                _child(_case(suite, "zt-lint", "input", line), "error", item.message, "InputError")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
