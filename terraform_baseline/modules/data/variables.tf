variable "bucket_name" {
  description = "Name of the sensitive data bucket."
  type        = string
}

variable "s3_gateway_endpoint_id" {
  description = "The S3 gateway endpoint the workloads use: requests from anywhere else are denied."
  type        = string
}

variable "exempt_principal_arns" {
  description = "Roles that may reach the bucket from outside the endpoint: the IaC pipeline that manages it and the break-glass role (which requires MFA)."
  type        = list(string)
}
