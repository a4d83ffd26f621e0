# Execution role of the isolation Lambda (one role, a function per region). Trusted by
# the Lambda service only; every action that IAM can scope is scoped to this
# account's resources (describe calls have no resource type and need "*").

resource "aws_iam_role" "isolation" {
  name = "${var.name}-isolation-lambda"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "LambdaServiceOnly"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "isolation" {
  name = "isolate-compromised-instances"
  role = aws_iam_role.isolation.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ReadInstancesAndGroups"
        Effect = "Allow"
        Action = [
          "ec2:DescribeInstances",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeIamInstanceProfileAssociations",
        ]
        Resource = "*"
      },
      {
        Sid    = "CreateIsolationGroups"
        Effect = "Allow"
        Action = "ec2:CreateSecurityGroup"
        Resource = [
          "arn:${local.partition}:ec2:*:${local.account_id}:vpc/*",
          "arn:${local.partition}:ec2:*:${local.account_id}:security-group/*",
        ]
      },
      {
        Sid    = "EditOnlyTheGroupsItCreated"
        Effect = "Allow"
        Action = [
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:AuthorizeSecurityGroupEgress",
          "ec2:RevokeSecurityGroupEgress",
        ]
        Resource = "arn:${local.partition}:ec2:*:${local.account_id}:security-group/*"
        Condition = {
          StringEquals = { "aws:ResourceTag/zt:managed-by" = "zt-isolation-lambda" }
        }
      },
      {
        Sid    = "SwapInstanceSecurityGroups"
        Effect = "Allow"
        Action = "ec2:ModifyNetworkInterfaceAttribute"
        Resource = [
          "arn:${local.partition}:ec2:*:${local.account_id}:network-interface/*",
          "arn:${local.partition}:ec2:*:${local.account_id}:security-group/*",
          "arn:${local.partition}:ec2:*:${local.account_id}:instance/*",
          "arn:${local.partition}:ec2:*:${local.account_id}:subnet/*",
        ]
      },
      {
        Sid      = "DetachInstanceProfiles"
        Effect   = "Allow"
        Action   = "ec2:DisassociateIamInstanceProfile"
        Resource = "arn:${local.partition}:ec2:*:${local.account_id}:instance/*"
      },
      {
        Sid    = "TagInstancesAndGroupsWithIsolationTagsOnly"
        Effect = "Allow"
        Action = "ec2:CreateTags"
        Resource = [
          "arn:${local.partition}:ec2:*:${local.account_id}:instance/*",
          "arn:${local.partition}:ec2:*:${local.account_id}:security-group/*",
        ]
        Condition = {
          "ForAllValues:StringEquals" = { "aws:TagKeys" = var.isolation_tag_keys }
          Null                        = { "aws:TagKeys" = "false" }
        }
      },
      {
        Sid      = "PageOnCall"
        Effect   = "Allow"
        Action   = "sns:Publish"
        Resource = aws_sns_topic.paging.arn
      },
      {
        Sid      = "EncryptPagesForTheTopic"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = aws_kms_key.audit.arn
      },
      {
        Sid      = "DeadLetterFailedInvocations"
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = "arn:${local.partition}:sqs:*:${local.account_id}:${var.isolation_function_name}-dlq"
      },
      {
        # X-Ray's write actions have no resource type
        Sid      = "SendTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = "*"
      },
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:${local.partition}:logs:*:${local.account_id}:log-group:/aws/lambda/${var.isolation_function_name}:*"
      },
    ]
  })
}
