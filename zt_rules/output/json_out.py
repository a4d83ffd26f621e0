"""Machine-readable report: tool, findings, notices, errors and summary (indent 2, keys sorted)."""
from __future__ import annotations

import json

from ..findings import Result
from . import RunInfo, end_line, ordered, summary


def document(result: Result, info: RunInfo) -> dict:
    findings, notices, errors = ordered(result)
    return {
        "tool": {"name": "zt-lint", "version": info.version, "database": info.db_version},
        "findings": [{"rule_id": f.rule_id, "severity": f.severity, "file": f.file, "line": f.line,
                      "end_line": end_line(f), "resource": f.resource, "message": f.message,
                      "fix": f.fix, "fingerprint": f.fingerprint, "suppressed": f.suppressed}
                     for f in findings],
        "notices": [{"rule_id": n.rule_id, "file": n.file, "line": n.line, "resource": n.resource,
                     "unknown": n.unknown, "message": n.message} for n in notices],
        "errors": [{"file": e.file, "line": e.line, "message": e.message} for e in errors],
        "summary": summary(result, info.threshold),
    }


def render(result: Result, info: RunInfo) -> str:
    return json.dumps(document(result, info), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
