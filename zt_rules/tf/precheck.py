"""Before Checkov reads a root: files it must not read (too large, binary,
not UTF-8, unreadable, not a regular file, `.tf.json` that is not JSON) become
errors and are left out; local module sources that do not exist become errors
too (Checkov only logs them). `notices` lists what is read but not analysed:
remote modules, and `.tf.json` files (Checkov 3's directory loader skips them)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from zt_rules.findings import InputError, Notice


MAX_DEPTH = 200   # hcl2 fails with a RecursionError at ~300 levels; real code nests < 20
_HEREDOC = re.compile(r"<<-?\s*([A-Za-z_][\w-]*)\s*$")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where brackets nest deeper than `limit` (strings, comments and
    heredocs aside), else None. Linear time, no recursion: hcl2 would need two
    slow parses to end in a RecursionError."""
    depth, heredoc = 0, None
    for n, line in enumerate(text.splitlines(), 1):
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        code = re.split(r"#|//", _STRING.sub('""', line), maxsplit=1)[0]
        for ch in code:
            if ch in "{[(":
                depth += 1
                if depth > limit:
                    return n
            elif ch in "}])":
                depth = max(0, depth - 1)
        m = _HEREDOC.search(code)
        if m:
            heredoc = m.group(1)
    return None


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
    from zt_rules.textfile import json_problem, read_source
    text, found = read_source(path, max_size, "Terraform")
    if found:
        return found
    if path.name.endswith(".tf.json"):
        return json_problem(text)
    line = too_deep(text)
    if line:
        return line, f"not valid HCL: nested too deeply (more than {MAX_DEPTH} levels of brackets): skipped"
    return None


def _calls(path: Path) -> list[tuple[int, str, str]]:
    from zt_rules.discover import module_calls
    if not path.name.endswith(".tf"):
        return []
    try:
        return module_calls(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def missing_modules(path: Path) -> list[tuple[int, str]]:
    from zt_rules.discover import is_local_source
    return [(n, source) for n, _, source in _calls(path)
            if is_local_source(source) and not (path.parent / source).is_dir()]


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


def notices(files, max_size: int, rel) -> list[Notice]:
    """What a root holds that is not analysed: calls of remote modules (registry,
    git, http, s3...: never downloaded) and `.tf.json` files."""
    from zt_rules.discover import is_local_source
    out = []
    for path in files:
        if not path.name.endswith((".tf", ".tf.json")) or problem(path, max_size):
            continue
        if path.name.endswith(".tf.json"):
            out.append(Notice(rel(path), 0, "ZT_SCAN", path.name, "Terraform JSON",
                              "Terraform JSON (.tf.json) is not analysed yet: its resources are not checked"))
            continue
        for line, name, source in _calls(path):
            if not is_local_source(source):
                out.append(Notice(rel(path), line, "ZT_SCAN", f"module.{name}", f"remote module {source}",
                                  "remote modules are not downloaded: the resources this module creates "
                                  "are not checked"))
    return out
