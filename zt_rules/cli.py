"""`zt-lint`: command line. Exit 0 clean, 1 findings (or notices with --strict),
2 usage or input error."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from zt_rules import __version__
from zt_rules.findings import SEVERITIES, Result, collapse_notices, severity_rank

FORMATS = ("text", "json", "sarif", "junit", "github")
SUBCOMMANDS = ("rules", "explain", "checks-dir", "merge")


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="zt-lint",
        description="Static Zero Trust linter for AWS Terraform and IAM policy JSON. "
                    "Other commands: `zt-lint rules`, `zt-lint explain ID`, `zt-lint checks-dir`, "
                    "`zt-lint merge FILE...`.")
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
    p.add_argument("-f", "--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--severity-threshold", choices=SEVERITIES, type=str.upper, default=None,
                   help="lowest severity that fails the run (default LOW)")
    p.add_argument("--config", metavar="FILE", help="config file (default: .zt-lint.yaml found upward)")
    p.add_argument("--scope", choices=("module", "stack"), help="stack: also run account/stack rules")
    p.add_argument("--var-file", action="append", default=[], metavar="FILE", help=".tfvars for Terraform variables")
    p.add_argument("--baseline", metavar="FILE", help="accepted findings; those in it do not fail the run")
    p.add_argument("--write-baseline", metavar="FILE", help="write the current findings as a baseline and exit 0")
    p.add_argument("--select", metavar="IDS", help="only these rule ids (comma-separated)")
    p.add_argument("--ignore", metavar="IDS", help="skip these rule ids (comma-separated)")
    p.add_argument("--strict", action="store_true", help="notices (undecidable checks) fail the run")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="parallel roots (default: CPU count)")
    p.add_argument("--shard", metavar="K/N", help="analyse only shard K of N (split by root)")
    p.add_argument("--no-color", action="store_true")
    p.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and the IAM database")
    return p


class _VersionAction(argparse.Action):
    """Like argparse's version action, but loads the database version only when asked."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version_text())
        parser.exit()


def _version_text() -> str:
    try:
        from zt_rules.iamdb import version
        db = version()
    except Exception:  # the database package missing must not break --version
        db = "IAM action database unavailable"
    return f"zt-lint {__version__} ({db})"


def _ids(text: str | None) -> set[str]:
    from zt_rules import catalog
    if not text:
        return set()
    ids = {t.strip().upper() for t in text.split(",") if t.strip()}
    unknown = sorted(i for i in ids if i not in catalog.load())
    if unknown:
        raise UsageError(f"unknown rule id: {', '.join(unknown)} (see `zt-lint rules`)")
    return ids


def load_config(args, paths: list[Path]):
    from zt_rules import config as cfg
    overrides = {}
    if args.scope:
        overrides["scope"] = args.scope
    if args.severity_threshold:
        overrides["severity_threshold"] = args.severity_threshold
    path = Path(args.config) if args.config else cfg.discover(paths[0] if paths else Path("."))
    if args.config and not path.is_file():
        raise UsageError(f"{args.config}: config file not found")
    return cfg.load(path, overrides)


def output_root(paths: list[Path]) -> Path:
    """Paths in reports are relative to the working directory when every
    scanned path is inside it, else to the scanned paths' common parent."""
    cwd = Path.cwd().resolve()
    resolved = [p.resolve() for p in paths]
    if all(cwd == r or cwd in r.parents for r in resolved):
        return cwd
    common = Path(os.path.commonpath([str(r if r.is_dir() else r.parent) for r in resolved]))
    return common


def run(args) -> tuple[Result, object]:
    from zt_rules import scan
    paths = [Path(p) for p in args.paths]
    config = load_config(args, paths)
    select, ignore = _ids(args.select), _ids(args.ignore)
    out_root = output_root(paths)
    result = scan.scan(paths, out_root, config, var_files=args.var_file, use_cache=not args.no_cache,
                       jobs=args.jobs, shard=_shard(args.shard))
    result = _filter(result, config, select, ignore)
    result = _suppress(result, config, out_root, args)
    result.notices = collapse_notices(result.notices)
    return result.sort(), (config, out_root)


def _shard(text: str | None):
    if not text:
        return None
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise UsageError("--shard takes K/N, e.g. 1/4") from None
    if not 1 <= k <= n:
        raise UsageError("--shard K/N needs 1 <= K <= N")
    return k, n


def _filter(result: Result, config, select: set[str], ignore: set[str]) -> Result:
    def keep(rule_id: str) -> bool:
        if rule_id in ignore or rule_id in config.disable:
            return False
        return not select or rule_id in select or not rule_id.startswith("ZT_") or rule_id == "ZT_SCAN"
    return Result([f for f in result.findings if keep(f.rule_id)],
                  [n for n in result.notices if keep(n.rule_id)], list(result.errors))


def _suppress(result: Result, config, out_root: Path, args) -> Result:
    from zt_rules import baseline, suppress
    result = suppress.apply(result, config, out_root, today=date.today())
    path = args.baseline or config.baseline
    if path and not args.write_baseline:
        try:
            result = baseline.apply(result, path)
        except baseline.BaselineError as exc:
            raise UsageError(str(exc)) from None
    return result


def exit_code(result: Result, threshold: str, strict: bool) -> int:
    if result.errors:
        return 2
    floor = severity_rank(threshold)
    if any(not f.suppressed and severity_rank(f.severity) >= floor for f in result.findings):
        return 1
    if strict and result.notices:
        return 1
    return 0


def emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text if text.endswith("\n") or not text else text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def main(argv: list[str] | None = None) -> int:
    if argv is None:   # zt-lint's own process: stubs for Checkov's unused imports, no teardown
        from zt_rules.tf import lean
        lean.stub_unused()
        exit_now(_main(sys.argv[1:]))
    return _main(argv)


def exit_now(code: int) -> None:
    """End zt-lint's own process once its output is flushed. Everything it writes is
    complete by now; skipping the interpreter's teardown of Checkov's objects saves ~0.3 s."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe (`zt-lint . | head`)
            pass
    os._exit(code)


def _main(argv: list[str]) -> int:
    argv = list(argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            from zt_rules import commands
            return commands.dispatch(argv[0], argv[1:])
        return _scan_command(argv)
    except UsageError as exc:
        print(f"zt-lint: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user; ZT_LINT_DEBUG shows it
        if os.environ.get("ZT_LINT_DEBUG"):
            raise
        print(f"zt-lint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def _scan_command(argv: list[str]) -> int:
    from zt_rules import output
    from zt_rules.config import ConfigError

    args = build_parser().parse_args(argv)
    try:
        result, (config, out_root) = run(args)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    threshold = config.severity_threshold
    if args.write_baseline:
        from zt_rules import baseline
        baseline.write(args.write_baseline, [f for f in result.findings if not f.suppressed])
        print(f"zt-lint: wrote {args.write_baseline}", file=sys.stderr)
        return 2 if result.errors else 0
    info = output.RunInfo(version=__version__, db_version=_db_version(), threshold=threshold,
                          root=str(out_root))
    color = args.format == "text" and not args.output and not args.no_color and sys.stdout.isatty() \
        and not os.environ.get("NO_COLOR")
    emit(output.render(args.format, result, info, color=color), args.output)
    return exit_code(result, threshold, args.strict)


def _db_version() -> str:
    from zt_rules.iamdb import version   # not zt_rules.iam: a run from the cache never loads the analyzer
    return version()


if __name__ == "__main__":
    sys.exit(main())
