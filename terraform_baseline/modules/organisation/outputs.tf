output "mfa_policy_arn" {
  description = "Managed policy that denies destructive actions without recent MFA."
  value       = aws_iam_policy.mfa_destructive.arn
}

output "break_glass_role_arn" {
  description = "The break-glass role."
  value       = aws_iam_role.break_glass.arn
}

output "deploy_role_arn" {
  description = "The GitHub Actions deploy role."
  value       = aws_iam_role.deploy.arn
}

output "scp_ids" {
  description = "Ids of the SCPs."
  value       = [aws_organizations_policy.console_lockout.id, aws_organizations_policy.protect_security_services.id]
}
