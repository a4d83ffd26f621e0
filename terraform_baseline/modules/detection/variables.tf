variable "name" {
  description = "Name prefix."
  type        = string
}

variable "min_severity" {
  description = "GuardDuty severity from which findings trigger the isolation Lambda (7 = HIGH)."
  type        = number
  default     = 7
}

variable "isolation_function_name" {
  description = "Name of the isolation Lambda in this region."
  type        = string
}

variable "isolation_role_arn" {
  description = "Execution role of the isolation Lambda (global)."
  type        = string
}

variable "lambda_package_path" {
  description = "Zip of lambda/isolation."
  type        = string
}

variable "lambda_package_hash" {
  description = "Base64 SHA-256 of the zip (redeploys when the code changes)."
  type        = string
}

variable "paging_topic_arn" {
  description = "SNS topic that pages the on-call engineer (may be in the home region)."
  type        = string
}

variable "tooling_security_group_ids" {
  description = "Security tooling groups the isolated instance may still reach (only those in the instance's VPC are used)."
  type        = list(string)
  default     = []
}

variable "tooling_cidrs" {
  description = "Security tooling CIDRs the isolated instance may still reach."
  type        = list(string)
  default     = []
}

variable "tooling_ports" {
  description = "TCP ports open towards the security tooling."
  type        = list(number)
  default     = [443]
}

variable "log_retention_days" {
  description = "Retention of the Lambda's log group."
  type        = number
  default     = 365
}
