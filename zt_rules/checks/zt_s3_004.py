"""ZT_S3_004: a bucket without a public access block that has all four settings true."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.buckets import access_blocked


class BucketPublicAccessBlock(ZtResourceCheck):
    rule_id = "ZT_S3_004"

    def evaluate(self, ctx):
        if ctx.vertex is None:
            return
        blocked, unknown = access_blocked(ctx.graph, ctx.vertex)
        if blocked:
            return
        if unknown:
            yield ctx.hit("cannot tell whether public access is blocked", unknown=", ".join(unknown))
            return
        yield ctx.hit("no public access block with block_public_acls, block_public_policy, "
                      "ignore_public_acls and restrict_public_buckets all true covers this bucket, so an "
                      "ACL or bucket policy can still make it public; add aws_s3_bucket_public_access_block "
                      "(or an account-level aws_s3_account_public_access_block) with all four true")


check = BucketPublicAccessBlock()
