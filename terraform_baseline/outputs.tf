output "vpc_id" {
  description = "The segmented VPC."
  value       = module.network.vpc_id
}

output "sensitive_bucket_arn" {
  description = "The sensitive data bucket."
  value       = module.data.bucket_arn
}

output "developer_role_arn" {
  description = "Role developers assume (with MFA) to open Session Manager sessions."
  value       = module.access.developer_role_arn
}

output "paging_topic_arn" {
  description = "Subscribe the on-call rotation (e.g. a PagerDuty HTTPS endpoint) to this topic."
  value       = module.audit.paging_topic_arn
}

output "isolation_functions" {
  description = "Isolation Lambda per region."
  value = {
    "us-east-1" = module.detection_us_east_1.isolation_function_arn
    "eu-west-1" = module.detection_eu_west_1.isolation_function_arn
  }
}

output "isolation_alarm_topics" {
  description = "Subscribe the on-call rotation to these too: alarms when an isolation fails, per region."
  value = {
    "us-east-1" = module.detection_us_east_1.alarm_topic_arn
    "eu-west-1" = module.detection_eu_west_1.alarm_topic_arn
  }
}
