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

from ..findings import Result
from . import RunInfo, SEVERITY_ORDER, ordered, notice_text, summary

COLORS = {"CRITICAL": "1;31", "HIGH": "31", "MEDIUM": "33", "LOW": "36",
          "notice": "34", "error": "1;31", "dim": "2", "bold": "1"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{COLORS[style]}m{text}\x1b[0m" if color else text


def _where(file: str, line: int) -> str:
    return f"{file}:{line}" if line else file


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render(result: Result, info: RunInfo, *, color: bool = False) -> str:
    findings, notices, errors = ordered(result)
    rows: list[tuple[str, int, int, int, list[str]]] = []
    for seq, f in enumerate(findings):
        head = f"{_where(f.file, f.line)}  {f.rule_id}  {_paint(f.severity, f.severity.upper(), color)}  {f.resource}  {f.message}"
        tail = f"    suppressed: {f.suppression}" if f.suppressed else (f"    fix: {f.fix}" if f.fix else "")
        lines = [_paint(head, "dim", color) if f.suppressed else head] + ([tail] if tail else [])
        rows.append((f.file, f.line, 0, seq, lines))
    for seq, n in enumerate(notices):
        rows.append((n.file, n.line, 1, seq, [
            f"{_where(n.file, n.line)}  {_paint('notice', 'notice', color)}  {n.rule_id}  {n.resource}  {notice_text(n)}"]))
    for seq, e in enumerate(errors):
        rows.append((e.file, e.line, 2, seq, [f"{_where(e.file, e.line)}  {_paint('error', 'error', color)}  {e.message}"]))

    out: list[str] = []
    previous = None
    for file, *_, lines in sorted(rows, key=lambda r: r[:4]):
        if previous is not None and file != previous:
            out.append("")
        previous = file
        out.extend(lines)

    s = summary(result, info.threshold)
    by_severity = ", ".join(f"{s[sev.lower()]} {sev.lower()}" for sev in SEVERITY_ORDER)
    closing = (f"{_plural(s['total'], 'finding')} ({by_severity}), {s['suppressed']} suppressed, "
               f"{_plural(s['notices'], 'notice')}, {_plural(s['errors'], 'error')}; threshold {info.threshold}")
    if out:
        out.append("")
    out.append(_paint(closing, "bold", color))
    return "\n".join(out) + "\n"
