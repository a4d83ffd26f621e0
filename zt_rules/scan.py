"""One run: find the targets, analyse each unit (a Terraform root or a JSON
file), merge. Units are independent, which is what --jobs and --shard split."""
from __future__ import annotations

import hashlib
from pathlib import Path

from zt_rules.config import Config
from zt_rules.discover import collect
from zt_rules.findings import Result


def scan(paths: list[Path], out_root: Path, config: Config, *, var_files=(), use_cache=True,
         jobs=None, shard=None) -> Result:
    targets = collect(paths, out_root, config.exclude)
    result = Result(notices=list(targets.notices), errors=list(targets.errors))
    roots = targets.roots()
    json_files = targets.json_files
    if shard:
        roots = [r for r in roots if in_shard(_rel(r, out_root), shard)]
        json_files = [f for f in json_files if in_shard(_rel(f, out_root), shard)]
    plans = []
    for path in json_files:
        part, is_plan = _scan_json(path, out_root, config)
        result.extend(part)
        if is_plan:
            plans.append(path)
    for root in roots:
        nested = [r for r in roots if r != root and root in r.parents]
        result.extend(_scan_root(root, out_root, config, var_files, nested))
    if plans:
        from zt_rules.tf import plan
        for path in plans:
            result.extend(plan.scan_plan(path, out_root, config))
    return result


def in_shard(rel: str, shard: tuple[int, int]) -> bool:
    """Stable assignment of a unit to one of N shards, by its path alone."""
    k, n = shard
    digest = int(hashlib.sha256(rel.encode()).hexdigest(), 16)
    return digest % n == k - 1


def _rel(path: Path, out_root: Path) -> str:
    from zt_rules.discover import _rel as rel
    return rel(path, out_root)


def _scan_json(path: Path, out_root: Path, config: Config):
    from zt_rules.jsonfiles import scan_json_file
    return scan_json_file(path, _rel(path, out_root), config)


def _scan_root(root: Path, out_root: Path, config: Config, var_files, nested) -> Result:
    from zt_rules.tf import engine
    return engine.scan_dir(root, out_root, config, var_files=var_files, skip_dirs=nested)
