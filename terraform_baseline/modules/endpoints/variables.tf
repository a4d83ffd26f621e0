variable "name" {
  description = "Name prefix."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the endpoints."
  type        = string
}

variable "private_route_table_ids" {
  description = "Route tables of every app, data and mgmt subnet: the gateway endpoints are added to all of them."
  type        = list(string)
}

variable "interface_subnet_ids" {
  description = "Subnets (one per zone) that hold the interface endpoint network interfaces."
  type        = list(string)
}

variable "endpoint_security_group_id" {
  description = "Security group of the interface endpoints (443 from the app and mgmt tiers)."
  type        = string
}

variable "client_security_group_ids" {
  description = "Security groups (app, mgmt) that may reach S3 and DynamoDB through the gateway endpoints on 443."
  type        = map(string)
}

variable "organization_id" {
  description = "AWS Organizations id: only principals of the organisation may use the endpoints."
  type        = string
}

variable "s3_bucket_names" {
  description = "The organisation's buckets reachable through the S3 gateway endpoint."
  type        = list(string)
}

variable "interface_services" {
  description = "Interface endpoints to create (service suffix after com.amazonaws.<region>.)."
  type        = list(string)
  default     = ["ssm", "ssmmessages", "ec2messages", "secretsmanager", "ecr.api", "ecr.dkr", "kms", "logs", "sts"]
}

variable "endpoint_policy_services" {
  description = "Interface services that accept an endpoint policy (the others only allow full access)."
  type        = list(string)
  default     = ["ssm", "secretsmanager", "ecr.api", "ecr.dkr", "kms", "logs", "sts"]
}
