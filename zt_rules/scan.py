"""One run: find the targets, analyse each unit (a Terraform root or a JSON
file), merge. Units are independent: the cache, --jobs and --shard work on them.

Each unit runs under a CPU-time guard (`ZT_LINT_UNIT_TIMEOUT` seconds, default
300; 0 turns it off): Checkov's graph builder is exponential in nested blocks,
so one pathological file could otherwise stall the gate. A unit that runs out
is an input error naming it; its partial result is dropped and not cached."""
from __future__ import annotations

import hashlib
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from zt_rules.config import Config
from zt_rules.discover import collect, new_run, rel
from zt_rules.findings import InputError, Result


@dataclass(frozen=True)
class Unit:
    path: Path
    nested: tuple[Path, ...] = ()   # roots below a root: scanned on their own

    @property
    def is_json(self) -> bool:
        return not self.path.is_dir()


def scan(paths: list[Path], out_root: Path, config: Config, *, var_files=(), use_cache=True,
         jobs=None, shard=None) -> Result:
    new_run()
    targets = collect(paths, out_root, config.exclude)
    result = Result(notices=list(targets.notices), errors=list(targets.errors))
    roots = targets.roots()
    units = [Unit(f) for f in targets.json_files]
    units += [Unit(r, nested_roots(r, roots)) for r in roots]
    if shard:
        units = [u for u in units if in_shard(rel(u.path, out_root), shard)]
    todo = []
    from zt_rules import cache
    directory = cache.cache_dir(out_root)
    from zt_rules.tf import hclcache
    hclcache.DIR = directory / "hcl" if use_cache else None
    if use_cache:
        from zt_rules import catalog
        catalog.use_cache_file(directory / "catalog" / f"{cache.code_fingerprint()[:16]}.json")
    for unit in units:
        digest = cache.key(unit.path, out_root, config, var_files, list(unit.nested)) if use_cache else None
        cached = cache.load(directory, digest) if digest else None
        if cached is not None:
            result.extend(cached)
        else:
            todo.append((unit, digest))
    for (unit, digest), part in zip(todo, _run_units([u for u, _ in todo], out_root, config, var_files, jobs)):
        if digest and not any(e.message.startswith(UNCACHED) for e in part.errors):
            cache.store(directory, digest, part)
        result.extend(part)
    if use_cache and todo:
        cache.prune(directory)
    return only_active(result)


def nested_roots(root: Path, roots: list[Path]) -> tuple[Path, ...]:
    """The roots strictly below `root` (all resolved paths)."""
    prefix = str(root).rstrip(os.sep) + os.sep
    return tuple(r for r in roots if r != root and str(r).startswith(prefix))


UNIT_TIMEOUT = 300.0
TIMEOUT_MESSAGE = "analysis stopped"
UNCACHED = ("internal error", TIMEOUT_MESSAGE)   # results that depend on the run, not on the input


class UnitTimeout(BaseException):
    """Raised by the guard's signal; a BaseException so `except Exception` in Checkov cannot swallow it."""


def only_active(result: Result) -> Result:
    """Planned rules report nothing until the catalog makes them active."""
    from zt_rules import catalog
    active = {r.id for r in catalog.active()} | {"ZT_SCAN"}
    return Result([f for f in result.findings if f.rule_id in active],
                  [n for n in result.notices if n.rule_id in active], list(result.errors))


def unit_timeout() -> float:
    try:
        return float(os.environ.get("ZT_LINT_UNIT_TIMEOUT", UNIT_TIMEOUT))
    except ValueError:
        return UNIT_TIMEOUT


def guarded(fn, seconds: float):
    """fn() under a CPU-time limit (ITIMER_PROF: Checkov's parser owns SIGALRM/ITIMER_REAL);
    raises UnitTimeout. Without setitimer, or off the main thread, no guard."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return fn()

    def on_timer(signum, frame):
        raise UnitTimeout

    previous = signal.signal(signal.SIGPROF, on_timer)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def in_shard(rel: str, shard: tuple[int, int]) -> bool:
    """Stable assignment of a unit to one of N shards, by its path alone."""
    k, n = shard
    digest = int(hashlib.sha256(rel.encode()).hexdigest(), 16)
    return digest % n == k - 1


ROOTS_PER_WORKER = 2  # a worker (a fork after Checkov is imported) costs about as much as two roots


def workers_for(jobs: int | None, tf_units: int) -> int:
    """--jobs N uses N workers (at most one per root); by default one per
    ROOTS_PER_WORKER roots, at most the CPU count."""
    if jobs:
        return max(1, min(jobs, tf_units))
    return max(1, min(os.cpu_count() or 1, tf_units // ROOTS_PER_WORKER))


def _run_units(units: list[Unit], out_root: Path, config: Config, var_files, jobs) -> list[Result]:
    tf_units = [u for u in units if not u.is_json]
    workers = workers_for(jobs, len(tf_units))
    if workers <= 1:
        return [scan_unit(u, out_root, config, var_files) for u in units]
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_all_start_methods, get_context

    from zt_rules.tf import engine
    engine.load_checks()  # workers forked after this inherit Checkov already imported
    method = "fork" if "fork" in get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method)) as pool:
        futures = [pool.submit(scan_unit, u, out_root, config, tuple(var_files)) if not u.is_json else None
                   for u in units]
        return [f.result() if f is not None else scan_unit(u, out_root, config, var_files)
                for u, f in zip(units, futures)]


def scan_unit(unit: Unit, out_root: Path, config: Config, var_files) -> Result:
    seconds = unit_timeout()
    try:
        return guarded(lambda: _scan_unit(unit, out_root, config, var_files), seconds)
    except Exception as exc:  # one unit's crash must not lose the report of every other unit
        if os.environ.get("ZT_LINT_DEBUG"):
            raise
        return Result(errors=[InputError(rel(unit.path, out_root), 0,
                                         f"internal error: {type(exc).__name__}: {exc}; this "
                                         f"{'file' if unit.is_json else 'Terraform root'} is not analysed")])
    except UnitTimeout:
        what = "file" if unit.is_json else "Terraform root"
        return Result(errors=[InputError(rel(unit.path, out_root), 0,
                                         f"{TIMEOUT_MESSAGE} after {seconds:g} s of CPU (ZT_LINT_UNIT_TIMEOUT): "
                                         f"deeply nested blocks or a very large input? This {what} is not "
                                         "analysed")])


def _scan_unit(unit: Unit, out_root: Path, config: Config, var_files) -> Result:
    if unit.is_json:
        from zt_rules.jsonfiles import scan_json_file
        result, is_plan = scan_json_file(unit.path, rel(unit.path, out_root), config)
        if is_plan:
            from zt_rules.tf import plan
            result.extend(plan.scan_plan(unit.path, out_root, config))
        return result
    from zt_rules import cache
    from zt_rules.tf import engine, precheck
    result = engine.scan_dir(unit.path, out_root, config, var_files=var_files, skip_dirs=list(unit.nested))
    files = cache.unit_files(unit.path, list(unit.nested), module_subdirs=False)
    result.notices.extend(precheck.notices(files, config.max_file_size, lambda p: rel(p, out_root)))
    return result
