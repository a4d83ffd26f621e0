"""An account-level public access block covers the buckets of every module of its root,
wherever the module lives (`source = "../mod"`, the layout of terraform-aws-modules examples)."""
from zt_rules.config import Config

CALLER = '''module "m" {
  source = "../mod"
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
'''
MODULE = '''resource "aws_s3_bucket" "this" {
  bucket = "b"
}
'''


def test_account_block_covers_a_bucket_in_a_sibling_module(tmp_path):
    from zt_rules.tf import engine
    (tmp_path / "ex").mkdir()
    (tmp_path / "mod").mkdir()
    (tmp_path / "ex" / "main.tf").write_text(CALLER)
    (tmp_path / "mod" / "main.tf").write_text(MODULE)
    result = engine.scan_dir(tmp_path / "ex", tmp_path, Config())
    assert not result.errors, result.errors
    assert [(f.rule_id, f.resource) for f in result.findings if f.rule_id.startswith("ZT_S3_")] == [
        ("ZT_S3_001", "module.m.aws_s3_bucket.this")]
