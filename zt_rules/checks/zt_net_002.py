"""ZT_NET_002: public IP addresses assigned automatically."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.source import block_lines
from zt_rules.tf.tiers import tag_tier, tags_of


class PublicIpAssignment(ZtResourceCheck):
    rule_id = "ZT_NET_002"

    def evaluate(self, ctx):
        if ctx.type == "aws_subnet":
            yield from _subnet(ctx)
        elif ctx.type == "aws_launch_template":
            blocks = [b for b in values.as_list(ctx.conf.get("network_interfaces")) if isinstance(b, dict)]
            lines = block_lines(ctx.source_lines(), ctx.start, ctx.end, "network_interfaces")
            for i, block in enumerate(blocks):
                line = lines[i] if i < len(lines) else None
                yield from _flag(ctx, values.first(block, "associate_public_ip_address"),
                                 "instances launched from this template get a public IP address",
                                 line=line, key=f"network_interfaces[{i}]")
        else:
            who = "the instance gets" if ctx.type == "aws_instance" else \
                "instances launched from this configuration get"
            yield from _flag(ctx, ctx.get("associate_public_ip_address"),
                             f"{who} a public IP address reachable from the internet")


def _subnet(ctx):
    raw = ctx.get("map_public_ip_on_launch")
    if values.as_bool(raw) is False or raw is None:
        return
    key = ctx.config.tier_tag
    tier = tag_tier(ctx.conf, key)
    if tier == "public":
        return
    tag = tags_of(ctx.conf).get(key)
    if values.is_unresolved(tag) and values.as_bool(raw):
        yield ctx.hit(f"subnet assigns public IPs and its {key} tag {tag} is not known statically",
                      unknown=str(tag))
        return
    yield from _flag(ctx, raw, f"every instance launched in this {tier or 'untiered'} subnet gets a "
                               "public IP address (map_public_ip_on_launch = true)")


def _flag(ctx, raw, message, **kw):
    flag = values.as_bool(raw)
    if flag:
        yield ctx.hit(message, **kw)
    elif flag is None and raw is not None:
        yield ctx.hit(f"cannot decide whether a public IP is assigned: {raw} is not known statically",
                      unknown=str(raw), **kw)


check = PublicIpAssignment()
