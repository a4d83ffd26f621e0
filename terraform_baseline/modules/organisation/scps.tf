# Organisational layer (article section 7): "console changes are blocked by an SCP" and
# nobody but the pipeline and break-glass can switch the security services off.
# Apply from the management account (or a delegated administrator for policies).

locals {
  # What people may still do by hand: read, open Session Manager sessions, decrypt what
  # they may read. Everything else goes through the pipeline.
  read_only_actions = [
    "access-analyzer:Get*", "access-analyzer:List*",
    "cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*", "cloudtrail:LookupEvents",
    "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*",
    "config:Describe*", "config:Get*", "config:List*", "config:Select*",
    "dynamodb:Describe*", "dynamodb:List*",
    "ec2:Describe*", "ec2:Get*", "ec2:Search*",
    "ecr:Describe*", "ecr:List*",
    "elasticloadbalancing:Describe*",
    "events:Describe*", "events:List*",
    "guardduty:Describe*", "guardduty:Get*", "guardduty:List*",
    "health:Describe*",
    "iam:Generate*", "iam:Get*", "iam:List*", "iam:Simulate*",
    "kms:Decrypt", "kms:Describe*", "kms:GenerateDataKey", "kms:Get*", "kms:List*",
    "lambda:Get*", "lambda:List*",
    "logs:Describe*", "logs:FilterLogEvents", "logs:Get*", "logs:StartQuery", "logs:StopQuery",
    "organizations:Describe*", "organizations:List*",
    "rds:Describe*", "rds:List*",
    "s3:Get*", "s3:List*",
    "secretsmanager:Describe*", "secretsmanager:List*",
    "securityhub:Describe*", "securityhub:Get*", "securityhub:List*",
    "sns:Get*", "sns:List*",
    "ssm:Describe*", "ssm:Get*", "ssm:List*",
    "ssm:ResumeSession", "ssm:StartSession", "ssm:TerminateSession",
    "sts:AssumeRole", "sts:DecodeAuthorizationMessage", "sts:GetCallerIdentity",
  ]

  protected_security_actions = [
    "guardduty:DeleteDetector",
    "guardduty:UpdateDetector",
    "guardduty:DisassociateFromAdministratorAccount",
    "securityhub:DisableSecurityHub",
    "securityhub:BatchDisableStandards",
    "securityhub:DisassociateFromAdministratorAccount",
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "ec2:DeleteFlowLogs",
    "config:StopConfigurationRecorder",
    "config:DeleteConfigurationRecorder",
    "config:DeleteDeliveryChannel",
  ]
}

resource "aws_organizations_policy" "console_lockout" {
  name        = "${var.name}-console-change-lockout"
  description = "People (Identity Center roles) may read but not change; changes go through IaC. Break-glass exempt."
  type        = "SERVICE_CONTROL_POLICY"

  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyChangesByPeople"
      Effect    = "Deny"
      NotAction = local.read_only_actions
      Resource  = "*"
      Condition = {
        ArnLike    = { "aws:PrincipalArn" = var.human_principal_arns }
        ArnNotLike = { "aws:PrincipalArn" = var.break_glass_principal_arns }
      }
    }]
  })
}

resource "aws_organizations_policy" "protect_security_services" {
  name        = "${var.name}-protect-security-services"
  description = "Only the IaC pipeline and break-glass may disable GuardDuty, Security Hub, CloudTrail, Config or flow logs."
  type        = "SERVICE_CONTROL_POLICY"

  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "DenyDisablingSecurityServices"
      Effect   = "Deny"
      Action   = local.protected_security_actions
      Resource = "*"
      Condition = {
        ArnNotLike = { "aws:PrincipalArn" = concat(var.iac_principal_arns, var.break_glass_principal_arns) }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "console_lockout" {
  for_each = toset(var.scp_target_ids)

  policy_id = aws_organizations_policy.console_lockout.id
  target_id = each.value
}

resource "aws_organizations_policy_attachment" "protect_security_services" {
  for_each = toset(var.scp_target_ids)

  policy_id = aws_organizations_policy.protect_security_services.id
  target_id = each.value
}
