"""ZT_SG_001: ingress from the whole internet (0.0.0.0/0 or ::/0)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import finding, ingress_rules, is_world, unknown_hits
from zt_rules.tf.tiers import sg_tier


class WorldIngress(ZtResourceCheck):
    rule_id = "ZT_SG_001"

    def evaluate(self, ctx):
        public_ports = set(ctx.config.public_ingress_ports)
        tier = None
        for rule in ingress_rules(ctx):
            world = [c for c in rule.cidrs if is_world(c)]
            if not world:  # an unknown `self` is never the internet
                yield from unknown_hits(ctx, rule, "whether the source is the internet",
                                        [u for u in rule.unknown_peer if not u.startswith("self = ")])
                continue
            tier = tier or sg_tier(ctx) or "unknown"
            if tier == "public" and not rule.ports_known:  # the public exception may apply
                yield from unknown_hits(ctx, rule, "whether the public-tier ports are allowed",
                                        [u for u in rule.unknown if u not in rule.unknown_peer])
                continue
            if tier == "public" and _only_public_ports(rule, public_ports):
                continue
            yield finding(ctx, rule,
                          f"ingress from {', '.join(world)} on {rule.ports_text()} opens this "
                          f"{'untiered' if tier == 'unknown' else tier + '-tier'} security group "
                          f"to the whole internet")


def _only_public_ports(rule, public_ports) -> bool:
    if rule.protocol != "tcp" or rule.from_port is None or rule.to_port is None:
        return False
    return all(p in public_ports for p in range(rule.from_port, rule.to_port + 1))


check = WorldIngress()
