"""ZT_SG_001: ingress from the whole internet (0.0.0.0/0 or ::/0)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import ingress_rules, is_world, unknown_hits
from zt_rules.tf.tiers import sg_tier


class WorldIngress(ZtResourceCheck):
    rule_id = "ZT_SG_001"

    def evaluate(self, ctx):
        public_ports = set(ctx.config.public_ingress_ports)
        tier = None
        for rule in ingress_rules(ctx):
            world = [c for c in rule.cidrs if is_world(c)]
            if not world:
                if any("cidr" in u or "/" in u or "var." in u for u in rule.unknown):
                    yield from unknown_hits(ctx, rule, "whether the source is the internet")
                continue
            tier = tier or sg_tier(ctx) or "unknown"
            if tier == "public" and _only_public_ports(rule, public_ports):
                continue
            yield ctx.hit(
                f"ingress from {', '.join(world)} on {rule.ports_text()} opens this "
                f"{'untiered' if tier == 'unknown' else tier + '-tier'} security group to the whole internet",
                line=rule.line, key=rule.key)


def _only_public_ports(rule, public_ports) -> bool:
    if rule.protocol != "tcp" or rule.from_port is None or rule.to_port is None:
        return False
    return all(p in public_ports for p in range(rule.from_port, rule.to_port + 1))


check = WorldIngress()
