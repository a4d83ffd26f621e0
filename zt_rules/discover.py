"""What to scan: Terraform roots and JSON files under the given paths.

A root is a directory with `.tf` files that no other scanned directory uses as
a local module `source` (RULES.md "Roots"). Symlinks to directories are not
followed (a notice says so); hidden directories and `.terraform` are skipped.
"""
from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from zt_rules.findings import InputError, Notice

SKIP_DIRS = {".git", ".terraform", ".zt-lint-cache", "node_modules", "__pycache__", ".venv", "venv"}
_MODULE = re.compile(r'^\s*module\s+"([^"]*)"\s*\{')
_ANY_SOURCE = re.compile(r'^\s*source\s*=\s*"([^"]*)"')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass
class Targets:
    tf_dirs: set[Path] = field(default_factory=set)    # every directory holding Terraform
    json_files: list[Path] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def roots(self) -> list[Path]:
        return find_roots(self.tf_dirs)


def is_tf(path: Path) -> bool:
    return path.name.endswith(".tf") or path.name.endswith(".tf.json")


def collect(paths: list[Path], out_root: Path, exclude=()) -> Targets:
    targets = Targets()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            targets.errors.append(InputError(rel(path, out_root), 0, "no such file or directory"))
        elif path.is_dir():
            _walk(path, path.resolve(), targets, out_root, exclude)
        else:
            _add_file(path, targets)
    targets.json_files = sorted(set(targets.json_files))
    return targets


def _add_file(path: Path, targets: Targets) -> None:
    if is_tf(path):
        targets.tf_dirs.add(real_dir(str(path.parent)))
    elif path.suffix == ".json":
        targets.json_files.append(path)


def _walk(top: Path, real_top: Path, targets: Targets, out_root: Path, exclude) -> None:
    from zt_rules.suppress import glob_match
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            sub = here / d
            if d in SKIP_DIRS or d.startswith("."):
                continue
            if sub.is_symlink():
                targets.notices.append(Notice(rel(sub, out_root), 0, "ZT_SCAN", str(sub.name),
                                              "symlinked directory", "symlinked directory not followed"))
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            if exclude and any(glob_match(p, rel(path, out_root)) for p in exclude):
                continue
            if path.is_symlink():
                why = _bad_link(path, real_top)
                if why:
                    targets.notices.append(Notice(rel(path, out_root), 0, "ZT_SCAN", name, "symlink", why))
                    continue
            _add_file(path, targets)


def _bad_link(path: Path, real_top: Path) -> str | None:
    """Why a symlinked file is not followed, or None when it points to a file inside the root."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 raises this for a loop
        return "symlink loop not followed"
    except OSError as exc:
        import errno
        if exc.errno == errno.ELOOP:
            return "symlink loop not followed"
        return "broken symlink not followed"
    if not _inside(target, real_top):
        return "symlink pointing outside the scanned root not followed"
    return None


def _inside(path: Path, top: Path) -> bool:
    try:
        path.relative_to(top)
        return True
    except ValueError:
        return False


def rel(path: Path, out_root: Path) -> str:
    """A path as reports show it: relative to the report root, POSIX separators."""
    return _rel_cached(str(path), str(out_root))


def real_dir(directory: str) -> Path:
    """A directory's resolved path, once per run (files are named through it)."""
    return _real_dir(os.path.join(os.getcwd(), directory))   # a relative name depends on the cwd


@functools.lru_cache(maxsize=4096)
def _real_dir(directory: str) -> Path:
    return Path(directory).resolve()


@functools.lru_cache(maxsize=4096)
def _rel_cached(path: str, out_root: str) -> str:
    # a symlink is named where it is, not by its target (a loop makes resolve() raise)
    p = Path(path)
    try:
        if p.name not in ("", ".", "..") and (p.is_symlink() or not p.is_dir()):
            target = real_dir(str(p.parent)) / p.name   # a file: its real directory + its name
        else:
            target = p.resolve()
    except (OSError, RuntimeError):
        target = p.absolute()
    root = real_dir(out_root)
    try:
        return target.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(target, root)).as_posix()


def file_kind(path: Path) -> str | None:
    """None for a regular file (symlinks followed), else what it is: reading a FIFO
    or a device would block or never end, so callers skip such paths."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, RuntimeError):
        return None  # reading it reports the error
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device file"


def is_local_source(source: str) -> bool:
    return source.startswith(("./", "../")) or source in (".", "..")


def module_calls(text: str) -> list[tuple[int, str, str]]:
    """(line, module name, source) of each `module` block's `source` argument.
    Only module blocks count: `source` is also an argument of other blocks
    (`aws_s3_object`, provisioners). Line-based; braces inside strings are ignored."""
    calls, name, depth, open_at = [], None, 0, 0
    if "module" not in text:
        return calls
    for n, line in enumerate(text.splitlines(), 1):
        if name is None and depth == 0:
            m = _MODULE.match(line)
            if m:
                name, open_at = m.group(1), depth
                inline = _ANY_SOURCE.match(line[m.end():])  # module "x" { source = "..." }
                if inline:
                    calls.append((n, name, inline.group(1)))
        elif name is not None and depth == open_at + 1:
            m = _ANY_SOURCE.match(line)
            if m:
                calls.append((n, name, m.group(1)))
        code = re.split(r"#|//", _STRING.sub('""', line), maxsplit=1)[0]
        depth = max(0, depth + code.count("{") - code.count("}"))
        if name is not None and depth <= open_at:
            name = None
    return calls


_SOURCES: dict[Path, frozenset] = {}   # module_sources per directory, for one run


def new_run() -> None:
    """Forget what the previous run read (a test edits files between runs)."""
    _SOURCES.clear()


def module_sources(directory: Path) -> frozenset[Path]:
    """Local module directories that the `.tf` files of `directory` call (read
    once per run: discovery and every cache key ask)."""
    if directory not in _SOURCES:
        _SOURCES[directory] = frozenset(_read_module_sources(directory))
    return _SOURCES[directory]


def _read_module_sources(directory: Path) -> set[Path]:
    found = set()
    for tf in sorted(directory.glob("*.tf")):
        if file_kind(tf):
            continue
        try:
            text = tf.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for _, _, source in module_calls(text):
            if is_local_source(source):
                found.add((directory / source).resolve())
    return found


def find_roots(tf_dirs: set[Path]) -> list[Path]:
    """Directories not used as a local module by another scanned directory."""
    called = set()
    for d in tf_dirs:
        called |= module_sources(d)
    return sorted(d for d in tf_dirs if d not in called)
