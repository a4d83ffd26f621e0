"""ZT_NET_001: a subnet without a recognised Tier tag (judged per instance
when Checkov leaves a count/for_each unexpanded)."""
from zt_rules.tf import instances, values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.tiers import instance_tier


class SubnetTier(ZtResourceCheck):
    rule_id = "ZT_NET_001"

    def evaluate(self, ctx):
        key = ctx.config.tier_tag
        for inst in instances.of(ctx):  # [] when count is 0 / for_each is empty: not created
            tier, value = instance_tier(inst, key)
            if values.is_unresolved(value):
                yield inst.hit(ctx, f"cannot read the {key} tag: {value} is not known statically",
                               unknown=str(value))
            elif tier is None:
                shown = "no" if value is None else f"an unrecognised ({value!r})"
                message = (f"subnet has {shown} {key} tag: no segmentation rule (routes, endpoints, "
                           "data-store placement) can tell what may run in it")
                yield inst.hit(ctx, message)


check = SubnetTier()
