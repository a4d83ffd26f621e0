"""ZT_SG_004: data-tier egress to anything but a security group or a gateway endpoint."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import egress_rules, finding, prefix_list_kind
from zt_rules.tf.tiers import sg_tier


class DataTierEgress(ZtResourceCheck):
    rule_id = "ZT_SG_004"

    def evaluate(self, ctx):
        rules = egress_rules(ctx)
        if not rules or sg_tier(ctx) != "data":
            return
        for rule in rules:
            bad = [f"CIDR {c}" for c in rule.cidrs]
            bad += [f"unresolved {u}" for u in rule.unknown_peer]
            for pl in rule.prefix_lists:
                kind = prefix_list_kind(ctx, pl)
                if kind != "gateway":
                    bad.append(f"{'customer-managed' if kind == 'managed' else 'unverifiable'} "
                               f"prefix list {pl}")
            if not rule.has_source and not rule.unknown_peer:
                bad.append("no destination at all")
            if bad:
                yield finding(ctx, rule, f"data-tier egress on {rule.ports_text()} to {'; '.join(bad)}: "
                                         f"the data tier may only talk to named security groups and "
                                         f"gateway endpoints")


check = DataTierEgress()
