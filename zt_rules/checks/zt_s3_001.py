"""ZT_S3_001: a bucket whose policy does not deny plain-HTTP requests (aws:SecureTransport = false)."""
from zt_rules import catalog
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.buckets import policy_rule


class BucketDeniesHttp(ZtResourceCheck):
    rule_id = "ZT_S3_001"

    def evaluate(self, ctx):
        yield from policy_rule(ctx, self.rule_id, (
            "the bucket has no bucket policy, so S3 accepts plain-HTTP requests; attach one that denies s3:* "
            'to "*" on the bucket and bucket/* when aws:SecureTransport is "false"'))


# registered once the catalog activates the rule
check = BucketDeniesHttp() if catalog.get(BucketDeniesHttp.rule_id).active else None
