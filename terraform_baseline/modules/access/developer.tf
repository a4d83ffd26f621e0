# Developer access through Session Manager only (article section 3, fixed):
# - StartSession on instances whose Environment tag equals the caller's Environment tag,
#   and on the logging preferences document in its own statement (a document has no
#   ssm:resourceTag, so a tag condition in the same statement would never match it);
# - Terminate/Resume only the caller's own sessions (session-id tag = aws:userid);
# - DescribeSessions on "*" without tag conditions (it has no resource type, so a tag
#   condition would make the Allow grant nothing); GetConnectionStatus on instances.
# Policy variables are escaped ($${...}) so Terraform leaves them to IAM.

resource "aws_iam_policy" "developer_ssm" {
  name        = "${var.name}-developer-ssm-access"
  description = "Session Manager access to instances of the caller's Environment; no SSH, no EC2 Instance Connect"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "StartSessionOnInstancesOfMyEnvironment"
        Effect   = "Allow"
        Action   = "ssm:StartSession"
        Resource = "arn:${local.partition}:ec2:*:${local.account_id}:instance/*"
        Condition = {
          StringEquals = {
            "ssm:resourceTag/Environment" = "$${aws:PrincipalTag/Environment}"
          }
          BoolIfExists = {
            "ssm:SessionDocumentAccessCheck" = "true"
          }
        }
      },
      {
        Sid      = "StartSessionWithTheLoggingPreferencesDocument"
        Effect   = "Allow"
        Action   = "ssm:StartSession"
        Resource = "arn:${local.partition}:ssm:*:${local.account_id}:document/SSM-SessionManagerRunShell"
      },
      {
        Sid      = "TerminateAndResumeOwnSessionsOnly"
        Effect   = "Allow"
        Action   = ["ssm:TerminateSession", "ssm:ResumeSession"]
        Resource = "arn:${local.partition}:ssm:*:${local.account_id}:session/*"
        Condition = {
          StringLike = {
            "ssm:resourceTag/aws:ssmmessages:session-id" = "$${aws:userid}"
          }
        }
      },
      {
        Sid      = "ListSessions"
        Effect   = "Allow"
        Action   = "ssm:DescribeSessions"
        Resource = "*"
      },
      {
        Sid    = "SessionStatusOfInstances"
        Effect = "Allow"
        Action = "ssm:GetConnectionStatus"
        Resource = [
          "arn:${local.partition}:ec2:*:${local.account_id}:instance/*",
          "arn:${local.partition}:ssm:*:${local.account_id}:managed-instance/*",
        ]
      },
      {
        Sid      = "EncryptSessionsWithTheSessionKey"
        Effect   = "Allow"
        Action   = "kms:GenerateDataKey"
        Resource = aws_kms_key.sessions.arn
      },
      {
        Sid      = "NoSshKeyPushAnywhere"
        Effect   = "Deny"
        Action   = ["ec2-instance-connect:SendSSHPublicKey", "ec2-instance-connect:OpenTunnel"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role" "developer" {
  name        = "${var.name}-developer"
  description = "Developers of ${var.environment}: Session Manager only, MFA required to assume"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PeopleOfThisAccountWithMfa"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "sts:AssumeRole"
      Condition = {
        Bool = { "aws:MultiFactorAuthPresent" = "true" }
      }
    }]
  })

  # matched by ${aws:PrincipalTag/Environment} in the StartSession condition
  tags = { Environment = var.environment }
}

resource "aws_iam_role_policy_attachment" "developer_ssm" {
  role       = aws_iam_role.developer.name
  policy_arn = aws_iam_policy.developer_ssm.arn
}

resource "aws_iam_role_policy_attachment" "developer_mfa" {
  role       = aws_iam_role.developer.name
  policy_arn = var.mfa_policy_arn
}
