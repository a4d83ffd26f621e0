variable "name" {
  description = "Name prefix."
  type        = string
}

variable "environment" {
  description = "Environment tag of the instances and of the developer role (matched by the StartSession condition)."
  type        = string
}

variable "app_security_group_id" {
  description = "Security group of the app instances."
  type        = string
}

variable "instance_type" {
  description = "Instance type of the app launch template."
  type        = string
  default     = "t3.small"
}

variable "image_id" {
  description = "AMI of the app instances (an SSM parameter reference is resolved by EC2 at launch)."
  type        = string
  default     = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

variable "session_log_bucket_name" {
  description = "Name of the bucket that receives Session Manager transcripts."
  type        = string
}

variable "session_log_retention_days" {
  description = "Retention of the Session Manager log group."
  type        = number
  default     = 365
}

variable "mfa_policy_arn" {
  description = "Managed policy that denies destructive actions without recent MFA (attached to the developer role)."
  type        = string
}
