"""ZT_SG_005: a security group or rule without a description."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import attached_to_default_sg, exists, finding, rules_of


class MissingDescription(ZtResourceCheck):
    rule_id = "ZT_SG_005"

    def evaluate(self, ctx):
        if ctx.type != "aws_security_group" and attached_to_default_sg(ctx):
            return
        if ctx.type == "aws_security_group":
            created, unsure = exists(ctx)
            if not created:   # count 0 / empty for_each: not created
                return
            if not _text(ctx.get("description")):
                message = ("security group without a description (AWS shows \"Managed by "
                           "Terraform\"): reviewers cannot tell what it admits and why")
                yield ctx.hit(message + (f", if it is created: {unsure} is not known statically"
                                         if unsure else ""), unknown=unsure)
            rules = rules_of(ctx)
        else:
            rules = rules_of(ctx)[:1]
        for rule in rules:
            if not _text(rule.description):
                what = f"{rule.direction} block" if rule.key else "rule"
                yield finding(ctx, rule, f"{what} on {rule.ports_text()} without a description: say "
                                         f"which peer it admits and why")


def _text(value) -> str:
    text = values.as_str(value)
    return text.strip() if text else ""


check = MissingDescription()
