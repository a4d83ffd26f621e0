"""ZT_SG_008: a rule that cannot apply as written."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import rules_of


class InertRule(ZtResourceCheck):
    rule_id = "ZT_SG_008"

    def evaluate(self, ctx):
        for rule in rules_of(ctx):
            for problem in _problems(rule):
                yield ctx.hit(f"{rule.direction} rule that cannot apply: {problem}",
                              line=rule.line, key=rule.key)


def _problems(rule):
    peer = "source" if rule.direction == "ingress" else "destination"
    if not rule.has_source and not rule.unknown_peer:
        yield (f"no {peer} (empty cidr_blocks and nothing else): the provider rejects it, so "
               f"it neither allows nor denies anything; to deny all {rule.direction}, declare no "
               f"{rule.direction} rule")
    if rule.all_protocols and rule.ports_given and (rule.from_port, rule.to_port) != (0, 0) \
            and None not in (rule.from_port, rule.to_port):
        yield f"protocol -1 (all) with ports {rule.from_port}-{rule.to_port}; they must be 0"
    if rule.protocol in ("tcp", "udp") and None not in (rule.from_port, rule.to_port) \
            and rule.from_port > rule.to_port:
        yield f"from_port {rule.from_port} is greater than to_port {rule.to_port}"


check = InertRule()
