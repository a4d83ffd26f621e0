"""GitHub Actions workflow commands: one annotation per active finding, notice and input error.

    ::error file=main.tf,line=12,endLine=14,title=ZT_SG_002::message%0Afix: ...

Level from the severity (CRITICAL/HIGH error, MEDIUM warning, LOW notice);
notices are `::notice` titled `<rule> (undecided)`, input errors `::error`
titled `zt-lint input error`. Suppressed findings are not annotated.
"""
from __future__ import annotations

from ..findings import Result
from . import RunInfo, end_line, level, message_with_fix, notice_text, ordered, rel_posix


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, file: str, line: int, last: int, title: str, message: str, root: str) -> str:
    props = [f"file={escape_property(rel_posix(file, root))}"]
    if line:
        props += [f"line={line}", f"endLine={max(last, line)}"]
    props.append(f"title={escape_property(title)}")
    return f"::{kind} {','.join(props)}::{escape_data(message)}"


def render(result: Result, info: RunInfo) -> str:
    findings, notices, errors = ordered(result)
    commands = []
    for f in findings:
        if not f.suppressed:
            kind = "notice" if level(f.severity) == "note" else level(f.severity)
            commands.append(_command(kind, f.file, f.line, end_line(f), f.rule_id, message_with_fix(f),
                                     info.root))
    for n in notices:
        commands.append(_command("notice", n.file, n.line, n.line, f"{n.rule_id} (undecided)",
                                 notice_text(n, resource=True), info.root))
    for e in errors:
        commands.append(_command("error", e.file, e.line, e.line, "zt-lint input error", e.message,
                                 info.root))
    return "".join(c + "\n" for c in commands)
