# Session Manager instead of SSH (article section 3): sessions are authenticated by IAM,
# encrypted with a customer managed key, and their transcripts go to an encrypted
# bucket and an encrypted log group.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id             = data.aws_caller_identity.current.account_id
  partition              = data.aws_partition.current.partition
  region                 = data.aws_region.current.name
  session_log_group_name = "/zt/${var.name}/session-manager"
}

resource "aws_kms_key" "sessions" {
  description             = "${var.name}: Session Manager session data, transcripts and log group"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersTheKeyThroughIam"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsEncryptsTheSessionLogGroupOnly"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"]
        Resource  = "*"
        Condition = {
          ArnEquals = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.session_log_group_name}"
          }
        }
      },
    ]
  })
}

resource "aws_kms_alias" "sessions" {
  name          = "alias/${var.name}-session-manager"
  target_key_id = aws_kms_key.sessions.key_id
}

resource "aws_cloudwatch_log_group" "sessions" {
  name              = local.session_log_group_name
  retention_in_days = var.session_log_retention_days
  kms_key_id        = aws_kms_key.sessions.arn
}

# ---------------------------------------------------------------- transcript bucket

resource "aws_s3_bucket" "sessions" {
  bucket = var.session_log_bucket_name
  # checkov:skip=CKV2_AWS_62:no consumer for object events; adding notifications without a subscriber adds an unreviewed data path
  # checkov:skip=CKV_AWS_144:cross-region replication is a disaster-recovery decision (a second bucket, key and policy set per region); versioning already protects against overwrite and deletion
  # checkov:skip=CKV_AWS_18:log bucket: object-level access is recorded by the trail's S3 data events (modules/audit event_selector); S3 server access logs cannot target an SSE-KMS bucket

  tags = { Name = var.session_log_bucket_name, DataClass = "internal" }
}

resource "aws_s3_bucket_public_access_block" "sessions" {
  bucket                  = aws_s3_bucket.sessions.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "sessions" {
  bucket = aws_s3_bucket.sessions.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "sessions" {
  bucket = aws_s3_bucket.sessions.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sessions" {
  bucket = aws_s3_bucket.sessions.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.sessions.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_policy" "sessions" {
  bucket = aws_s3_bucket.sessions.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.sessions.arn, "${aws_s3_bucket.sessions.arn}/*"]
      Condition = {
        Bool = { "aws:SecureTransport" = "false" }
      }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.sessions]
}

# Transcripts/logs are kept (no expiry: retention is an audit decision) but move to
# Glacier Instant Retrieval after 90 days; failed multipart uploads are cleaned up.
resource "aws_s3_bucket_lifecycle_configuration" "sessions" {
  bucket = aws_s3_bucket.sessions.id

  rule {
    id     = "archive-logs-abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }

    noncurrent_version_transition {
      noncurrent_days = 30
      storage_class   = "GLACIER_IR"
    }
  }

  depends_on = [aws_s3_bucket_versioning.sessions]
}

# ---------------------------------------------------------------- preferences document

# The account's Session Manager preferences. AWS creates this document the first time
# someone opens the Session Manager preferences in the console: import it
# (`terraform import module.access.aws_ssm_document.session_preferences SSM-SessionManagerRunShell`)
# if it already exists.
resource "aws_ssm_document" "session_preferences" {
  name            = "SSM-SessionManagerRunShell"
  document_type   = "Session"
  document_format = "JSON"

  content = jsonencode({
    schemaVersion = "1.0"
    description   = "Session Manager preferences: KMS-encrypted sessions, encrypted transcripts in S3 and CloudWatch Logs"
    sessionType   = "Standard_Stream"
    inputs = {
      s3BucketName                = aws_s3_bucket.sessions.id
      s3KeyPrefix                 = "sessions/"
      s3EncryptionEnabled         = true
      cloudWatchLogGroupName      = aws_cloudwatch_log_group.sessions.name
      cloudWatchEncryptionEnabled = true
      cloudWatchStreamingEnabled  = true
      kmsKeyId                    = aws_kms_key.sessions.arn
      runAsEnabled                = false
      runAsDefaultUser            = ""
      idleSessionTimeout          = "20"
      maxSessionDuration          = "60"
      shellProfile = {
        linux   = ""
        windows = ""
      }
    }
  })
}
