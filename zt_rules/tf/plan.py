"""Terraform plan JSON (`terraform show -json`): not analysed yet."""
from __future__ import annotations

from pathlib import Path

from zt_rules.config import Config
from zt_rules.findings import Notice, Result


def scan_plan(path: Path, out_root: Path, config: Config) -> Result:
    from zt_rules.scan import _rel
    return Result(notices=[Notice(_rel(path, out_root), 0, "ZT_SCAN", "plan", "plan JSON",
                                  "Terraform plan JSON is recognised but not analysed yet")])
