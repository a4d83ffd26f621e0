"""ZT_ACC_001: ingress that opens SSH (22) or RDP (3389)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import finding, ingress_rules, unknown_hits

_ADMIN_PORTS = ((22, "SSH", ("tcp",)), (3389, "RDP", ("tcp", "udp")))


class AdminPortIngress(ZtResourceCheck):
    rule_id = "ZT_ACC_001"

    def evaluate(self, ctx):
        for rule in ingress_rules(ctx):
            if rule.all_protocols:
                if rule.cidrs:  # all protocols between security groups is ZT_SG_006's
                    yield finding(ctx, rule, f"ingress on all protocols from {', '.join(rule.cidrs)} "
                                             f"includes SSH (22) and RDP (3389)")
                continue
            if rule.protocol is None or (rule.from_port is None) != (rule.to_port is None) or \
                    any(u.startswith(("from_port", "to_port")) for u in rule.unknown):
                yield from unknown_hits(ctx, rule, "which ports the rule opens",
                                        [u for u in rule.unknown if u not in rule.unknown_peer])
                continue
            opened = [f"{name} ({port})" for port, name, protos in _ADMIN_PORTS if rule.opens(port, protos)]
            if opened:
                yield finding(ctx, rule, f"ingress on {rule.ports_text()} opens {' and '.join(opened)}; "
                                         f"administer through Session Manager instead")


check = AdminPortIngress()
