"""ZT_PL_003: a VPC missing an interface endpoint from `required_interface_endpoints`."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.stack import join, unknown_refs_hit, vpc_endpoints, vpc_stack


class InterfaceEndpoints(ZtResourceCheck):
    rule_id = "ZT_PL_003"

    def evaluate(self, ctx):
        stack, vpc = vpc_stack(ctx)
        if stack is None:
            return
        services, unknown = vpc_endpoints(stack, vpc, "Interface")
        missing = [s for s in ctx.config.required_interface_endpoints if s not in services]
        if not missing:
            return
        if unknown:
            yield unknown_refs_hit(ctx, stack, unknown, f"provide the interface endpoints {join(missing)}",
                                   "vpc_id or service_name")
            return
        yield ctx.hit(f"no interface endpoint for {join(missing)} in this VPC: calls to those services leave "
                      "the VPC through a NAT or internet gateway", key="interface-endpoints")


check = InterfaceEndpoints()
