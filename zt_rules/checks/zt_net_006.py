"""ZT_NET_006: rules on a VPC's default security group; in stack scope also a
VPC whose default security group is not managed to be empty."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.graph import parse_refs
from zt_rules.tf.sg import finding, inline_rules, vertex_of


class DefaultSgRules(ZtResourceCheck):
    rule_id = "ZT_NET_006"

    def evaluate(self, ctx):
        if ctx.type == "aws_vpc":
            if ctx.config.scope == "stack":
                from zt_rules.tf.stack import vpc_default_sg_unmanaged
                yield from vpc_default_sg_unmanaged(ctx)
        elif ctx.type == "aws_default_security_group":
            # sg.inline_rules expands `dynamic` blocks (Checkov garbles them: a
            # dynamic block over an empty list is no rule) and skips count 0
            for rule in inline_rules(ctx):
                yield finding(ctx, rule, f"the default security group has an {rule.direction} rule: "
                                         "every resource launched without a security group gets it")
        elif _targets_default_sg(ctx):
            yield ctx.hit("this rule is added to the VPC's default security group: every resource "
                          "launched without a security group gets it")


def _targets_default_sg(ctx) -> bool:
    raw = ctx.get("security_group_id")
    if any(r.type == "aws_vpc" and r.attr == "default_security_group_id" for r in parse_refs(raw)):
        return True
    g, me = ctx.graph, vertex_of(ctx)
    if me is None:
        return False
    return any(g.type_of(i) == "aws_default_security_group" for i in g.resolve_attr(me, "security_group_id").found)


check = DefaultSgRules()
