variable "name" {
  description = "Name prefix."
  type        = string
}

variable "trail_bucket_name" {
  description = "Bucket that receives the CloudTrail logs."
  type        = string
}

variable "isolation_function_name" {
  description = "Name of the isolation Lambda (the same in every region); scopes its role's log permissions."
  type        = string
}

variable "isolation_tag_keys" {
  description = "Tag keys the isolation Lambda may write on instances and on the security groups it creates."
  type        = list(string)
  default     = ["zt:isolated", "zt:isolation-finding-id", "zt:original-security-groups", "zt:managed-by", "Name"]
}

variable "trail_log_retention_days" {
  description = "Retention of the trail's CloudWatch Logs copy (the S3 bucket keeps the durable copy)."
  type        = number
  default     = 365
}

variable "data_event_bucket_arns" {
  description = "Buckets whose object-level (data) events the trail records."
  type        = list(string)
  default     = []
}
