"""ZT_PL_001: a VPC without gateway endpoints for both S3 and DynamoDB."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.stack import unknown_refs_hit, vpc_endpoints, vpc_stack


class GatewayEndpoints(ZtResourceCheck):
    rule_id = "ZT_PL_001"

    def evaluate(self, ctx):
        stack, vpc = vpc_stack(ctx)
        if stack is None:
            return
        services, unknown = vpc_endpoints(stack, vpc, "Gateway")
        missing = [s for s in ("s3", "dynamodb") if s not in services]
        if not missing:
            return
        if unknown:
            yield unknown_refs_hit(ctx, stack, unknown, f"provide the {' and '.join(missing)} gateway endpoint",
                                   "vpc_id or service_name")
            return
        yield ctx.hit(f"no gateway endpoint for {' and '.join(missing)} in this VPC: that traffic leaves through "
                      "a NAT or internet gateway instead of staying on the AWS network (gateway endpoints are "
                      "free)", key="gateway-endpoints")


check = GatewayEndpoints()
