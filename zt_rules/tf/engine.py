"""Run our Checkov checks over Terraform directories and place what they found.

Checkov's Terraform runner does the parsing, module loading and graph; our
evaluator renders the values (render.py) and only our checks are registered
(lean.py).
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import warnings
from pathlib import Path

from zt_rules import catalog
from zt_rules.config import Config
from zt_rules.discover import rel
from zt_rules.findings import Finding, InputError, Notice, Result, place_hit

CHECKS_DIR = Path(__file__).resolve().parent.parent / "checks"
EXCLUDED_DIRS = [".terraform", ".git", ".zt-lint-cache", "node_modules"]
_LOADED = False


def load_checks() -> None:
    """Import Checkov lean and register our checks once per process."""
    global _LOADED
    if _LOADED:
        return
    enabled = gc.isenabled()
    gc.disable()   # imports make long-lived objects, not garbage: no collections meanwhile
    try:
        _load()
    finally:
        gc.freeze()   # and later collections skip them (in forked workers too)
        if enabled:
            gc.enable()
    _LOADED = True


def _load() -> None:
    from zt_rules.tf import lean
    lean.install()
    for name in ("checkov", "checkov.common", "checkov.terraform"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # One load registers every check: each registers itself in its own registry
    # (resource, data or provider) when its module runs; Checkov's CLI runs the
    # directory once per registry, which only re-runs the modules.
    resource_registry = _registries()[0]
    resource_registry.load_external_checks(str(CHECKS_DIR))
    from checkov.terraform import parser_utils
    from checkov.terraform import runner  # noqa: F401  (imported here, under the paused collector)

    from zt_rules.tf.source import SharedHcl2
    parser_utils.hcl2 = SharedHcl2()
    import asteval  # noqa: F401  (imported under lean's numpy placeholder)
    if "numpy" in sys.modules and sys.modules["numpy"] is None:
        del sys.modules["numpy"]  # other libraries (hypothesis) probe `"numpy" in sys.modules`


def _registries():
    from checkov.terraform.checks.data.registry import data_registry
    from checkov.terraform.checks.provider.registry import provider_registry
    from checkov.terraform.checks.resource.registry import resource_registry
    return resource_registry, data_registry, provider_registry


def registered_ids() -> dict[str, list[str]]:
    """Our check ids per Checkov registry (resource, data, provider), one
    entry per registration: Checkov silently drops a repeated id within a registry."""
    load_checks()
    out = {}
    for name, registry in zip(("resource", "data", "provider"), _registries()):
        seen = {}
        for checks in registry.checks.values():
            for check in checks:
                seen[id(check)] = check.id
        out[name] = sorted(i for i in seen.values() if i.startswith("ZT_"))
    return out


def terraform_rule_ids(scope: str = "stack") -> list[str]:
    """Active rules with a Checkov check; stack rules only in stack scope."""
    return [r.id for r in catalog.active() if scope == "stack" or r.scope != "stack"]


def scan_dir(directory: Path, out_root: Path, config: Config, var_files=(), skip_dirs=()) -> Result:
    """Analyse one root directory of Terraform with our checks; `skip_dirs` are
    other roots nested below it (they are scanned on their own)."""
    load_checks()
    from checkov.runner_filter import RunnerFilter

    from zt_rules.tf import base, rawhcl, source

    base.SETTINGS.config = config
    base.SETTINGS.root = str(directory)
    base.RECORDED.clear()
    source.clear_cache(shared=True)
    rawhcl.clear_cache()
    checks = [i for i in terraform_rule_ids(config.scope) if i not in config.disable]
    result = Result()
    if not checks:
        return result
    from zt_rules.tf import precheck
    errors, excluded = precheck.check(directory, skip_dirs, config.max_file_size,
                                      lambda p: rel(p, out_root))
    result.errors.extend(errors)
    runner_filter = RunnerFilter(framework=["terraform"], checks=checks, show_progress_bar=False,
                                 excluded_paths=EXCLUDED_DIRS + [_anchored(directory, d)
                                                                 for d in [*skip_dirs, *excluded]],
                                 var_files=[str(Path(v).resolve()) for v in var_files] or None)
    root_logger = logging.getLogger()
    level = root_logger.level
    root_logger.setLevel(logging.CRITICAL)  # Checkov logs module-loading problems at WARNING
    try:
        runner = unrendered_runner()
        with warnings.catch_warnings():   # Checkov's own warnings are not the user's concern
            warnings.simplefilter("ignore")
            report = runner.run(root_folder=str(directory), runner_filter=runner_filter)
    finally:
        root_logger.setLevel(level)
    if isinstance(report, list):
        report = report[0]
    for path in sorted(set(report.parsing_errors)):
        result.errors.append(parse_error(Path(path), out_root))
    if config.scope == "stack":
        result.extend(_providerless_stack(runner, directory, out_root, config, checks))
    for rec in base.RECORDED:
        result.extend(_place(rec, directory, out_root, config))
    base.RECORDED.clear()
    return result


def unrendered_runner():
    """Checkov's Terraform runner, building its graph without Checkov's variable
    rendering: our evaluator renders the values the checks read (tf/render.py)."""
    from checkov.terraform.runner import Runner

    from zt_rules.tf.render import render_graph
    runner = Runner()
    manager = runner.graph_manager
    build = manager.build_graph_from_source_directory

    def build_unrendered(*args, **kwargs):
        kwargs["render_variables"] = False
        local_graph, definitions = build(*args, **kwargs)
        render_graph(local_graph)
        return local_graph, definitions

    manager.build_graph_from_source_directory = build_unrendered
    return runner


def _providerless_stack(runner, directory: Path, out_root: Path, config: Config, checks) -> Result:
    """Account-wide findings of a stack root with no `provider "aws"` block to
    anchor them: they point at the root directory (RULES.md)."""
    from zt_rules.tf import stack
    result = Result()
    if not runner.all_graphs:
        return result
    graph = runner.all_graphs[0][0]
    if stack.has_root_provider(graph, str(directory)):
        return result
    where = rel(directory, out_root)
    for hit in stack.account_hits(graph, str(directory), config, checks):
        rule = catalog.get(hit.rule_id)
        placed = place_hit(hit, file=where, line=0, end_line=0, resource="(stack root)",
                           severity=config.severity_for(rule.id, hit.severity or rule.severity), fix=rule.fix)
        (result.findings if isinstance(placed, Finding) else result.notices).append(placed)
    return result


def scan_plan(path: Path, out_root: Path, config: Config) -> Result:
    """Our checks over a Terraform plan JSON (`terraform show -json`): planned
    values, with variables resolved and count/for_each expanded."""
    load_checks()
    from checkov.runner_filter import RunnerFilter
    from checkov.terraform.plan_runner import Runner as PlanRunner

    from zt_rules.tf import base, rawhcl, source

    base.SETTINGS.config = config
    base.SETTINGS.root = str(path.parent)
    base.RECORDED.clear()
    source.clear_cache(shared=True)
    rawhcl.clear_cache()
    checks = [i for i in terraform_rule_ids(config.scope) if i not in config.disable]
    result = Result()
    runner_filter = RunnerFilter(framework=["terraform_plan"], checks=checks, show_progress_bar=False)
    report = PlanRunner().run(root_folder=None, files=[str(path)], runner_filter=runner_filter)
    if isinstance(report, list):
        report = report[0]
    if report.parsing_errors:
        result.errors.append(InputError(rel(path, out_root), 0, "Terraform plan JSON that Checkov could not read"))
    for rec in base.RECORDED:
        result.extend(_place(rec, path.parent, out_root, config))
    base.RECORDED.clear()
    return result


def _anchored(directory: Path, nested: Path) -> str:
    """A Checkov excluded_paths regex for one path (it matches absolute paths)."""
    import re
    return "^" + re.escape(os.path.abspath(os.path.join(directory, nested))) + "(/|$)"


def _place(rec, directory: Path, out_root: Path, config: Config) -> Result:
    result = Result()
    file = rel(directory / rec.file.lstrip("/"), out_root)
    address = f"data.{rec.address}" if rec.block == "data" and not rec.address.startswith("data.") \
        else rec.address
    rule = catalog.get(rec.rule_id)
    if rec.crash:
        result.errors.append(InputError(file, rec.start, f"internal error: {rec.rule_id} failed on "
                                        f"{address}: {rec.crash}"))
        return result
    severity = config.severity_for(rule.id, rule.severity)
    for hit in rec.hits:
        placed = place_hit(hit, file=file, line=rec.start, end_line=rec.end, resource=address,
                           severity=severity, fix=rule.fix)
        if isinstance(placed, Finding):
            if hit.severity:
                placed = placed.with_(severity=config.severity_for(rule.id, hit.severity))
            if rec.suppression:
                placed = placed.with_(suppressed=True, suppression=f"checkov:skip: {rec.suppression}")
            result.findings.append(placed)
        elif isinstance(placed, Notice):
            result.notices.append(placed)
    return result


def parse_error(path: Path, out_root: Path) -> InputError:
    """An error naming the file, line and problem of Terraform that does not parse."""
    from zt_rules.tf.syntax import describe_error
    line, message = describe_error(path)
    return InputError(rel(path, out_root), line, message)
