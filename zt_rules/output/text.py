"""Human-readable report, grouped by file (a blank line between files).

    main.tf:12  ZT_SG_002  HIGH  aws_security_group.app  ingress from 10.0.0.0/8
        fix: reference the caller's security group
    main.tf:20  ZT_SG_005  LOW  aws_security_group.db  no description
        suppressed: inline: legacy group
    main.tf:31  notice  ZT_SG_004  aws_security_group.db  could not resolve: var.cidr
    policy.json:1  error  not valid JSON

    1 finding (0 critical, 1 high, 0 medium, 0 low), 1 suppressed, 1 notice, 1 error; threshold LOW

Within a file, rows go by line; on one line findings come before notices and errors.
"""
from __future__ import annotations

from ..findings import Finding, InputError, Notice, Result
from . import SEVERITY_ORDER, RunInfo, notice_text, ordered, summary, where

COLORS = {"CRITICAL": "1;31", "HIGH": "31", "MEDIUM": "33", "LOW": "36",
          "notice": "34", "error": "1;31", "dim": "2", "bold": "1"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{COLORS[style]}m{text}\x1b[0m" if color else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _finding_lines(f: Finding, color: bool) -> list[str]:
    severity = _paint(f.severity, f.severity.upper(), color)
    head = f"{where(f.file, f.line)}  {f.rule_id}  {severity}  {f.resource}  {f.message}"
    if f.suppressed:
        return [_paint(head, "dim", color), f"    suppressed: {f.suppression}"]
    return [head, f"    fix: {f.fix}"] if f.fix else [head]


def _notice_line(n: Notice, color: bool) -> str:
    return f"{where(n.file, n.line)}  {_paint('notice', 'notice', color)}  {n.rule_id}  {n.resource}  {notice_text(n)}"


def _error_line(e: InputError, color: bool) -> str:
    return f"{where(e.file, e.line)}  {_paint('error', 'error', color)}  {e.message}"


def _closing(result: Result, threshold: str) -> str:
    s = summary(result, threshold)
    by_severity = ", ".join(f"{s[sev.lower()]} {sev.lower()}" for sev in SEVERITY_ORDER)
    return (f"{_plural(s['total'], 'finding')} ({by_severity}), {s['suppressed']} suppressed, "
            f"{_plural(s['notices'], 'notice')}, {_plural(s['errors'], 'error')}; threshold {threshold}")


def render(result: Result, info: RunInfo, *, color: bool = False) -> str:
    findings, notices, errors = ordered(result)
    # (file, line, kind, position) keeps each list's own order within a line
    rows = [((f.file, f.line, 0, i), _finding_lines(f, color)) for i, f in enumerate(findings)]
    rows += [((n.file, n.line, 1, i), [_notice_line(n, color)]) for i, n in enumerate(notices)]
    rows += [((e.file, e.line, 2, i), [_error_line(e, color)]) for i, e in enumerate(errors)]
    out: list[str] = []
    previous = None
    for (file, *_), lines in sorted(rows, key=lambda row: row[0]):
        if previous is not None and file != previous:
            out.append("")
        previous = file
        out.extend(lines)
    if out:
        out.append("")
    out.append(_paint(_closing(result, info.threshold), "bold", color))
    return "\n".join(out) + "\n"
