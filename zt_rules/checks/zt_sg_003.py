"""ZT_SG_003: egress to the whole internet, outside the configured exceptions."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import egress_rules, is_world, only_ports, unknown_hits
from zt_rules.tf.tiers import normalize, sg_tier


class WorldEgress(ZtResourceCheck):
    rule_id = "ZT_SG_003"

    def evaluate(self, ctx):
        tier = None
        for rule in egress_rules(ctx):
            world = [c for c in rule.cidrs if is_world(c)]
            if not world:
                yield from unknown_hits(ctx, rule, "whether the destination is the internet",
                                        rule.unknown_peer)
                continue
            tier = tier or sg_tier(ctx) or "unknown"
            if _excepted(ctx.config.egress_exceptions, tier, rule):
                continue
            yield ctx.hit(f"egress to {', '.join(world)} on {rule.ports_text()} lets this "
                          f"{'untiered' if tier == 'unknown' else tier + '-tier'} security group "
                          f"reach any host on the internet (exfiltration, command and control)",
                          line=rule.line, key=rule.key)


def _excepted(exceptions, tier: str, rule) -> bool:
    """An `egress_exceptions` entry for this tier lists every port the rule opens."""
    return tier != "data" and any(normalize(t) == tier and only_ports(rule, ports)
                                  for t, ports in exceptions)


check = WorldEgress()
