variable "name" {
  description = "Name prefix of every resource (role names derive from it: keep .zt-lint.yaml in step)."
  type        = string
  default     = "zt"
}

variable "environment" {
  description = "Environment tag of the workloads; developers need the same Environment principal tag to open sessions."
  type        = string
  default     = "production"
}

variable "home_region" {
  description = "Region of the VPC, the data bucket, CloudTrail and the paging topic."
  type        = string
  default     = "us-east-1"
}

variable "availability_zones" {
  description = "Three zones of the home region (one subnet per tier in each)."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "vpc_cidr" {
  description = "CIDR of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "organization_id" {
  description = "AWS Organizations id (aws:PrincipalOrgID of the endpoint policies)."
  type        = string
  default     = "o-a1b2c3d4e5"
}

variable "scp_target_ids" {
  description = "Root, OUs or accounts the SCPs are attached to."
  type        = list(string)
  default     = ["r-a1b2"]
}

variable "deploy_role_name" {
  description = "Role the IaC pipeline (GitHub Actions) assumes: exempt from the data-bucket VPC deny and the security-services SCP."
  type        = string
  default     = "zt-terraform-deploy"
}

variable "break_glass_role_name" {
  description = "Break-glass role (MFA required): exempt from the SCPs and the data-bucket VPC deny."
  type        = string
  default     = "zt-break-glass"
}

variable "github_repository" {
  description = "owner/repo of the infrastructure repository whose workflows deploy this stack."
  type        = string
  default     = "example-org/zt-infrastructure"
}

variable "min_severity" {
  description = "GuardDuty severity from which findings isolate the instance and page on-call."
  type        = number
  default     = 7
}

variable "security_tooling_cidrs" {
  description = "CIDRs of the security tooling an isolated instance may still reach on 443 (forensics)."
  type        = list(string)
  default     = []
}

variable "default_tags" {
  description = "Tags of every resource."
  type        = map(string)
  default = {
    Project   = "zero-trust-baseline"
    ManagedBy = "terraform"
  }
}
