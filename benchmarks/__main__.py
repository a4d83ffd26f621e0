"""zt-lint benchmark runner: every target of the performance issue, side by side.

    python -m benchmarks [--reps 5] [--sizes 100,1000] [--out benchmarks/out/results.json] [--smoke]

Each command runs as a subprocess; wall time is `time.perf_counter` around it,
peak RSS comes from `/usr/bin/time -f %M` (largest single process) and from a
/proc sampler (sum over the process tree, so `--jobs` workers count). Commands
that are compared run interleaved (A, B, A, B, ...) in the same invocation and
every figure is the median over the repetitions; the verdicts use ratios only,
absolute seconds are context (the machine is shared). See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import corpus

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent          # the venv's bin/, not resolved: console scripts live here
GNU_TIME = "/usr/bin/time"
STATUSES = ("PASS", "FAIL", "SKIPPED")
TARGET_IDS = ("1", "2", "3", "4", "5/rss", "6", "7")   # plus "5/<files>" per corpus size
PRECOMMIT_FILES = 200
PARLIAMENT_CANDIDATES = ("/tmp/zt-bench-parliament/bin/parliament",)


# ----------------------------------------------------------------- measuring one command

@dataclass
class Cmd:
    name: str
    argv: list[str]
    cwd: Path
    env: dict | None = None
    ok_codes: tuple = (0, 1)
    before: object = None              # callable(rep) run untimed before each repetition
    after: object = None               # callable(rep) run untimed after each repetition
    samples: list = field(default_factory=list)

    def summary(self) -> dict:
        walls = [s["wall_s"] for s in self.samples]
        out = {"argv": self.argv, "cwd": str(self.cwd), "runs": self.samples,
               "median_s": statistics.median(walls) if walls else None,
               "min_s": min(walls) if walls else None, "max_s": max(walls) if walls else None}
        cpus = [s["cpu_s"] for s in self.samples if s.get("cpu_s") is not None]
        out["median_cpu_s"] = statistics.median(cpus) if cpus else None
        for key in ("rss_max_kb", "rss_tree_kb"):
            vals = [s[key] for s in self.samples if s.get(key)]
            out[f"median_{key}"] = statistics.median(vals) if vals else None
        bad = [s for s in self.samples if s["rc"] not in self.ok_codes]
        out["failed_runs"] = len(bad)
        if bad:
            out["error"] = f"exit {bad[0]['rc']}: {bad[0]['stderr_tail']}"
        return out


class TreeRss:
    """Peak of the summed RSS of a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._stop = threading.Event()
        self._page_kb = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        if os.path.isdir("/proc"):
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self):
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, self._sample())
            self._stop.wait(self.interval)

    def _sample(self) -> int:
        parent, rss = {}, {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * self._page_kb
        total, todo, seen = 0, [self.pid], set()
        children: dict[int, list[int]] = {}
        for pid, ppid in parent.items():
            children.setdefault(ppid, []).append(pid)
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            total += rss.get(pid, 0)
            todo.extend(children.get(pid, ()))
        return total


def run_once(cmd: Cmd, timeout: float) -> dict:
    argv = list(cmd.argv)
    time_file = None
    if os.access(GNU_TIME, os.X_OK):
        fd, time_file = tempfile.mkstemp(prefix="zt-bench-time-")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", time_file, *argv]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cmd.cwd, env=cmd.env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeRss(proc.pid) as tree:
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            err = (err or b"") + f"\ntimeout after {timeout} s".encode()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)   # CPU of the waited-for tree: robust to a busy machine
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    rss_max = None
    if time_file:
        try:
            text = Path(time_file).read_text().strip().splitlines()
            rss_max = int(text[-1]) if text and text[-1].isdigit() else None
        finally:
            os.unlink(time_file)
    return {"wall_s": round(wall, 4), "cpu_s": round(cpu, 3), "rc": proc.returncode, "rss_max_kb": rss_max, "rss_tree_kb": tree.peak_kb or None,
            "stderr_tail": err.decode("utf-8", "replace").strip()[-400:]}


def measure(cmds: list[Cmd], reps: int, timeout: float, log) -> None:
    """Run the commands interleaved, `reps` rounds: A B C, A B C, ..."""
    for rep in range(reps):
        for cmd in cmds:
            if cmd.before:
                cmd.before(rep)
            try:
                sample = run_once(cmd, timeout)
            finally:
                if cmd.after:
                    cmd.after(rep)
            sample["rep"] = rep
            cmd.samples.append(sample)
            log(f"  rep {rep + 1}/{reps} {cmd.name:<22} {sample['wall_s']:8.2f} s  cpu {sample['cpu_s']:6.2f} s"
                f"  rc={sample['rc']}"
                f"  rss={_mb(sample['rss_max_kb'])}/{_mb(sample['rss_tree_kb'])} MB")


def _mb(kb) -> str:
    return "-" if not kb else f"{kb / 1024:.0f}"


# ----------------------------------------------------------------- verdicts

def target(tid: str, name: str, *, ours: Cmd | None = None, theirs: Cmd | None = None, limit: float | None = None,
           op: str = "<=", status: str | None = None, reason: str = "", ratio: float | None = None,
           extra: dict | None = None, cmds: list[Cmd] = (), unit: str = "s") -> dict:
    """One line of the table. Without an explicit status, PASS iff ratio `op` limit."""
    cmds = [c for c in (ours, theirs, *cmds) if c is not None]
    errors = [f"{c.name}: {c.summary()['error']}" for c in cmds if c.samples and c.summary().get("error")]
    if status is None:
        if errors:
            status, reason = "FAIL", "; ".join(errors)
        else:
            if ratio is None and ours and theirs:
                ratio = ours.summary()["median_s"] / theirs.summary()["median_s"]
            ok = ratio is not None and (ratio <= limit if op == "<=" else ratio < limit)
            status = "PASS" if ok else "FAIL"
    line = {"id": tid, "name": name, "status": status, "reason": reason,
            "ratio": round(ratio, 4) if ratio is not None else None, "limit": limit, "op": op, "unit": unit,
            "ours": ours.name if ours else None, "theirs": theirs.name if theirs else None,
            "ours_median": _median(ours, unit), "theirs_median": _median(theirs, unit),
            "measurements": {c.name: c.summary() for c in cmds}}
    if ours and theirs and ours.samples and theirs.samples and unit == "s":
        a, b = ours.summary()["median_cpu_s"], theirs.summary()["median_cpu_s"]
        line["cpu_ratio"] = round(a / b, 4) if a and b else None   # context: CPU seconds, same medians
    if extra:
        line.update(extra)
    return line


def _median(cmd: Cmd | None, unit: str):
    if cmd is None or not cmd.samples:
        return None
    s = cmd.summary()
    return s["median_rss_tree_kb"] if unit == "kB" else s["median_s"]


def skipped(tid: str, name: str, reason: str) -> dict:
    return target(tid, name, status="SKIPPED", reason=reason)


# ----------------------------------------------------------------- the benchmark

def _byte_compile() -> None:
    """Compile zt_rules to bytecode, as a regular (non-editable) install does:
    with PYTHONDONTWRITEBYTECODE set, an editable checkout would otherwise be
    compiled from source on every run, while Checkov's installed bytecode is read."""
    import compileall

    import zt_rules
    compileall.compile_dir(str(Path(zt_rules.__file__).parent), quiet=1)


class Bench:
    def __init__(self, args):
        self.args = args
        self.reps = args.reps
        self.timeout = args.timeout
        self.work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="zt-bench-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env.pop("BC_API_KEY", None)
        self.env.pop("ZT_LINT_DEBUG", None)
        self.zt = _tool("zt-lint", [sys.executable, "-m", "zt_rules"])
        _byte_compile()
        self.checkov = _tool("checkov", None)
        self.lines: list[dict] = []
        self.meta: dict = {}
        self.out = Path(args.out) if args.out else None

    def log(self, text: str) -> None:
        if not self.args.quiet:
            print(text, file=sys.stderr, flush=True)

    def zt_env(self, cache: str) -> dict:
        return dict(self.env, XDG_CACHE_HOME=str(self.work / "cache" / cache))

    def corpus(self, files: int) -> Path:
        path = self.work / f"corpus-{files}"
        if not path.exists():
            summary = corpus.generate(path, files, seed=self.args.seed)
            self.meta.setdefault("corpora", {})[str(files)] = summary
            self.log(f"corpus {files}: {summary}")
        return path

    # ---- target 1
    def t1_baseline(self) -> None:
        name = "cold `zt-lint --scope stack terraform_baseline` <= 0.5 x `checkov -d` (all checks)"
        base = REPO / "terraform_baseline"
        if not base.is_dir():
            self.lines.append(skipped("1", name, f"{base} does not exist"))
            return
        if not self.checkov:
            self.lines.append(skipped("1", name, "checkov is not installed next to this Python"))
            return
        self.log("target 1: terraform_baseline")
        ours = Cmd("zt-lint cold", [*self.zt, "--no-cache", "--scope", "stack", "terraform_baseline"], REPO,
                   self.zt_env("t1"))
        theirs = Cmd("checkov -d", [*self.checkov, "-d", "terraform_baseline", "--framework", "terraform",
                                    "--skip-download"], REPO, self.env)
        measure([ours, theirs], self.reps, self.timeout, self.log)
        self.lines.append(target("1", name, ours=ours, theirs=theirs, limit=0.5))

    # ---- target 2
    def t2_policies(self) -> None:
        name = "`zt-lint policies_baseline` (JSON only) < `parliament --file` on one policy; no Checkov import"
        pdir = REPO / "policies_baseline"
        note = ""
        if not pdir.is_dir():
            pdir = self.corpus(self.small_size()) / "policies"
            note = f"policies_baseline/ absent: used the generated corpus's {len(list(pdir.glob('*.json')))} policies. "
        one = sorted(pdir.rglob("*.json"))[0]
        probe = self.checkov_import_probe(pdir)
        parliament, why = self.parliament()
        self.log("target 2: policies")
        ours = Cmd("zt-lint policies", [*self.zt, "--no-cache", str(pdir)], REPO, self.zt_env("t2"))
        one_cmd = Cmd("zt-lint one policy", [*self.zt, "--no-cache", str(one)], REPO, self.zt_env("t2"))
        extra = {"checkov_imported": probe}
        if probe is None or probe:
            reason = "Checkov was imported: " + ", ".join(probe) if probe else "import probe failed"
            measure([ours, one_cmd], self.reps, self.timeout, self.log)
            self.lines.append(target("2", name, ours=ours, status="FAIL", reason=note + reason,
                                     cmds=[one_cmd], extra=extra))
            return
        if not parliament:
            measure([ours, one_cmd], self.reps, self.timeout, self.log)
            self.lines.append(target("2", name, ours=ours, status="SKIPPED", cmds=[one_cmd], extra=extra,
                                     reason=note + f"parliament unavailable ({why}); Checkov not imported"))
            return
        theirs = Cmd("parliament --file", _parliament_argv(parliament, one), REPO, self.env)
        measure([ours, one_cmd, theirs], self.reps, self.timeout, self.log)
        line = target("2", name, ours=ours, theirs=theirs, limit=1.0, op="<", cmds=[one_cmd], extra=extra)
        line["reason"] = (note + line["reason"]).strip()
        self.lines.append(line)

    def checkov_import_probe(self, pdir: Path):
        """Modules of checkov loaded by an in-process `zt-lint <policies>` (None: probe failed)."""
        code = ("import json, os, sys\nfrom zt_rules import cli\n"
                f"cli.main(['--no-cache', '-o', os.devnull, {str(pdir)!r}])\n"
                "print(json.dumps(sorted(m for m in sys.modules if m == 'checkov' or m.startswith('checkov.'))[:5]))")
        proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=self.zt_env("t2"), capture_output=True,
                              text=True, timeout=self.timeout)
        try:
            return json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            self.log(f"  import probe failed: {proc.stderr[-300:]}")
            return None

    def parliament(self) -> tuple[list[str] | None, str]:
        candidates = [self.args.parliament] if self.args.parliament else []
        candidates += [os.environ.get("ZT_BENCH_PARLIAMENT") or "", *PARLIAMENT_CANDIDATES,
                       shutil.which("parliament") or ""]
        for cand in filter(None, candidates):
            if not os.access(cand, os.X_OK):
                continue
            probe = subprocess.run([cand, "--string", '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                    '"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'],
                                   capture_output=True, text=True, timeout=self.timeout)   # also compiles its .pyc
            if probe.returncode in (0, 1):
                return [cand], ""
            return None, f"{cand} exits {probe.returncode}: {probe.stderr.strip()[-200:]}"
        return None, ("not installed; see benchmarks/README.md (it needs an old setuptools' pkg_resources, "
                      "so it lives in a throwaway venv under /tmp)")

    # ---- targets 3 to 7: one interleaved group per corpus
    def small_size(self) -> int:
        return min(self.args.sizes)

    def corpus_targets(self) -> None:
        sizes = sorted(set(self.args.sizes))
        pre_files = self.args.precommit_files
        groups = sorted(set(sizes) | {pre_files})
        for files in groups:
            self.corpus_group(files, cache_targets=files == pre_files, scaling=files in sizes,
                              parallel=files == sizes[0])

    def corpus_group(self, files: int, *, cache_targets: bool, scaling: bool, parallel: bool) -> None:
        root = self.corpus(files)
        env = self.zt_env(f"corpus-{files}")
        outs = self.work / f"out-{files}"
        outs.mkdir(exist_ok=True)
        labels = [t for t, on in (("3, 4", cache_targets), ("5", scaling), ("6, 7", parallel)) if on]
        self.log(f"targets {', '.join(labels)}: {files}-file corpus")
        cold = Cmd("zt-lint cold", [*self.zt, "--no-cache", "--format", "json", "-o", str(outs / "default.json"),
                                    "."], root, env)
        cmds = [cold]
        extra = {"corpus_files": files}
        if cache_targets:
            changed = sorted((root / "stacks").glob("svc-*/security_groups.tf"))
            changed = changed[len(changed) // 2]
            rel = changed.relative_to(root).as_posix()
            original = changed.read_bytes()

            def edit(rep):   # a new content every time, so the changed root is never in the cache
                changed.write_bytes(original + f"\n# edited by the benchmark, round {rep}\n".encode())

            def restore(rep):   # back to the primed content: the warm run stays "nothing changed"
                changed.write_bytes(original)

            warm = Cmd("zt-lint warm", [*self.zt, "."], root, env)
            pre = Cmd("zt-lint 1 changed file", [*self.zt, rel], root, env, before=edit, after=restore)
            prime = run_once(warm, self.timeout)
            self.log(f"  prime the cache: {prime['wall_s']:.2f} s rc={prime['rc']}")
            cmds += [warm, pre]
        theirs = None
        if scaling and self.checkov:
            theirs = Cmd("checkov -d", [*self.checkov, "-d", ".", "--framework", "terraform", "--skip-download"],
                         root, self.env)
            cmds.append(theirs)
        if parallel:
            jobs1 = Cmd("zt-lint --jobs 1", [*self.zt, "--no-cache", "--jobs", "1", "--format", "json", "-o",
                                             str(outs / "jobs1.json"), "."], root, env)
            shards = [Cmd(f"zt-lint --shard {k}/2", [*self.zt, "--no-cache", "--shard", f"{k}/2", "--format",
                                                      "json", "-o", str(outs / f"shard{k}.json"), "."], root, env)
                      for k in (1, 2)]
            cmds += [jobs1, *shards]
        measure(cmds, self.reps, self.timeout, self.log)
        if cache_targets:
            x = dict(extra, changed_file=rel)
            self.lines.append(target("3", f"warm run, nothing changed <= 0.1 x cold run ({files} files)",
                                     ours=warm, theirs=cold, limit=0.1, extra=x))
            self.lines.append(target("4", f"pre-commit: `zt-lint <1 changed file>` <= 0.3 x cold full run "
                                          f"({files} files)", ours=pre, theirs=cold, limit=0.3, extra=x))
        if scaling:
            name = f"cold zt-lint <= 0.5 x `checkov -d` (all checks), {files} files"
            if theirs:
                self.lines.append(target(f"5/{files}", name, ours=cold, theirs=theirs, limit=0.5, extra=extra))
            else:
                self.lines.append(skipped(f"5/{files}", name, "checkov is not installed next to this Python"))
        if scaling and files == max(self.args.sizes):
            rname = f"peak RSS (process tree) of zt-lint <= checkov's, {files} files"
            if theirs:
                r_ours, r_theirs = cold.summary()["median_rss_tree_kb"], theirs.summary()["median_rss_tree_kb"]
                ratio = r_ours / r_theirs if r_ours and r_theirs else None
                self.lines.append(target("5/rss", rname, ours=cold, theirs=theirs, limit=1.0, ratio=ratio, unit="kB",
                                         extra=dict(extra, rss_max_single_process_kb={
                                             "ours": cold.summary()["median_rss_max_kb"],
                                             "theirs": theirs.summary()["median_rss_max_kb"]})))
            else:
                self.lines.append(skipped("5/rss", rname, "checkov is not installed next to this Python"))
        if parallel:
            self._t6(cold, jobs1, outs, files)
            self._t7(cold, shards, outs, files)
        self.checkpoint()

    def _t6(self, default: Cmd, jobs1: Cmd, outs: Path, files: int) -> None:
        jobs = os.cpu_count() or 1
        a, b = _read(outs / "default.json"), _read(outs / "jobs1.json")
        identical = a is not None and a == b
        name = f"--jobs {jobs} (default) faster than --jobs 1, report byte-identical ({files} files)"
        line = target("6", name, ours=default, theirs=jobs1, limit=1.0, op="<", extra={
            "byte_identical": identical, "cpu_count": jobs, "corpus_files": files})
        if line["status"] == "PASS" and not identical:
            line["status"], line["reason"] = "FAIL", "reports differ between --jobs 1 and the default"
        if jobs == 1 and line["status"] == "FAIL" and identical:
            line["status"], line["reason"] = "SKIPPED", "one CPU: nothing to parallelise (reports identical)"
        self.lines.append(line)

    def _t7(self, full: Cmd, shards: list[Cmd], outs: Path, files: int) -> None:
        whole = _keys(_read(outs / "default.json"))
        parts = [_keys(_read(outs / f"shard{k}.json")) for k in (1, 2)]
        union_ok = whole is not None and all(p is not None for p in parts) and \
            sorted(parts[0] + parts[1]) == sorted(whole)
        slowest = max(shards, key=lambda c: c.summary()["median_s"] or 0)
        name = f"--shard 1/2 + 2/2 = the full report; slowest shard < full run ({files} files)"
        line = target("7", name, ours=slowest, theirs=full, limit=1.0, op="<", cmds=shards,
                      extra={"union_equals_full": union_ok, "corpus_files": files,
                             "findings": {"full": len(whole or []), "shards": [len(p or []) for p in parts]}})
        if line["status"] == "PASS" and not union_ok:
            line["status"], line["reason"] = "FAIL", "the shards' findings do not add up to the full report"
        self.lines.append(line)

    # ---- all
    def checkpoint(self) -> None:
        """Write what is measured so far (`"partial": true`): a long run cut short still leaves numbers."""
        if self.out:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.out.write_text(json.dumps({"meta": self.meta, "targets": sorted(self.lines, key=_order),
                                            "partial": True}, indent=2) + "\n", encoding="utf-8")

    def run(self) -> dict:
        started = time.time()
        self.meta.update(_machine(self.zt, self.checkov), reps=self.reps, sizes=sorted(self.args.sizes),
                         precommit_files=self.args.precommit_files, smoke=self.args.smoke, seed=self.args.seed,
                         workdir=str(self.work), load_before=_loadavg())
        steps = {"1": self.t1_baseline, "2": self.t2_policies, "34567": self.corpus_targets}
        only = set(self.args.only.split(",")) if self.args.only else None
        for key, step in steps.items():
            if only and not (only & set(key)):
                continue
            try:
                step()
                self.checkpoint()
            except Exception as exc:   # one broken target must not hide the others
                self.log(f"  {key}: {type(exc).__name__}: {exc}")
                for tid in (*TARGET_IDS, *(f"5/{n}" for n in self.args.sizes)):
                    if tid[0] in key and not any(line["id"] == tid for line in self.lines):
                        self.lines.append(target(tid, f"target {tid}", status="FAIL",
                                                 reason=f"benchmark error: {type(exc).__name__}: {exc}"))
        self.meta.update(load_after=_loadavg(), elapsed_s=round(time.time() - started, 1))
        self.lines.sort(key=_order)
        return {"meta": self.meta, "targets": self.lines}


def _parliament_argv(parliament: list[str], policy: Path) -> list[str]:
    """`parliament --file` refuses to run without a TTY: give it one with script(1), else use --string."""
    script = shutil.which("script")
    if script:
        return [script, "-qec", shlex.join([*parliament, "--file", str(policy)]), "/dev/null"]
    return [*parliament, "--string", policy.read_text()]


def _order(line: dict):
    tid = line["id"]
    major, _, minor = tid.partition("/")
    return (int(major), 1 if minor == "rss" else 0, int(minor) if minor.isdigit() else 0)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _keys(raw: bytes | None):
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return [json.dumps(f, sort_keys=True) for f in data.get("findings", [])] + \
        [json.dumps(n, sort_keys=True) for n in data.get("notices", [])]


def _tool(name: str, fallback):
    path = BIN / name
    if path.exists():
        return [str(path)]
    found = shutil.which(name)
    return [found] if found else fallback


def _loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _machine(zt, checkov) -> dict:
    def version(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=120).stdout.strip()[:200]
        except Exception as exc:
            return f"unknown ({exc})"
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "zt_lint": version([*zt, "--version"]), "checkov": version([*checkov, "--version"]) if checkov else None,
            "gnu_time": os.access(GNU_TIME, os.X_OK), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


# ----------------------------------------------------------------- output

def table(result: dict) -> str:
    rows = [("target", "ours", "theirs", "ratio", "limit", "status", "cpu ratio")]
    for line in result["targets"]:
        unit = line.get("unit", "s")
        fmt = (lambda v: f"{v / 1024:.0f} MB") if unit == "kB" else (lambda v: f"{v:.2f} s")
        rows.append((f"{line['id']:<7} {line['name']}",
                     fmt(line["ours_median"]) if line.get("ours_median") is not None else "-",
                     fmt(line["theirs_median"]) if line.get("theirs_median") is not None else "-",
                     f"{line['ratio']:.3f}" if line.get("ratio") is not None else "-",
                     f"{line['op']} {line['limit']}" if line.get("limit") is not None else "-",
                     line["status"], f"{line['cpu_ratio']:.3f}" if line.get("cpu_ratio") is not None else "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            out.append("-" * len(out[0]))
    for line in result["targets"]:
        if line.get("reason"):
            out.append(f"  [{line['id']}] {line['reason']}")
    m = result["meta"]
    out.append(f"medians of {m['reps']} interleaved runs; ratios = ours / theirs (wall; cpu ratio: CPU seconds, context); {m['cpus']} CPUs; "
               f"load {m.get('load_before')} -> {m.get('load_after')}; {m.get('elapsed_s')} s")
    return "\n".join(out)


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--reps", type=int, default=None, help="repetitions per command (default 5; smoke 1)")
    p.add_argument("--sizes", default=None, help="corpus sizes in files for target 5 (default 100,1000)")
    p.add_argument("--precommit-files", type=int, default=None, help="corpus size of targets 3-4 (default 200)")
    p.add_argument("--out", default=str(REPO / "benchmarks" / "out" / "results.json"), help="JSON results")
    p.add_argument("--smoke", action="store_true", help="1 repetition, tiny corpora: checks the runner works")
    p.add_argument("--only", help="subset of steps: 1,2,3,4,5,6,7")
    p.add_argument("--parliament", help="path of a `parliament` executable (default: auto-detect)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    p.add_argument("--workdir", help="where corpora and caches go (default: a new temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = p.parse_args(argv)
    if args.smoke:
        args.reps = args.reps or 1
        args.sizes = args.sizes or "20"
        args.precommit_files = args.precommit_files or 20
    args.reps = args.reps or 5
    args.sizes = [int(s) for s in (args.sizes or "100,1000").split(",") if s.strip()]
    args.precommit_files = args.precommit_files or PRECOMMIT_FILES
    if args.reps < 1 or not args.sizes or min(args.sizes) < 2:
        p.error("--reps >= 1 and sizes >= 2 files")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    bench = Bench(args)
    try:
        result = bench.run()
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(bench.work, ignore_errors=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
