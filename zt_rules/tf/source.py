"""Reading Terraform source text: lines of nested blocks, which Checkov's HCL
mode does not give."""
from __future__ import annotations

import functools
import os
import re


@functools.lru_cache(maxsize=512)
def _read(path: str) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return tuple(f.read().splitlines())
    except OSError:
        return ()


def read_lines(root: str, scanned_file: str) -> list[str]:
    """Lines of a file named as Checkov names it (relative to root, leading '/')."""
    path = scanned_file if os.path.isabs(scanned_file) and os.path.exists(scanned_file) \
        else os.path.join(root, scanned_file.lstrip("/"))
    return list(_read(path))


def clear_cache(shared: bool = False) -> None:
    """Forget files read; `shared`: also Checkov's parses (at the start of a scan)."""
    _read.cache_clear()
    parse_file.cache_clear()
    if shared:
        _SHARED.clear()


# Checkov's parses of this scan, copied before Checkov's graph edits them in place
_SHARED: dict[str, dict] = {}


class SharedHcl2:
    """Stands in for the `hcl2` module in Checkov's parser_utils, so each file is
    parsed once per scan and `parse_file` reuses that parse."""

    def __getattr__(self, name):
        import hcl2
        return getattr(hcl2, name)

    def load(self, f, *_args, **_kwargs):
        import copy

        from zt_rules.tf import hclcache
        parsed = hclcache.loads(f.read())
        _SHARED[os.path.abspath(f.name)] = copy.deepcopy(parsed)
        return parsed


def block_lines(lines: list[str], start: int, end: int, name: str) -> list[int]:
    """1-based lines, within [start, end], that open a nested block `name`
    (`name {` or `dynamic "name" {`), in source order."""
    pattern = re.compile(rf'^\s*(?:{re.escape(name)}|dynamic\s+"{re.escape(name)}")\s*\{{')
    return [n for n in range(start + 1, min(end, len(lines)) + 1)
            if pattern.match(lines[n - 1])]


def find_line(lines: list[str], start: int, end: int, needle: str) -> int | None:
    """The first line within [start, end] that contains `needle`."""
    for n in range(start, min(end, len(lines)) + 1):
        if needle in lines[n - 1]:
            return n
    return None


@functools.lru_cache(maxsize=256)
def parse_file(path: str) -> dict:
    """A .tf file parsed once by Checkov's HCL parser (bc-python-hcl2),
    interpolations kept as text; {} for .tf.json or what does not parse."""
    if not path.endswith(".tf"):
        return {}
    shared = _SHARED.get(os.path.abspath(path))
    if shared is not None:
        return shared
    import hcl2
    try:
        with open(path, encoding="utf-8") as f:
            return hcl2.loads(f.read())
    except Exception:  # callers fall back to Checkov's conf
        return {}


def block_body(path: str, kind: str, type_: str, name: str, start: int) -> dict | None:
    """The body of `kind "type" "name"` starting at line `start`, from parse_file."""
    for entry in parse_file(path).get(kind, []):
        body = entry.get(type_, {}).get(name)
        if isinstance(body, dict) and body.get("__start_line__") == start:
            return body
    return None
