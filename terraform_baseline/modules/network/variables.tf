variable "name" {
  description = "Name prefix of every resource of the network."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; each tier gets /24s carved from it."
  type        = string
}

variable "availability_zones" {
  description = "Availability zones of the subnets (one subnet per tier per zone)."
  type        = list(string)
}

variable "app_port" {
  description = "Port the application instances listen on behind the ALB."
  type        = number
  default     = 8080
}

variable "db_port" {
  description = "PostgreSQL port of the data tier."
  type        = number
  default     = 5432
}

variable "flow_log_retention_days" {
  description = "Retention of the VPC flow log group."
  type        = number
  default     = 365
}
