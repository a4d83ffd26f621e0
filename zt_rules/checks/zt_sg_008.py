"""ZT_SG_008: a rule that cannot apply as written."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import finding, rules_of, unknown_hits


class InertRule(ZtResourceCheck):
    rule_id = "ZT_SG_008"

    def evaluate(self, ctx):
        for rule in rules_of(ctx):
            if not rule.has_source and rule.unknown_peer and \
                    all(u.startswith("self = ") for u in rule.unknown_peer):
                # `self` unknown and nothing else: it may be true (a source) or false (none)
                yield from unknown_hits(ctx, rule, f"whether the rule has a "
                                        f"{'source' if rule.direction == 'ingress' else 'destination'}",
                                        rule.unknown_peer)
            for problem in _problems(rule, ctx.type):
                yield finding(ctx, rule, f"{rule.direction} rule that cannot apply: {problem}")


def _problems(rule, rtype: str):
    peer = "source" if rule.direction == "ingress" else "destination"
    if not rule.has_source and not rule.unknown_peer:
        yield (f"no {peer} (empty cidr_blocks and nothing else): the provider rejects it, so "
               f"it neither allows nor denies anything; to deny all {rule.direction}, declare no "
               f"{rule.direction} rule")
    # aws_security_group_rule drops the ports of a -1 rule before calling EC2 (the
    # provider's expandIPPermission), so the rule applies: only inline blocks (the
    # provider rejects them) and the aws_vpc_security_group_* rules are inert.
    if rule.all_protocols and rule.ports_given and (rule.from_port, rule.to_port) != (0, 0) \
            and None not in (rule.from_port, rule.to_port) and rtype != "aws_security_group_rule":
        yield f"protocol -1 (all) with ports {rule.from_port}-{rule.to_port}; they must be 0"
    if rule.protocol in ("tcp", "udp") and None not in (rule.from_port, rule.to_port) \
            and rule.from_port > rule.to_port:
        yield f"from_port {rule.from_port} is greater than to_port {rule.to_port}"


check = InertRule()
