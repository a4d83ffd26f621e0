"""Run zt-lint on the examples of a local copy of a public Terraform module
(e.g. terraform-aws-modules/terraform-aws-vpc) and print every finding and
notice, for triage as true or false positives. Nothing is committed from
the copy; pass its path:

    python scripts/run_public_modules.py /tmp/pub/vpc [/tmp/pub/sg ...]
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path


def run(example: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "zt_rules", "--no-cache", "--format", "json", str(example)],
                          capture_output=True, text=True, cwd=example, timeout=900)
    return json.loads(proc.stdout) if proc.stdout.strip() else {"findings": [], "notices": [],
                                                               "errors": [{"file": "-", "line": 0, "message": proc.stderr[-500:]}]}


def main(argv: list[str]) -> int:
    totals = Counter()
    for repo in map(Path, argv):
        for example in sorted(p for p in (repo / "examples").iterdir() if p.is_dir()):
            doc = run(example)
            print(f"== {repo.name}/examples/{example.name}: {len(doc['findings'])} findings, "
                  f"{len(doc['notices'])} notices, {len(doc['errors'])} errors")
            for f in doc["findings"]:
                totals[f["rule_id"]] += 1
                print(f"  {f['rule_id']}  {f['file']}:{f['line']}  {f['resource']}  {f['message'][:160]}")
            for n in doc["notices"]:
                print(f"  notice {n['rule_id']}  {n['file']}:{n['line']}  {n['resource']}  unknown: {n['unknown'][:100]}")
            for e in doc["errors"]:
                print(f"  error  {e['file']}:{e['line']}  {e['message'][:200]}")
    print("== totals by rule:", dict(sorted(totals.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
