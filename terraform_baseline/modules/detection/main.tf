# Continuous verification in ONE region (article section 6, fixed): the root calls this
# module once per configured region through a provider alias. GuardDuty uses
# aws_guardduty_detector_feature (the seed's one-line nested `datasources` block is
# invalid HCL and deprecated); Security Hub runs FSBP and CIS; HIGH findings trigger
# the isolation Lambda, which the seed never allowed EventBridge to invoke.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id     = data.aws_caller_identity.current.account_id
  partition      = data.aws_partition.current.partition
  region         = data.aws_region.current.name
  log_group_name = "/aws/lambda/${var.isolation_function_name}"
  alarm_arns     = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.isolation_function_name}-*"
}

# ---------------------------------------------------------------- GuardDuty

resource "aws_guardduty_detector" "this" {
  # checkov:skip=CKV2_AWS_3:this stack is applied per account and enables a detector in every configured region; organisation auto-enable needs a delegated GuardDuty administrator account, configured outside this stack
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

resource "aws_guardduty_detector_feature" "s3_data_events" {
  detector_id = aws_guardduty_detector.this.id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}

resource "aws_guardduty_detector_feature" "eks_audit_logs" {
  detector_id = aws_guardduty_detector.this.id
  name        = "EKS_AUDIT_LOGS"
  status      = "ENABLED"
}

resource "aws_guardduty_detector_feature" "ebs_malware_protection" {
  detector_id = aws_guardduty_detector.this.id
  name        = "EBS_MALWARE_PROTECTION"
  status      = "ENABLED"
}

# ---------------------------------------------------------------- Security Hub

resource "aws_securityhub_account" "this" {
  enable_default_standards  = false # the two standards below, explicitly
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}

resource "aws_securityhub_standards_subscription" "fsbp" {
  standards_arn = "arn:${local.partition}:securityhub:${local.region}::standards/aws-foundational-security-best-practices/v/1.0.0"

  depends_on = [aws_securityhub_account.this]
}

resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = "arn:${local.partition}:securityhub:${local.region}::standards/cis-aws-foundations-benchmark/v/3.0.0"

  depends_on = [aws_securityhub_account.this]
}

# ---------------------------------------------------------------- isolation Lambda

resource "aws_kms_key" "lambda_logs" {
  description             = "${var.name}: log group of the isolation Lambda in ${local.region}"
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
        Sid       = "CloudWatchLogsEncryptsTheLambdaLogGroupOnly"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"]
        Resource  = "*"
        Condition = {
          ArnEquals = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
          }
        }
      },
    ]
  })
}

# Encrypts the function's environment variables, its dead-letter queue and its alarm
# topic. The execution role may use it only through SQS and Lambda of this region;
# CloudWatch only for this function's alarms.
resource "aws_kms_key" "isolation" {
  description             = "${var.name}: environment and dead-letter queue of the isolation Lambda in ${local.region}"
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
        Sid       = "IsolationRoleThroughSqsAndLambdaOnly"
        Effect    = "Allow"
        Principal = { AWS = var.isolation_role_arn }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = ["sqs.${local.region}.amazonaws.com", "lambda.${local.region}.amazonaws.com"] }
        }
      },
      {
        Sid       = "CloudWatchAlarmsOfThisFunctionPublishToItsTopic"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = local.alarm_arns }
        }
      },
    ]
  })
}

# Asynchronous invocations (EventBridge) that still fail after Lambda's two retries land
# here instead of being dropped: a finding whose isolation failed stays on record.
resource "aws_sqs_queue" "isolation_dlq" {
  name                      = "${var.isolation_function_name}-dlq"
  message_retention_seconds = 1209600 # 14 days, the maximum
  kms_master_key_id         = aws_kms_key.isolation.arn
}

resource "aws_cloudwatch_log_group" "isolation" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.lambda_logs.arn
}

resource "aws_lambda_function" "isolation" {
  # checkov:skip=CKV_AWS_117:the function only calls AWS APIs (EC2, SNS) and reaches no private resource; in a VPC it would need NAT or interface endpoints in every region, and the baseline has a VPC only in the home region
  # checkov:skip=CKV_AWS_272:the package is built from the reviewed repository by archive_file and deployed only by the OIDC-restricted pipeline role; code signing needs a Signer profile and signed S3 artifacts, not this plan-time zip
  function_name    = var.isolation_function_name
  description      = "Contains EC2 instances named by HIGH GuardDuty findings and pages on-call"
  role             = var.isolation_role_arn
  runtime          = "python3.12"
  handler          = "handler.handler"
  filename         = var.lambda_package_path
  source_code_hash = var.lambda_package_hash
  timeout          = 120
  memory_size      = 256

  # at most a few isolations at once: a burst of findings must not exhaust the account's concurrency
  reserved_concurrent_executions = 5

  environment {
    variables = {
      MIN_SEVERITY      = tostring(var.min_severity)
      TOPIC_ARN         = var.paging_topic_arn
      ISOLATION_SG_NAME = "zt-isolation"
      TRANSIENT_SG_NAME = "zt-isolation-transient"
      TOOLING_SG_IDS    = join(",", var.tooling_security_group_ids)
      TOOLING_CIDRS     = join(",", var.tooling_cidrs)
      TOOLING_PORTS     = join(",", [for p in var.tooling_ports : tostring(p)])
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.isolation.name
  }

  kms_key_arn = aws_kms_key.isolation.arn

  dead_letter_config {
    target_arn = aws_sqs_queue.isolation_dlq.arn
  }

  tracing_config {
    mode = "Active"
  }
}

resource "aws_cloudwatch_event_rule" "guardduty_high" {
  name        = "${var.name}-guardduty-high-severity"
  description = "GuardDuty findings of severity ${var.min_severity} or more: isolate and page"

  event_pattern = jsonencode({
    source        = ["aws.guardduty"]
    "detail-type" = ["GuardDuty Finding"]
    detail = {
      severity = [{ numeric = [">=", var.min_severity] }]
    }
  })
}

resource "aws_cloudwatch_event_target" "isolate_instance" {
  rule      = aws_cloudwatch_event_rule.guardduty_high.name
  target_id = "IsolateCompromisedInstance"
  arn       = aws_lambda_function.isolation.arn
}

# Without this, EventBridge is not allowed to invoke the function and every HIGH finding
# is silently dropped (the seed's snippet stopped at the target).
resource "aws_lambda_permission" "eventbridge" {
  statement_id  = "AllowGuardDutyHighSeverityRule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.isolation.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.guardduty_high.arn
}

# ---------------------------------------------------------------- alarms on the isolation path

# A failed isolation must not wait in the dead-letter queue until someone looks: the
# function's errors and any dead letter alarm on a topic of this region (CloudWatch
# alarms publish only to topics of their own region). Subscribe the on-call rotation.
resource "aws_sns_topic" "isolation_alarms" {
  name              = "${var.isolation_function_name}-alarms"
  kms_master_key_id = aws_kms_key.isolation.arn
}

resource "aws_sns_topic_policy" "isolation_alarms" {
  arn = aws_sns_topic.isolation_alarms.arn

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AlarmsOfTheIsolationFunctionOnly"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.isolation_alarms.arn
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = local.alarm_arns }
        }
      },
    ]
  })
}

locals {
  isolation_alarms = {
    errors = {
      description = "The isolation Lambda failed: a compromised instance may still be reachable. Read its log group."
      namespace   = "AWS/Lambda"
      metric      = "Errors"
      dimensions  = { FunctionName = aws_lambda_function.isolation.function_name }
      statistic   = "Sum"
    }
    dead-letters = {
      description = "A GuardDuty finding could not be handled after Lambda's retries: isolate by hand and read the message."
      namespace   = "AWS/SQS"
      metric      = "ApproximateNumberOfMessagesVisible"
      dimensions  = { QueueName = aws_sqs_queue.isolation_dlq.name }
      statistic   = "Maximum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "isolation" {
  for_each = local.isolation_alarms

  alarm_name          = "${var.isolation_function_name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.isolation_alarms.arn]
}
