"""ZT_NET_002: public IP addresses assigned automatically (judged per instance
when Checkov leaves a count/for_each unexpanded)."""
from zt_rules.tf import instances, values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import nested_blocks
from zt_rules.tf.source import block_lines
from zt_rules.tf.tiers import instance_tier


class PublicIpAssignment(ZtResourceCheck):
    rule_id = "ZT_NET_002"

    def evaluate(self, ctx):
        if ctx.type == "aws_subnet":
            for inst in instances.of(ctx):
                yield from _subnet(ctx, inst)
        elif ctx.type == "aws_launch_template":
            yield from _template(ctx)
        else:
            who = "the instance gets" if ctx.type in ("aws_instance", "aws_spot_instance_request") else \
                "instances launched from this configuration get"
            for inst in instances.of(ctx):
                yield from _flag(ctx, inst, inst.get("associate_public_ip_address"),
                                 f"{who} a public IP address reachable from the internet")


def _template(ctx):
    message = "instances launched from this template get a public IP address"
    nested = nested_blocks(ctx, "network_interfaces")   # dynamic blocks expanded
    if nested is not None:
        for n in nested:
            raw = values.first({"v": n.get("associate_public_ip_address")}, "v")
            if n.unknown and raw is not None and values.as_bool(raw) is not False:
                yield ctx.hit(f"{message}, if the dynamic block creates one ({n.unknown} is not known "
                              "statically)", line=n.line, key=n.key, unknown=n.unknown)
            elif not n.unknown:
                yield from _flag(ctx, None, raw, message, line=n.line, key=n.key)
        return
    blocks = [b for b in values.as_list(ctx.conf.get("network_interfaces")) if isinstance(b, dict)]
    lines = block_lines(ctx.source_lines(), ctx.start, ctx.end, "network_interfaces")
    for i, block in enumerate(blocks):
        line = lines[i] if i < len(lines) else None
        yield from _flag(ctx, None, values.first(block, "associate_public_ip_address"), message,
                         line=line, key=f"network_interfaces[{i}]")


def _subnet(ctx, inst):
    raw = inst.get("map_public_ip_on_launch")
    if values.as_bool(raw) is False or raw is None:
        return
    key = ctx.config.tier_tag
    tier, tag = instance_tier(inst, key)
    if tier == "public":
        return
    if values.is_unresolved(tag) and values.as_bool(raw):
        yield inst.hit(ctx, f"subnet assigns public IPs and its {key} tag {tag} is not known statically",
                       unknown=str(tag))
        return
    yield from _flag(ctx, inst, raw, f"every instance launched in this {tier or 'untiered'} subnet gets a "
                                     "public IP address (map_public_ip_on_launch = true)")


def _flag(ctx, inst, raw, message, **kw):
    """A finding when `raw` is true, a notice when unknown; `inst` (or the
    resource itself, for None) is where it is reported."""
    hit = ctx.hit if inst is None else (lambda m, **k: inst.hit(ctx, m, **k))
    flag = values.as_bool(raw)
    if flag:
        yield hit(message, **kw)
    elif flag is None and raw is not None:
        yield hit(f"cannot decide whether a public IP is assigned: {raw} is not known statically",
                  unknown=str(raw), **kw)


check = PublicIpAssignment()
