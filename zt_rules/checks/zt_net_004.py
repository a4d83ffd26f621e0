"""ZT_NET_004: an app or mgmt subnet routed to an internet gateway (per instance)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.routes import IGW, tiered_subnet_hits


class PrivateSubnetToInternet(ZtResourceCheck):
    rule_id = "ZT_NET_004"

    def evaluate(self, ctx):
        yield from tiered_subnet_hits(ctx, ("app", "mgmt"), lambda r: r.kind == IGW,
                                      "{tier}-tier subnet is public in fact", "an app- or mgmt-tier")


check = PrivateSubnetToInternet()
