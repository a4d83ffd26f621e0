"""ZT_NET_001: a subnet without a recognised Tier tag."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.tiers import normalize, tags_of


class SubnetTier(ZtResourceCheck):
    rule_id = "ZT_NET_001"

    def evaluate(self, ctx):
        key = ctx.config.tier_tag
        value = tags_of(ctx.conf).get(key)
        if values.is_unresolved(value):
            yield ctx.hit(f"cannot read the {key} tag: {value} is not known statically", unknown=str(value))
        elif normalize(value) is None:
            shown = "no" if value is None else f"an unrecognised ({value!r})"
            yield ctx.hit(f"subnet has {shown} {key} tag: no segmentation rule (routes, endpoints, "
                          "data-store placement) can tell what may run in it")


check = SubnetTier()
