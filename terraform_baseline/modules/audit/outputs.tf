output "paging_topic_arn" {
  description = "SNS topic that pages the on-call engineer."
  value       = aws_sns_topic.paging.arn
}

output "isolation_role_arn" {
  description = "Execution role of the isolation Lambda."
  value       = aws_iam_role.isolation.arn
  # the function's creation checks the role's DLQ and log permissions
  depends_on = [aws_iam_role_policy.isolation]
}

output "trail_arn" {
  description = "The multi-region trail."
  value       = aws_cloudtrail.this.arn
}
