"""Resources of a module call that creates nothing (count 0, an empty for_each)
are not judged; the same module called once is (terraform-aws-eks style)."""
from conftest import scan_tree

ROOT = '''variable "node_groups" {
  type    = map(object({ instance_type = optional(string) }))
  default = null
}

module "none" {
  source   = "./sub"
  for_each = var.node_groups != null ? var.node_groups : {}
}

module "disabled" {
  source = "./sub"
  count  = 0
}

module "one" {
  source = "./sub"
  count  = 1
}
'''
SUB = '''resource "aws_instance" "this" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  key_name      = "ops"
}
'''


def test_modules_that_create_nothing_are_not_judged(tmp_path):
    result = scan_tree(tmp_path, {"main.tf": ROOT, "sub/main.tf": SUB})
    found = {f.resource for f in result.findings + result.notices}
    assert found == {"module.one[0].aws_instance.this"}, found


CALLER_NULL = '''module "lt" {
  source      = "./mod"
  http_tokens = null
}
'''
NOT_NULLABLE = '''variable "http_tokens" {
  type     = string
  default  = "required"
  nullable = false
}

resource "aws_launch_template" "this" {
  name = "nodes"
  metadata_options {
    http_tokens = var.http_tokens
  }
}
'''


def test_null_passed_to_a_not_nullable_variable_takes_its_default(tmp_path):
    result = scan_tree(tmp_path, {"main.tf": CALLER_NULL, "mod/main.tf": NOT_NULLABLE})
    # http_tokens is "required" (no ACC_004); the template has no profile (ACC_003)
    assert sorted((f.rule_id, f.resource) for f in result.findings + result.notices) == [
        ("ZT_ACC_003", "module.lt.aws_launch_template.this")]
