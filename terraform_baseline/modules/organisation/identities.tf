# Identities that are not people's day-to-day roles: the MFA guard for destructive
# actions, the break-glass role, and the GitHub Actions deploy role (OIDC, no keys).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}

# The seed put BoolIfExists MultiFactorAuthPresent and NumericGreaterThan
# MultiFactorAuthAge in ONE Deny: conditions are ANDed and the age key is absent
# without MFA, so that statement never denied a caller without MFA. Two Denies:
resource "aws_iam_policy" "mfa_destructive" {
  name        = "${var.name}-mfa-for-destructive-actions"
  description = "Denies destructive actions without MFA, or with an MFA login older than ${var.mfa_max_age_seconds}s"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DenyDestructiveActionsWithoutMfa"
        Effect   = "Deny"
        Action   = var.destructive_actions
        Resource = "*"
        Condition = {
          BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" }
        }
      },
      {
        Sid      = "DenyDestructiveActionsWithStaleMfa"
        Effect   = "Deny"
        Action   = var.destructive_actions
        Resource = "*"
        Condition = {
          NumericGreaterThanIfExists = { "aws:MultiFactorAuthAge" = var.mfa_max_age_seconds }
        }
      },
    ]
  })
}

resource "aws_iam_role" "break_glass" {
  name                 = var.break_glass_role_name
  description          = "Emergency administrator: MFA required, exempt from the SCPs and the data-bucket VPC deny"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountPrincipalsWithFreshMfaOnly"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "sts:AssumeRole"
      Condition = {
        Bool            = { "aws:MultiFactorAuthPresent" = "true" }
        NumericLessThan = { "aws:MultiFactorAuthAge" = var.mfa_max_age_seconds }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "break_glass_admin" {
  role       = aws_iam_role.break_glass.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "break_glass_mfa" {
  role       = aws_iam_role.break_glass.name
  policy_arn = aws_iam_policy.mfa_destructive.arn
}

# ---------------------------------------------------------------- GitHub Actions (OIDC)

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

resource "aws_iam_role" "deploy" {
  name                 = var.deploy_role_name
  description          = "Terraform apply from GitHub Actions (${var.github_repository}, environment ${var.github_environment})"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "GitHubActionsOfOneRepositoryAndEnvironment"
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:environment:${var.github_environment}"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  # checkov:skip=CKV_AWS_274:the deploy role applies this baseline (IAM roles, SCPs, KMS key policies, security services) and cannot be narrower; it is assumable only by GitHub Actions of one repository and environment through OIDC, and var.deploy_role_policy_arns can replace it
  for_each = toset(var.deploy_role_policy_arns)

  role       = aws_iam_role.deploy.name
  policy_arn = each.value
}
