output "launch_template_id" {
  description = "Launch template of the app instances."
  value       = aws_launch_template.app.id
}

output "instance_role_arn" {
  description = "Role of the app instances."
  value       = aws_iam_role.instance.arn
}

output "developer_role_arn" {
  description = "Role developers assume (MFA) to open sessions."
  value       = aws_iam_role.developer.arn
}

output "developer_policy_arn" {
  description = "Managed policy for Session Manager access (also usable in an Identity Center permission set)."
  value       = aws_iam_policy.developer_ssm.arn
}

output "session_log_bucket_arn" {
  description = "Bucket of the session transcripts."
  value       = aws_s3_bucket.sessions.arn
}
