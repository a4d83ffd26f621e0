"""Parsed HCL kept by file content: a run that changed a few files (a pre-commit
hook) re-parses only those. Stored as JSON beside the result cache (never
pickled, so a cache file cannot run code); an unreadable entry is parsed again."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

DIR: Path | None = None   # set by the scan when the result cache is on
FORMAT = 1


def loads(text: str) -> dict:
    import hcl2
    if DIR is None:
        return hcl2.loads(text)
    path = DIR / f"{_key(text, hcl2.__version__)}.json"
    from zt_rules.cache import read_entry, write_atomic
    try:
        cached = json.loads(read_entry(path))
        if isinstance(cached, dict):
            return cached
    except (OSError, ValueError):
        pass
    parsed = hcl2.loads(text)
    try:
        stored = json.dumps(parsed)
    except (TypeError, ValueError):   # a value JSON cannot hold: not cached
        return parsed
    write_atomic(path, stored)
    return parsed


def _key(text: str, parser_version: str) -> str:
    return hashlib.sha256(f"{FORMAT}\0{parser_version}\0{text}".encode()).hexdigest()
