"""The values every analyzer produces: hits, findings, notices and input errors."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter

SEVERITIES = ("LOW", "MEDIUM", "HIGH", "CRITICAL")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity.upper())


@dataclass(frozen=True)
class Hit:
    """What a rule reports before it is placed in a file.

    `unknown` set means the rule could not decide: the hit becomes a notice
    naming what was unknown. `address` names one instance of the resource
    (`x["ssm"]`) when the rule judged instances Checkov left unexpanded. `key` tells apart several hits of one rule on one
    resource (a statement Sid, `ingress[1]`) and feeds the fingerprint.
    """

    rule_id: str
    message: str
    line: int | None = None
    key: str = ""
    unknown: str | None = None
    severity: str | None = None
    fix: str | None = None
    address: str | None = None  # one instance of a for_each/count Checkov left unexpanded


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    rule_id: str
    resource: str
    message: str
    severity: str
    fix: str = ""
    end_line: int = 0
    key: str = ""
    suppressed: bool = False
    suppression: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: rule, file, resource and sub-key only."""
        raw = "\x1f".join((self.rule_id, self.file, self.resource, self.key))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def with_(self, **changes) -> "Finding":
        return replace(self, **changes)


@dataclass(frozen=True, order=True)
class Notice:
    file: str
    line: int
    rule_id: str
    resource: str
    unknown: str
    message: str = ""


@dataclass(frozen=True, order=True)
class InputError:
    file: str
    line: int
    message: str


@dataclass
class Result:
    """Everything one run found; merged across roots and files."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def extend(self, other: "Result") -> None:
        self.findings.extend(other.findings)
        self.notices.extend(other.notices)
        self.errors.extend(other.errors)

    def sort(self) -> "Result":
        self.findings = sorted_unique(self.findings)
        self.notices = sorted_unique(self.notices)
        self.errors = sorted_unique(self.errors)
        return self


def sorted_unique(items) -> list:
    """sorted(set(items)) for one of the ordered types above, in the same order
    (field by field), with one key per item instead of a tuple per comparison."""
    unique = set(items)
    if not unique:
        return []
    cls = type(next(iter(unique)))
    return sorted(unique, key=attrgetter(*(f.name for f in fields(cls))))


def place_hit(hit: Hit, *, file: str, line: int, end_line: int, resource: str,
              severity: str, fix: str) -> Finding | Notice:
    """Turn a hit into a finding (or a notice when the rule could not decide)."""
    at = hit.line or line
    resource = hit.address or resource
    if hit.unknown is not None:
        return Notice(file=file, line=at, rule_id=hit.rule_id, resource=resource,
                      unknown=hit.unknown, message=hit.message)
    return Finding(file=file, line=at, rule_id=hit.rule_id, resource=resource,
                   message=hit.message, severity=hit.severity or severity,
                   fix=hit.fix or fix, end_line=max(end_line, at), key=hit.key)


def collapse_notices(notices: list[Notice]) -> list[Notice]:
    """One notice per unknown at one place: several rules undecided for the
    same reason are named in one notice (under the first rule's id)."""
    groups: dict[tuple, list[Notice]] = {}
    for n in sorted_unique(notices):
        groups.setdefault((n.file, n.line, n.resource, n.unknown), []).append(n)
    out = []
    for group in groups.values():
        first = group[0]
        rules = sorted({n.rule_id for n in group})
        if len(rules) > 1:
            first = replace(first, message=f"{first.message} (undecided: {', '.join(rules)})")
        out.append(first)
    return out
