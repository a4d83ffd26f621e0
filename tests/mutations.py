"""Mutation table (issue 6): one small edit per rule to a copy of a baseline, and the
findings RULES.md says that edit must add — no more, no fewer.

Each `Mutation` edits `file` of `target` (`terraform_baseline` or `policies_baseline`,
scanned with the target's own `.zt-lint.yaml`; the Terraform one is a stack root):
`old` must occur exactly once in the file and is replaced by `new` (`more` holds further
`(file, old, new)` edits of the same mutation, applied in order). `expected` is the set of
NEW findings as `(rule_id, resource)`: the Terraform address
(`module.network.aws_subnet.data[0]`, `...interface["ssm"]`), the account-wide provider
block (`aws.default` = the root's first `provider "aws"`, region us-east-1;
`aws.eu_west_1`) or, for standalone JSON, the statement key (`Sid:X` / `Statement[i]`).
`rules` names the rules the mutation exists for (tests/test_mutation_catalog.py checks
that every active rule has one that expects its findings). An empty `expected` is a
negative case: an edit the rules must accept (e.g. a destructive action on a role that
keeps its MFA Denies attached).

Expectations are derived from RULES.md (rule texts, "Overlaps", "Where findings point"),
not from the linter's output. Where the linter disagrees and RULES.md says the linter is
wrong, `xfail` holds the precise linter bug (the test is then `xfail(strict=True)`: it
starts failing as an XPASS when the bug is fixed, and the `xfail` must go).

Batching (to keep tests/test_mutations.py within a few minutes: a Terraform scan of the
baseline takes ~20 s here). Terraform mutations carry a `batch` number; the mutations of
one batch are applied together to one copy and scanned once. They are chosen to be
independent: they edit different blocks, none of them changes what another one's rules
look at (tiers, regions, detectors, the resources another one expects), and their
`expected` pairs are disjoint. A mutation passes on the batch result when its expected
findings are all new and the batch produced nothing that no member expects and no new
error; otherwise it is re-scanned alone, so a failure is always attributed to exactly one
edit. Shortcut for a known bug (`xfail`) whose expected finding is missing from the batch
result: it fails there without a re-scan (a member masking a fixed finding would then keep
it xfailed instead of XPASS; the batches avoid such pairs). An `xfail` whose bug ADDS a
finding is not batched (it would send its whole batch to re-scans). JSON mutations (a
policies_baseline scan takes ~0.1-2 s) always run alone.
"""
from __future__ import annotations

from dataclasses import dataclass

TF = "terraform_baseline"
JSON = "policies_baseline"


@dataclass(frozen=True)
class Mutation:
    id: str
    target: str
    file: str
    old: str
    new: str
    expected: frozenset
    rules: tuple[str, ...]
    batch: int | None = None            # Terraform only; None: always scanned alone
    xfail: str | None = None            # the linter bug that makes this fail today
    more: tuple[tuple[str, str, str], ...] = ()   # further (file, old, new) edits

    def edits(self) -> list[tuple[str, str, str]]:
        return [(self.file, self.old, self.new), *self.more]


def _pairs(*pairs) -> frozenset:
    return frozenset(pairs)


def _each(rule: str, address: str, keys) -> list[tuple[str, str]]:
    """One finding per count index / for_each key."""
    return [(rule, f"{address}[{k}]" if isinstance(k, int) else f'{address}["{k}"]') for k in keys]



NET = "module.network."
SG_RULES = "modules/network/security_groups.tf"
NET_MAIN = "modules/network/main.tf"
LT = "module.access.aws_launch_template.app"
DETECTORS = ("module.detection_us_east_1.aws_guardduty_detector.this",
             "module.detection_eu_west_1.aws_guardduty_detector.this")
HOME, EU = "aws.default", "aws.eu_west_1"
VPC = NET + "aws_vpc.this"
ZONES = (0, 1, 2)
POLICY_ENDPOINTS = ("ssm", "secretsmanager", "ecr.api", "ecr.dkr", "kms", "logs", "sts")
FULL_ACCESS_ENDPOINTS = ("ssmmessages", "ec2messages")

# ---------------------------------------------------------------- Terraform: NET

TERRAFORM = [
    Mutation(
        "net001_mgmt_subnets_unrecognised_tier", TF, NET_MAIN,
        old='  map_public_ip_on_launch = false\n\n'
            '  tags = { Name = "${var.name}-mgmt-${local.azs[count.index]}", Tier = "mgmt" }',
        new='  map_public_ip_on_launch = false\n\n'
            '  tags = { Name = "${var.name}-mgmt-${local.azs[count.index]}", Tier = "ops" }',
        # an unrecognised value counts as untagged (RULES "Tiers")
        expected=frozenset(_each("ZT_NET_001", NET + "aws_subnet.mgmt", ZONES)),
        rules=("ZT_NET_001",), batch=1),
    Mutation(
        "net002_app_subnets_map_public_ip", TF, NET_MAIN,
        old="  cidr_block              = cidrsubnet(var.vpc_cidr, 8, count.index + 10)\n"
            "  availability_zone       = local.azs[count.index]\n"
            "  map_public_ip_on_launch = false\n",
        new="  cidr_block              = cidrsubnet(var.vpc_cidr, 8, count.index + 10)\n"
            "  availability_zone       = local.azs[count.index]\n"
            "  map_public_ip_on_launch = true\n",
        expected=frozenset(_each("ZT_NET_002", NET + "aws_subnet.app", ZONES)),
        rules=("ZT_NET_002",), batch=1),
    Mutation(
        "net002_launch_template_public_ip", TF, "modules/access/instances.tf",
        old="    associate_public_ip_address = false\n",
        new="    associate_public_ip_address = true\n",
        expected=_pairs(("ZT_NET_002", LT)),
        rules=("ZT_NET_002",), batch=2),
    Mutation(
        "net003_nat_route_in_data_route_tables", TF, NET_MAIN,
        old='resource "aws_route_table_association" "data" {\n'
            "  count          = length(local.azs)\n"
            "  subnet_id      = aws_subnet.data[count.index].id\n"
            "  route_table_id = aws_route_table.data[count.index].id\n"
            "}\n",
        new='resource "aws_route_table_association" "data" {\n'
            "  count          = length(local.azs)\n"
            "  subnet_id      = aws_subnet.data[count.index].id\n"
            "  route_table_id = aws_route_table.data[count.index].id\n"
            "}\n\n"
            'resource "aws_route" "data_nat" {\n'
            "  count                  = length(local.azs)\n"
            "  route_table_id         = aws_route_table.data[count.index].id\n"
            '  destination_cidr_block = "0.0.0.0/0"\n'
            "  nat_gateway_id         = aws_nat_gateway.this[count.index].id\n"
            "}\n",
        # one finding per data subnet whose table has the route
        expected=frozenset(_each("ZT_NET_003", NET + "aws_subnet.data", ZONES)),
        rules=("ZT_NET_003",), batch=1),
    Mutation(
        "net004_igw_route_in_mgmt_route_tables", TF, NET_MAIN,
        old='resource "aws_route_table_association" "mgmt" {\n'
            "  count          = length(local.azs)\n"
            "  subnet_id      = aws_subnet.mgmt[count.index].id\n"
            "  route_table_id = aws_route_table.mgmt[count.index].id\n"
            "}\n",
        new='resource "aws_route_table_association" "mgmt" {\n'
            "  count          = length(local.azs)\n"
            "  subnet_id      = aws_subnet.mgmt[count.index].id\n"
            "  route_table_id = aws_route_table.mgmt[count.index].id\n"
            "}\n\n"
            'resource "aws_route" "mgmt_internet" {\n'
            "  count                  = length(local.azs)\n"
            "  route_table_id         = aws_route_table.mgmt[count.index].id\n"
            '  destination_cidr_block = "0.0.0.0/0"\n'
            "  gateway_id             = aws_internet_gateway.this.id\n"
            "}\n",
        expected=frozenset(_each("ZT_NET_004", NET + "aws_subnet.mgmt", ZONES)),
        rules=("ZT_NET_004",), batch=2),
    Mutation(
        "net005_db_subnet_group_with_app_subnets", TF, NET_MAIN,
        old="# ---------------------------------------------------------------- data tier: local + gateway endpoints only\n",
        new='resource "aws_db_subnet_group" "data" {\n'
            '  name       = "${var.name}-data"\n'
            "  subnet_ids = concat(aws_subnet.data[*].id, aws_subnet.app[*].id)\n"
            "}\n\n"
            "# ---------------------------------------------------------------- data tier: local + gateway endpoints only\n",
        expected=_pairs(("ZT_NET_005", NET + "aws_db_subnet_group.data")),
        rules=("ZT_NET_005",), batch=2),
    Mutation(
        "net006_default_security_group_with_a_rule", TF, NET_MAIN,
        old='resource "aws_default_security_group" "this" {\n  vpc_id = aws_vpc.this.id\n',
        new='resource "aws_default_security_group" "this" {\n  vpc_id = aws_vpc.this.id\n\n'
            "  ingress {\n"
            "    protocol  = -1\n"
            "    self      = true\n"
            "    from_port = 0\n"
            "    to_port   = 0\n"
            "  }\n",
        # Overlaps: aws_default_security_group rules -> NET_006 only (no SG_005/SG_006)
        expected=_pairs(("ZT_NET_006", NET + "aws_default_security_group.this")),
        rules=("ZT_NET_006",), batch=3),
    Mutation(
        "net007_no_flow_logs", TF, "modules/network/flow_logs.tf",
        old='resource "aws_flow_log" "vpc" {\n'
            "  vpc_id                   = aws_vpc.this.id\n"
            '  traffic_type             = "ALL"\n'
            '  log_destination_type     = "cloud-watch-logs"\n'
            "  log_destination          = aws_cloudwatch_log_group.flow_logs.arn\n"
            "  iam_role_arn             = aws_iam_role.flow_logs.arn\n"
            "  max_aggregation_interval = 60\n\n"
            '  tags = { Name = "${var.name}-vpc-flow-logs" }\n'
            "}\n",
        new="",
        expected=_pairs(("ZT_NET_007", VPC)),
        rules=("ZT_NET_007",), batch=3),
]

# ---------------------------------------------------------------- Terraform: SG, ACC

TERRAFORM += [
    Mutation(
        "sg001_acc001_world_ssh_on_app_sg", TF, SG_RULES,
        old='  description = "App tier: traffic from the ALB only; egress to endpoints and the data tier"\n'
            "  vpc_id      = aws_vpc.this.id\n",
        new='  description = "App tier: traffic from the ALB only; egress to endpoints and the data tier"\n'
            "  vpc_id      = aws_vpc.this.id\n\n"
            "  ingress {\n"
            '    description = "SSH from anywhere"\n'
            "    from_port   = 22\n"
            "    to_port     = 22\n"
            '    protocol    = "tcp"\n'
            '    cidr_blocks = ["0.0.0.0/0"]\n'
            "  }\n",
        # Overlaps: world ingress on 22/3389 -> ACC_001 + SG_001
        expected=_pairs(("ZT_SG_001", NET + "aws_security_group.app"),
                        ("ZT_ACC_001", NET + "aws_security_group.app")),
        rules=("ZT_SG_001", "ZT_ACC_001"), batch=1),
    Mutation(
        "sg002_data_ingress_from_cidr", TF, SG_RULES,
        old='  description                  = "PostgreSQL (${var.db_port}) from the app tier only"\n'
            '  ip_protocol                  = "tcp"\n'
            "  from_port                    = var.db_port\n"
            "  to_port                      = var.db_port\n"
            "  referenced_security_group_id = aws_security_group.app.id\n",
        new='  description                  = "PostgreSQL (${var.db_port}) from the app tier only"\n'
            '  ip_protocol                  = "tcp"\n'
            "  from_port                    = var.db_port\n"
            "  to_port                      = var.db_port\n"
            '  cidr_ipv4                    = "10.0.10.0/24"\n',
        # Overlaps: a non-world CIDR -> SG_002 (not 22/3389: no ACC_001)
        expected=_pairs(("ZT_SG_002", NET + "aws_vpc_security_group_ingress_rule.data_from_app")),
        rules=("ZT_SG_002",), batch=2),
    Mutation(
        "sg003_app_egress_to_the_world", TF, SG_RULES,
        old='  description                  = "HTTPS to the VPC interface endpoints"\n'
            '  ip_protocol                  = "tcp"\n'
            "  from_port                    = 443\n"
            "  to_port                      = 443\n"
            "  referenced_security_group_id = aws_security_group.endpoints.id\n",
        new='  description                  = "HTTPS to the VPC interface endpoints"\n'
            '  ip_protocol                  = "tcp"\n'
            "  from_port                    = 443\n"
            "  to_port                      = 443\n"
            '  cidr_ipv4                    = "0.0.0.0/0"\n',
        # the baseline config has no egress_exceptions
        expected=_pairs(("ZT_SG_003", NET + "aws_vpc_security_group_egress_rule.app_to_endpoints")),
        rules=("ZT_SG_003",), batch=3),
    Mutation(
        "sg004_sg008_seed_empty_egress_on_data_sg", TF, SG_RULES,
        old="# ---------------------------------------------------------------- mgmt\n",
        new="# the seed's rule, verbatim\n"
            'resource "aws_security_group_rule" "db_egress_deny_all" {\n'
            '  type              = "egress"\n'
            "  from_port         = 0\n"
            "  to_port           = 0\n"
            '  protocol          = "-1"\n'
            "  cidr_blocks       = []  # Empty — no egress rules = deny all\n"
            "  security_group_id = aws_security_group.data.id\n"
            "}\n\n"
            "# ---------------------------------------------------------------- mgmt\n",
        # Overlaps: the seed's cidr_blocks = [] egress on a data-tier SG -> SG_004 + SG_008
        # (+ SG_005 when undescribed)
        expected=_pairs(("ZT_SG_004", NET + "aws_security_group_rule.db_egress_deny_all"),
                        ("ZT_SG_008", NET + "aws_security_group_rule.db_egress_deny_all"),
                        ("ZT_SG_005", NET + "aws_security_group_rule.db_egress_deny_all")),
        rules=("ZT_SG_004", "ZT_SG_008"), batch=4),
    Mutation(
        "sg005_rule_without_description", TF, SG_RULES,
        old='  description                  = "HTTPS from the app tier"\n',
        new="",
        expected=_pairs(("ZT_SG_005", NET + "aws_vpc_security_group_ingress_rule.endpoints_from_app")),
        rules=("ZT_SG_005",), batch=4),
    Mutation(
        "sg006_all_protocols_from_the_alb_sg", TF, SG_RULES,
        old='  description                  = "HTTP on port ${var.app_port} from the ALB only (TLS ends at the ALB)"\n'
            '  ip_protocol                  = "tcp"\n'
            "  from_port                    = var.app_port\n"
            "  to_port                      = var.app_port\n",
        new='  description                  = "All traffic from the ALB only"\n'
            '  ip_protocol                  = "-1"\n',
        # Overlaps: all protocols between SGs -> SG_006 (no ACC_001: not from a CIDR)
        expected=_pairs(("ZT_SG_006", NET + "aws_vpc_security_group_ingress_rule.app_from_alb")),
        rules=("ZT_SG_006",), batch=2),
    Mutation(
        "sg007_description_names_mysql_on_postgres_port", TF, SG_RULES,
        old='  description                  = "PostgreSQL (${var.db_port}) from the app tier only"\n',
        new='  description                  = "MySQL from the app tier only"\n',
        expected=_pairs(("ZT_SG_007", NET + "aws_vpc_security_group_ingress_rule.data_from_app")),
        rules=("ZT_SG_007",), batch=3),
    Mutation(
        "acc001_sg002_ssh_from_a_private_cidr_on_mgmt_sg", TF, SG_RULES,
        old='  description = "Management tier: no ingress (Session Manager); egress to endpoints only"\n'
            "  vpc_id      = aws_vpc.this.id\n",
        new='  description = "Management tier: no ingress (Session Manager); egress to endpoints only"\n'
            "  vpc_id      = aws_vpc.this.id\n\n"
            "  ingress {\n"
            '    description = "SSH from the corporate network"\n'
            "    from_port   = 22\n"
            "    to_port     = 22\n"
            '    protocol    = "tcp"\n'
            '    cidr_blocks = ["10.0.0.0/8"]\n'
            "  }\n",
        # Overlaps: a non-world CIDR -> SG_002 (+ ACC_001 if it reaches 22/3389)
        expected=_pairs(("ZT_SG_002", NET + "aws_security_group.mgmt"),
                        ("ZT_ACC_001", NET + "aws_security_group.mgmt")),
        rules=("ZT_ACC_001", "ZT_SG_002"), batch=4),
    Mutation(
        "acc002_launch_template_key_name", TF, "modules/access/instances.tf",
        old="  instance_type          = var.instance_type\n",
        new='  instance_type          = var.instance_type\n  key_name               = "ops"\n',
        expected=_pairs(("ZT_ACC_002", LT)),
        rules=("ZT_ACC_002",), batch=1),
    Mutation(
        "acc003_launch_template_without_instance_profile", TF, "modules/access/instances.tf",
        old="  iam_instance_profile {\n    arn = aws_iam_instance_profile.instance.arn\n  }\n\n",
        new="",
        expected=_pairs(("ZT_ACC_003", LT)),
        rules=("ZT_ACC_003",), batch=3),
    Mutation(
        "acc004_imdsv1_allowed", TF, "modules/access/instances.tf",
        old='    http_tokens                 = "required"\n',
        new='    http_tokens                 = "optional"\n',
        expected=_pairs(("ZT_ACC_004", LT)),
        rules=("ZT_ACC_004",), batch=4),
    Mutation(
        "acc005_session_preferences_without_kms_key", TF, "modules/access/session_manager.tf",
        old="      kmsKeyId                    = aws_kms_key.sessions.arn\n",
        new="",
        # account-wide, home region: the root's first provider "aws"
        expected=_pairs(("ZT_ACC_005", HOME)),
        rules=("ZT_ACC_005",), batch=1),
]

# ---------------------------------------------------------------- Terraform: PL

_DYNAMODB_ENDPOINT = '''resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${local.region}.dynamodb"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.private_route_table_ids

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ThisAccountsPrincipalsToThisAccountsTables"
      Effect    = "Allow"
      Principal = "*"
      Action = [
        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
        "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
      ]
      Resource = [
        "arn:${local.partition}:dynamodb:${local.region}:${local.account_id}:table/*",
      ]
      Condition = {
        StringEquals = { "aws:PrincipalAccount" = local.account_id }
      }
    }]
  })

  tags = { Name = "${var.name}-dynamodb-gateway" }
}
'''
_DYNAMODB_POLICY = _DYNAMODB_ENDPOINT[_DYNAMODB_ENDPOINT.index("  policy = "):_DYNAMODB_ENDPOINT.index("  tags = ")]
_TO_DYNAMODB = '''resource "aws_vpc_security_group_egress_rule" "to_dynamodb" {
  for_each = var.client_security_group_ids

  security_group_id = each.value
  description       = "HTTPS to DynamoDB through the gateway endpoint prefix list"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.dynamodb.prefix_list_id
}
'''

TERRAFORM += [
    Mutation(
        "pl001_no_dynamodb_gateway_endpoint", TF, "modules/endpoints/main.tf",
        old=_DYNAMODB_ENDPOINT, new="",
        more=(("modules/endpoints/main.tf", _TO_DYNAMODB, ""),),
        expected=_pairs(("ZT_PL_001", VPC)),
        rules=("ZT_PL_001",), batch=4),
    Mutation(
        "pl002_gateway_endpoints_miss_the_app_route_tables", TF, "modules/network/outputs.tf",
        old="  value       = concat(aws_route_table.app[*].id, aws_route_table.data[*].id, aws_route_table.mgmt[*].id)\n",
        new="  value       = concat(aws_route_table.data[*].id, aws_route_table.mgmt[*].id)\n",
        # one finding per endpoint (key: each route table left out)
        expected=_pairs(("ZT_PL_002", "module.endpoints.aws_vpc_endpoint.s3"),
                        ("ZT_PL_002", "module.endpoints.aws_vpc_endpoint.dynamodb")),
        rules=("ZT_PL_002",), batch=3),
    Mutation(
        "pl003_no_sts_interface_endpoint", TF, "modules/endpoints/variables.tf",
        old='  default     = ["ssm", "ssmmessages", "ec2messages", "secretsmanager", "ecr.api", "ecr.dkr", "kms", "logs", "sts"]\n',
        new='  default     = ["ssm", "ssmmessages", "ec2messages", "secretsmanager", "ecr.api", "ecr.dkr", "kms", "logs"]\n',
        expected=_pairs(("ZT_PL_003", VPC)),
        rules=("ZT_PL_003",), batch=1),
    Mutation(
        "pl004_interface_endpoints_without_private_dns", TF, "modules/endpoints/main.tf",
        old="  private_dns_enabled = true\n\n  policy = jsonencode({\n",
        new="\n  policy = jsonencode({\n",
        expected=frozenset(_each("ZT_PL_004", "module.endpoints.aws_vpc_endpoint.interface", POLICY_ENDPOINTS)),
        rules=("ZT_PL_004",), batch=5),
    Mutation(
        "pl005_dynamodb_gateway_endpoint_without_policy", TF, "modules/endpoints/main.tf",
        old=_DYNAMODB_POLICY, new="",
        # gateway endpoints always need a policy (AWS then allows everything)
        expected=_pairs(("ZT_PL_005", "module.endpoints.aws_vpc_endpoint.dynamodb")),
        rules=("ZT_PL_005",), batch=1),
    Mutation(
        "pl006_full_access_endpoints_without_security_group", TF, "modules/endpoints/main.tf",
        old="  security_group_ids  = [var.endpoint_security_group_id]\n  private_dns_enabled = true\n\n  tags",
        new="  private_dns_enabled = true\n\n  tags",
        expected=frozenset(_each("ZT_PL_006", "module.endpoints.aws_vpc_endpoint.interface_full_access_only",
                                 FULL_ACCESS_ENDPOINTS)),
        rules=("ZT_PL_006",), batch=5),
]

# ---------------------------------------------------------------- Terraform: IAM (Terraform-only rules), S3

TERRAFORM += [
    Mutation(
        "iam013_iam_user", TF, "modules/organisation/identities.tf",
        old='resource "aws_iam_openid_connect_provider" "github" {\n',
        new='resource "aws_iam_user" "ops" {\n  name = "ops"\n}\n\n'
            'resource "aws_iam_openid_connect_provider" "github" {\n',
        expected=_pairs(("ZT_IAM_013", "module.organisation.aws_iam_user.ops")),
        rules=("ZT_IAM_013",), batch=2),
    Mutation(
        "iam015_unescaped_policy_variable", TF, "modules/access/developer.tf",
        old='"ssm:resourceTag/Environment" = "$${aws:PrincipalTag/Environment}"',
        new='"ssm:resourceTag/Environment" = "${aws:PrincipalTag/Environment}"',
        # a finding, not a parse error (RULES "IAM_015")
        expected=_pairs(("ZT_IAM_015", "module.access.aws_iam_policy.developer_ssm")),
        rules=("ZT_IAM_015",), batch=3),
    Mutation(
        "s3004_public_access_block_not_all_true", TF, "modules/data/main.tf",
        old="  restrict_public_buckets = true\n",
        new="  restrict_public_buckets = false\n",
        expected=_pairs(("ZT_S3_004", "module.data.aws_s3_bucket.sensitive")),
        rules=("ZT_S3_004",), batch=4),
]

# IAM documents in Terraform (jsonencode): the same analyzer, with the principal context
# (who uses the policy, which MFA guards are attached) that only the stack provides.
DEV_TF = "modules/access/developer.tf"
IDENTITIES = "modules/organisation/identities.tf"
_DEV_TERMINATE = ('        Action = "ssm:GetConnectionStatus"\n',
                  '        Action = ["ssm:GetConnectionStatus", "ec2:TerminateInstances"]\n')

TERRAFORM += [
    Mutation(
        "iam010_developer_policy_destructive_without_mfa_guard", TF, DEV_TF,
        old=_DEV_TERMINATE[0], new=_DEV_TERMINATE[1],
        more=((DEV_TF, 'resource "aws_iam_role_policy_attachment" "developer_mfa" {\n'
                       "  role       = aws_iam_role.developer.name\n"
                       "  policy_arn = var.mfa_policy_arn\n"
                       "}\n", ""),),
        # a role trusted by the account's principals (people): judged; no MFA Deny attached any more
        expected=_pairs(("ZT_IAM_010", "module.access.aws_iam_policy.developer_ssm")),
        rules=("ZT_IAM_010",), batch=1),
    Mutation(
        "iam010_guarded_by_the_attached_mfa_policy", TF, DEV_TF,
        old=_DEV_TERMINATE[0], new=_DEV_TERMINATE[1],
        # negative case: the developer role keeps the MFA Denies of module.organisation attached,
        # an effective guard (RULES "MFA") -> nothing new
        expected=frozenset(),
        rules=("ZT_IAM_010",), batch=4),
    Mutation(
        "iam009_mfa_deny_anded_with_mfa_age_in_terraform", TF, IDENTITIES,
        old='          BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" }\n',
        new='          BoolIfExists       = { "aws:MultiFactorAuthPresent" = "false" }\n'
            '          NumericGreaterThan = { "aws:MultiFactorAuthAge" = var.mfa_max_age_seconds }\n',
        # the seed's AND-trap; the separate NumericGreaterThanIfExists Deny still guards (no IAM_010)
        expected=_pairs(("ZT_IAM_009", "module.organisation.aws_iam_policy.mfa_destructive")),
        rules=("ZT_IAM_009",), batch=3),
    Mutation(
        "iam011_deploy_role_any_github_repository", TF, IDENTITIES,
        old='"token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:environment:${var.github_environment}"',
        new='"token.actions.githubusercontent.com:sub" = "repo:*"',
        expected=_pairs(("ZT_IAM_011", "module.organisation.aws_iam_role.deploy")),
        rules=("ZT_IAM_011",), batch=4),
    Mutation(
        "iam014_developer_start_session_without_tag_condition", TF, DEV_TF,
        old="          StringEquals = {\n"
            '            "ssm:resourceTag/Environment" = "$${aws:PrincipalTag/Environment}"\n'
            "          }\n",
        new="",
        expected=_pairs(("ZT_IAM_014", "module.access.aws_iam_policy.developer_ssm")),
        rules=("ZT_IAM_014",), batch=2),
]

# ---------------------------------------------------------------- Terraform: MON, ORG

_LAMBDA_PERMISSION = '''# Without this, EventBridge is not allowed to invoke the function and every HIGH finding
# is silently dropped (the seed's snippet stopped at the target).
resource "aws_lambda_permission" "eventbridge" {
  statement_id  = "AllowGuardDutyHighSeverityRule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.isolation.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.guardduty_high.arn
}
'''
_STANDARDS = '''resource "aws_securityhub_standards_subscription" "fsbp" {
  standards_arn = "arn:${local.partition}:securityhub:${local.region}::standards/aws-foundational-security-best-practices/v/1.0.0"

  depends_on = [aws_securityhub_account.this]
}

resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = "arn:${local.partition}:securityhub:${local.region}::standards/cis-aws-foundations-benchmark/v/3.0.0"

  depends_on = [aws_securityhub_account.this]
}
'''


def _attachment(name: str) -> str:
    return (f'resource "aws_organizations_policy_attachment" "{name}" {{\n'
            "  for_each = toset(var.scp_target_ids)\n\n"
            f"  policy_id = aws_organizations_policy.{name}.id\n"
            "  target_id = each.value\n"
            "}\n")


TERRAFORM += [
    Mutation(
        "mon001_detector_disabled", TF, "modules/detection/main.tf",
        old="  enable                       = true\n",
        new="  enable                       = false\n",
        # Overlaps: no enabled detector at all -> MON_001 only (not MON_003/MON_002);
        # account-wide: the root's first provider "aws"
        expected=_pairs(("ZT_MON_001", HOME)),
        rules=("ZT_MON_001",), batch=4),
    Mutation(
        "mon002_eks_audit_logs_disabled", TF, "modules/detection/main.tf",
        old='  name        = "EKS_AUDIT_LOGS"\n  status      = "ENABLED"\n',
        new='  name        = "EKS_AUDIT_LOGS"\n  status      = "DISABLED"\n',
        expected=frozenset(("ZT_MON_002", d) for d in DETECTORS),
        rules=("ZT_MON_002",), batch=1),
    Mutation(
        "mon003_eu_west_1_module_deployed_in_us_east_1", TF, "main.tf",
        old="    aws = aws.eu_west_1\n",
        new="    aws = aws.us_east_1\n",
        # eu-west-1 then has no GuardDuty, no Security Hub and no GuardDuty rule
        expected=_pairs(("ZT_MON_003", EU), ("ZT_MON_004", EU), ("ZT_MON_005", EU)),
        rules=("ZT_MON_003",)),   # alone: it changes which regions have detection at all
    Mutation(
        "mon004_security_hub_without_standards", TF, "modules/detection/main.tf",
        old=_STANDARDS, new="",
        # enable_default_standards = false and no subscription, in both regions
        expected=_pairs(("ZT_MON_004", HOME), ("ZT_MON_004", EU)),
        rules=("ZT_MON_004",), batch=2),
    Mutation(
        "mon005_no_lambda_permission", TF, "modules/detection/main.tf",
        old=_LAMBDA_PERMISSION, new="",
        expected=_pairs(("ZT_MON_005", HOME), ("ZT_MON_005", EU)),
        rules=("ZT_MON_005",), batch=1),
    Mutation(
        "mon006_trail_not_multi_region", TF, "modules/audit/main.tf",
        old="  is_multi_region_trail         = true\n",
        new="  is_multi_region_trail         = false\n",
        expected=_pairs(("ZT_MON_006", HOME)),
        rules=("ZT_MON_006",), batch=2),
    Mutation(
        "mon007_deprecated_datasources_block", TF, "modules/detection/main.tf",
        old='  finding_publishing_frequency = "FIFTEEN_MINUTES"\n',
        new='  finding_publishing_frequency = "FIFTEEN_MINUTES"\n\n'
            "  datasources {\n"
            "    s3_logs {\n"
            "      enable = true\n"
            "    }\n"
            "  }\n",
        expected=frozenset(("ZT_MON_007", d) for d in DETECTORS),
        rules=("ZT_MON_007",), batch=2),
    Mutation(
        "org001_console_lockout_scp_not_attached", TF, "modules/organisation/scps.tf",
        old=_attachment("console_lockout"), new="",
        expected=_pairs(("ZT_ORG_001", HOME)),
        rules=("ZT_ORG_001",), batch=1),
    Mutation(
        "org002_security_services_scp_not_attached", TF, "modules/organisation/scps.tf",
        old=_attachment("protect_security_services"), new="",
        expected=_pairs(("ZT_ORG_002", HOME)),
        rules=("ZT_ORG_002",), batch=2),
]

# ---------------------------------------------------------------- Terraform: S3 data layer

SESSIONS_TF = "modules/access/session_manager.tf"
DATA_TF = "modules/data/main.tf"
SESSIONS_BUCKET = "module.access.aws_s3_bucket.sessions"
DATA_BUCKET = "module.data.aws_s3_bucket.sensitive"
_VPC_DENY = (
    "      {\n"
    '        Sid       = "DenyAccessOutsideTheVpcEndpoint"\n'
    '        Effect    = "Deny"\n'
    '        Principal = "*"\n'
    '        Action    = "s3:*"\n'
    '        Resource  = [aws_s3_bucket.sensitive.arn, "${aws_s3_bucket.sensitive.arn}/*"]\n'
    "        Condition = {\n"
    '          StringNotEquals = { "aws:SourceVpce" = var.s3_gateway_endpoint_id }\n'
    '          ArnNotLike      = { "aws:PrincipalArn" = var.exempt_principal_arns }\n'
    "        }\n"
    "      },\n")
_NULL_GUARD = '          Null            = { "s3:x-amz-server-side-encryption" = "false" }\n'

TERRAFORM += [
    Mutation(
        "s3001_sessions_bucket_tls_deny_inverted", TF, SESSIONS_TF,
        old='        Bool = { "aws:SecureTransport" = "false" }\n',
        new='        Bool = { "aws:SecureTransport" = "true" }\n',
        # the Deny now refuses HTTPS: nothing denies plain HTTP on the transcript bucket
        expected=_pairs(("ZT_S3_001", SESSIONS_BUCKET)),
        rules=("ZT_S3_001",), batch=1),
    Mutation(
        "s3002_data_bucket_without_vpc_deny", TF, DATA_TF,
        old=_VPC_DENY, new="",
        # the sensitive bucket keeps its TLS and upload Denies; no VPC Deny left (so no S3_005 either)
        expected=_pairs(("ZT_S3_002", DATA_BUCKET)),
        rules=("ZT_S3_002",), batch=2),
    Mutation(
        "s3002_s3003_sessions_bucket_tagged_confidential", TF, SESSIONS_TF,
        old='  tags = { Name = var.session_log_bucket_name, DataClass = "internal" }\n',
        new='  tags = { Name = var.session_log_bucket_name, DataClass = "Confidential" }\n',
        # sensitive by tag (value case-insensitive): its policy only denies plain HTTP, so no
        # VPC Deny (S3_002) and no upload Deny (S3_003; its default is already SSE-KMS)
        expected=_pairs(("ZT_S3_002", SESSIONS_BUCKET), ("ZT_S3_003", SESSIONS_BUCKET)),
        rules=("ZT_S3_002", "ZT_S3_003"), batch=3),
    Mutation(
        "s3003_data_bucket_default_aes256", TF, DATA_TF,
        old='      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.data.arn\n',
        new='      sse_algorithm = "AES256"\n',
        expected=_pairs(("ZT_S3_003", DATA_BUCKET)),
        rules=("ZT_S3_003",), batch=4),
    Mutation(
        "s3003_upload_deny_names_aes256", TF, DATA_TF,
        old='          StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }\n',
        new='          StringNotEquals = { "s3:x-amz-server-side-encryption" = "AES256" }\n',
        # the Deny now refuses SSE-KMS uploads and lets SSE-S3 ones through
        expected=_pairs(("ZT_S3_003", DATA_BUCKET)),
        rules=("ZT_S3_003",), batch=1),
    Mutation(
        "s3003_upload_deny_without_null_guard", TF, DATA_TF,
        old=_NULL_GUARD, new="",
        # negative case: StringNotEquals aws:kms alone is accepted (every upload must then send the header)
        expected=frozenset(),
        rules=("ZT_S3_003",), batch=3),
]

# ---------------------------------------------------------------- standalone IAM JSON

DEV = "developer-ssm-access.json"
KMS_STATEMENT = ('      "Action": "kms:GenerateDataKey",\n'
                 '      "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n')
LIST_SESSIONS = '      "Action": "ssm:DescribeSessions",\n      "Resource": "*"\n'

POLICIES = [
    Mutation(
        "iam001_missing_version", JSON, "lambda-isolation-trust.json",
        old='  "Version": "2012-10-17",\n', new="",
        # a document-level finding: key "Policy"
        expected=_pairs(("ZT_IAM_001", "Policy")),
        rules=("ZT_IAM_001",)),
    Mutation(
        "iam002_action_typo", JSON, DEV,
        old='"Action": "ssm:DescribeSessions"', new='"Action": "ssm:DescribeSesions"',
        # an unknown action of a known service: IAM_002 at MEDIUM
        expected=_pairs(("ZT_IAM_002", "Sid:ListSessions")),
        rules=("ZT_IAM_002",)),
    Mutation(
        "iam003_bool_with_yes", JSON, "break-glass-trust.json",
        old='"aws:MultiFactorAuthPresent": "true"', new='"aws:MultiFactorAuthPresent": "yes"',
        expected=_pairs(("ZT_IAM_003", "Sid:AccountPrincipalsWithFreshMfaOnly")),
        rules=("ZT_IAM_003",)),
    Mutation(
        "iam004_iam010_service_wildcard_on_the_session_key", JSON, DEV,
        old='"Action": "kms:GenerateDataKey"', new='"Action": "kms:*"',
        # kms:* covers kms:Delete*/Disable*/ScheduleKeyDeletion; standalone identity JSON
        # with no MFA guard -> IAM_004 + IAM_010 (cf. Overlaps: s3:* in a human policy)
        expected=_pairs(("ZT_IAM_004", "Sid:EncryptSessionsWithTheSessionKey"),
                        ("ZT_IAM_010", "Sid:EncryptSessionsWithTheSessionKey")),
        rules=("ZT_IAM_004",)),
    Mutation(
        "iam005_resource_star", JSON, DEV,
        old=KMS_STATEMENT,
        new='      "Action": "kms:GenerateDataKey",\n      "Resource": "*"\n',
        expected=_pairs(("ZT_IAM_005", "Sid:EncryptSessionsWithTheSessionKey")),
        rules=("ZT_IAM_005",)),
    Mutation(
        "iam006_allow_with_not_resource", JSON, DEV,
        old=LIST_SESSIONS,
        new='      "Action": "ssm:DescribeSessions",\n'
            '      "NotResource": "arn:aws:ssm:*:111122223333:document/*"\n',
        expected=_pairs(("ZT_IAM_006", "Sid:ListSessions")),
        rules=("ZT_IAM_006",)),
    Mutation(
        "iam007_passrole_without_passed_to_service", JSON, DEV,
        old=KMS_STATEMENT,
        new='      "Action": "iam:PassRole",\n'
            '      "Resource": "arn:aws:iam::111122223333:role/zt-app-instance"\n',
        expected=_pairs(("ZT_IAM_007", "Sid:EncryptSessionsWithTheSessionKey")),
        rules=("ZT_IAM_007",)),
    Mutation(
        "iam007_iam008_passrole_on_star_with_run_instances", JSON, DEV,
        old='"Action": "ssm:DescribeSessions"',
        new='"Action": ["ssm:DescribeSessions", "iam:PassRole", "ec2:RunInstances"]',
        # Overlaps: iam:PassRole on * with a compute create -> IAM_007 + IAM_008, no others
        expected=_pairs(("ZT_IAM_007", "Sid:ListSessions"), ("ZT_IAM_008", "Sid:ListSessions")),
        rules=("ZT_IAM_007", "ZT_IAM_008")),
    Mutation(
        "iam008_put_role_policy", JSON, DEV,
        old=KMS_STATEMENT,
        new='      "Action": "iam:PutRolePolicy",\n'
            '      "Resource": "arn:aws:iam::111122223333:role/zt-developer"\n',
        expected=_pairs(("ZT_IAM_008", "Sid:EncryptSessionsWithTheSessionKey")),
        rules=("ZT_IAM_008",)),
    Mutation(
        "iam009_mfa_deny_anded_with_mfa_age", JSON, "mfa-destructive-actions.json",
        old='        "BoolIfExists": {\n          "aws:MultiFactorAuthPresent": "false"\n        }\n',
        new='        "BoolIfExists": {\n          "aws:MultiFactorAuthPresent": "false"\n        },\n'
            '        "NumericGreaterThan": {\n          "aws:MultiFactorAuthAge": "3600"\n        }\n',
        # the seed's AND-trap
        expected=_pairs(("ZT_IAM_009", "Sid:DenyDestructiveActionsWithoutMfa")),
        rules=("ZT_IAM_009",)),
    Mutation(
        "iam009_resource_tag_on_describe_sessions", JSON, DEV,
        old=LIST_SESSIONS,
        new='      "Action": "ssm:DescribeSessions",\n      "Resource": "*",\n'
            '      "Condition": {\n        "StringEquals": {\n'
            '          "ssm:resourceTag/Environment": "${aws:PrincipalTag/Environment}"\n'
            "        }\n      }\n",
        # the seed's ssm:resourceTag on ssm:DescribeSessions: a known key on an action that
        # cannot carry it -> IAM_009 (not IAM_003)
        expected=_pairs(("ZT_IAM_009", "Sid:ListSessions")),
        rules=("ZT_IAM_009",)),
    Mutation(
        "iam010_unguarded_terminate_instances", JSON, DEV,
        old='"Action": "ssm:GetConnectionStatus"',
        new='"Action": ["ssm:GetConnectionStatus", "ec2:TerminateInstances"]',
        # standalone identity JSON; the MFA Denies of mfa-destructive-actions.json are not
        # attached to it and are no SCP
        expected=_pairs(("ZT_IAM_010", "Sid:SessionStatusOfInstances")),
        rules=("ZT_IAM_010",)),
    Mutation(
        "iam011_anyone_may_assume", JSON, "lambda-isolation-trust.json",
        old='"Service": "lambda.amazonaws.com"', new='"AWS": "*"',
        expected=_pairs(("ZT_IAM_011", "Sid:LambdaServiceOnly")),
        rules=("ZT_IAM_011",)),
    Mutation(
        "iam011_foreign_account_without_external_id", JSON, "break-glass-trust.json",
        old='"AWS": "arn:aws:iam::111122223333:root"', new='"AWS": "arn:aws:iam::444455556666:root"',
        expected=_pairs(("ZT_IAM_011", "Sid:AccountPrincipalsWithFreshMfaOnly")),
        rules=("ZT_IAM_011",)),
    Mutation(
        "iam011_github_oidc_any_repository", JSON, "github-oidc-deploy-trust.json",
        old='"repo:example-org/zt-infrastructure:environment:production"', new='"repo:*"',
        expected=_pairs(("ZT_IAM_011", "Sid:GitHubActionsOfOneRepositoryAndEnvironment")),
        rules=("ZT_IAM_011",)),
    Mutation(
        "iam012_bucket_policy_allows_the_world", JSON, "s3-sensitive-bucket-policy.json",
        old='    {\n      "Sid": "DenyUploadsAskingForOtherEncryption",\n',
        new='    {\n      "Sid": "PublicRead",\n      "Effect": "Allow",\n      "Principal": "*",\n'
            '      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::prod-sensitive-data/*"\n    },\n'
            '    {\n      "Sid": "DenyUploadsAskingForOtherEncryption",\n',
        # a Principal "*" Allow without a restricting condition
        expected=_pairs(("ZT_IAM_012", "Sid:PublicRead")),
        rules=("ZT_IAM_012",)),
    Mutation(
        "iam014_start_session_without_tag_condition", JSON, DEV,
        old='        "StringEquals": {\n'
            '          "ssm:resourceTag/Environment": "${aws:PrincipalTag/Environment}"\n'
            "        },\n",
        new="",
        expected=_pairs(("ZT_IAM_014", "Sid:StartSessionOnInstancesOfMyEnvironment")),
        rules=("ZT_IAM_014",)),
    Mutation(
        "s3005_vpc_deny_without_principal_exception", JSON, "s3-sensitive-bucket-policy.json",
        old='        "ArnNotLike": {\n'
            '          "aws:PrincipalArn": [\n'
            '            "arn:aws:iam::111122223333:role/zt-terraform-deploy",\n'
            '            "arn:aws:iam::111122223333:role/zt-break-glass",\n'
            '            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BreakGlass_*"\n'
            "          ]\n"
            "        }\n",
        new="",
        more=(("s3-sensitive-bucket-policy.json",
               '          "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"\n        },\n',
               '          "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"\n        }\n'),),
        expected=_pairs(("ZT_S3_005", "Sid:DenyAccessOutsideTheVpcEndpoint")),
        rules=("ZT_S3_005",)),
    Mutation(
        "s3005_seed_vpc_deny_added", JSON, "s3-sensitive-bucket-policy.json",
        old='    {\n      "Sid": "DenyUploadsAskingForOtherEncryption",\n',
        new='    {\n      "Sid": "DenyOutsideTheVpc",\n      "Effect": "Deny",\n      "Principal": "*",\n'
            '      "Action": "s3:*",\n'
            '      "Resource": ["arn:aws:s3:::prod-sensitive-data", "arn:aws:s3:::prod-sensitive-data/*"],\n'
            '      "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-0a1b2c3d4e5f67890"}}\n    },\n'
            '    {\n      "Sid": "DenyUploadsAskingForOtherEncryption",\n',
        # the seed's Deny (with a Principal): s3:* outside the VPC, no aws:PrincipalArn exception
        expected=_pairs(("ZT_S3_005", "Sid:DenyOutsideTheVpc")),
        rules=("ZT_S3_005",)),
]

POLICIES += [
    Mutation(
        "s3001_bucket_policy_tls_deny_inverted", JSON, "s3-sensitive-bucket-policy.json",
        old='"aws:SecureTransport": "false"', new='"aws:SecureTransport": "true"',
        # a document-level finding of the bucket-policy side: key "Policy"
        expected=_pairs(("ZT_S3_001", "Policy")),
        rules=("ZT_S3_001",)),
    Mutation(
        "s3001_bucket_policy_tls_deny_on_objects_only", JSON, "s3-sensitive-bucket-policy.json",
        old='      "Sid": "DenyInsecureTransport",\n      "Effect": "Deny",\n      "Principal": "*",\n'
            '      "Action": "s3:*",\n      "Resource": [\n        "arn:aws:s3:::prod-sensitive-data",\n',
        new='      "Sid": "DenyInsecureTransport",\n      "Effect": "Deny",\n      "Principal": "*",\n'
            '      "Action": "s3:*",\n      "Resource": [\n',
        # bucket-level calls (ListBucket, PutBucketPolicy...) still work over HTTP
        expected=_pairs(("ZT_S3_001", "Policy")),
        rules=("ZT_S3_001",)),
]

MUTATIONS: list[Mutation] = TERRAFORM + POLICIES
