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
