"""A policy document's `.json` reaches its resource through a local or a module
variable (terraform-aws-modules style): judged, not a notice."""
from conftest import scan_tree

ROOT = '''locals {
  policy = data.aws_iam_policy_document.wide.json
}

data "aws_iam_policy_document" "wide" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "via_local" {
  name   = "via-local"
  policy = local.policy
}

module "policy" {
  source = "./mod"
  policy = data.aws_iam_policy_document.wide.json
}
'''
MODULE = '''variable "policy" {
  type = string
}

resource "aws_iam_policy" "this" {
  name   = "from-variable"
  policy = var.policy
}
'''


def test_document_through_a_local_and_a_module_variable_is_judged(tmp_path):
    result = scan_tree(tmp_path, {"main.tf": ROOT, "mod/main.tf": MODULE})
    assert [(n.rule_id, n.resource, n.unknown) for n in result.notices] == []
    # judged once, where the statements are written
    assert sorted((f.rule_id, f.file, f.line, f.resource) for f in result.findings) == [
        ("ZT_IAM_004", "main.tf", 6, "data.aws_iam_policy_document.wide"),
        ("ZT_IAM_010", "main.tf", 6, "data.aws_iam_policy_document.wide")]


RANDOM = '''resource "random_pet" "this" {
  length = 2
}

resource "random_string" "suffix" {
  length = 8
}

data "aws_iam_policy_document" "named" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::logs-${random_pet.this.id}"]
  }
}

data "aws_iam_policy_document" "maybe_wildcard" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::logs-${random_string.suffix.result}"]
  }
}
'''


def test_a_random_pet_name_in_an_arn_is_one_concrete_name(tmp_path):
    result = scan_tree(tmp_path, {"main.tf": RANDOM})
    # random_string may hold "*": still a notice; random_pet cannot
    assert sorted({(n.resource, n.unknown) for n in result.notices}) == [
        ("data.aws_iam_policy_document.maybe_wildcard", "random_string.suffix.result")]
