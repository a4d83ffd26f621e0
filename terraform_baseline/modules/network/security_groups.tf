# Security groups as micro-perimeters (article section 2): every rule names a security
# group, never a CIDR, except the ALB's public HTTPS listener. A security group made by
# Terraform starts with no egress at all (the provider removes AWS's allow-all default),
# so a group without egress rules below has no egress.

resource "aws_security_group" "alb" {
  # checkov:skip=CKV2_AWS_5:the public tier's group, exported as alb_security_group_id for the workload stack's ALB; the app group already references it, so it is created here with its rules
  name        = "${var.name}-alb"
  description = "Public ALB: HTTPS from the internet, forwards to the app tier only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-alb", Tier = "public" }
}

resource "aws_security_group" "app" {
  # checkov:skip=CKV2_AWS_5:attached in modules/access (launch template network_interfaces, via var.app_security_group_id); Checkov does not follow a group across module variables
  name        = "${var.name}-app"
  description = "App tier: traffic from the ALB only; egress to endpoints and the data tier"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-app", Tier = "app" }
}

resource "aws_security_group" "data" {
  # checkov:skip=CKV2_AWS_5:the data tier's group, exported as data_security_group_id for the workload stack's database; created here so the app tier's egress can reference it
  name        = "${var.name}-data"
  description = "Data tier: PostgreSQL from the app tier only; no egress at all"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-data", Tier = "data" }
}

resource "aws_security_group" "mgmt" {
  # checkov:skip=CKV2_AWS_5:for management instances launched outside this stack; referenced by the endpoint group's ingress and as the isolation Lambda's tooling group (exported as mgmt_security_group_id)
  name        = "${var.name}-mgmt"
  description = "Management tier: no ingress (Session Manager); egress to endpoints only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-mgmt", Tier = "mgmt" }
}

resource "aws_security_group" "endpoints" {
  # checkov:skip=CKV2_AWS_5:attached to every interface endpoint in modules/endpoints (via var.endpoint_security_group_id); Checkov does not follow a group across module variables
  name        = "${var.name}-vpc-endpoints"
  description = "Interface endpoints: HTTPS from the app and mgmt tiers only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-vpc-endpoints", Tier = "app" }
}

# ---------------------------------------------------------------- ALB

resource "aws_vpc_security_group_ingress_rule" "alb_https_ipv4" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from the internet (IPv4) to the public ALB listener"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "alb_https_ipv6" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from the internet (IPv6) to the public ALB listener"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = "::/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_app" {
  security_group_id            = aws_security_group.alb.id
  description                  = "HTTP to the app tier on port ${var.app_port}"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.app.id
}

# ---------------------------------------------------------------- app

resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
  security_group_id            = aws_security_group.app.id
  description                  = "HTTP on port ${var.app_port} from the ALB only (TLS ends at the ALB)"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "app_to_endpoints" {
  security_group_id            = aws_security_group.app.id
  description                  = "HTTPS to the VPC interface endpoints"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoints.id
}

resource "aws_vpc_security_group_egress_rule" "app_to_data" {
  security_group_id            = aws_security_group.app.id
  description                  = "PostgreSQL (${var.db_port}) to the data tier"
  ip_protocol                  = "tcp"
  from_port                    = var.db_port
  to_port                      = var.db_port
  referenced_security_group_id = aws_security_group.data.id
}

# ---------------------------------------------------------------- data (ingress only)

resource "aws_vpc_security_group_ingress_rule" "data_from_app" {
  security_group_id            = aws_security_group.data.id
  description                  = "PostgreSQL (${var.db_port}) from the app tier only"
  ip_protocol                  = "tcp"
  from_port                    = var.db_port
  to_port                      = var.db_port
  referenced_security_group_id = aws_security_group.app.id
}

# ---------------------------------------------------------------- mgmt

resource "aws_vpc_security_group_egress_rule" "mgmt_to_endpoints" {
  security_group_id            = aws_security_group.mgmt.id
  description                  = "HTTPS to the VPC interface endpoints (SSM, logs, KMS)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoints.id
}

# ---------------------------------------------------------------- interface endpoints

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_app" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the app tier"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_mgmt" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the mgmt tier"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.mgmt.id
}
