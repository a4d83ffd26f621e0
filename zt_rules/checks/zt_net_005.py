"""ZT_NET_005: a data store reachable from outside (public, or in non-data subnets)."""
from zt_rules.tf import instances, values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import exists, vertex_exists, vertex_of
from zt_rules.tf.tiers import instance_tier, named_instances


class ExposedDataStore(ZtResourceCheck):
    rule_id = "ZT_NET_005"

    def evaluate(self, ctx):
        if ctx.type.endswith("_subnet_group"):
            yield from _subnet_group(ctx)
            return
        for inst in instances.of(ctx):  # per instance when Checkov leaves count/for_each unexpanded
            raw = inst.get("publicly_accessible")
            flag = values.as_bool(raw)
            if flag:
                yield inst.hit(ctx, "publicly_accessible = true: AWS gives the data store a public DNS name "
                                    "and address that the internet can reach")
            elif flag is None and raw is not None:
                yield inst.hit(ctx, f"cannot decide publicly_accessible: {raw} is not known statically",
                               unknown=str(raw))


def _subnet_group(ctx):
    if not exists(ctx)[0]:   # count 0: not created
        return
    g, me = ctx.graph, vertex_of(ctx)
    if me is None:
        yield ctx.hit(f"cannot follow the subnets of {ctx.address}", unknown=ctx.address)
        return
    r = g.resolve_attr(me, "subnet_ids")
    for text in r.missing + r.literals:
        yield ctx.hit(f"cannot tell the tier of subnet {text}: not in the scanned set or not known statically",
                      key=text, unknown=text)
    outside, maybe = [], []
    key = ctx.config.tier_tag
    for subnet in r.found:
        created, unsure = vertex_exists(g, subnet)
        if not created:   # count 0: not a subnet of the group
            continue
        for inst in named_instances(g, subnet, r.instances.get(subnet)):
            tier, raw = instance_tier(inst, key)
            name = inst.address or g.address(subnet)
            if values.is_unresolved(raw):
                yield ctx.hit(f"cannot tell the tier of subnet {name}: its {key} tag {raw} is not known "
                              "statically", key=name, unknown=str(raw))
            elif tier != "data":
                either = unsure or inst.unknown
                (maybe if either else outside).append((f"{name} ({tier or 'untiered'})", either))
    if outside:
        yield ctx.hit("the data store can be placed in non-data-tier subnets: " +
                      ", ".join(text for text, _ in outside))
    elif maybe:   # the subnets' count is unknown: they (and the group) may not exist
        unknown = "; ".join(dict.fromkeys(u for _, u in maybe))
        yield ctx.hit("the data store can be placed in non-data-tier subnets, if they are created: " +
                      ", ".join(text for text, _ in maybe) + f" ({unknown} is not known statically)",
                      unknown=unknown)


check = ExposedDataStore()
