# Data layer (article section 5, fixed): a sensitive bucket that only answers through
# the VPC's S3 gateway endpoint, only over TLS, and only stores objects encrypted with
# its own rotated KMS key. The seed's policy had no Principal (invalid in a bucket
# policy) and denied everything outside the VPC to everyone, the pipeline and the
# admins included; here the pipeline and the break-glass role are exempt by
# aws:PrincipalArn.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}

resource "aws_kms_key" "data" {
  description             = "Encrypts the objects of ${var.bucket_name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersTheKeyThroughIam"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })

  tags = { DataClass = "sensitive" }
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.bucket_name}"
  target_key_id = aws_kms_key.data.key_id
}

resource "aws_s3_bucket" "sensitive" {
  bucket = var.bucket_name
  # checkov:skip=CKV2_AWS_62:no consumer for object events; adding notifications without a subscriber adds an unreviewed data path
  # checkov:skip=CKV_AWS_144:cross-region replication is a disaster-recovery decision (a second bucket, key and policy set per region); versioning already protects against overwrite and deletion
  # checkov:skip=CKV_AWS_18:object-level access is recorded by the trail's S3 data events (modules/audit event_selector) and watched by GuardDuty S3 protection; S3 server access logs cannot target an SSE-KMS bucket

  tags = { Name = var.bucket_name, DataClass = "sensitive" }
}

resource "aws_s3_bucket_public_access_block" "sensitive" {
  bucket                  = aws_s3_bucket.sensitive.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "sensitive" {
  bucket = aws_s3_bucket.sensitive.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "sensitive" {
  bucket = aws_s3_bucket.sensitive.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sensitive" {
  bucket = aws_s3_bucket.sensitive.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_policy" "sensitive" {
  bucket = aws_s3_bucket.sensitive.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyAccessOutsideTheVpcEndpoint"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.sensitive.arn, "${aws_s3_bucket.sensitive.arn}/*"]
        Condition = {
          StringNotEquals = { "aws:SourceVpce" = var.s3_gateway_endpoint_id }
          ArnNotLike      = { "aws:PrincipalArn" = var.exempt_principal_arns }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.sensitive.arn, "${aws_s3_bucket.sensitive.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
      {
        # Uploads that ask for SSE-S3 (AES256) or DSSE are refused; uploads that send
        # no header get the bucket's default SSE-KMS key.
        Sid       = "DenyUploadsAskingForOtherEncryption"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.sensitive.arn}/*"
        Condition = {
          StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
          Null            = { "s3:x-amz-server-side-encryption" = "false" }
        }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.sensitive]
}

# Objects of the sensitive bucket never expire here (retention belongs to the data
# owner); only failed multipart uploads, invisible but billed, are cleaned up.
resource "aws_s3_bucket_lifecycle_configuration" "sensitive" {
  bucket = aws_s3_bucket.sensitive.id

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.sensitive]
}
