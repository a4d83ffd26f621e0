"""Tiers read per instance and through provider default_tags (RULES.md "Tiers")."""
from pathlib import Path

from conftest import scan_tree

DEFAULT_TAGS = '''provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Tier = "data"
    }
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "db" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}

resource "aws_nat_gateway" "nat" {
  subnet_id = "subnet-0123456789abcdef0"
}

resource "aws_route_table" "out" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}

resource "aws_route_table_association" "db" {
  subnet_id      = aws_subnet.db.id
  route_table_id = aws_route_table.out.id
}
'''

# Untagged security groups take the tier of the one subnet instance their user is in.
INHERITED = '''locals {
  tiers = toset([for t in ["app", "data"] : t])
}

resource "aws_subnet" "per_tier" {
  for_each   = local.tiers
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = each.key == "app" ? "10.0.1.0/24" : "10.0.2.0/24"
  tags       = { Tier = each.key }
}

resource "aws_security_group" "db" {
  description = "Database"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_security_group" "web" {
  description = "Web"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_egress_rule" "db_out" {
  security_group_id = aws_security_group.db.id
  description       = "Replication"
  cidr_ipv4         = "10.0.9.0/24"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
}

resource "aws_vpc_security_group_egress_rule" "web_out" {
  security_group_id = aws_security_group.web.id
  description       = "Replication"
  cidr_ipv4         = "10.0.9.0/24"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
}

resource "aws_instance" "db" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.per_tier["data"].id
  vpc_security_group_ids = [aws_security_group.db.id]
}

resource "aws_instance" "web" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.per_tier["app"].id
  vpc_security_group_ids = [aws_security_group.web.id]
}
'''


def _rows(tmp_path: Path, text: str, rules):
    result = scan_tree(tmp_path, {"main.tf": text})
    return sorted((f.rule_id, f.line, f.resource) for f in result.findings + result.notices if f.rule_id in rules)


def test_provider_default_tags_give_the_subnet_its_tier(tmp_path):
    assert _rows(tmp_path, DEFAULT_TAGS, ("ZT_NET_001", "ZT_NET_003")) == [("ZT_NET_003", 14, "aws_subnet.db")]


def test_security_group_inherits_the_tier_of_the_named_subnet_instance(tmp_path):
    # Only the group used in the data instance is a data-tier group: SG_004 (CIDR egress).
    assert _rows(tmp_path, INHERITED, ("ZT_SG_004",)) == [("ZT_SG_004", 22, "aws_vpc_security_group_egress_rule.db_out")]
