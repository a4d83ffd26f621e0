"""ZT_S3_002: a sensitive bucket whose policy does not deny requests from outside the VPC."""
from zt_rules import catalog
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.buckets import policy_rule, sensitivity


class SensitiveBucketVpcOnly(ZtResourceCheck):
    rule_id = "ZT_S3_002"

    def evaluate(self, ctx):
        if ctx.vertex is None:
            return
        sensitive, unknown = sensitivity(ctx.graph, ctx.vertex, ctx.config)
        if unknown:
            yield ctx.hit(f"cannot tell whether the bucket is sensitive (sensitive_buckets): {unknown} is not known",
                          key="sensitive", unknown=unknown)
        if not sensitive:
            return
        yield from policy_rule(ctx, self.rule_id, (
            "this sensitive bucket has no bucket policy, so stolen credentials work from anywhere; deny s3:* "
            "when aws:SourceVpce (or aws:SourceVpc) is not yours, with an aws:PrincipalArn exception for the "
            "pipeline and break-glass roles"))


# registered once the catalog activates the rule
check = SensitiveBucketVpcOnly() if catalog.get(SensitiveBucketVpcOnly.rule_id).active else None
