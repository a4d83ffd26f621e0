"""ZT_SG_006: ingress on all ports or all protocols."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import finding, ingress_rules, unknown_hits


class AllPortsIngress(ZtResourceCheck):
    rule_id = "ZT_SG_006"

    def evaluate(self, ctx):
        for rule in ingress_rules(ctx):
            if not rule.has_source and not rule.unknown_peer:
                continue  # admits nothing: SG_008's
            if not rule.ports_known:
                yield from unknown_hits(ctx, rule, "which ports the rule opens",
                                        [u for u in rule.unknown if u not in rule.unknown_peer])
                continue
            if rule.all_ports:
                yield finding(ctx, rule, f"ingress on {rule.ports_text()}: every service on the "
                                         f"members is reachable, not just the one they serve")


check = AllPortsIngress()
