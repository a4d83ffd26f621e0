"""Before Checkov reads a root: files it must not read (too large, binary,
not UTF-8, unreadable) become errors and are left out; local module sources
that do not exist become errors too (Checkov only logs them)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from zt_rules.findings import InputError

_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.{1,2}/[^"]*)"')


def _tf_files(directory: Path, skip_dirs) -> list[Path]:
    from zt_rules.discover import SKIP_DIRS
    skip = {Path(d).resolve() for d in skip_dirs}
    out = []
    for dirpath, dirnames, filenames in os.walk(directory):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")
                             and (here / d).resolve() not in skip)
        out.extend(here / f for f in sorted(filenames) if f.endswith((".tf", ".tf.json")))
    return out


def problem(path: Path, max_size: int) -> tuple[int, str] | None:
    """(line, message) when a Terraform file must not be parsed, else None."""
    from zt_rules.discover import file_kind
    kind = file_kind(path)
    if kind:
        return 0, f"not a regular file but {kind}: skipped"
    try:
        size = path.stat().st_size
        if size > max_size:
            return 0, f"file is {size} bytes, above the {max_size}-byte limit: skipped"
        raw = path.read_bytes()
    except OSError as exc:
        return 0, f"cannot read: {exc.strerror}"
    if b"\x00" in raw:
        return 0, "binary file: not Terraform text"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw[:exc.start].count(b"\n") + 1, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
    return None


def missing_modules(path: Path) -> list[tuple[int, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [(n, source) for n, line in enumerate(lines, 1)
            for source in _SOURCE.findall(line) if not (path.parent / source).is_dir()]


def check(directory: Path, skip_dirs, max_size: int, rel) -> tuple[list[InputError], list[Path]]:
    """Errors for the root's files, and the files Checkov must not read."""
    errors, excluded = [], []
    for path in _tf_files(directory, skip_dirs):
        found = problem(path, max_size)
        if found:
            errors.append(InputError(rel(path), *found))
            excluded.append(path)
            continue
        for line, source in missing_modules(path):
            errors.append(InputError(rel(path), line, f"local module source {source!r} does not exist"))
    return errors, excluded
