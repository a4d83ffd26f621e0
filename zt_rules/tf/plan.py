"""Terraform plan JSON (`terraform show -json plan.out`) as input."""
from __future__ import annotations

from pathlib import Path

from zt_rules.config import Config
from zt_rules.findings import Result


def scan_plan(path: Path, out_root: Path, config: Config) -> Result:
    from zt_rules.tf import engine
    return engine.scan_plan(path, out_root, config)
