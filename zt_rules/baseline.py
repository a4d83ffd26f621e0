"""Baselines: a reviewed snapshot of accepted findings, matched by fingerprint.

    {"version": 1, "tool": "zt-lint",
     "entries": [{"fingerprint", "rule_id", "file", "resource", "reason"}]}

Entries are sorted (file, rule_id, resource, fingerprint). Fingerprints do not
change when lines move, so a baseline survives edits elsewhere in a file. Entries
that match no finding any more are reported as notices (stale), not dropped.
"""
from __future__ import annotations

import json
from pathlib import Path

from .findings import Finding, Notice, Result

VERSION = 1
REASON = "accepted in baseline"
SUPPRESSION = "baseline"
_KEYS = ("fingerprint", "rule_id", "file", "resource")


class BaselineError(Exception):
    """A baseline that cannot be used; names the file and the reason."""

    def __init__(self, file: str | Path, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file, self.reason = str(file), reason


def write(path: str | Path, findings: list[Finding]) -> None:
    """Write every given finding as an entry (the caller picks which, usually the unsuppressed)."""
    entries = {f.fingerprint: {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "file": f.file,
                               "resource": f.resource, "reason": REASON} for f in findings}
    ordered = sorted(entries.values(),
                     key=lambda e: (e["file"], e["rule_id"], e["resource"], e["fingerprint"]))
    doc = {"version": VERSION, "tool": "zt-lint", "entries": ordered}
    Path(path).write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read(path: str | Path) -> list[dict]:
    """The entries of a baseline file (raises BaselineError)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(path, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BaselineError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(path, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("tool") != "zt-lint":
        raise BaselineError(path, 'not a zt-lint baseline (expected an object with "tool": "zt-lint")')
    if doc.get("version") != VERSION:
        raise BaselineError(path, f"unsupported baseline version {doc.get('version')!r} (expected {VERSION})")
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(path, '"entries" must be a list')
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in _KEYS):
            raise BaselineError(path, f"entries[{i}] needs text fields {', '.join(_KEYS)}")
    return entries


def apply(result: Result, path: str | Path) -> Result:
    """A new Result: findings in the baseline suppressed ("baseline"), a notice per stale entry."""
    entries = read(path)
    accepted = {e["fingerprint"] for e in entries}
    findings = [f.with_(suppressed=True, suppression=SUPPRESSION)
                if f.fingerprint in accepted and not f.suppressed else f for f in result.findings]
    found = {f.fingerprint for f in result.findings}
    stale = sorted({Notice(e["file"], 0, e["rule_id"], e["resource"], "",
                           f"stale baseline entry {e['fingerprint']}: the finding is no longer reported")
                    for e in entries if e["fingerprint"] not in found})
    return Result(findings, list(result.notices) + stale, list(result.errors))
