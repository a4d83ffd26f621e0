"""ZT_S3_003: a sensitive bucket without default SSE-KMS, or whose policy does not deny
uploads that ask for another encryption."""
from zt_rules import catalog
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.buckets import kms_default, policy_rule, sensitive_bucket


class SensitiveBucketKms(ZtResourceCheck):
    rule_id = "ZT_S3_003"

    def evaluate(self, ctx):
        sensitive, notices = sensitive_bucket(ctx)
        yield from notices
        if not sensitive:
            return
        kms, unknown = kms_default(ctx.graph, ctx.vertex)
        if kms is None:
            yield ctx.hit(f"cannot tell the bucket's default encryption: {unknown} is not known",
                          key="encryption", unknown=unknown)
        elif not kms:
            yield ctx.hit("this sensitive bucket's default encryption is not SSE-KMS, so objects are "
                          "encrypted with S3-managed keys that every reader of the bucket can use; set "
                          'sse_algorithm = "aws:kms" with a customer managed key', key="encryption")
        yield from policy_rule(ctx, self.rule_id, (
            "this sensitive bucket has no bucket policy that denies uploads asking for another encryption "
            "than SSE-KMS; deny s3:PutObject on bucket/* with StringNotEquals "
            's3:x-amz-server-side-encryption "aws:kms"'))


# registered once the catalog activates the rule
check = SensitiveBucketKms() if catalog.get(SensitiveBucketKms.rule_id).active else None
