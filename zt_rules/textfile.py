"""Reading a source file we must not trust: one place for size, type,
binary and encoding problems."""
from __future__ import annotations

from pathlib import Path


def read_source(path: Path, max_size: int, what: str) -> tuple[str | None, tuple[int, str] | None]:
    """(text, None), or (None, (line, problem)) naming why `path` cannot be read
    as `what` text ("JSON", "Terraform")."""
    from zt_rules.discover import file_kind
    kind = file_kind(path)
    if kind:
        return None, (0, f"not a regular file but {kind}: skipped")
    try:
        size = path.stat().st_size
        if size > max_size:
            return None, (0, f"file is {size} bytes, above the {max_size}-byte limit: skipped")
        raw = path.read_bytes()
    except OSError as exc:
        return None, (0, f"cannot read: {exc.strerror}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, (0, f"UTF-16 text: {what} files must be UTF-8 (save it as UTF-8)")
    if b"\x00" in raw:
        return None, (0, f"binary file: not {what} text")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, (raw[:exc.start].count(b"\n") + 1, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")


def json_problem(text: str) -> tuple[int, str] | None:
    """(line, problem) when `text` is not valid JSON, else None."""
    import json
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.lineno, f"not valid JSON: {exc.msg}"
    except RecursionError:
        return 0, "not valid JSON: nested too deeply"
    return None
