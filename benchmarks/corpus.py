"""Deterministic corpus of realistic AWS Terraform and IAM policy JSON.

    python -m benchmarks.corpus OUT_DIR --files 200 [--seed 1]

`generate(out, files, seed)` writes exactly `files` files:

- `stacks/svc-NNN/`   Terraform roots (3-7 .tf files each): a VPC with tiered
  subnets, security groups with rules (SG references, some 0.0.0.0/0 or SSH),
  VPC endpoints (gateway with a jsonencode policy, interface with private DNS),
  S3 buckets with encryption, public-access blocks and bucket policies, IAM
  roles with jsonencode trust and inline policies, variables with defaults;
  some roots call a shared local module.
- `modules/log-bucket-K/`  local modules (bucket + policy + variables/outputs).
- `policies/*.json`   standalone identity, trust and endpoint policies (~15 %).

About a third of the resources carry a Zero Trust violation (open SSH, no TLS
deny, Action "*", endpoint without policy, ...). The same (files, seed) gives
byte-identical output; nothing depends on time, hash seeds or the file system.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

POLICY_SHARE = 0.15
MODULE_EVERY = 12           # one shared module per this many stacks
REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"]
ACCOUNT = "111122223333"
SERVICES = ["billing", "orders", "search", "ledger", "catalog", "auth", "media", "reports", "audit", "inventory"]
READ_ACTIONS = ["s3:GetObject", "s3:ListBucket", "dynamodb:GetItem", "dynamodb:Query", "sqs:ReceiveMessage",
                "kms:Decrypt", "logs:PutLogEvents", "ssm:GetParameter", "secretsmanager:GetSecretValue"]
WRITE_ACTIONS = ["s3:PutObject", "dynamodb:PutItem", "sqs:SendMessage", "sns:Publish", "kms:GenerateDataKey"]
RISKY_ACTIONS = ["*", "s3:*", "iam:PassRole", "ec2:TerminateInstances", "s3:DeleteBucket", "kms:ScheduleKeyDeletion"]


def hcl_str(value: str) -> str:
    return json.dumps(value)


# ----------------------------------------------------------------- Terraform files of one stack

def tf_main(rng: random.Random, name: str, idx: int) -> str:
    region = rng.choice(REGIONS)
    second = (idx * 7) % 250
    azs = rng.choice([2, 3])
    out = [f'''terraform {{
  required_version = ">= 1.5"
  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }}
  }}
}}

provider "aws" {{
  region = var.region
}}

locals {{
  name = "{name}"
  tags = {{
    Service     = "{name}"
    Environment = var.environment
    Owner       = "team-{rng.choice(SERVICES)}"
  }}
}}

resource "aws_vpc" "main" {{
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.tags, {{ Name = "${{local.name}}-vpc" }})
}}

resource "aws_flow_log" "main" {{
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::{name}-flow-logs-{ACCOUNT}"
  log_destination_type = "s3"
}}
''']
    tiers = [("public", True), ("app", False), ("data", False)]
    for t, (tier, public) in enumerate(tiers):
        for az in range(azs):
            mpl = "true" if public and rng.random() < 0.5 else "false"
            out.append(f'''
resource "aws_subnet" "{tier}_{az}" {{
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.{second}.{t * 16 + az}.0/24"
  availability_zone       = "{region}{"abc"[az]}"
  map_public_ip_on_launch = {mpl}
  tags                    = merge(local.tags, {{ Tier = "{tier}", Name = "${{local.name}}-{tier}-{az}" }})
}}
''')
    out.append('''
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  tags   = local.tags
}
''')
    for az in range(azs):
        out.append(f'''
resource "aws_route_table_association" "app_{az}" {{
  subnet_id      = aws_subnet.app_{az}.id
  route_table_id = aws_route_table.private.id
}}
''')
    if rng.random() < 0.25:   # violation: internet gateway route from a private table
        out.append('''
resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "private_default" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
}
''')
    return "".join(out)


def tf_security_groups(rng: random.Random, name: str) -> str:
    out = []
    for sg, desc in (("alb", "Load balancer"), ("app", "Application tier"), ("db", "Database tier")):
        out.append(f'''
resource "aws_security_group" "{sg}" {{
  name        = "${{local.name}}-{sg}"
  description = "{desc} of {name}"
  vpc_id      = aws_vpc.main.id
  tags        = merge(local.tags, {{ Tier = "{sg}" }})
}}
''')
    out.append('''
resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from the internet"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
  security_group_id            = aws_security_group.app.id
  description                  = "App port from the load balancer"
  referenced_security_group_id = aws_security_group.alb.id
  from_port                    = var.app_port
  to_port                      = var.app_port
  ip_protocol                  = "tcp"
}

resource "aws_security_group_rule" "db_from_app" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  description              = "PostgreSQL from the app tier"
  source_security_group_id = aws_security_group.app.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "app_to_endpoints" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to VPC endpoints"
  cidr_ipv4         = var.vpc_cidr
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}
''')
    roll = rng.random()
    if roll < 0.2:   # violation: SSH from anywhere
        out.append('''
resource "aws_security_group_rule" "ssh_admin" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  description       = "SSH for admins"
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
}
''')
    elif roll < 0.35:   # violation: inline rules, egress everywhere, no description
        out.append('''
resource "aws_security_group" "legacy" {
  name   = "${local.name}-legacy"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
''')
    return "".join(out)


def _endpoint_policy(rng: random.Random, name: str) -> str:
    if rng.random() < 0.25:   # violation: full access
        stmt = '''{
        Effect    = "Allow"
        Principal = "*"
        Action    = "*"
        Resource  = "*"
      }'''
    else:
        stmt = f'''{{
        Sid       = "OwnBuckets"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource  = ["arn:aws:s3:::{name}-*", "arn:aws:s3:::{name}-*/*"]
        Condition = {{
          StringEquals = {{ "aws:PrincipalOrgID" = var.organization_id }}
        }}
      }}'''
    return f'''jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {stmt}
    ]
  }})'''


def tf_endpoints(rng: random.Random, name: str) -> str:
    out = [f'''
resource "aws_vpc_endpoint" "s3" {{
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${{var.region}}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
  policy            = {_endpoint_policy(rng, name)}
}}
''']
    for svc in rng.sample(["ssm", "ssmmessages", "ec2messages", "kms", "logs", "sts", "secretsmanager"], 3):
        private_dns = "false" if rng.random() < 0.15 else "true"
        policy = "" if rng.random() < 0.3 else f"\n  policy              = {_endpoint_policy(rng, name)}"
        out.append(f'''
resource "aws_vpc_endpoint" "{svc}" {{
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${{var.region}}.{svc}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = {private_dns}
  subnet_ids          = [aws_subnet.app_0.id, aws_subnet.app_1.id]
  security_group_ids  = [aws_security_group.app.id]{policy}
}}
''')
    return "".join(out)


def _bucket_policy(rng: random.Random, bucket_ref: str, endpoint_ref: str | None) -> str:
    stmts = []
    if rng.random() < 0.7:
        stmts.append(f'''{{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [{bucket_ref}.arn, "${{{bucket_ref}.arn}}/*"]
        Condition = {{ Bool = {{ "aws:SecureTransport" = "false" }} }}
      }}''')
    if endpoint_ref and rng.random() < 0.6:
        stmts.append(f'''{{
        Sid       = "DenyOutsideVpce"
        Effect    = "Deny"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:PutObject"]
        Resource  = "${{{bucket_ref}.arn}}/*"
        Condition = {{ StringNotEquals = {{ "aws:SourceVpce" = {endpoint_ref}.id }} }}
      }}''')
    if rng.random() < 0.2:   # violation: public read
        stmts.append(f'''{{
        Sid       = "PublicRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${{{bucket_ref}.arn}}/*"
      }}''')
    if not stmts:
        stmts.append(f'''{{
        Sid       = "ReadForAccount"
        Effect    = "Allow"
        Principal = {{ AWS = "arn:aws:iam::{ACCOUNT}:root" }}
        Action    = "s3:GetObject"
        Resource  = "${{{bucket_ref}.arn}}/*"
      }}''')
    return "jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [\n      " + \
        ",\n      ".join(stmts) + "\n    ]\n  })"


def tf_bucket(rng: random.Random, label: str, bucket_name: str, endpoint_ref: str | None,
              data_class: str) -> str:
    ref = f"aws_s3_bucket.{label}"
    out = [f'''
resource "aws_s3_bucket" "{label}" {{
  bucket = {bucket_name}
  tags   = {{ DataClass = "{data_class}" }}
}}
''']
    if rng.random() < 0.8:
        out.append(f'''
resource "aws_s3_bucket_public_access_block" "{label}" {{
  bucket                  = {ref}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
''')
    if rng.random() < 0.75:
        algo = '"aws:kms"' if rng.random() < 0.7 else '"AES256"'
        out.append(f'''
resource "aws_s3_bucket_server_side_encryption_configuration" "{label}" {{
  bucket = {ref}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm = {algo}
    }}
  }}
}}
''')
    out.append(f'''
resource "aws_s3_bucket_policy" "{label}" {{
  bucket = {ref}.id
  policy = {_bucket_policy(rng, ref, endpoint_ref)}
}}
''')
    return "".join(out)


def tf_storage(rng: random.Random, name: str) -> str:
    out = []
    for i in range(rng.choice([1, 2])):
        klass = rng.choice(["internal", "sensitive", "public", "confidential"])
        out.append(tf_bucket(rng, f"data_{i}", f'"{name}-data-{i}-{ACCOUNT}"', "aws_vpc_endpoint.s3", klass))
    return "".join(out)


def _hcl_statement(rng: random.Random, name: str) -> str:
    risky = rng.random() < 0.3
    actions = rng.sample(READ_ACTIONS, rng.randint(1, 3)) + rng.sample(WRITE_ACTIONS, rng.randint(0, 2))
    if risky:
        actions = [rng.choice(RISKY_ACTIONS)] + actions[:1]
    resource = '"*"' if risky or rng.random() < 0.2 else \
        f'["arn:aws:s3:::{name}-*", "arn:aws:dynamodb:*:{ACCOUNT}:table/{name}-*"]'
    cond = ""
    if rng.random() < 0.3:
        cond = '\n        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }'
    return f'''{{
        Effect   = "Allow"
        Action   = {json.dumps(actions).replace('", "', '", "')}
        Resource = {resource}{cond}
      }}'''


def tf_iam(rng: random.Random, name: str) -> str:
    out = []
    for role in rng.sample(["app", "worker", "deploy", "reader"], rng.randint(1, 3)):
        principal = rng.choice(['{ Service = "ec2.amazonaws.com" }', '{ Service = "ecs-tasks.amazonaws.com" }',
                                f'{{ AWS = "arn:aws:iam::{ACCOUNT}:root" }}', '{ AWS = "*" }'])
        stmts = ",\n      ".join(_hcl_statement(rng, name) for _ in range(rng.randint(1, 3)))
        out.append(f'''
resource "aws_iam_role" "{role}" {{
  name = "${{local.name}}-{role}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {principal}
      Action    = "sts:AssumeRole"
    }}]
  }})
  tags = local.tags
}}

resource "aws_iam_role_policy" "{role}" {{
  name = "${{local.name}}-{role}"
  role = aws_iam_role.{role}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {stmts}
    ]
  }})
}}
''')
    if rng.random() < 0.3:
        out.append(f'''
resource "aws_instance" "bastion" {{
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.app_0.id
  vpc_security_group_ids = [aws_security_group.app.id]
  key_name               = "{name}-admin"
  metadata_options {{
    http_tokens = "{rng.choice(["optional", "required"])}"
  }}
}}
''')
    return "".join(out)


def tf_variables(rng: random.Random, idx: int) -> str:
    return f'''
variable "region" {{
  type    = string
  default = "{rng.choice(REGIONS)}"
}}

variable "environment" {{
  type    = string
  default = "{rng.choice(["dev", "staging", "prod"])}"
}}

variable "vpc_cidr" {{
  type    = string
  default = "10.{(idx * 7) % 250}.0.0/16"
}}

variable "app_port" {{
  type    = number
  default = {rng.choice([8080, 8443, 3000])}
}}

variable "admin_cidr" {{
  type    = string
  default = "{rng.choice(["10.0.0.0/8", "0.0.0.0/0", "192.168.10.0/24"])}"
}}

variable "organization_id" {{
  type    = string
  default = "o-abc123def4"
}}
'''


def tf_outputs() -> str:
    return '''
output "vpc_id" {
  value = aws_vpc.main.id
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}
'''


def tf_module_call(module_dir: str, name: str) -> str:
    return f'''
module "logs" {{
  source      = "../../modules/{module_dir}"
  bucket_name = "{name}-logs-{ACCOUNT}"
  vpce_id     = aws_vpc_endpoint.s3.id
}}
'''


def module_files(rng: random.Random) -> dict[str, str]:
    main = tf_bucket(rng, "this", "var.bucket_name", None, "internal").replace(
        "aws_vpc_endpoint.s3", "var.vpce_id")
    return {
        "main.tf": main,
        "variables.tf": '''
variable "bucket_name" {
  type = string
}

variable "vpce_id" {
  type    = string
  default = null
}
''',
        "outputs.tf": '''
output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
''',
    }


def stack_files(rng: random.Random, idx: int, module_dir: str | None) -> dict[str, str]:
    name = f"{SERVICES[idx % len(SERVICES)]}-{idx:03d}"
    files = {
        "main.tf": tf_main(rng, name, idx),
        "security_groups.tf": tf_security_groups(rng, name),
        "endpoints.tf": tf_endpoints(rng, name),
        "storage.tf": tf_storage(rng, name) + (tf_module_call(module_dir, name) if module_dir else ""),
        "iam.tf": tf_iam(rng, name),
        "variables.tf": tf_variables(rng, idx),
    }
    if rng.random() < 0.5:
        files["outputs.tf"] = tf_outputs()
    return files


# ----------------------------------------------------------------- standalone policies

def policy_doc(rng: random.Random, i: int) -> tuple[str, dict]:
    kind = rng.random()
    if kind < 0.15:
        return f"role-{i:04d}-trust.json", {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": rng.choice(["ec2.amazonaws.com", "lambda.amazonaws.com"])}
            if rng.random() < 0.7 else {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
    stmts = []
    for s in range(rng.randint(1, 5)):
        risky = rng.random() < 0.25
        actions = [rng.choice(RISKY_ACTIONS)] if risky else \
            rng.sample(READ_ACTIONS, rng.randint(1, 3)) + rng.sample(WRITE_ACTIONS, rng.randint(0, 2))
        st = {"Sid": f"S{s}", "Effect": "Deny" if rng.random() < 0.1 else "Allow",
              "Action": actions if len(actions) > 1 else actions[0],
              "Resource": "*" if risky or rng.random() < 0.2 else
              [f"arn:aws:s3:::bucket-{i}", f"arn:aws:s3:::bucket-{i}/*"]}
        if rng.random() < 0.3:
            st["Condition"] = rng.choice([
                {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
                {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
                {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}},
                {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}])
        stmts.append(st)
    return f"app-{i:04d}.json", {"Version": "2012-10-17", "Statement": stmts}


# ----------------------------------------------------------------- the corpus

def plan(files: int) -> tuple[int, int]:
    """(policy JSON files, Terraform files) for a corpus of `files` files."""
    policies = max(1, round(files * POLICY_SHARE)) if files >= 2 else 0
    return policies, files - policies


def generate(out: Path, files: int, seed: int = 1) -> dict:
    """Write the corpus into `out` (emptied first); return a summary."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    n_policies, tf_budget = plan(files)
    written: list[Path] = []
    stacks = modules = 0
    while tf_budget > 0:
        module_dir = None
        if stacks % MODULE_EVERY == MODULE_EVERY - 1 and tf_budget >= 5:
            module_dir = f"log-bucket-{modules}"
            mod = module_files(random.Random(f"{seed}:module:{modules}"))
            for fname, text in mod.items():
                written.append(_write(out / "modules" / module_dir / fname, text))
            tf_budget -= len(mod)
            modules += 1
        srng = random.Random(f"{seed}:stack:{stacks}")
        chosen = stack_files(srng, stacks, module_dir)
        keep = ["main.tf", "variables.tf", "security_groups.tf", "endpoints.tf", "iam.tf", "storage.tf",
                "outputs.tf"]
        names = [k for k in keep if k in chosen][:max(1, tf_budget)]
        if "storage.tf" not in names and module_dir:   # the module must stay called
            names[-1] = "storage.tf"
        for fname in names:
            written.append(_write(out / "stacks" / f"svc-{stacks:03d}" / fname, chosen[fname]))
        tf_budget -= len(names)
        stacks += 1
    for i in range(n_policies):
        fname, doc = policy_doc(random.Random(f"{seed}:policy:{i}"), i)
        written.append(_write(out / "policies" / fname, json.dumps(doc, indent=2) + "\n"))
    assert len(written) == files, (len(written), files)
    return {"files": files, "seed": seed, "stacks": stacks, "modules": modules, "policies": n_policies,
            "tf_files": files - n_policies}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--files", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    print(json.dumps(generate(args.out, args.files, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
