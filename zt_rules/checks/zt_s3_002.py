"""ZT_S3_002: a sensitive bucket whose policy does not deny requests from outside the VPC."""
from zt_rules import catalog
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.buckets import policy_rule, sensitive_bucket


class SensitiveBucketVpcOnly(ZtResourceCheck):
    rule_id = "ZT_S3_002"

    def evaluate(self, ctx):
        sensitive, notices = sensitive_bucket(ctx)
        yield from notices
        if not sensitive:
            return
        yield from policy_rule(ctx, self.rule_id, (
            "this sensitive bucket has no bucket policy, so stolen credentials work from anywhere; deny s3:* "
            "when aws:SourceVpce (or aws:SourceVpc) is not yours, with an aws:PrincipalArn exception for the "
            "pipeline and break-glass roles"))


# registered once the catalog activates the rule
check = SensitiveBucketVpcOnly() if catalog.get(SensitiveBucketVpcOnly.rule_id).active else None
