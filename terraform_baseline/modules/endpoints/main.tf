# PrivateLink (article section 4): S3 and DynamoDB gateway endpoints on every private
# route table, interface endpoints with private DNS for the services the workloads and
# Session Manager call, and endpoint policies that only let the organisation's
# principals through (and, for S3, only to named buckets).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # IAM action prefix of each interface service
  action_prefix = {
    "ssm"            = "ssm"
    "secretsmanager" = "secretsmanager"
    "ecr.api"        = "ecr"
    "ecr.dkr"        = "ecr"
    "kms"            = "kms"
    "logs"           = "logs"
    "sts"            = "sts"
  }

  org_bucket_arns = flatten([for b in var.s3_bucket_names : [
    "arn:${local.partition}:s3:::${b}",
    "arn:${local.partition}:s3:::${b}/*",
  ]])

  # AWS-owned buckets that private instances need: SSM Agent updates and documents,
  # Amazon Linux package repositories, ECR image layers.
  aws_owned_object_arns = [
    "arn:${local.partition}:s3:::amazon-ssm-${local.region}/*",
    "arn:${local.partition}:s3:::amazon-ssm-packages-${local.region}/*",
    "arn:${local.partition}:s3:::${local.region}-birdwatcher-prod/*",
    "arn:${local.partition}:s3:::aws-ssm-document-attachments-${local.region}/*",
    "arn:${local.partition}:s3:::aws-ssm-${local.region}/*",
    "arn:${local.partition}:s3:::al2023-repos-${local.region}-de612dc2/*",
    "arn:${local.partition}:s3:::prod-${local.region}-starport-layer-bucket/*",
  ]
}

# ---------------------------------------------------------------- gateway endpoints

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.private_route_table_ids

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OrganisationPrincipalsToOrganisationBuckets"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetEncryptionConfiguration"]
        Resource  = local.org_bucket_arns
        Condition = {
          StringEquals = { "aws:PrincipalOrgID" = var.organization_id }
        }
      },
      {
        # Presigned by AWS services (ECR layers) or read by SSM Agent and dnf: the
        # principal is not ours, so the restriction is the exact AWS-owned bucket.
        Sid       = "ReadAwsOwnedBucketsForAgentsPackagesAndImages"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = local.aws_owned_object_arns
      },
    ]
  })

  tags = { Name = "${var.name}-s3-gateway" }
}

resource "aws_vpc_endpoint" "dynamodb" {
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

# The app and mgmt tiers reach S3/DynamoDB through the gateway endpoints: allow 443 to
# the endpoints' prefix lists (not to 0.0.0.0/0).
resource "aws_vpc_security_group_egress_rule" "to_s3" {
  for_each = var.client_security_group_ids

  security_group_id = each.value
  description       = "HTTPS to S3 through the gateway endpoint prefix list"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id
}

resource "aws_vpc_security_group_egress_rule" "to_dynamodb" {
  for_each = var.client_security_group_ids

  security_group_id = each.value
  description       = "HTTPS to DynamoDB through the gateway endpoint prefix list"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.dynamodb.prefix_list_id
}

# ---------------------------------------------------------------- interface endpoints

locals {
  policy_services      = toset([for s in var.interface_services : s if contains(var.endpoint_policy_services, s)])
  full_access_services = toset([for s in var.interface_services : s if !contains(var.endpoint_policy_services, s)])
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.policy_services

  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${local.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.interface_subnet_ids
  security_group_ids  = [var.endpoint_security_group_id]
  private_dns_enabled = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OrganisationPrincipalsOnly"
      Effect    = "Allow"
      Principal = "*"
      Action    = "${local.action_prefix[each.value]}:*"
      Resource  = "*"
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = var.organization_id }
      }
    }]
  })

  tags = { Name = "${var.name}-${each.value}" }
}

# ssmmessages and ec2messages accept no endpoint policy (AWS allows full access only):
# the endpoint security group is their only control.
resource "aws_vpc_endpoint" "interface_full_access_only" {
  for_each = local.full_access_services

  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${local.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.interface_subnet_ids
  security_group_ids  = [var.endpoint_security_group_id]
  private_dns_enabled = true

  tags = { Name = "${var.name}-${each.value}" }
}
