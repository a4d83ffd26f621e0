"""ZT_SG_002: ingress from a CIDR that is not the whole internet (SG_001's)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import finding, ingress_rules, is_world, only_ports, unknown_hits
from zt_rules.tf.tiers import sg_tier


class CidrIngress(ZtResourceCheck):
    rule_id = "ZT_SG_002"

    def evaluate(self, ctx):
        tier = None
        for rule in ingress_rules(ctx):
            cidrs = [c for c in rule.cidrs if not is_world(c)]
            if rule.unknown_peer and not cidrs:  # an unknown `self` is never a CIDR
                yield from unknown_hits(ctx, rule, "whether the source is a CIDR",
                                        [u for u in rule.unknown_peer if not u.startswith("self = ")])
            if not cidrs:
                continue
            tier = tier or sg_tier(ctx) or "unknown"
            if tier == "public" and not rule.ports_known:  # the public exception may apply
                yield from unknown_hits(ctx, rule, "whether the public-tier ports are allowed",
                                        [u for u in rule.unknown if u not in rule.unknown_peer])
                continue
            if tier == "public" and only_ports(rule, ctx.config.public_ingress_ports):
                continue  # a public listener narrowed to some CIDRs: SG_001's exception covers more
            yield finding(ctx, rule, f"ingress from {', '.join(cidrs)} on {rule.ports_text()} admits "
                                     f"every address in that range, present and future; reference "
                                     f"the callers' security group or a prefix list instead")


check = CidrIngress()
