"""ZT_NET_006 (resource part): rules on a VPC's default security group."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.graph import parse_refs
from zt_rules.tf.source import block_lines


class DefaultSgRules(ZtResourceCheck):
    rule_id = "ZT_NET_006"

    def evaluate(self, ctx):
        if ctx.type == "aws_default_security_group":
            lines = ctx.source_lines()
            for direction in ("ingress", "egress"):
                blocks = [b for b in values.as_list(ctx.conf.get(direction)) if isinstance(b, dict)]
                found = block_lines(lines, ctx.start, ctx.end, direction)
                for i, _ in enumerate(blocks):
                    yield ctx.hit(f"the default security group has an {direction} rule: every resource "
                                  "launched without a security group gets it",
                                  line=found[i] if i < len(found) else None, key=f"{direction}[{i}]")
        elif _targets_default_sg(ctx):
            yield ctx.hit("this rule is added to the VPC's default security group: every resource "
                          "launched without a security group gets it")


def _targets_default_sg(ctx) -> bool:
    raw = ctx.get("security_group_id")
    if any(r.type == "aws_vpc" and r.attr == "default_security_group_id" for r in parse_refs(raw)):
        return True
    g, me = ctx.graph, ctx.vertex
    if me is None:
        return False
    return any(g.type_of(i) == "aws_default_security_group" for i in g.resolve_attr(me, "security_group_id").found)


check = DefaultSgRules()
