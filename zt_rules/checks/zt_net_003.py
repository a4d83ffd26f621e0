"""ZT_NET_003: a data-tier subnet routed anywhere beyond the VPC (per instance)."""
from zt_rules.tf import instances, values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.routes import GATEWAY_ENDPOINT, LOCAL, UNKNOWN, subnet_route_hits
from zt_rules.tf.tiers import instance_tier


class DataSubnetRoutes(ZtResourceCheck):
    rule_id = "ZT_NET_003"

    def evaluate(self, ctx):
        for inst in instances.of(ctx):
            tier, raw = instance_tier(inst, ctx.config.tier_tag)
            unsure = str(raw) if values.is_unresolved(raw) else None
            if tier == "data" or unsure:
                yield from subnet_route_hits(ctx, inst, lambda r: r.kind not in (LOCAL, GATEWAY_ENDPOINT, UNKNOWN),
                                             "data-tier subnet leaves the VPC", unsure, "a data-tier")


check = DataSubnetRoutes()
