# App instances: IMDSv2 only, no key pair, no public address, and an instance profile
# with AmazonSSMManagedInstanceCore so Session Manager replaces SSH.

resource "aws_iam_role" "instance" {
  name = "${var.name}-app-instance"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Ec2Service"
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "instance_ssm_core" {
  role       = aws_iam_role.instance.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# What the SSM Agent needs to honour the preferences document: encrypt the session
# with the session key and write transcripts to the bucket and the log group.
resource "aws_iam_role_policy" "instance_session_logging" {
  name = "session-manager-logging"
  role = aws_iam_role.instance.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "UseTheSessionKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.sessions.arn
      },
      {
        Sid      = "WriteTranscriptsToTheSessionBucket"
        Effect   = "Allow"
        Action   = "s3:PutObject"
        Resource = "${aws_s3_bucket.sessions.arn}/sessions/*"
      },
      {
        Sid      = "CheckTheSessionBucketEncryption"
        Effect   = "Allow"
        Action   = "s3:GetEncryptionConfiguration"
        Resource = aws_s3_bucket.sessions.arn
      },
      {
        Sid      = "StreamToTheSessionLogGroup"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = "${aws_cloudwatch_log_group.sessions.arn}:*"
      },
      {
        Sid      = "CheckTheLogGroupEncryption"
        Effect   = "Allow"
        Action   = "logs:DescribeLogGroups"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_instance_profile" "instance" {
  name = "${var.name}-app-instance"
  role = aws_iam_role.instance.name
}

resource "aws_launch_template" "app" {
  name                   = "${var.name}-app"
  description            = "App tier: IMDSv2, no key pair, no public IP, Session Manager profile"
  image_id               = var.image_id
  instance_type          = var.instance_type
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false
    delete_on_termination       = true
    security_groups             = [var.app_security_group_id]
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted             = true
      volume_type           = "gp3"
      volume_size           = 20
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${var.name}-app", Tier = "app", Environment = var.environment }
  }

  tag_specifications {
    resource_type = "volume"
    tags          = { Name = "${var.name}-app", Tier = "app", Environment = var.environment }
  }

  tags = { Tier = "app" }
}
