output "s3_gateway_endpoint_id" {
  description = "Id of the S3 gateway endpoint (for aws:SourceVpce conditions)."
  value       = aws_vpc_endpoint.s3.id
}

output "dynamodb_gateway_endpoint_id" {
  description = "Id of the DynamoDB gateway endpoint."
  value       = aws_vpc_endpoint.dynamodb.id
}

output "interface_endpoint_ids" {
  description = "Interface endpoint ids by service."
  value       = merge({ for k, v in aws_vpc_endpoint.interface : k => v.id }, { for k, v in aws_vpc_endpoint.interface_full_access_only : k => v.id })
}
