"""ZT_NET_003: a data-tier subnet routed anywhere beyond the VPC."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.routes import GATEWAY_ENDPOINT, LOCAL, UNKNOWN, subnet_route_hits
from zt_rules.tf.tiers import tag_tier


class DataSubnetRoutes(ZtResourceCheck):
    rule_id = "ZT_NET_003"

    def evaluate(self, ctx):
        if tag_tier(ctx.conf, ctx.config.tier_tag) != "data":
            return
        yield from subnet_route_hits(ctx, lambda r: r.kind not in (LOCAL, GATEWAY_ENDPOINT, UNKNOWN),
                                     "data-tier subnet leaves the VPC")


check = DataSubnetRoutes()
