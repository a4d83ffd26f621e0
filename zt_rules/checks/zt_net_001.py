"""ZT_NET_001: a subnet without a recognised Tier tag."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import exists
from zt_rules.tf.tiers import normalize, tags_of


class SubnetTier(ZtResourceCheck):
    rule_id = "ZT_NET_001"

    def evaluate(self, ctx):
        created, unsure = exists(ctx)
        if not created:   # count 0 / empty for_each: not created (Checkov still scans it)
            return
        key = ctx.config.tier_tag
        value = tags_of(ctx.conf).get(key)
        if values.is_unresolved(value):
            yield ctx.hit(f"cannot read the {key} tag: {value} is not known statically", unknown=str(value))
        elif normalize(value) is None:
            shown = "no" if value is None else f"an unrecognised ({value!r})"
            message = (f"subnet has {shown} {key} tag: no segmentation rule (routes, endpoints, "
                       "data-store placement) can tell what may run in it")
            yield ctx.hit(message + (f", if it is created: {unsure} is not known statically" if unsure else ""),
                          unknown=unsure)


check = SubnetTier()
