"""Same input -> byte-identical JSON and SARIF: across two runs, --jobs 1 / --jobs 2,
and with or without the result cache."""
import json

import pytest

SG = '''resource "aws_security_group" "{name}" {{
  description = "{name}"

  ingress {{
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["{cidr}"]
  }}
}}
'''
MODULE_CALL = 'module "net" {\n  source = "../modules/net"\n  cidr   = "10.0.0.0/8"\n}\n'
MODULE = ('variable "cidr" {}\n\nresource "aws_security_group_rule" "in" {\n  type = "ingress"\n'
          '  security_group_id = "sg-1"\n  from_port = 443\n  to_port = 443\n  protocol = "tcp"\n'
          '  cidr_blocks = [var.cidr]\n}\n')
POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Admin", "Effect": "Allow", "Action": ["s3:*", "iam:PassRole"], "Resource": "*"},
    {"Sid": "Trust", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}


def make_tree(root):
    """Several roots (one calling a local module), policies, a broken file, a remote module."""
    for i, cidr in enumerate(["0.0.0.0/0", "10.0.0.0/8", "192.168.1.1/32"]):
        (root / f"stack{i}").mkdir(parents=True)
        (root / f"stack{i}" / "main.tf").write_text(SG.format(name=f"sg{i}", cidr=cidr))
    (root / "stack0" / "net.tf").write_text(MODULE_CALL)
    (root / "stack1" / "remote.tf").write_text('module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n')
    (root / "modules" / "net").mkdir(parents=True)
    (root / "modules" / "net" / "main.tf").write_text(MODULE)
    (root / "broken").mkdir()
    (root / "broken" / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n')
    (root / "policies").mkdir()
    for i in range(3):
        doc = dict(POLICY, Id=f"p{i}")
        (root / "policies" / f"p{i}.json").write_text(json.dumps(doc, indent=2))
    (root / "policies" / "app-trust.json").write_text(json.dumps(POLICY, indent=2))
    (root / "policies" / "bad.json").write_text('{"Statement": [\n')


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    from zt_rules.cli import main
    tree = tmp_path / "tree"
    make_tree(tree)
    monkeypatch.chdir(tree)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def run(*args):
        capsys.readouterr()
        rc = main([*args, "."])
        out = capsys.readouterr()
        assert out.err == "", out.err
        return rc, out.out
    run.tree = tree
    return run


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_two_runs_are_byte_identical(cli, fmt):
    rc1, first = cli("--no-cache", "--jobs", "1", "--format", fmt)
    rc2, second = cli("--no-cache", "--jobs", "1", "--format", fmt)
    assert rc1 == rc2 == 2
    assert first == second
    doc = json.loads(first)
    if fmt == "json":   # the run is not trivially empty
        assert len(doc["findings"]) >= 8 and doc["notices"] and len(doc["errors"]) == 2


def test_jobs_1_and_jobs_2_are_byte_identical(cli):
    for fmt in ("json", "sarif"):
        _, one = cli("--no-cache", "--jobs", "1", "--format", fmt)
        _, two = cli("--no-cache", "--jobs", "2", "--format", fmt)
        assert one == two, fmt


def test_cold_and_warm_cache_runs_equal_an_uncached_run(cli):
    for fmt in ("json", "sarif"):
        _, plain = cli("--no-cache", "--jobs", "1", "--format", fmt)
        _, cold = cli("--jobs", "1", "--format", fmt)
        assert (cli.tree / ".zt-lint-cache").is_dir()
        _, warm = cli("--jobs", "1", "--format", fmt)
        assert plain == cold == warm, fmt
