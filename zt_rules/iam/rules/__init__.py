"""The IAM rules, one module each, and which document kinds each judges (RULES.md)."""
from __future__ import annotations

import functools
import importlib

ALL_KINDS = ("identity", "resource", "trust", "scp", "endpoint")
# rule id → kinds it judges
KINDS = {
    "ZT_IAM_001": ALL_KINDS, "ZT_IAM_002": ALL_KINDS, "ZT_IAM_003": ALL_KINDS, "ZT_IAM_009": ALL_KINDS,
    "ZT_IAM_004": ("identity",), "ZT_IAM_005": ("identity",), "ZT_IAM_006": ("identity",),
    "ZT_IAM_007": ("identity",), "ZT_IAM_008": ("identity",), "ZT_IAM_010": ("identity",),
    "ZT_IAM_014": ("identity",), "ZT_IAM_011": ("trust",), "ZT_IAM_012": ("resource",),
}


@functools.lru_cache(maxsize=None)
def rule_check(rule_id: str):
    module = importlib.import_module(f"{__name__}.{rule_id[3:].lower()}")
    return module.check


def rules_for(kind: str) -> list[str]:
    return [rid for rid, kinds in KINDS.items() if kind in kinds]
