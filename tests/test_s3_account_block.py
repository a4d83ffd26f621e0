"""An account-level public access block covers the buckets of every module of its root,
wherever the module lives (`source = "../mod"`, the layout of terraform-aws-modules examples)."""
from conftest import scan_tree

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
    result = scan_tree(tmp_path, {"ex/main.tf": CALLER, "mod/main.tf": MODULE}, entry="ex")
    assert [(f.rule_id, f.resource) for f in result.findings if f.rule_id.startswith("ZT_S3_")] == [
        ("ZT_S3_001", "module.m.aws_s3_bucket.this")]
