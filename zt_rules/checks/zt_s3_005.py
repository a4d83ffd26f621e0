"""ZT_S3_005: a bucket policy that denies s3:* outside the VPC with no exception for the
pipeline and break-glass principals (only the account root can then undo it)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.buckets import BUCKET, buckets_of, policy_hits
from zt_rules.tf.policies import documents_of


class BucketPolicyLockout(ZtResourceCheck):
    rule_id = "ZT_S3_005"

    def evaluate(self, ctx):
        if ctx.vertex is None:
            return
        buckets = buckets_of(ctx.graph, ctx.vertex)
        judged, _ = policy_hits(ctx.graph, documents_of(ctx), buckets, ctx.config)
        for doc, hits in judged:
            for h in hits:
                if h.rule_id == self.rule_id:
                    key = h.key if ctx.type != BUCKET else f"policy {h.key}"
                    yield ctx.hit(h.message, line=doc.tf_line(h.line), key=key)


check = BucketPolicyLockout()
