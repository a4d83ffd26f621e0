"""ZT_SG_003: egress to the whole internet, outside the configured exceptions."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import egress_rules, finding, is_world, only_ports, unknown_hits
from zt_rules.tf.tiers import normalize, sg_tier


class WorldEgress(ZtResourceCheck):
    rule_id = "ZT_SG_003"

    def evaluate(self, ctx):
        tier = None
        for rule in egress_rules(ctx):
            world = [c for c in rule.cidrs if is_world(c)]
            if not world:
                yield from unknown_hits(ctx, rule, "whether the destination is the internet",
                                        [u for u in rule.unknown_peer if not u.startswith("self = ")])
                continue
            tier = tier or sg_tier(ctx) or "unknown"
            if not rule.ports_known and _tier_has_exception(ctx.config.egress_exceptions, tier):
                yield from unknown_hits(ctx, rule, "whether an egress exception covers the ports",
                                        [u for u in rule.unknown if u not in rule.unknown_peer])
                continue
            if _excepted(ctx.config.egress_exceptions, tier, rule):
                continue
            yield finding(ctx, rule, f"egress to {', '.join(world)} on {rule.ports_text()} lets this "
                                     f"{'untiered' if tier == 'unknown' else tier + '-tier'} security "
                                     f"group reach any host on the internet (exfiltration, command "
                                     f"and control)")


def _tier_has_exception(exceptions, tier: str) -> bool:
    return tier != "data" and any(normalize(t) == tier for t, _ in exceptions)


def _excepted(exceptions, tier: str, rule) -> bool:
    """An `egress_exceptions` entry for this tier lists every port the rule opens."""
    return tier != "data" and any(normalize(t) == tier and only_ports(rule, ports)
                                  for t, ports in exceptions)


check = WorldEgress()
