"""The mutation table (tests/mutations.py) covers every active rule and only active rules,
and is well-formed: these checks read text only (no scan), so they are fast."""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from conftest import ROOT
from mutations import JSON, MUTATIONS, TF
from zt_rules import catalog

ACTIVE = {r.id for r in catalog.active()}


@pytest.mark.parametrize("rule", sorted(ACTIVE))
def test_every_active_rule_has_a_mutation(rule):
    assert any(rule in m.rules and any(r == rule for r, _ in m.expected) for m in MUTATIONS), \
        f"{rule} is active but no mutation in tests/mutations.py proves it fires on a baseline"


def test_mutations_name_only_active_rules():
    named = {r for m in MUTATIONS for r in m.rules} | {r for m in MUTATIONS for r, _ in m.expected}
    assert not named - ACTIVE, f"rules that are not active in the catalog: {sorted(named - ACTIVE)}"


def test_mutation_table_is_well_formed():
    ids = Counter(m.id for m in MUTATIONS)
    assert not [i for i, n in ids.items() if n > 1], "duplicate mutation ids"
    for m in MUTATIONS:
        assert m.target in (TF, JSON), m.id
        assert m.rules, m.id
        # a mutation expects findings of the rules it is for, or none at all (a negative case:
        # the edit is one the rule must accept)
        assert not m.expected or set(m.rules) <= {r for r, _ in m.expected}, \
            f"{m.id}: expects none of the findings of {m.rules}"
        assert m.batch is None or m.target == TF, f"{m.id}: only Terraform mutations are batched"
        for file, old, new in m.edits():
            assert old and old != new, m.id
            text = (ROOT / m.target / file).read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{m.id}: text to replace occurs {text.count(old)} times in {file}"


def test_batches_are_disjoint_and_apply_together():
    batches = defaultdict(list)
    for m in MUTATIONS:
        if m.batch is not None:
            batches[m.batch].append(m)
    for number, members in batches.items():
        seen: dict = {}
        for m in members:
            for pair in m.expected:
                assert pair not in seen, f"batch {number}: {m.id} and {seen[pair]} both expect {pair}"
                seen[pair] = m.id
        texts: dict = {}
        for m in members:
            for file, old, new in m.edits():
                text = texts.setdefault(file, (ROOT / TF / file).read_text(encoding="utf-8"))
                assert text.count(old) == 1, f"batch {number}: {m.id} does not apply after the others"
                texts[file] = text.replace(old, new)
