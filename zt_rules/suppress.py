"""Suppressions: `# zt-lint: ignore=` comments in Terraform, and the config's `ignore` entries.

Inline comment (`#` or `//`, alone on a line or trailing code):

    # zt-lint: ignore=ZT_SG_002,ZT_SG_005 reason="legacy peering, ticket NET-12" until=2027-03-31

Which findings a comment covers (exact rule): the finding is in a `.tf` file; the
comment names the finding's rule id (case-insensitive); and the comment's line
lies between `first` and `last`, where
- `start` is the nearest line at or above `finding.line` that opens a block
  (`resource`, `data`, `module` or `provider` followed by a quoted label); the
  search stops at a `}` in column 0 (the end of an earlier top-level block), and
  without a block `start` is `finding.line`;
- `first` is `start` moved up over the run of comment lines directly above it
  (no blank line in between);
- `last` is `max(finding.end_line, finding.line)`.
So a comment anywhere in the resource, or just above it, covers every finding of
that rule in the resource.

A comment or entry suppresses only when it has a non-empty `reason` and its
`until` (YYYY-MM-DD, inclusive) is today or later. Otherwise it suppresses
nothing and yields a notice (the target's rule id and resource; for a comment,
at the comment's line): "suppression without reason", "suppression expired on
<date>" or "suppression has a malformed until date: <text>". Notices come only
from comments or entries that would have covered a finding.

`Finding.suppression` records where a suppression came from: `inline: <reason>`,
`config: <reason>`, `baseline` (see baseline.py); the Checkov engine uses
`checkov: <reason>` for `# checkov:skip=`. `suppression_kind` maps that to SARIF.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from .config import Config, Suppression
from .findings import Finding, Notice, Result
from .output import rel_posix

IN_SOURCE = ("inline", "checkov")

_COMMENT = re.compile(r"(?:#|//)\s*zt-lint:\s*ignore\s*=\s*"
                      r"(?P<ids>[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)(?P<rest>.*)$")
_ARG = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|(\S+))')
_BLOCK = re.compile(r'\s*(?:resource|data|module|provider)\s+"')
_COMMENT_LINE = re.compile(r"\s*(?:#|//)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
class Comment:
    line: int
    ids: tuple[str, ...]
    reason: str
    until: str | None


def label(source: str, reason: str) -> str:
    return f"{source}: {reason}"


def suppression_kind(text: str) -> tuple[str, str]:
    """SARIF suppression kind and justification for a `Finding.suppression` text."""
    source, sep, reason = text.partition(": ")
    if sep and source in IN_SOURCE:
        return "inSource", reason
    if sep and source == "config":
        return "external", reason
    return "external", text


def parse_comments(lines: list[str]) -> list[Comment]:
    comments = []
    for number, text in enumerate(lines, start=1):
        m = _COMMENT.search(text)
        if not m:
            continue
        args = {a.group(1).lower(): a.group(2) if a.group(2) is not None else a.group(3)
                for a in _ARG.finditer(m.group("rest"))}
        ids = tuple(i.strip().upper() for i in m.group("ids").split(","))
        comments.append(Comment(number, ids, args.get("reason", "").strip(), args.get("until")))
    return comments


def covered_lines(lines: list[str], line: int, end_line: int) -> tuple[int, int]:
    """The (first, last) lines whose comments cover a finding at `line` (see module doc)."""
    start = line
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        if _BLOCK.match(text):
            start = number
            break
        if text.startswith("}") and number != line:
            break
    first = start
    while first > 1 and first - 1 <= len(lines) and _COMMENT_LINE.match(lines[first - 2]):
        first -= 1
    return first, max(end_line, line)


def problem(reason: str, until: str | None, today: date) -> str | None:
    """Why a suppression does not apply, or None when it does."""
    if not reason.strip():
        return "suppression without reason"
    if until is None:
        return None
    try:
        if not _DATE.match(until):
            raise ValueError
        expires = date.fromisoformat(until)
    except ValueError:
        return f"suppression has a malformed until date: {until}"
    return f"suppression expired on {until}" if expires < today else None


def glob_match(pattern: str, path: str) -> bool:
    """`*` and `?` stay within a directory, `**/` spans any; a pattern without `/` may match the file name."""
    pattern, path = pattern.removeprefix("./"), path.removeprefix("./")
    regex, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex, i = regex + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            regex, i = regex + ".*", i + 2
        else:
            regex += {"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i]))
            i += 1
    rx = re.compile(regex + r"\Z")
    return bool(rx.match(path) or ("/" not in pattern and rx.match(path.rsplit("/", 1)[-1])))


def _file_reader(root: Path) -> Callable[[str], list[str] | None]:
    def read(file: str) -> list[str] | None:
        try:
            return (root / file).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return None
    return read


class _Suppressor:
    def __init__(self, config: Config, root: Path, today: date, sources):
        self.config, self.root, self.today = config, root, today
        self.read = sources or _file_reader(root)
        self.files: dict[str, tuple[list[str], list[Comment]] | None] = {}
        self.notices: set[Notice] = set()

    def _source(self, file: str):
        if file not in self.files:
            lines = self.read(file) if file.endswith(".tf") else None
            self.files[file] = (lines, parse_comments(lines)) if lines else None
        return self.files[file]

    def inline(self, f: Finding) -> str | None:
        source = self._source(f.file)
        if source is None:
            return None
        lines, comments = source
        first, last = covered_lines(lines, f.line, f.end_line)
        reason = None
        for c in comments:
            if first <= c.line <= last and f.rule_id.upper() in c.ids:
                why = problem(c.reason, c.until, self.today)
                if why:
                    self.notices.add(Notice(f.file, c.line, f.rule_id, f.resource, "", why))
                elif reason is None:
                    reason = c.reason
        return reason

    def external(self, f: Finding) -> str | None:
        path = rel_posix(f.file, str(self.root))
        where = Path(self.config.source).name if self.config.source else "the config"
        reason = None
        for s in self.config.ignore:
            if not self._matches(s, f, path):
                continue
            why = problem(s.reason, s.until, self.today)
            if why:
                self.notices.add(Notice(f.file, f.line, f.rule_id, f.resource, "",
                                        f"{why} (ignore entry for {s.path} in {where})"))
            elif reason is None:
                reason = s.reason
        return reason

    @staticmethod
    def _matches(s: Suppression, f: Finding, path: str) -> bool:
        return (s.rule.upper() == f.rule_id.upper() and glob_match(s.path, path)
                and (s.sid is None or f.key == f"Sid:{s.sid}"))


def apply(result: Result, config: Config, root: Path, *, today: date,
          sources: Callable[[str], list[str] | None] | None = None) -> Result:
    """A new Result: findings covered by a valid comment or ignore entry marked suppressed,
    and notices for the suppressions that could not apply. `sources(file)` gives a file's
    lines (default: read `root / file`)."""
    s = _Suppressor(config, Path(root), today, sources)
    findings = []
    for f in result.findings:
        if not f.suppressed:
            reason = s.inline(f)
            if reason is not None:
                f = f.with_(suppressed=True, suppression=label("inline", reason))
            else:
                reason = s.external(f)
                if reason is not None:
                    f = f.with_(suppressed=True, suppression=label("config", reason))
        findings.append(f)
    return Result(findings, list(result.notices) + sorted(s.notices), list(result.errors))
