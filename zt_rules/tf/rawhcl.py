"""Module-level blocks of the raw HCL (`zt_rules.tf.source.parse_file`):
module calls, and the variables, locals and outputs of a module directory.

Checkov's rendered values lose references (`aws_x.y.name` becomes the name's
literal), mix module contexts and fall back to Python reprs; the evaluator
(`zt_rules.tf.evaluate`) reads the expressions as written instead.
"""
from __future__ import annotations

import functools
import glob
import os

from zt_rules.tf.source import block_body, parse_file

__all__ = ["block_body", "module_call", "module_blocks", "clear_cache"]


def module_call(path: str, name: str, start: int) -> dict | None:
    """The body of `module "name"` at line `start` of `path`."""
    for entry in parse_file(path).get("module", []):
        body = entry.get(name)
        if isinstance(body, dict) and body.get("__start_line__") == start:
            return body
    return None


@functools.lru_cache(maxsize=256)
def module_blocks(directory: str) -> dict[str, dict]:
    """`variable`, `locals` and `output` definitions of a module directory:
    {"variable": {name: body}, "locals": {name: raw value}, "output": {name: body}}."""
    out: dict[str, dict] = {"variable": {}, "locals": {}, "output": {}}
    for path in sorted(glob.glob(os.path.join(directory, "*.tf"))):
        parsed = parse_file(path)
        for kind in ("variable", "output"):
            for entry in parsed.get(kind, []):
                for name, body in entry.items():
                    if isinstance(body, dict):
                        out[kind][name] = body
        for entry in parsed.get("locals", []):
            for name, value in entry.items():
                if not name.startswith("__"):
                    out["locals"][name] = value
    return out


def clear_cache() -> None:
    from zt_rules.tf.source import clear_cache as clear_source
    clear_source()
    module_blocks.cache_clear()
