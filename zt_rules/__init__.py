"""zt-lint: a static Zero Trust linter for AWS Terraform and IAM policy JSON."""
__version__ = "0.1.0"
