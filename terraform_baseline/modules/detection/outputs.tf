output "detector_id" {
  description = "GuardDuty detector of this region."
  value       = aws_guardduty_detector.this.id
}

output "isolation_function_arn" {
  description = "Isolation Lambda of this region."
  value       = aws_lambda_function.isolation.arn
}

output "guardduty_rule_arn" {
  description = "EventBridge rule of HIGH GuardDuty findings."
  value       = aws_cloudwatch_event_rule.guardduty_high.arn
}

output "alarm_topic_arn" {
  description = "Topic of this region's alarms on the isolation path (errors, dead letters)."
  value       = aws_sns_topic.isolation_alarms.arn
}
