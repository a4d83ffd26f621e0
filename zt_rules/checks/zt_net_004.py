"""ZT_NET_004: an app or mgmt subnet routed to an internet gateway (per instance)."""
from zt_rules.tf import instances, values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.routes import IGW, subnet_route_hits
from zt_rules.tf.tiers import instance_tier


class PrivateSubnetToInternet(ZtResourceCheck):
    rule_id = "ZT_NET_004"

    def evaluate(self, ctx):
        for inst in instances.of(ctx):
            tier, raw = instance_tier(inst, ctx.config.tier_tag)
            unsure = str(raw) if values.is_unresolved(raw) else None
            if tier in ("app", "mgmt") or unsure:
                yield from subnet_route_hits(ctx, inst, lambda r: r.kind == IGW,
                                             f"{tier or 'private'}-tier subnet is public in fact", unsure, "an app- or mgmt-tier")


check = PrivateSubnetToInternet()
