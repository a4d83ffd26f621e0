from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zt_rules.config import Config, Suppression
from zt_rules.findings import Finding, Notice, Result
from zt_rules.suppress import apply, covered_lines, glob_match, parse_comments, problem, suppression_kind

TODAY = date(2026, 6, 1)

MAIN_TF = """\
# zt-lint: ignore=ZT_SG_002 reason="peering with the legacy VPC" until=2027-03-31
resource "aws_security_group" "app" {
  description = "app"
  ingress {
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "db" {
  ingress {
    cidr_blocks = ["10.0.0.0/8"] # zt-lint: ignore=ZT_SG_002, zt_sg_005 reason="vendor link"
  }
}

resource "aws_security_group" "noreason" {
  # zt-lint: ignore=ZT_SG_002
  ingress {
    cidr_blocks = ["10.0.0.0/8"]
  }
}

// zt-lint: ignore=ZT_SG_002 reason="old" until=2026-05-31
resource "aws_security_group" "expired" {
}

// zt-lint: ignore=ZT_SG_002 reason="until today" until=2026-06-01
resource "aws_security_group" "today" {
}

# zt-lint: ignore=ZT_SG_002 reason="bad date" until=2026-02-30
resource "aws_security_group" "baddate" {
}

# zt-lint: ignore=ZT_SG_002 reason="detached by a blank line"

resource "aws_security_group" "detached" {
}
"""
LINES = MAIN_TF.splitlines()


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(LINES, 1) if text in line)


def finding(resource: str, rule: str = "ZT_SG_002", *, file: str = "main.tf", line: int | None = None,
            end: int | None = None, **kw) -> Finding:
    start = line_of(f'"{resource}"')
    if line is None:
        line = start
    if end is None:
        end = next(i for i in range(start, len(LINES) + 1) if LINES[i - 1] == "}")
    return Finding(file, line, rule, f"aws_security_group.{resource}", "msg", "HIGH", end_line=end, **kw)


def run(*findings: Finding, config: Config = Config(), files: dict | None = None) -> Result:
    files = {"main.tf": LINES} if files is None else files
    return apply(Result(findings=list(findings)), config, Path("/repo"), today=TODAY,
                 sources=lambda f: files.get(f))


def test_comment_above_block_suppresses_nested_finding():
    out = run(finding("app", line=line_of("ingress {")))
    assert out.findings[0].suppressed
    assert out.findings[0].suppression == "inline: peering with the legacy VPC"
    assert out.notices == []


def test_comment_inside_block_with_several_ids():
    out = run(finding("db"), finding("db", "ZT_SG_005"))
    assert [f.suppression for f in out.findings] == ["inline: vendor link", "inline: vendor link"]


def test_other_rule_id_not_suppressed():
    out = run(finding("app", "ZT_SG_006"), finding("db", "ZT_SG_006"))
    assert not any(f.suppressed for f in out.findings) and out.notices == []


def test_comment_covers_its_block_and_the_comments_directly_above():
    assert covered_lines(LINES, line_of("ingress {"), 7) == (1, 7)      # app: comment line 1 included
    assert covered_lines(LINES, line_of('"db"') + 1, 13) == (9, 13)     # db: the blank line 8 stops
    out = run(finding("detached"))                                     # comment, blank line, block
    assert not out.findings[0].suppressed and out.notices == []


def test_search_for_the_block_stops_at_a_closing_brace():
    lines = ["resource \"a\" \"b\" {", "}", "locals {", "  x = 1", "}"]
    assert covered_lines(lines, 4, 4) == (4, 4)


def test_without_reason_is_a_notice():
    out = run(finding("noreason"))
    assert not out.findings[0].suppressed
    assert out.notices == [Notice("main.tf", LINES.index("  # zt-lint: ignore=ZT_SG_002") + 1, "ZT_SG_002",
                                  "aws_security_group.noreason", "", "suppression without reason")]


def test_expired_is_a_notice_and_today_still_suppresses():
    out = run(finding("expired"), finding("today"))
    expired, today = out.findings
    assert not expired.suppressed and today.suppressed
    assert out.notices == [Notice("main.tf", line_of('reason="old"'), "ZT_SG_002", "aws_security_group.expired",
                                  "", "suppression expired on 2026-05-31")]


def test_malformed_date_is_a_notice():
    out = run(finding("baddate"))
    assert not out.findings[0].suppressed
    assert out.notices[0].message == "suppression has a malformed until date: 2026-02-30"


def test_notices_are_not_repeated_for_several_findings():
    out = run(finding("noreason"), finding("noreason", key="ingress[1]"))
    assert len(out.notices) == 1


def test_only_terraform_files_and_readable_sources():
    json_finding = Finding("policy.json", 1, "ZT_SG_002", "policy.json", "msg", "HIGH")
    out = run(json_finding, finding("app", file="gone.tf"),
              files={"policy.json": ['{"a": 1} # zt-lint: ignore=ZT_SG_002 reason="x"']})
    assert not any(f.suppressed for f in out.findings)


def test_already_suppressed_is_kept():
    f = finding("noreason", suppressed=True, suppression="checkov: handled")
    out = run(f)
    assert out.findings == [f] and out.notices == []


def test_existing_notices_and_errors_are_kept():
    notice = Notice("x.tf", 1, "ZT_NET_001", "aws_subnet.a", "var.tags")
    result = Result(findings=[finding("noreason")], notices=[notice])
    out = apply(result, Config(), Path("/repo"), today=TODAY, sources=lambda f: LINES)
    assert out.notices[0] == notice and len(out.notices) == 2
    assert result.findings[0].suppressed is False  # input not mutated


def test_reads_files_under_root_by_default(tmp_path):
    (tmp_path / "main.tf").write_text(MAIN_TF)
    out = apply(Result(findings=[finding("app")]), Config(), tmp_path, today=TODAY)
    assert out.findings[0].suppressed


# --- config ignore entries ---

POLICY = Finding("policies/admin.json", 4, "ZT_IAM_004", "policies/admin.json", "msg", "HIGH", key="Sid:Admin")


def config(**kw) -> Config:
    base = {"rule": "ZT_IAM_004", "path": "policies/*.json", "reason": "break-glass role"}
    return Config(ignore=(Suppression(**{**base, **kw}),), source="/repo/.zt-lint.yaml")


@pytest.mark.parametrize("kw, suppressed", [
    ({}, True),
    ({"sid": "Admin"}, True),
    ({"sid": "Other"}, False),
    ({"path": "**/*.json"}, True),
    ({"path": "admin.json"}, True),   # no slash: may match the file name
    ({"path": "other/*.json"}, False),
    ({"rule": "ZT_IAM_005"}, False),
    ({"until": "2026-06-01"}, True),
])
def test_config_ignore(kw, suppressed):
    out = run(POLICY, config=config(**kw), files={})
    assert out.findings[0].suppressed is suppressed
    if suppressed:
        assert out.findings[0].suppression == "config: break-glass role"
    assert out.notices == []


def test_config_ignore_expired_is_a_notice():
    out = run(POLICY, config=config(until="2025-12-31"), files={})
    assert not out.findings[0].suppressed
    assert out.notices == [Notice("policies/admin.json", 4, "ZT_IAM_004", "policies/admin.json", "",
                                  "suppression expired on 2025-12-31 (ignore entry for policies/*.json in .zt-lint.yaml)")]


def test_config_ignore_with_absolute_finding_path():
    out = run(POLICY.with_(file="/repo/policies/admin.json"), config=config(), files={})
    assert out.findings[0].suppressed


def test_inline_wins_over_config():
    out = run(finding("app"), config=Config(ignore=(Suppression("ZT_SG_002", "*.tf", "cfg"),)))
    assert out.findings[0].suppression == "inline: peering with the legacy VPC"


# --- pieces ---

def test_parse_comments():
    [c] = parse_comments(['  # zt-lint: ignore=ZT_A_001,ZT_B_002 until=2027-01-01 reason="a, b" '])
    assert (c.line, c.ids, c.reason, c.until) == (1, ("ZT_A_001", "ZT_B_002"), "a, b", "2027-01-01")
    assert parse_comments(['description = "no comment here"']) == []


def test_problem():
    assert problem("ok", None, TODAY) is None
    assert problem("  ", None, TODAY) == "suppression without reason"
    assert problem("ok", "20270101", TODAY) == "suppression has a malformed until date: 20270101"


def test_glob_match():
    assert glob_match("modules/**", "modules/a/b.tf")
    assert glob_match("**/scp*/**", "org/scps/deny.json")
    assert glob_match("*.json", "deep/dir/x.json")
    assert not glob_match("policies/*.json", "policies/sub/x.json")


def test_suppression_kind():
    assert suppression_kind("inline: a: b") == ("inSource", "a: b")
    assert suppression_kind("checkov: x") == ("inSource", "x")
    assert suppression_kind("config: y") == ("external", "y")
    assert suppression_kind("baseline") == ("external", "baseline")
