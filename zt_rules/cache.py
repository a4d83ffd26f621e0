"""Result cache keyed by file contents, config, rule set and tool code.

One entry per unit (a Terraform root or a JSON file). A corrupted or foreign
entry is ignored and rebuilt, never trusted. Location: `$XDG_CACHE_HOME/zt-lint`
when set, else `.zt-lint-cache/` in the report root. Entries unused for
MAX_AGE_DAYS are deleted by a run that writes (prune).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from pathlib import Path

from zt_rules.findings import Finding, InputError, Notice, Result

FORMAT = 1
MAX_AGE_DAYS = 30   # an entry not written or read for this long is deleted
_DAY = 86400.0
_CONTENT_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json", ".json", ".tpl", ".tftpl", ".yaml", ".yml")


def cache_dir(out_root: Path) -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "zt-lint" if xdg else out_root / ".zt-lint-cache"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Our own code and catalog, so a changed rule never reads an old result."""
    from zt_rules import __version__
    h = hashlib.sha256(__version__.encode())
    package = os.path.dirname(os.path.realpath(__file__))
    found = []
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        where = os.path.relpath(dirpath, package).replace(os.sep, "/")
        found += [(f if where == "." else f"{where}/{f}", os.path.join(dirpath, f))
                  for f in filenames if f.endswith((".py", ".yaml", ".json"))]
    for name, path in sorted(found):
        h.update(name.encode())
        with open(path, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


def _files_under(directory: Path, skip: list[Path]) -> list[Path]:
    from zt_rules.discover import SKIP_DIRS
    out = []
    for dirpath, dirnames, filenames in os.walk(directory):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")
                             and (here / d).resolve() not in skip)
        out.extend(here / f for f in sorted(filenames) if f.endswith(_CONTENT_SUFFIXES))
    return out


def unit_files(unit: Path, skip: list[Path], module_subdirs: bool = True) -> list[Path]:
    """What a unit's result depends on: a JSON file itself, or a root's files
    plus the local modules it calls (transitively), wherever they are.
    `module_subdirs=False`: only what is analysed, a called module's own
    directory without its subdirectories (its examples/, say)."""
    if not unit.is_dir():
        return [unit]
    from zt_rules.discover import module_sources, real_dir
    root = unit.resolve()
    seen, todo, files = set(), [root], []
    while todo:
        directory = todo.pop()
        if directory in seen or not directory.is_dir():
            continue
        seen.add(directory)
        if module_subdirs or directory == root:
            files.extend(_files_under(directory, skip))
        else:
            files.extend(p for p in _files_under(directory, skip) if p.parent == directory)
        for sub in sorted({real_dir(str(p.parent)) for p in files if p.suffix == ".tf"}):
            todo.extend(module_sources(sub) - seen)
    return sorted(set(files))


def key(unit: Path, out_root: Path, config, var_files, skip: list[Path]) -> str:
    from zt_rules.discover import file_kind
    h = hashlib.sha256()
    for part in (str(FORMAT), code_fingerprint(), config.fingerprint(), str(unit.resolve()),
                 str(out_root.resolve())):
        h.update(part.encode() + b"\0")
    for path in list(unit_files(unit, skip)) + [Path(v) for v in var_files]:
        h.update(str(path).encode() + b"\0")
        try:
            if file_kind(path):
                h.update(b"<not a regular file>")
            else:
                h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def _field_types(cls) -> tuple[tuple[str, type], ...]:
    from dataclasses import fields
    kinds = {"str": str, "int": int, "bool": bool}
    return tuple((f.name, kinds[str(f.type)]) for f in fields(cls))


def _typed(cls, item):
    """cls(**item) when every field has its declared type (a corrupted entry that
    still parses must not reach sorting or rendering), else TypeError."""
    if not isinstance(item, dict):
        raise TypeError("not an object")
    for name, want in _field_types(cls):
        if name in item:
            value = item[name]
            if not isinstance(value, want) or (want is int and isinstance(value, bool)):
                raise TypeError(f"{name}: not {want.__name__}")
    return cls(**item)


def load(directory: Path, digest: str) -> Result | None:
    path = directory / f"{digest}.json"
    try:
        data = json.loads(read_entry(path))
        if data.get("format") != FORMAT or data.get("key") != digest:
            return None
        return Result([_typed(Finding, f) for f in data["findings"]], [_typed(Notice, n) for n in data["notices"]],
                      [_typed(InputError, e) for e in data["errors"]])
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # absent or corrupted: recompute


def store(directory: Path, digest: str, result: Result) -> None:
    from dataclasses import asdict
    data = {"format": FORMAT, "key": digest, "findings": [asdict(f) for f in result.findings],
            "notices": [asdict(n) for n in result.notices], "errors": [asdict(e) for e in result.errors]}
    write_atomic(directory / f"{digest}.json", json.dumps(data))


def write_atomic(path: Path, text: str) -> None:
    """Write a cache file whole or not at all (a concurrent reader never sees half
    of it); a read-only tree still gets its report, uncached."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def read_entry(path: Path) -> str:
    """An entry's text; one read more than a day after the last refresh
    refreshes its time, so entries in use are never pruned."""
    text = path.read_text(encoding="utf-8")
    try:
        if time.time() - path.stat().st_mtime > _DAY:
            os.utime(path)
    except OSError:
        pass
    return text


def prune(directory: Path, max_age_days: float = MAX_AGE_DAYS) -> list[Path]:
    """Delete cache files (results, parsed HCL, catalog; stray temporary files)
    older than `max_age_days`, at most once a day (the `.pruned` stamp); returns
    what was deleted. A run with nothing to write never calls this."""
    stamp = directory / ".pruned"
    now = time.time()
    try:
        if now - stamp.stat().st_mtime < _DAY:
            return []
    except OSError:
        pass
    deleted = []
    for folder in (directory, directory / "hcl", directory / "catalog"):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.name.endswith((".json", ".tmp")) and entry.is_file(follow_symlinks=False) \
                        and now - entry.stat(follow_symlinks=False).st_mtime > max_age_days * _DAY:
                    os.unlink(entry.path)
                    deleted.append(Path(entry.path))
            except OSError:
                continue
    write_atomic(stamp, "")
    return deleted
