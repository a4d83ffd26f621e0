from __future__ import annotations

import json

import pytest

from zt_rules import baseline
from zt_rules.baseline import BaselineError
from zt_rules.findings import Finding, Notice, Result

A = Finding("main.tf", 12, "ZT_SG_002", "aws_security_group.app", "msg", "HIGH", key="ingress[0]")
B = Finding("b.tf", 3, "ZT_NET_001", "aws_subnet.a", "msg", "MEDIUM")
GONE = Finding("old.tf", 9, "ZT_SG_005", "aws_security_group.old", "msg", "LOW")


def test_write_is_sorted_and_exact(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write(path, [A, B, A])
    doc = json.loads(path.read_text())
    assert doc == {"version": 1, "tool": "zt-lint", "entries": [
        {"fingerprint": B.fingerprint, "rule_id": "ZT_NET_001", "file": "b.tf", "resource": "aws_subnet.a",
         "reason": "accepted in baseline"},
        {"fingerprint": A.fingerprint, "rule_id": "ZT_SG_002", "file": "main.tf",
         "resource": "aws_security_group.app", "reason": "accepted in baseline"},
    ]}
    first = path.read_text()
    baseline.write(path, [B, A])
    assert path.read_text() == first


def test_apply_suppresses_by_fingerprint_even_when_lines_move(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write(path, [A, GONE])
    moved = A.with_(line=40, end_line=50)
    out = baseline.apply(Result(findings=[moved, B]), path)
    assert out.findings == [moved.with_(suppressed=True, suppression="baseline"), B]
    assert out.notices == [Notice("old.tf", 0, "ZT_SG_005", "aws_security_group.old", "",
                                  f"stale baseline entry {GONE.fingerprint}: the finding is no longer reported")]


def test_apply_keeps_other_suppressions(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write(path, [A])
    inline = A.with_(suppressed=True, suppression="inline: reviewed")
    out = baseline.apply(Result(findings=[inline]), path)
    assert out.findings == [inline] and out.notices == []


@pytest.mark.parametrize("content, reason", [
    (None, "cannot read"),
    ("{not json", "not valid JSON (line 1"),
    ("[]", "not a zt-lint baseline"),
    ('{"tool": "zt-lint", "version": 2, "entries": []}', "unsupported baseline version 2"),
    ('{"tool": "zt-lint", "version": 1, "entries": {}}', '"entries" must be a list'),
    ('{"tool": "zt-lint", "version": 1, "entries": [{"fingerprint": 1}]}', "entries[0] needs text fields"),
])
def test_invalid_baseline(tmp_path, content, reason):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError) as info:
        baseline.apply(Result(), path)
    assert info.value.file == str(path)
    assert info.value.reason.startswith(reason)
    assert str(info.value).startswith(f"{path}: ")
