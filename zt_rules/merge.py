"""`zt-lint merge FILE...`: join the JSON or SARIF reports of sharded runs."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _key(item: dict) -> str:
    return json.dumps(item, sort_keys=True)


def _union(lists) -> list:
    seen = {}
    for items in lists:
        for item in items:
            seen.setdefault(_key(item), item)
    return list(seen.values())


def merge_json(docs: list[dict]) -> dict:
    from zt_rules.findings import SEVERITIES
    out = dict(docs[0])
    out["findings"] = sorted(_union(d["findings"] for d in docs),
                             key=lambda f: (f["file"], f["line"], f["rule_id"], f["resource"], f["fingerprint"]))
    out["notices"] = sorted(_union(d["notices"] for d in docs),
                            key=lambda n: (n["file"], n["line"], n["rule_id"], n["resource"], n["unknown"]))
    out["errors"] = sorted(_union(d["errors"] for d in docs), key=lambda e: (e["file"], e["line"], e["message"]))
    summary = dict(docs[0].get("summary", {}))
    live = [f for f in out["findings"] if not f["suppressed"]]
    for sev in SEVERITIES:
        summary[sev.lower()] = sum(1 for f in live if f["severity"] == sev)
    summary.update(total=len(live), suppressed=len(out["findings"]) - len(live),
                   notices=len(out["notices"]), errors=len(out["errors"]))
    out["summary"] = summary
    return out


def merge_sarif(docs: list[dict]) -> dict:
    out = json.loads(json.dumps(docs[0]))
    runs = [d["runs"][0] for d in docs]
    rules = {}
    for run in runs:
        for rule in run["tool"]["driver"].get("rules", []):
            rules.setdefault(rule["id"], rule)
    from zt_rules import catalog
    position = {rid: i for i, rid in enumerate(catalog.load())}   # the order sarif.py emits
    ordered = sorted(rules.values(), key=lambda r: (position.get(r["id"], len(position)), r["id"]))
    index = {r["id"]: i for i, r in enumerate(ordered)}
    results = _union(run.get("results", []) for run in runs)
    for r in results:
        r["ruleIndex"] = index[r["ruleId"]]
    results.sort(key=lambda r: (_loc(r), r["ruleId"], _key(r)))
    base = out["runs"][0]
    base["tool"]["driver"]["rules"] = ordered
    base["results"] = results
    notes = _union(inv.get("toolExecutionNotifications", []) for run in runs for inv in run.get("invocations", []))
    for n in notes:
        rule = n.get("associatedRule")
        if rule and rule.get("id") in index:
            rule["index"] = index[rule["id"]]
    invocation = {"executionSuccessful": all(inv.get("executionSuccessful", True)
                                             for run in runs for inv in run.get("invocations", []))}
    if notes:
        invocation["toolExecutionNotifications"] = sorted(notes, key=_key)
    base["invocations"] = [invocation]
    return out


def _loc(result: dict) -> tuple:
    loc = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    return (loc.get("artifactLocation", {}).get("uri", ""), loc.get("region", {}).get("startLine", 0))


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="zt-lint merge", description="Merge JSON or SARIF reports of shards.")
    p.add_argument("files", nargs="+")
    p.add_argument("-o", "--output")
    args = p.parse_args(argv)
    docs = []
    for name in args.files:
        try:
            docs.append(json.loads(Path(name).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            print(f"zt-lint: error: {name}: cannot read report: {exc}", file=sys.stderr)
            return 2
    kinds = {"sarif" if "runs" in d else "json" if "findings" in d else "?" for d in docs}
    if len(kinds) != 1 or "?" in kinds:
        print("zt-lint: error: merge takes reports of one format, all JSON or all SARIF", file=sys.stderr)
        return 2
    merged = merge_sarif(docs) if kinds == {"sarif"} else merge_json(docs)
    text = json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if "errors" in merged:
        errors = merged["errors"]
    else:  # SARIF: input errors are the error-level notifications
        errors = [n for run in merged["runs"] for inv in run.get("invocations", [])
                  for n in inv.get("toolExecutionNotifications", []) if n.get("level") == "error"]
    return 2 if errors else 0
