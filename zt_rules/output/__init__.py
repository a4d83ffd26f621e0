"""Render a Result in one of the output formats: text, json, sarif, junit, github.

Every format is deterministic (same Result and RunInfo give the same bytes, no
timestamps) and lists findings sorted by (file, line, rule). The helpers here
are the one place for what the formats share: order, severity → level, the
summary counts, the notice wording and path handling.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..findings import SEVERITIES, Finding, InputError, Notice, Result, sorted_unique

FORMATS = ("text", "json", "sarif", "junit", "github")

# The project's home page for SARIF `tool.driver.informationUri`; emitted only when set.
INFORMATION_URI = ""

# Severity → SARIF level; GitHub's workflow commands use the same words except "notice".
LEVELS = {"CRITICAL": "error", "HIGH": "error", "MEDIUM": "warning", "LOW": "note"}

# Highest first, for summaries.
SEVERITY_ORDER = tuple(reversed(SEVERITIES))


@dataclass(frozen=True)
class RunInfo:
    version: str
    db_version: str
    threshold: str
    root: str


def level(severity: str) -> str:
    return LEVELS[severity.upper()]


def end_line(finding: Finding) -> int:
    return max(finding.end_line, finding.line)


def where(file: str, line: int) -> str:
    """`file:line`, or just the file for file-level items (line 0)."""
    return f"{file}:{line}" if line else file


def message_with_fix(finding: Finding) -> str:
    return f"{finding.message}\nfix: {finding.fix}" if finding.fix else finding.message


def ordered(result: Result) -> tuple[list[Finding], list[Notice], list[InputError]]:
    """Findings, notices and errors without duplicates, each sorted (file, line, rule...)."""
    return sorted_unique(result.findings), sorted_unique(result.notices), sorted_unique(result.errors)


def notice_text(notice: Notice, *, resource: bool = False) -> str:
    """`could not resolve: <unknown>`, then the notice's message (just the message when nothing
    was unknown); prefixed by `<resource>: ` when asked and known."""
    parts = [f"could not resolve: {notice.unknown}"] if notice.unknown else []
    if notice.message:
        parts.append(notice.message)
    text = "; ".join(parts)
    return f"{notice.resource}: {text}" if resource and notice.resource else text


def summary(result: Result, threshold: str) -> dict:
    """Counts of active (unsuppressed) findings by severity, then totals."""
    findings = set(result.findings)
    active = [f for f in findings if not f.suppressed]
    counts = {sev.lower(): sum(1 for f in active if f.severity.upper() == sev) for sev in SEVERITY_ORDER}
    return {**counts, "total": len(active), "suppressed": len(findings) - len(active),
            "notices": len(set(result.notices)), "errors": len(set(result.errors)),
            "threshold": threshold}


def rel_posix(file: str, root: str) -> str:
    """`file` as a posix path relative to `root` when it lies under it; else unchanged."""
    if os.path.isabs(file) and root:
        base = os.path.abspath(root)
        try:
            inside = os.path.commonpath([base, os.path.abspath(file)]) == base
        except ValueError:  # another drive on Windows
            inside = False
        if inside:
            file = os.path.relpath(file, base)
    if os.sep != "/":
        file = file.replace(os.sep, "/")
    return file or "."


def render(fmt: str, result: Result, info: RunInfo, *, color: bool = False) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    import importlib
    module = importlib.import_module(f"{__name__}.{'json_out' if fmt == 'json' else fmt}")   # only the one used
    return module.render(result, info, color=color) if fmt == "text" else module.render(result, info)
