"""Rule docs generated from the catalog: what it does / why it matters /
example / fix. `python -m zt_rules.docs` rewrites docs/rules/; a test fails
when the files there are stale."""
from __future__ import annotations

import sys
from pathlib import Path

from zt_rules import catalog

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs" / "rules"


def _fence(text: str) -> str:
    lang = "json" if text.lstrip().startswith(("{", "[")) else "hcl"
    return f"```{lang}\n{text.rstrip()}\n```"


def rule_doc(rule: catalog.Rule) -> str:
    parts = [f"# {rule.id}: {rule.title}", "",
             f"Severity: **{rule.severity}** · scope: {rule.scope} · area: {rule.area} · status: {rule.status}",
             "", "## What it does", "", rule.title + ".", "", "## Why it matters", "", rule.rationale.strip()]
    if rule.example:
        parts += ["", "## Example", "", _fence(rule.example)]
    parts += ["", "## Fix", "", rule.fix.strip() or "(not written yet)"]
    if rule.example_fixed:
        parts += ["", _fence(rule.example_fixed)]
    if rule.resource_types:
        parts += ["", "## Applies to", "", ", ".join(f"`{t}`" for t in rule.resource_types)]
    if rule.references:
        parts += ["", "## References", ""] + [f"- {r}" for r in rule.references]
    parts += ["", f"Suppress with `# zt-lint: ignore={rule.id} reason=\"...\"` (or `# checkov:skip={rule.id}:reason`).", ""]
    return "\n".join(parts)


def index_doc() -> str:
    rows = ["# zt-lint rules", "", "Generated from the catalog (`zt_rules/catalog/`); do not edit.", "",
            "| id | severity | scope | status | title |", "|---|---|---|---|---|"]
    for r in catalog.load().values():
        rows.append(f"| [{r.id}]({r.id}.md) | {r.severity} | {r.scope} | {r.status} | {r.title} |")
    return "\n".join(rows) + "\n"


def expected_files() -> dict[Path, str]:
    files = {DOCS_DIR / "README.md": index_doc()}
    for rule in catalog.load().values():
        files[DOCS_DIR / f"{rule.id}.md"] = rule_doc(rule)
    return files


def write() -> None:
    DOCS_DIR.mkdir(parents=True, exist_ok=True)
    wanted = expected_files()
    for stale in DOCS_DIR.glob("*.md"):
        if stale not in wanted:
            stale.unlink()
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write()
    sys.exit(0)
