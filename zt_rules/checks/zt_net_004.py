"""ZT_NET_004: an app or mgmt subnet routed to an internet gateway."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.routes import IGW, subnet_route_hits
from zt_rules.tf.tiers import tag_tier


class PrivateSubnetToInternet(ZtResourceCheck):
    rule_id = "ZT_NET_004"

    def evaluate(self, ctx):
        tier = tag_tier(ctx.conf, ctx.config.tier_tag)
        if tier not in ("app", "mgmt"):
            return
        yield from subnet_route_hits(ctx, lambda r: r.kind == IGW,
                                     f"{tier}-tier subnet is public in fact")


check = PrivateSubnetToInternet()
