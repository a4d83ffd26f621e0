"""Subcommands: `rules`, `explain ID`, `checks-dir`, `merge FILE...`."""
from __future__ import annotations

import argparse
import json
import sys

from zt_rules import catalog


def dispatch(name: str, argv: list[str]) -> int:
    return {"rules": rules, "explain": explain, "checks-dir": checks_dir, "merge": merge}[name](argv)


def rules(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="zt-lint rules", description="List the rule catalog.")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--scope", choices=("module", "stack"), default="module",
                   help="say which rules run in this scope (default module)")
    args = p.parse_args(argv)
    entries = list(catalog.load().values())
    if args.format == "json":
        print(json.dumps([{"id": r.id, "title": r.title, "severity": r.severity, "scope": r.scope,
                           "status": r.status, "runs": _runs(r, args.scope)} for r in entries], indent=2))
        return 0
    for r in entries:
        print(f"{r.id}  {r.severity:<8}  {r.scope:<8}  {_runs(r, args.scope):<22}  {r.title}")
    return 0


def _runs(rule: catalog.Rule, scope: str) -> str:
    if rule.status != "active":
        return "planned (not implemented)" if rule.status == "planned" else "retired"
    if rule.scope == "stack" and scope != "stack":
        return "skipped in module scope"
    return "active"


def explain(argv: list[str]) -> int:
    from zt_rules.docs import rule_doc
    if len(argv) != 1:
        print("usage: zt-lint explain RULE_ID", file=sys.stderr)
        return 2
    rule = catalog.load().get(argv[0].upper())
    if rule is None:
        print(f"zt-lint: error: unknown rule id {argv[0]} (see `zt-lint rules`)", file=sys.stderr)
        return 2
    print(rule_doc(rule))
    return 0


def checks_dir(argv: list[str]) -> int:
    """Where our Checkov checks live, for `checkov --external-checks-dir`."""
    from pathlib import Path
    print(Path(__file__).resolve().parent / "checks")
    return 0


def merge(argv: list[str]) -> int:
    from zt_rules.merge import main
    return main(argv)
