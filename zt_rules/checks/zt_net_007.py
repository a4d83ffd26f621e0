"""ZT_NET_007: a VPC without flow logs."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.stack import unknown_refs_hit, vpc_stack


class FlowLogs(ZtResourceCheck):
    rule_id = "ZT_NET_007"

    def evaluate(self, ctx):
        stack, vpc = vpc_stack(ctx)
        if stack is None:
            return
        found, unknown = stack.referrers("aws_flow_log", "vpc_id", vpc)
        if found:
            return
        if unknown:
            yield unknown_refs_hit(ctx, stack, unknown, "log this VPC's traffic")
            return
        yield ctx.hit("no aws_flow_log for this VPC: its accepted and rejected connections are not recorded, "
                      "so lateral movement and exfiltration leave no trace", key="flow-logs")


check = FlowLogs()
