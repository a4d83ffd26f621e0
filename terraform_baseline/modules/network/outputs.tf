output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnets (ALB, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "app_subnet_ids" {
  description = "Application subnets."
  value       = aws_subnet.app[*].id
}

output "data_subnet_ids" {
  description = "Data subnets (no route out)."
  value       = aws_subnet.data[*].id
}

output "mgmt_subnet_ids" {
  description = "Management subnets (no NAT, no IGW)."
  value       = aws_subnet.mgmt[*].id
}

output "private_route_table_ids" {
  description = "Route tables of every app, data and mgmt subnet (for the gateway endpoints)."
  value       = concat(aws_route_table.app[*].id, aws_route_table.data[*].id, aws_route_table.mgmt[*].id)
}

output "alb_security_group_id" {
  description = "Security group of the public ALB."
  value       = aws_security_group.alb.id
}

output "app_security_group_id" {
  description = "Security group of the app tier."
  value       = aws_security_group.app.id
}

output "data_security_group_id" {
  description = "Security group of the data tier."
  value       = aws_security_group.data.id
}

output "mgmt_security_group_id" {
  description = "Security group of the mgmt tier."
  value       = aws_security_group.mgmt.id
}

output "endpoint_security_group_id" {
  description = "Security group of the interface endpoints."
  value       = aws_security_group.endpoints.id
}
