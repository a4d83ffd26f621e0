"""Tiers from the `Tier` tag (key configurable), with the article's spellings."""
from __future__ import annotations

_SPELLINGS = {"public": "public", "app": "app", "application": "app", "data": "data",
              "database": "data", "mgmt": "mgmt", "management": "mgmt"}
# Most restrictive first: when sources disagree, the first one wins.
RESTRICTIVE_ORDER = ("data", "mgmt", "app", "public")


def normalize(value) -> str | None:
    """`Application` -> `app`; None for anything unrecognised."""
    if not isinstance(value, str):
        return None
    return _SPELLINGS.get(value.strip().lower())


def tags_of(attrs: dict) -> dict:
    """Tags of a resource conf or graph vertex, with provider default_tags merged in
    when the vertex carries them (`tags_all` wins as Terraform's merged view)."""
    from zt_rules.tf.values import first
    tags = {}
    for key in ("tags_all", "tags"):
        value = attrs.get(key)
        if isinstance(value, list):
            value = first(attrs, key)
        if isinstance(value, dict):
            for k, v in value.items():
                tags.setdefault(k, v[0] if isinstance(v, list) and len(v) == 1 else v)
    return tags


def tag_tier(attrs: dict, tier_tag: str) -> str | None:
    return normalize(tags_of(attrs).get(tier_tag))


def most_restrictive(tiers) -> str | None:
    present = set(t for t in tiers if t)
    for tier in RESTRICTIVE_ORDER:
        if tier in present:
            return tier
    return None


def security_group_vertex(ctx) -> int | None:
    """The vertex of the security group a resource is (or whose rule it is)."""
    graph = ctx.graph
    me = graph.vertex_for(ctx)
    if me is None:
        return None
    if ctx.type in ("aws_security_group", "aws_default_security_group"):
        return me
    found, _ = graph.resolve(me, "security_group_id", graph.attrs[me].get("security_group_id"))
    groups = [i for i in found if graph.attrs[i].get("resource_type") == "aws_security_group"]
    return groups[0] if groups else None


def sg_tier(ctx) -> str | None:
    """Tier of the security group behind a check's resource, from its tag."""
    idx = security_group_vertex(ctx)
    if idx is None:
        return None
    return tag_tier(ctx.graph.attrs[idx], ctx.config.tier_tag)
