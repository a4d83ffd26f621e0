output "bucket_arn" {
  description = "ARN of the sensitive bucket."
  value       = aws_s3_bucket.sensitive.arn
}

output "kms_key_arn" {
  description = "Key of the sensitive bucket."
  value       = aws_kms_key.data.arn
}
