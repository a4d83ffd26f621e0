"""The seed's policies (sections 3 and 5) attached in Terraform: exact findings.

tests/fixtures/seed/section5/main.tf (verbatim JSON; the SSM heredoc keeps the
article's unescaped ${aws:PrincipalTag/Environment}, so that file is not valid
Terraform, which is the point of ZT_IAM_015). What RULES.md predicts:
- bucket policy (resource kind): no statement has a Principal -> ZT_IAM_001 per
  statement; DenyAccessOutsideVPC denies s3:* outside aws:SourceVpc with no
  aws:PrincipalArn exception -> ZT_S3_005. The policy does deny plain HTTP on
  "*" (S3_001 holds), locks to the VPC (S3_002 holds) and denies non-KMS uploads,
  but the bucket has no default SSE-KMS -> ZT_S3_003 (key "encryption").
  Nothing sets a public access block -> ZT_S3_004.
- MFA statement in an aws_iam_policy: BoolIfExists MultiFactorAuthPresent ANDed
  with NumericGreaterThan MultiFactorAuthAge -> ZT_IAM_009 (the AND-trap); a
  Deny-only policy has nothing for IAM_010.
- SSM policy: ssm:resourceTag conditions on actions that cannot carry them
  (DescribeSessions...) -> ZT_IAM_009; ${aws:...} unescaped in a heredoc ->
  ZT_IAM_015. StartSession is tag-conditioned, so no ZT_IAM_014.
Rules still `planned` in the catalog are left out of the expectation.
"""
from conftest import FIXTURES
from zt_rules import catalog
from zt_rules.config import Config

FOLDER = FIXTURES / "seed" / "section5"
EXPECTED = [
    ("ZT_IAM_001", 13, "aws_s3_bucket_policy.sensitive", "Sid:DenyAccessOutsideVPC"),
    ("ZT_IAM_001", 27, "aws_s3_bucket_policy.sensitive", "Sid:RequireSSLInTransit"),
    ("ZT_IAM_001", 38, "aws_s3_bucket_policy.sensitive", "Sid:DenyUnencryptedObjectUploads"),
    ("ZT_S3_005", 13, "aws_s3_bucket_policy.sensitive", "Sid:DenyAccessOutsideVPC"),
    ("ZT_S3_003", 2, "aws_s3_bucket.sensitive", "encryption"),
    ("ZT_S3_004", 2, "aws_s3_bucket.sensitive", ""),
    ("ZT_IAM_009", 59, "aws_iam_policy.mfa", "Sid:RequireMFAForDestructiveActions"),
    ("ZT_IAM_009", 101, "aws_iam_policy.ssm", "Sid:SSMSessionManagerAccess"),
    ("ZT_IAM_015", 101, "aws_iam_policy.ssm", "${aws:PrincipalTag/Environment}"),
]


def test_seed_policies_in_terraform():
    from zt_rules.tf import engine
    result = engine.scan_dir(FOLDER, FOLDER, Config())
    assert not result.errors, result.errors
    got = sorted((f.rule_id, f.line, f.resource, f.key) for f in result.findings)
    assert got == sorted(e for e in EXPECTED if catalog.get(e[0]).active)
    assert result.notices == []
