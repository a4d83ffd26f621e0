"""Tiers from the `Tier` tag (key configurable), with the article's spellings.

A security group without a recognised tag inherits the tier of the subnets of
the resources that use it (RULES.md "Tiers"); provider `default_tags` merge in.
References are resolved with `TfGraph.resolve`, never Checkov's edges.
"""
from __future__ import annotations

_SPELLINGS = {"public": "public", "app": "app", "application": "app", "data": "data",
              "database": "data", "mgmt": "mgmt", "management": "mgmt"}
# Most restrictive first: when sources disagree, the first one wins.
RESTRICTIVE_ORDER = ("data", "mgmt", "app", "public")

# Resources that use security groups: type -> (SG attributes, subnet attributes).
# Dotted paths go into nested blocks; a subnet attribute may name a subnet group.
SG_USERS = {
    "aws_instance": (("vpc_security_group_ids", "security_groups"), ("subnet_id",)),
    "aws_network_interface": (("security_groups",), ("subnet_id",)),
    "aws_launch_template": (("vpc_security_group_ids", "network_interfaces.security_groups"),
                            ("network_interfaces.subnet_id",)),
    "aws_launch_configuration": (("security_groups",), ()),
    "aws_lb": (("security_groups",), ("subnets", "subnet_mapping.subnet_id")),
    "aws_alb": (("security_groups",), ("subnets", "subnet_mapping.subnet_id")),
    "aws_elb": (("security_groups",), ("subnets",)),
    "aws_vpc_endpoint": (("security_group_ids",), ("subnet_ids",)),
    "aws_db_instance": (("vpc_security_group_ids",), ("db_subnet_group_name",)),
    "aws_rds_cluster": (("vpc_security_group_ids",), ("db_subnet_group_name",)),
    "aws_docdb_cluster": (("vpc_security_group_ids",), ("db_subnet_group_name",)),
    "aws_neptune_cluster": (("vpc_security_group_ids",), ("neptune_subnet_group_name",)),
    "aws_redshift_cluster": (("vpc_security_group_ids",), ("cluster_subnet_group_name",)),
    "aws_elasticache_cluster": (("security_group_ids",), ("subnet_group_name",)),
    "aws_elasticache_replication_group": (("security_group_ids",), ("subnet_group_name",)),
    "aws_lambda_function": (("vpc_config.security_group_ids",), ("vpc_config.subnet_ids",)),
    "aws_ecs_service": (("network_configuration.security_groups",), ("network_configuration.subnets",)),
    "aws_efs_mount_target": (("security_groups",), ("subnet_id",)),
}
# Resources that launch a template/configuration into subnets.
LAUNCHERS = {
    "aws_autoscaling_group": (("launch_template.id", "launch_template.name", "launch_configuration",
                               "mixed_instances_policy.launch_template.launch_template_specification"
                               ".launch_template_id"), ("vpc_zone_identifier",)),
    "aws_eks_node_group": (("launch_template.id", "launch_template.name"), ("subnet_ids",)),
}


def normalize(value) -> str | None:
    """`Application` -> `app`; None for anything unrecognised."""
    if not isinstance(value, str):
        return None
    return _SPELLINGS.get(value.strip().lower())


def tags_of(attrs: dict) -> dict:
    """Tags of a resource conf or graph vertex (`tags_all` wins as Terraform's
    merged view; provider default_tags: see `merged_tags`)."""
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


def provider_default_tags(graph, idx: int) -> dict:
    """The `default_tags` of the provider a resource vertex uses."""
    attrs = graph.attrs[idx]
    wanted = attrs.get("__provider_address__") or "aws.default"
    best = {}
    for other in graph.attrs.values():
        if other.get("block_type_") != "provider":
            continue
        config = next(iter((other.get("config_") or {}).values()), {})
        if config.get("__address__") != wanted:
            continue
        tags = other.get("default_tags.tags") or {}
        if not isinstance(tags, dict):
            continue
        if other.get("file_path_", "").rsplit("/", 1)[0] == graph.root_dir(idx):
            return tags
        best = best or tags
    return best


def merged_tags(graph, idx: int) -> dict:
    """A vertex's tags over its provider's default_tags."""
    return {**provider_default_tags(graph, idx), **tags_of(graph.attrs[idx])}


def instance_tier(inst, tier_tag: str) -> tuple[str | None, object]:
    """(tier, raw tag value) of one `instances.Instance`: its own tags for that
    instance over its provider's default_tags. The raw value is `${...}` text
    when the tags are not known statically (`values.is_unresolved`)."""
    from zt_rules.tf.values import first, is_unresolved
    tags = inst.get("tags") if inst.unknown is None else first(inst.conf, "tags")
    if isinstance(tags, str) and is_unresolved(tags):
        # The map is unknown as a whole: the tag as Checkov rendered it, or the map's text.
        rendered = tags_of(inst.conf).get(tier_tag)
        return None, rendered if is_unresolved(rendered) else tags
    own = tags_of({"tags": tags}) if isinstance(tags, dict) else tags_of(inst.conf)
    defaults = provider_default_tags(inst.graph, inst.vertex) \
        if inst.graph is not None and inst.vertex is not None else {}
    raw = own.get(tier_tag, defaults.get(tier_tag))
    return normalize(raw), raw


def named_instances(graph, idx: int, labels=None) -> list:
    """The `instances.Instance`s of a vertex that a reference names (`labels`:
    `Resolved.instances[idx]`, e.g. {'["data"]'}); all of them for the whole
    vertex, or when no instance carries a named label."""
    from zt_rules.tf import instances
    every = instances.at(graph, idx)
    if not labels or None in labels:
        return every
    return [i for i in every if i.label in labels] or every


def vertex_tier(graph, idx: int, tier_tag: str) -> str | None:
    """Tier of a vertex from its own tags and its provider's default_tags."""
    return normalize(merged_tags(graph, idx).get(tier_tag))


def most_restrictive(tiers) -> str | None:
    present = set(t for t in tiers if t)
    for tier in RESTRICTIVE_ORDER:
        if tier in present:
            return tier
    return None


def security_group_vertex(ctx, types=("aws_security_group", "aws_default_security_group")) -> int | None:
    """The vertex of the security group a resource is (or whose rule it is)."""
    from zt_rules.tf.sg import vertex_of
    graph = ctx.graph
    me = vertex_of(ctx)
    if me is None:
        return None
    if ctx.type in ("aws_security_group", "aws_default_security_group"):
        return me if ctx.type in types else None
    found, _ = graph.resolve(me, "security_group_id", graph.attrs[me].get("security_group_id"))
    groups = [i for i in found if graph.attrs[i].get("resource_type") in types]
    return groups[0] if groups else None


def sg_tier(ctx) -> str | None:
    """Tier of the security group behind a check's resource: its tag (with
    default_tags), else inherited from the subnets of what uses it."""
    idx = security_group_vertex(ctx)
    if idx is None:
        return None
    return group_tier(ctx.graph, idx, ctx.config.tier_tag)


def group_tier(graph, idx: int, tier_tag: str) -> str | None:
    return vertex_tier(graph, idx, tier_tag) or inherited_tiers(graph, tier_tag).get(idx)


# --- inheritance ---

_INHERITED: dict[tuple[int, str], tuple[object, dict]] = {}


def inherited_tiers(graph, tier_tag: str) -> dict[int, str]:
    """SG vertex -> the most restrictive tier of the subnets of its users (cached per graph)."""
    key = (id(graph), tier_tag)
    cached = _INHERITED.get(key)
    if cached is None or cached[0] is not graph:
        cached = _INHERITED[key] = (graph, _compute(graph, tier_tag))
    return cached[1]


def path_values(attrs: dict, path: str) -> list:
    """Values at a dotted path through nested blocks (lists of dicts)."""
    current = [attrs]
    for part in path.split("."):
        nxt = []
        for item in current:
            for obj in item if isinstance(item, list) else [item]:
                if isinstance(obj, dict) and part in obj:
                    nxt.append(obj[part])
        current = nxt
    return current


def resolve_named(graph, origin: int, label: str, expr, types) -> tuple[list[int], list[str]]:
    """`graph.resolve`, plus literal names (see `named_refs`)."""
    r = named_refs(graph, origin, label, expr, types)
    return r.found, r.missing


def named_refs(graph, origin: int, label: str, expr, types):
    """`graph.resolved`, plus literal names: Checkov renders `aws_x.y.name` to the
    name itself when it is set, so a literal is matched against the `name` of
    resources of `types` in the same module."""
    from zt_rules.tf.graph import parse_refs
    from zt_rules.tf.values import as_list, is_unresolved
    r = graph.resolved(origin, label, expr)
    for text in as_list(expr):
        if not isinstance(text, str) or parse_refs(text) or is_unresolved(text):
            continue
        named = [i for t in types for i in graph.resources(t, near=origin)
                 if graph.attrs[i].get("name") == text]
        r.found.extend(i for i in named if i not in r.found)
        if not named:
            r.missing.append(text)
    return r


_NAMED_TYPES = ("aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_redshift_subnet_group",
                "aws_docdb_subnet_group", "aws_neptune_subnet_group", "aws_launch_template",
                "aws_launch_configuration")


def _refs(graph, idx: int, paths) -> list[tuple[int, set | None]]:
    """(vertex, the instances of it named, None for all) that the values at `paths` name."""
    found: dict[int, set | None] = {}
    for path in paths:
        # A top-level argument's own value is evaluated from the raw HCL (instances named).
        expr = graph.attrs[idx].get(path) if "." not in path else path_values(graph.attrs[idx], path)
        r = named_refs(graph, idx, path.split(".")[0], expr, _NAMED_TYPES)
        for hit in r.found:
            labels = r.instances.get(hit)
            if hit in found and (found[hit] is None or labels is None):
                found[hit] = None
            elif hit in found:
                found[hit] |= labels
            else:
                found[hit] = set(labels) if labels else None
    return list(found.items())


def subnet_tiers(graph, idx: int, paths, tier_tag: str) -> set[str]:
    """Tiers of the subnets a resource names (through subnet groups too; only
    the named instances of a subnet Checkov left unexpanded)."""
    tiers = set()
    for ref, labels in _refs(graph, idx, paths):
        rtype = graph.attrs[ref].get("resource_type", "")
        if rtype == "aws_subnet":
            tiers |= {instance_tier(i, tier_tag)[0] for i in named_instances(graph, ref, labels)}
        elif rtype.endswith("subnet_group"):
            tiers |= subnet_tiers(graph, ref, ("subnet_ids",), tier_tag)
    return tiers - {None}


def _compute(graph, tier_tag: str) -> dict[int, str]:
    launched: dict[int, set[str]] = {}   # template/configuration -> tiers of its launchers
    for rtype, (template_paths, subnet_paths) in LAUNCHERS.items():
        for idx in graph.resources(rtype):
            tiers = subnet_tiers(graph, idx, subnet_paths, tier_tag)
            for t, _ in _refs(graph, idx, template_paths):
                launched.setdefault(t, set()).update(tiers)
    per_sg: dict[int, set[str]] = {}
    for rtype, (sg_paths, subnet_paths) in SG_USERS.items():
        for idx in graph.resources(rtype):
            groups = [g for g, _ in _refs(graph, idx, sg_paths)
                      if graph.attrs[g].get("resource_type") == "aws_security_group"]
            if not groups:
                continue
            tiers = subnet_tiers(graph, idx, subnet_paths, tier_tag) | launched.get(idx, set())
            for g in groups:
                per_sg.setdefault(g, set()).update(tiers)
    return {g: most_restrictive(t) for g, t in per_sg.items() if most_restrictive(t)}
