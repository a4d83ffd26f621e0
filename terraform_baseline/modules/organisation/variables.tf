variable "name" {
  description = "Name prefix."
  type        = string
}

variable "scp_target_ids" {
  description = "Organisation root, OUs or accounts the SCPs are attached to."
  type        = list(string)
}

variable "human_principal_arns" {
  description = "ARN patterns of the roles people use (IAM Identity Center permission sets)."
  type        = list(string)
  default     = ["arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*"]
}

variable "iac_principal_arns" {
  description = "ARN patterns of the IaC pipeline roles (may change security services)."
  type        = list(string)
}

variable "break_glass_principal_arns" {
  description = "ARN patterns of the break-glass roles (exempt from the SCPs; MFA required to assume)."
  type        = list(string)
}

variable "break_glass_role_name" {
  description = "Name of the break-glass role of this account."
  type        = string
}

variable "deploy_role_name" {
  description = "Name of the role GitHub Actions assumes to apply this stack."
  type        = string
}

variable "github_repository" {
  description = "owner/repo whose workflows may assume the deploy role."
  type        = string
}

variable "github_environment" {
  description = "GitHub environment (with required reviewers) whose jobs may assume the deploy role."
  type        = string
  default     = "production"
}

variable "deploy_role_policy_arns" {
  description = "Permissions of the deploy role (it manages IAM, SCPs and security services, hence broad)."
  type        = list(string)
  default     = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

variable "mfa_max_age_seconds" {
  description = "Destructive actions need an MFA authentication younger than this many seconds (a string: IAM condition values are strings)."
  type        = string
  default     = "3600"

  validation {
    condition     = can(tonumber(var.mfa_max_age_seconds))
    error_message = "mfa_max_age_seconds must be a number of seconds."
  }
}

variable "destructive_actions" {
  description = "Actions that need recent MFA (the linter's default destructive set, patterns that match actions)."
  type        = list(string)
  default = [
    "ec2:Delete*", "ec2:Terminate*", "ec2:Disable*", "ec2:Detach*",
    "rds:Delete*", "rds:Disable*",
    "s3:Delete*",
    "iam:Delete*", "iam:Disable*", "iam:Detach*",
    "kms:Delete*", "kms:Disable*", "kms:ScheduleKeyDeletion",
    "dynamodb:Delete*", "dynamodb:Disable*",
  ]
}
