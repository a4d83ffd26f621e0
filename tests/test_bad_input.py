"""Hardening: input the linter cannot read is an *error* (exit 2, one line
naming the file, the line when there is one, and the problem), never a crash,
a hang or a silent pass; every other file is still analysed and reported.
What is read but cannot be decided is a *notice* (exit 0 unless --strict).

Decisions (RULES.md, "Findings, notices, errors" and ZT_IAM_001):
- text that is not JSON, in a file read as a policy (a `policy_kinds` glob names
  it, or it mentions "Statement") -> error;
- JSON that parses but is not a valid policy (`{"Statement": 5}`, a statement
  without Effect, a top-level array under a policy glob) -> ZT_IAM_001 finding;
- JSON that is not a policy (package.json, tfvars.json, plan JSON, malformed
  JSON without "Statement") -> never an error;
- empty `.tf` / `.json` files (even under a policy glob) hold nothing.

Most tests call `zt_rules.cli.main` in-process (Checkov loads once); the
subprocess tests are the ones about tracebacks and hangs.
"""
import json
import os
import pathlib
import subprocess
import sys
import time

import pytest

from conftest import SSH_WORLD

ZT = [sys.executable, "-m", "zt_rules"]

ADMIN_POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "*", "Resource": "*"}\n  ]\n}\n'


def write(folder: pathlib.Path, name: str, content) -> pathlib.Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def zt(tmp_path, monkeypatch, capsys):
    """Run the CLI in-process from tmp_path; returns (exit code, parsed JSON report, stderr)."""
    from zt_rules.cli import main
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / (tmp_path.name + "-xdg")))

    def run(*args, fmt="json"):
        capsys.readouterr()
        rc = main(["--no-cache", "--jobs", "1", "--format", fmt, *args])
        out = capsys.readouterr()
        assert "Traceback" not in out.err, out.err
        return rc, (json.loads(out.out) if fmt == "json" else out.out), out.err
    return run


def errors(doc) -> dict:
    return {(e["file"], e["line"]): e["message"] for e in doc["errors"]}


def found(doc) -> set:
    return {(f["rule_id"], f["file"], f["line"]) for f in doc["findings"]}


def notices(doc) -> dict:
    return {(n["file"], n["line"], n["rule_id"]): n for n in doc["notices"]}


# --- Terraform that does not parse -----------------------------------------------------------

def test_malformed_hcl_is_an_error_with_line_and_other_files_still_reported(tmp_path, zt):
    write(tmp_path, "a/broken.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = {\n')
    write(tmp_path, "a/main.tf", SSH_WORLD)
    write(tmp_path, "b/main.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = = "x"\n}\n')
    write(tmp_path, "p/admin.json", ADMIN_POLICY)
    rc, doc, _ = zt(".")
    assert rc == 2
    errs = errors(doc)
    assert set(errs) == {("a/broken.tf", 3), ("b/main.tf", 2)}, errs
    assert "unexpected end of file" in errs[("a/broken.tf", 3)]
    assert errs[("b/main.tf", 2)].startswith("not valid HCL: unexpected")
    # the broken file's neighbours in the same root, and other units, are still analysed
    assert ("ZT_ACC_001", "a/main.tf", 4) in found(doc)
    assert ("ZT_IAM_004", "p/admin.json", 4) in found(doc)


def test_text_format_names_file_line_and_problem_on_one_line(tmp_path, zt):
    write(tmp_path, "broken.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n')
    rc, out, _ = zt(".", fmt="text")
    assert rc == 2
    line = next(x for x in out.splitlines() if "error" in x and "broken.tf" in x)
    assert line.startswith("broken.tf:2 ") and "unexpected end of file" in line, out


# --- policy JSON that is not JSON, or not a policy -----------------------------------------

def test_malformed_json_read_as_a_policy_is_an_error(tmp_path, zt):
    # by content: it mentions "Statement"
    write(tmp_path, "pol/broken.json", ADMIN_POLICY.replace("\n  ]\n}\n", "\n"))
    # by a policy_kinds glob (*trust*.json): not JSON at all
    write(tmp_path, "pol/ci-trust.json", "Principal: everyone\n")
    # not a policy and not JSON: skipped quietly
    write(tmp_path, "pol/notes.json", "{oops\n")
    write(tmp_path, "pol/admin.json", ADMIN_POLICY)
    rc, doc, _ = zt(".")
    assert rc == 2
    errs = errors(doc)
    assert set(errs) == {("pol/broken.json", 5), ("pol/ci-trust.json", 1)}, errs
    assert all(m.startswith("not valid JSON") for m in errs.values())
    assert ("ZT_IAM_004", "pol/admin.json", 4) in found(doc)


@pytest.mark.parametrize("name,content,fragment", [
    ("st5.json", '{"Version": "2012-10-17", "Statement": 5}', "not of type 'object'"),
    ("noeffect.json", '{"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]}',
     "'Effect' is a required property"),
    ("x-trust.json", '[1, 2]', ""),
])
def test_json_that_is_not_a_valid_policy_is_a_zt_iam_001_finding_not_an_error(tmp_path, zt, name, content,
                                                                                fragment):
    write(tmp_path, name, content)
    rc, doc, _ = zt(name)
    assert doc["errors"] == []
    assert rc == 1
    iam_001 = [f for f in doc["findings"] if f["rule_id"] == "ZT_IAM_001"]
    assert iam_001 and iam_001[0]["file"] == name, doc["findings"]
    assert fragment in " ".join(f["message"] for f in iam_001)


def test_json_that_is_not_a_policy_is_never_an_error(tmp_path, zt):
    write(tmp_path, "package.json", '{"name": "x", "version": "1.0.0", "scripts": {"test": "jest"}}')
    write(tmp_path, "terraform.tfvars.json", '{"region": "us-east-1", "cidr": "10.0.0.0/16"}')
    write(tmp_path, "prod.auto.tfvars.json", '{"tags": {"Tier": "app"}}')
    write(tmp_path, "plan.json", json.dumps({"format_version": "1.2", "terraform_version": "1.6.0",
                                             "planned_values": {"root_module": {}}, "resource_changes": []}))
    write(tmp_path, "tsconfig.json", '{"compilerOptions": {/* comments are not JSON */}}')
    rc, doc, _ = zt(".")
    assert doc["errors"] == [] and doc["findings"] == []
    assert rc == 0


# --- bytes that are not text ------------------------------------------------------------------

def test_binary_and_non_utf8_files_are_errors(tmp_path, zt):
    write(tmp_path, "bin/main.tf", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    write(tmp_path, "bin/policy.json", b"\x00\x01{\"Statement\": []}")
    write(tmp_path, "latin/main.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = "caf\xe9"\n}\n'.encode("latin-1"))
    write(tmp_path, "latin/policy.json", '{\n"Statement": [],\n"Id": "caf\xe9"}'.encode("latin-1"))
    write(tmp_path, "utf16/policy.json", ADMIN_POLICY.encode("utf-16"))
    write(tmp_path, "ok/main.tf", SSH_WORLD)
    rc, doc, _ = zt(".")
    assert rc == 2
    assert errors(doc) == {
        ("bin/main.tf", 0): "binary file: not Terraform text",
        ("bin/policy.json", 0): "binary file: not JSON text",
        ("latin/main.tf", 2): "not valid UTF-8 (byte 0xe9)",
        ("latin/policy.json", 3): "not valid UTF-8 (byte 0xe9)",
        ("utf16/policy.json", 0): "UTF-16 text: JSON files must be UTF-8 (save it as UTF-8)",
    }
    assert ("ZT_ACC_001", "ok/main.tf", 4) in found(doc)


# --- size and depth limits ----------------------------------------------------------------------

def test_files_above_the_configured_size_limit_are_skipped_with_an_error(tmp_path, zt):
    write(tmp_path, ".zt-lint.yaml", "max_file_size: 2000\n")
    write(tmp_path, "big/main.tf", "# padding\n" * 300 + SSH_WORLD)
    write(tmp_path, "big/policy.json", ADMIN_POLICY.replace('"Version"', '"Id": "' + "x" * 3000 + '", "Version"'))
    write(tmp_path, "small/main.tf", SSH_WORLD)
    rc, doc, _ = zt(".")
    assert rc == 2
    errs = errors(doc)
    assert set(errs) == {("big/main.tf", 0), ("big/policy.json", 0)}, errs
    assert all("above the 2000-byte limit: skipped" in m for m in errs.values())
    assert {f["file"] for f in doc["findings"]} == {"small/main.tf"}


def test_default_size_limit_is_checked_before_reading(tmp_path, zt):
    """A 64 MB (sparse) file is refused by its size, without being read: bounded time."""
    for name in ("huge/main.tf", "huge/policy.json"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        with open(path, "wb") as fh:
            fh.truncate(64 * 1024 * 1024)
    start = time.monotonic()
    rc, doc, _ = zt(".")
    assert time.monotonic() - start < 60
    assert rc == 2
    assert errors(doc) == {
        ("huge/main.tf", 0): f"file is {64 * 1024 * 1024} bytes, above the 10485760-byte limit: skipped",
        ("huge/policy.json", 0): f"file is {64 * 1024 * 1024} bytes, above the 10485760-byte limit: skipped",
    }


def test_10000_deep_nesting_is_an_error_in_bounded_time(tmp_path, zt):
    n = 10_000
    write(tmp_path, "hcl/main.tf", "locals {\n  x = " + "[" * n + "]" * n + "\n}\n")
    write(tmp_path, "obj/main.tf", "locals {\n  x = " + "{a = " * n + "1" + "}" * n + "\n}\n")
    write(tmp_path, "tfjson/main.tf.json", '{"locals": {"x": ' + "[" * n + "]" * n + "}}")
    write(tmp_path, "policy.json", '{"Statement": ' + "[" * n + "]" * n + "}")
    write(tmp_path, "ok/main.tf", SSH_WORLD)
    start = time.monotonic()
    rc, doc, _ = zt(".")
    assert time.monotonic() - start < 90
    assert rc == 2
    errs = errors(doc)
    assert set(errs) == {("hcl/main.tf", 2), ("obj/main.tf", 2), ("tfjson/main.tf.json", 0), ("policy.json", 0)}, errs
    assert all("nested too deeply" in m for m in errs.values())
    assert ("ZT_ACC_001", "ok/main.tf", 4) in found(doc)


def test_a_root_that_would_hang_checkov_is_stopped_by_the_unit_guard(tmp_path, zt, monkeypatch):
    """Checkov's graph builder is exponential in nested blocks (15 nested dynamic blocks
    never finish); the per-unit CPU guard turns that into an error for that root only."""
    monkeypatch.setenv("ZT_LINT_UNIT_TIMEOUT", "4")
    nested = 'dynamic "ingress" {\nfor_each = [1]\ncontent {\n' * 15 + "}\n}\n" * 15
    write(tmp_path, "hang/main.tf", 'resource "aws_security_group" "x" {\n' + nested + "}\n")
    write(tmp_path, "ok/main.tf", SSH_WORLD)
    start = time.monotonic()
    rc, doc, _ = zt(".")
    assert time.monotonic() - start < 120
    assert rc == 2
    errs = errors(doc)
    assert list(errs) == [("hang", 0)], errs
    assert errs[("hang", 0)].startswith("analysis stopped after 4 s of CPU (ZT_LINT_UNIT_TIMEOUT)")
    assert ("ZT_ACC_001", "ok/main.tf", 4) in found(doc)


# --- files that cannot be read -------------------------------------------------------------------

def test_unreadable_files_are_errors(tmp_path, zt, monkeypatch):
    """We run as root, so permission bits do not stop us: make read_bytes fail the way
    open() fails on a 0600 file of another user (EACCES)."""
    write(tmp_path, "locked/main.tf", SSH_WORLD)
    write(tmp_path, "locked/policy.json", ADMIN_POLICY)
    write(tmp_path, "ok/main.tf", SSH_WORLD)
    locked = {str((tmp_path / "locked" / n).resolve()) for n in ("main.tf", "policy.json")}
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if str(self.resolve()) in locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    rc, doc, _ = zt(".")
    assert rc == 2
    assert errors(doc) == {("locked/main.tf", 0): "cannot read: Permission denied",
                           ("locked/policy.json", 0): "cannot read: Permission denied"}
    assert {f["file"] for f in doc["findings"]} == {"ok/main.tf"}


def test_fifos_symlink_loops_and_outside_links_neither_hang_nor_crash(tmp_path):
    """Real FIFOs (reading one blocks forever) and symlink loops, in a subprocess with a timeout."""
    root = tmp_path / "root"
    write(root, "ok/main.tf", SSH_WORLD)
    os.mkfifo(root / "pipe.json")
    os.mkfifo(root / "ok" / "pipe.tf")
    os.symlink("loop-b.json", root / "loop-a.json")
    os.symlink("loop-a.json", root / "loop-b.json")
    os.symlink("..", root / "ok" / "up")                          # directory loop
    outside = write(tmp_path, "outside/admin.json", ADMIN_POLICY)
    os.symlink(outside, root / "linked-admin.json")               # file outside the root
    os.symlink(outside.parent, root / "linked-dir")               # directory outside the root
    os.symlink(root / "nowhere.json", root / "dangling.json")
    proc = subprocess.run([*ZT, "--no-cache", "--format", "json", "."], cwd=root, capture_output=True,
                          text=True, timeout=240)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    assert errors(doc) == {("pipe.json", 0): "not a regular file but a named pipe (FIFO): skipped",
                           ("ok/pipe.tf", 0): "not a regular file but a named pipe (FIFO): skipped"}
    said = {(n["file"], n["message"]) for n in doc["notices"]}
    assert said == {
        ("loop-a.json", "symlink loop not followed"),
        ("loop-b.json", "symlink loop not followed"),
        ("ok/up", "symlinked directory not followed"),
        ("linked-admin.json", "symlink pointing outside the scanned root not followed"),
        ("linked-dir", "symlinked directory not followed"),
        ("dangling.json", "broken symlink not followed"),
    }
    # the outside policy (Action "*") was not analysed; the readable root was
    assert found(doc) == {("ZT_ACC_001", "ok/main.tf", 4), ("ZT_SG_001", "ok/main.tf", 4)}


# --- modules -------------------------------------------------------------------------------------------

def test_missing_local_module_is_an_error_but_an_s3_object_source_is_not(tmp_path, zt):
    write(tmp_path, "main.tf", 'module "net" {\n  source = "./modules/nope"\n}\n\n'
                               'resource "aws_s3_object" "page" {\n  bucket = "b"\n  key = "index.html"\n'
                               '  source = "./site/index.html"\n}\n')
    write(tmp_path, "site/index.html", "<html></html>\n")
    rc, doc, _ = zt(".")
    assert rc == 2
    assert errors(doc) == {("main.tf", 2): "local module source './modules/nope' does not exist"}


def test_remote_module_is_a_notice_and_fails_only_under_strict(tmp_path, zt):
    write(tmp_path, "main.tf", 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.1"\n}\n\n'
                               'module "git" { source = "git::https://example.com/net.git?ref=v1" }\n')
    rc, doc, _ = zt(".")
    assert doc["errors"] == [] and doc["findings"] == []
    assert rc == 0
    said = notices(doc)
    assert set(said) == {("main.tf", 2, "ZT_SCAN"), ("main.tf", 6, "ZT_SCAN")}, said
    vpc = said[("main.tf", 2, "ZT_SCAN")]
    assert vpc["resource"] == "module.vpc"
    assert vpc["unknown"] == "remote module terraform-aws-modules/vpc/aws"
    assert "not checked" in vpc["message"]
    assert said[("main.tf", 6, "ZT_SCAN")]["resource"] == "module.git"
    rc, _, _ = zt("--strict", ".")
    assert rc == 1


def test_remote_modules_of_a_called_modules_subdirectories_are_not_ours(tmp_path, zt):
    # examples/a calls the repository root; examples/b (never analysed here) calls a remote module.
    write(tmp_path, "main.tf", 'resource "aws_sqs_queue" "this" {\n  name = "q"\n}\n')
    write(tmp_path, "examples/a/main.tf", 'module "queue" {\n  source = "../../"\n}\n')
    write(tmp_path, "examples/b/main.tf", 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n')
    rc, doc, _ = zt("--strict", "examples/a")
    assert (rc, doc["notices"], doc["findings"], doc["errors"]) == (0, [], [], [])


def test_variable_without_default_is_a_notice_and_fails_only_under_strict(tmp_path, zt):
    write(tmp_path, "main.tf", 'variable "cidr" {}\n\nresource "aws_security_group" "app" {\n'
                               '  description = "App"\n\n  ingress {\n    description = "HTTPS"\n'
                               '    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n'
                               '    cidr_blocks = [var.cidr]\n  }\n}\n')
    rc, doc, _ = zt(".")
    assert doc["errors"] == [] and doc["findings"] == []
    assert rc == 0
    said = notices(doc)
    assert ("main.tf", 6, "ZT_SG_001") in said, said
    assert "var.cidr" in said[("main.tf", 6, "ZT_SG_001")]["unknown"]
    rc, _, _ = zt("--strict", ".")
    assert rc == 1


def test_terraform_json_is_checked_as_json_and_never_silently_passed(tmp_path, zt):
    """Checkov 3.3's directory loader skips `.tf.json`; until the engine reads it, a notice
    says so (a silent pass would hide the open SSH below), and broken JSON is an error."""
    write(tmp_path, "ok/main.tf.json", json.dumps({"resource": {"aws_security_group": {"ssh": {
        "description": "Admin", "ingress": [{"description": "SSH", "from_port": 22, "to_port": 22,
                                             "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]}}}}))
    write(tmp_path, "bad/main.tf.json", '{\n  "resource": {\n    "aws_s3_bucket": {\n')
    rc, doc, _ = zt(".")
    assert rc == 2
    assert errors(doc) == {("bad/main.tf.json", 4): "not valid JSON: Expecting property name enclosed in double quotes"}
    if not any(f["file"] == "ok/main.tf.json" for f in doc["findings"]):
        assert ("ok/main.tf.json", 0, "ZT_SCAN") in notices(doc), doc


# --- empty input -----------------------------------------------------------------------------------------

def test_empty_files_are_valid_and_hold_nothing(tmp_path, zt):
    write(tmp_path, "mod/main.tf", "")
    write(tmp_path, "mod/blank.tf", "\n\n   \n")
    write(tmp_path, "empty.json", "")
    write(tmp_path, "ci-trust.json", "  \n")      # named by the *trust*.json glob, still nothing
    rc, doc, _ = zt(".")
    assert (rc, doc["errors"], doc["findings"], doc["notices"]) == (0, [], [], [])


# --- everything at once, as a user would see it -----------------------------------------------------

def test_cli_subprocess_on_a_tree_of_bad_input_reports_everything_without_traceback(tmp_path):
    write(tmp_path, "broken/main.tf", 'resource "aws_s3_bucket" "b" {\n')
    write(tmp_path, "bin/main.tf", b"\x00" * 64)
    write(tmp_path, "pol/broken.json", '{"Statement": [\n')
    write(tmp_path, "pol/st5.json", '{"Statement": 5}')
    write(tmp_path, "pol/admin.json", ADMIN_POLICY)
    write(tmp_path, "ok/main.tf", SSH_WORLD)
    write(tmp_path, "package.json", '{"name": "x"}')
    proc = subprocess.run([*ZT, "--no-cache", "--format", "json", "."], cwd=tmp_path, capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode == 2
    assert proc.stderr == "", proc.stderr
    doc = json.loads(proc.stdout)
    assert set(errors(doc)) == {("broken/main.tf", 1), ("bin/main.tf", 0), ("pol/broken.json", 2)}, doc["errors"]
    assert {("ZT_ACC_001", "ok/main.tf", 4), ("ZT_IAM_004", "pol/admin.json", 4)} <= found(doc)
    assert "ZT_IAM_001" in {f["rule_id"] for f in doc["findings"] if f["file"] == "pol/st5.json"}
    assert doc["summary"]["errors"] == 3
