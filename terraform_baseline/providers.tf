terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
    }
  }
}

# Home region: network, data, access, audit trail and the organisation layer.
provider "aws" {
  region = var.home_region

  default_tags {
    tags = var.default_tags
  }
}

# One alias per region of .zt-lint.yaml `regions`: GuardDuty, Security Hub and the
# GuardDuty -> isolation Lambda wiring are regional and must exist in each of them.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = var.default_tags
  }
}

provider "aws" {
  alias  = "eu_west_1"
  region = "eu-west-1"

  default_tags {
    tags = var.default_tags
  }
}
