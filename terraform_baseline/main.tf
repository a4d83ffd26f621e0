# Zero Trust account baseline (see README.md for the architecture and the adoption
# order). Home-region modules use the default provider; the detection module is
# instantiated once per region of .zt-lint.yaml through the provider aliases.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  sensitive_bucket_name   = "${var.name}-sensitive-data-${local.account_id}"
  session_log_bucket_name = "${var.name}-session-logs-${local.account_id}"
  trail_bucket_name       = "${var.name}-cloudtrail-${local.account_id}"
  isolation_function_name = "${var.name}-guardduty-isolation"

  deploy_role_arn      = "arn:${local.partition}:iam::${local.account_id}:role/${var.deploy_role_name}"
  break_glass_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${var.break_glass_role_name}"
  # break-glass through an Identity Center permission set named BreakGlass
  break_glass_sso_arn = "arn:${local.partition}:iam::${local.account_id}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BreakGlass_*"
}

# ---------------------------------------------------------------- step 2: segmentation, no 0.0.0.0/0

module "network" {
  source = "./modules/network"

  name               = var.name
  vpc_cidr           = var.vpc_cidr
  availability_zones = var.availability_zones
}

# ---------------------------------------------------------------- step 4: PrivateLink

module "endpoints" {
  source = "./modules/endpoints"

  name                       = var.name
  vpc_id                     = module.network.vpc_id
  private_route_table_ids    = module.network.private_route_table_ids
  interface_subnet_ids       = module.network.app_subnet_ids
  endpoint_security_group_id = module.network.endpoint_security_group_id
  client_security_group_ids = {
    app  = module.network.app_security_group_id
    mgmt = module.network.mgmt_security_group_id
  }
  organization_id = var.organization_id
  s3_bucket_names = [local.sensitive_bucket_name, local.session_log_bucket_name]
}

# ---------------------------------------------------------------- step 5: Session Manager, no SSH

module "access" {
  source = "./modules/access"

  name                    = var.name
  environment             = var.environment
  app_security_group_id   = module.network.app_security_group_id
  session_log_bucket_name = local.session_log_bucket_name
  mfa_policy_arn          = module.organisation.mfa_policy_arn
}

# ---------------------------------------------------------------- step 6: identity-layer conditions

module "data" {
  source = "./modules/data"

  bucket_name            = local.sensitive_bucket_name
  s3_gateway_endpoint_id = module.endpoints.s3_gateway_endpoint_id
  exempt_principal_arns  = [local.deploy_role_arn, local.break_glass_role_arn, local.break_glass_sso_arn]
}

module "organisation" {
  source = "./modules/organisation"

  name                  = var.name
  scp_target_ids        = var.scp_target_ids
  iac_principal_arns    = ["arn:${local.partition}:iam::*:role/${var.deploy_role_name}"]
  break_glass_role_name = var.break_glass_role_name
  break_glass_principal_arns = [
    "arn:${local.partition}:iam::*:role/${var.break_glass_role_name}",
    "arn:${local.partition}:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BreakGlass_*",
  ]
  deploy_role_name  = var.deploy_role_name
  github_repository = var.github_repository
}

# ---------------------------------------------------------------- step 3: GuardDuty + Security Hub everywhere

module "audit" {
  source = "./modules/audit"

  name                    = var.name
  trail_bucket_name       = local.trail_bucket_name
  isolation_function_name = local.isolation_function_name
  data_event_bucket_arns = [
    "arn:${local.partition}:s3:::${local.sensitive_bucket_name}",
    "arn:${local.partition}:s3:::${local.session_log_bucket_name}",
  ]
}

# The isolation Lambda's code (lambda/isolation/handler.py), zipped at plan time.
data "archive_file" "isolation" {
  type        = "zip"
  source_file = "${path.module}/../lambda/isolation/handler.py"
  output_path = "${path.module}/.build/isolation.zip"
}

module "detection_us_east_1" {
  source = "./modules/detection"
  providers = {
    aws = aws.us_east_1
  }

  name                       = var.name
  min_severity               = var.min_severity
  isolation_function_name    = local.isolation_function_name
  isolation_role_arn         = module.audit.isolation_role_arn
  lambda_package_path        = data.archive_file.isolation.output_path
  lambda_package_hash        = data.archive_file.isolation.output_base64sha256
  paging_topic_arn           = module.audit.paging_topic_arn
  tooling_security_group_ids = [module.network.mgmt_security_group_id]
  tooling_cidrs              = var.security_tooling_cidrs
}

module "detection_eu_west_1" {
  source = "./modules/detection"
  providers = {
    aws = aws.eu_west_1
  }

  name                       = var.name
  min_severity               = var.min_severity
  isolation_function_name    = local.isolation_function_name
  isolation_role_arn         = module.audit.isolation_role_arn
  lambda_package_path        = data.archive_file.isolation.output_path
  lambda_package_hash        = data.archive_file.isolation.output_base64sha256
  paging_topic_arn           = module.audit.paging_topic_arn
  tooling_security_group_ids = [module.network.mgmt_security_group_id]
  tooling_cidrs              = var.security_tooling_cidrs
}
