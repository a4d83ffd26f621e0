"""ARN patterns: wildcards per IAM, and Terraform's "this account" as any account."""
from zt_rules.iam.logic import THIS_ACCOUNT, arn_matches

INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"


def test_wildcards():
    assert arn_matches("arn:aws:ec2:*:111122223333:instance/*", INSTANCE)
    assert not arn_matches("arn:aws:ec2:*:444455556666:instance/*", INSTANCE)
    assert not arn_matches("arn:aws:ec2:*:111122223333:volume/*", INSTANCE)


def test_this_account_matches_any_account_id():
    assert arn_matches(f"arn:aws:ec2:*:{THIS_ACCOUNT}:instance/*", INSTANCE)
    assert not arn_matches(f"arn:aws:ec2:*:{THIS_ACCOUNT}:instance/i-other", INSTANCE)
