"""Subnet -> route table -> routes, and gateway endpoint -> route tables.

A subnet's table is its explicit `aws_route_table_association`, else its VPC's
main table (`aws_main_route_table_association`, else `aws_default_route_table`,
else the table AWS made, which Terraform does not manage: local route only).
Routes are inline `route {}` blocks, `aws_route`, `propagating_vgws` and
`aws_vpn_gateway_route_propagation`. References are resolved with `TfGraph`
(from the raw HCL, module instance by module instance; never Checkov's edges);
what stays open is returned as unknown text for the rule to report as a notice.
"""
from __future__ import annotations

from dataclasses import dataclass

from zt_rules.tf import values
from zt_rules.tf.graph import TfGraph, binding_text, parse_refs

LOCAL = "local"
GATEWAY_ENDPOINT = "gateway endpoint"
IGW = "internet gateway"
VGW = "VPN gateway"
UNKNOWN = "unknown"

# Route arguments naming a target, and what the target is (gateway_id: see _gateway_kind).
_TARGETS = (("nat_gateway_id", "NAT gateway"), ("egress_only_gateway_id", "egress-only internet gateway"),
            ("transit_gateway_id", "transit gateway"), ("vpc_peering_connection_id", "VPC peering connection"),
            ("network_interface_id", "network interface"), ("instance_id", "instance"),
            ("vpc_endpoint_id", "Gateway Load Balancer endpoint"), ("core_network_arn", "Cloud WAN core network"),
            ("carrier_gateway_id", "carrier gateway"), ("local_gateway_id", "local gateway"),
            ("gateway_id", None))
_GATEWAY_REFS = {"aws_internet_gateway": IGW, "aws_vpn_gateway": VGW,
                 "aws_egress_only_internet_gateway": "egress-only internet gateway",
                 "aws_vpc_endpoint": GATEWAY_ENDPOINT}
_GATEWAY_IDS = (("igw-", IGW), ("vgw-", VGW), ("eigw-", "egress-only internet gateway"))


@dataclass(frozen=True)
class Table:
    vertex: int | None    # None: the VPC's main table that Terraform does not manage
    vpc: int | None
    via: str              # how the subnet gets it

    @property
    def key(self):
        return ("v", self.vertex) if self.vertex is not None else ("main", self.vpc)

    def name(self, g: TfGraph) -> str:
        if self.vertex is not None:
            return g.address(self.vertex)
        return f"the main route table of {g.address(self.vpc)}"


@dataclass(frozen=True)
class Route:
    kind: str      # LOCAL, IGW, "NAT gateway", ..., UNKNOWN
    target: str    # the target's expression
    where: str     # the declaring address (and inline block)


def _blocks(conf: dict, name: str) -> list[dict]:
    return [b for b in values.as_list(conf.get(name)) if isinstance(b, dict)]


def _sub(text: str, binding: dict | None) -> str:
    for name, value in (binding or {}).items():
        text = text.replace(name, binding_text(value))
    return text


def _gateway_kind(text: str) -> str:
    if text.strip().lower() == "local":
        return LOCAL
    for ref in parse_refs(text):
        if ref.type in _GATEWAY_REFS:
            return _GATEWAY_REFS[ref.type]
    for prefix, kind in _GATEWAY_IDS:
        if text.startswith(prefix):
            return kind
    return UNKNOWN if values.is_unresolved(text) or parse_refs(text) else "gateway"


def _route(conf: dict, where: str, binding: dict | None = None) -> Route:
    for key, kind in _TARGETS:
        raw = values.first(conf, key)
        if raw in (None, "", []):
            continue
        text = _sub(values.as_str(raw), binding)
        return Route(kind or _gateway_kind(text), f"{key} = {text}", where)
    return Route(UNKNOWN, "no target", where)


def _in_root(g: TfGraph, pairs, near: int) -> list[int]:
    root = g.scan_root(near)
    return [i for i, _ in pairs if g.scan_root(i) == root]


def _missing_text(g: TfGraph, idx: int, attr: str, texts) -> list[str]:
    return [f"{g.address(idx)}: {attr} = {t}" for t in texts]


def default_table(g: TfGraph, vpc: int) -> Table:
    for d, _ in g.links("aws_default_route_table", "default_route_table_id").get(vpc, []):
        return Table(d, vpc, "the VPC's default route table")
    return Table(None, vpc, "the VPC's main route table")


def main_table(g: TfGraph, vpc: int) -> tuple[Table | None, list[str]]:
    for a, binding in g.links("aws_main_route_table_association", "vpc_id").get(vpc, []):
        r = g.resolve_attr(a, "route_table_id", binding)
        if r.found:
            return Table(r.found[0], vpc, g.address(a)), []
        return None, _missing_text(g, a, "route_table_id", r.missing + r.literals)
    return default_table(g, vpc), []


def names_instance(g: TfGraph, referrer: int, attr: str, binding, target: int, label: str) -> bool:
    """Whether `attr` of a referrer names instance `label` (`["data"]`) of `target`,
    or the whole of it; always for `label` "" (the resource itself)."""
    if not label:
        return True
    named = g.resolve_attr(referrer, attr, binding).instances.get(target, {None})
    return None in named or label in named


def tables_of_subnet(g: TfGraph, subnet: int, label: str = "") -> tuple[list[Table], list[str]]:
    """The route tables a subnet (its instance `label`, when Checkov left it
    unexpanded) uses, and what could not be resolved."""
    links = g.links("aws_route_table_association", "subnet_id")
    tables: list[Table] = []
    unknown: list[str] = []
    for assoc, binding in links.get(subnet, []):
        if not names_instance(g, assoc, "subnet_id", binding, subnet, label):
            continue
        r = g.resolve_attr(assoc, "route_table_id", binding)
        tables += [Table(t, None, g.address(assoc)) for t in r.found]
        unknown += _missing_text(g, assoc, "route_table_id", r.missing + r.literals)
    if tables or unknown:
        return tables, unknown
    open_assocs = _in_root(g, links.get(-1, []), subnet)
    if open_assocs:  # an association we cannot place may be this subnet's
        return [], [f"{g.address(a)}: subnet_id = {values.as_str(values.first(g.conf(a), 'subnet_id'))}"
                     for a in open_assocs]
    vpc = g.resolve_attr(subnet, "vpc_id")
    if not vpc.found:
        return [], _missing_text(g, subnet, "vpc_id", vpc.missing + vpc.literals)
    table, unknown = main_table(g, vpc.found[0])
    return ([table] if table else []), unknown


def routes_of(g: TfGraph, table: Table) -> tuple[list[Route], list[str]]:
    """The routes of a table besides the implicit local route, and what could not
    be resolved (an `aws_route` whose table is unknown may belong here)."""
    t = table.vertex
    if t is None:
        return [], []
    conf, name = g.conf(t), g.address(t)
    routes = [_route(block, f"{name} route[{i}]") for i, block in enumerate(_blocks(conf, "route"))]
    routes += [Route(VGW, f"propagating_vgws = {values.as_str(v)}", name)
               for v in values.as_list(conf.get("propagating_vgws"))]
    for r, binding in g.links("aws_route", "route_table_id").get(t, []):
        routes.append(_route(g.conf(r), g.address(r), binding))
    for p, binding in g.links("aws_vpn_gateway_route_propagation", "route_table_id").get(t, []):
        gw = values.as_str(values.first(g.conf(p), "vpn_gateway_id"))
        routes.append(Route(VGW, f"vpn_gateway_id = {_sub(gw or '?', binding)}", g.address(p)))
    unknown = []
    for rtype in ("aws_route", "aws_vpn_gateway_route_propagation"):
        for r in _in_root(g, g.links(rtype, "route_table_id").get(-1, []), t):
            unknown.append(f"{g.address(r)}: route_table_id = "
                           f"{values.as_str(values.first(g.conf(r), 'route_table_id'))}")
    return routes, unknown


def _table_keys(g: TfGraph, origin: int, label: str, binding=None) -> tuple[set, list[str]]:
    """Table keys an endpoint argument names (`aws_vpc.x.main_route_table_id` too)."""
    keys = set()
    r = g.resolve_attr(origin, label, binding)
    for v in r.found:
        if g.type_of(v) != "aws_vpc":
            keys.add(("v", v))
            continue
        table = main_table(g, v)[0] if "main_route_table_id" in r.attrs.get(v, ()) else default_table(g, v)
        if table:
            keys.add(table.key)
    return keys, r.missing + r.literals


def endpoint_tables(g: TfGraph, endpoint: int, inst=None) -> tuple[set, list[str]]:
    """Keys of the route tables a gateway endpoint is associated with, and unknowns.
    With `inst` (an `instances.Instance` of the endpoint): that instance's
    `route_table_ids`, and the associations that name it or the whole endpoint."""
    binding = (inst.env or None) if inst is not None else None
    keys, unknown = _table_keys(g, endpoint, "route_table_ids", binding)
    unknown = _missing_text(g, endpoint, "route_table_ids", unknown)
    links = g.links("aws_vpc_endpoint_route_table_association", "vpc_endpoint_id")
    for a, b in links.get(endpoint, []):
        if inst is not None and not names_instance(g, a, "vpc_endpoint_id", b, endpoint, inst.label):
            continue
        more, open_ = _table_keys(g, a, "route_table_id", b)
        keys |= more
        unknown += _missing_text(g, a, "route_table_id", open_)
    for a in _in_root(g, links.get(-1, []), endpoint):
        unknown.append(f"{g.address(a)}: vpc_endpoint_id = "
                       f"{values.as_str(values.first(g.conf(a), 'vpc_endpoint_id'))}")
    return keys, unknown


def subnet_routes(g: TfGraph, subnet: int, label: str = "") -> tuple[list[tuple[Table, Route]], list[str]]:
    """Every (table, route) a subnet's traffic can take, and what stayed unknown."""
    tables, unknown = tables_of_subnet(g, subnet, label)
    pairs = []
    for table in tables:
        routes, more = routes_of(g, table)
        pairs += [(table, r) for r in routes]
        unknown += more
    return pairs, unknown


def subnet_route_hits(ctx, inst, fires, what: str, unsure_tier: str | None = None, tiers: str = ""):
    """Hits for a subnet rule on one `instances.Instance`: a finding per route for
    which `fires(route)`, a notice per route or table that cannot be decided.
    With `unsure_tier` (the subnet's tag, not known statically) the routes that
    would fire are notices (the rule is about `tiers` subnets), and nothing else is said."""
    g, me = ctx.graph, inst.vertex
    if me is None:
        yield inst.hit(ctx, f"cannot follow the routes of {ctx.address}", unknown=ctx.address)
        return
    pairs, unknown = subnet_routes(g, me, inst.label)
    for table, route in pairs:
        where = f"{table.name(g)} (via {table.via})"
        key = f"{route.where} {route.target}"
        if fires(route):
            article = "an" if route.kind[0] in "aeiouAEIOU" else "a"
            message = (f"{what}: {where} sends traffic to {article} {route.kind} ({route.target}, "
                       f"in {route.where})")
            if unsure_tier is None:
                yield inst.hit(ctx, message, key=key)
            else:
                yield inst.hit(ctx, f"{message}, if it is {tiers} subnet: its tier tag {unsure_tier} "
                                    "is not known statically",
                               key=key, unknown=unsure_tier)
        elif route.kind == UNKNOWN and unsure_tier is None:
            yield inst.hit(ctx, f"cannot tell where {where} routes: {route.target} ({route.where})",
                           key=key, unknown=route.target)
    for text in unknown if unsure_tier is None else ():
        yield inst.hit(ctx, f"cannot tell which routes apply: {text} is not known statically",
                       key=text, unknown=text)


def tiered_subnet_hits(ctx, tiers: tuple[str, ...], fires, what: str, unsure_words: str):
    """`subnet_route_hits` for each instance of a subnet whose tier is one of `tiers`;
    an instance whose tier tag is not known statically gets notices. `what` is
    formatted with the tier (`{tier}`; the tiers joined by "/" when it is unknown)."""
    from zt_rules.tf import instances
    from zt_rules.tf.tiers import instance_tier
    for inst in instances.of(ctx):
        tier, raw = instance_tier(inst, ctx.config.tier_tag)
        unsure = str(raw) if values.is_unresolved(raw) else None
        if tier in tiers or unsure:
            yield from subnet_route_hits(ctx, inst, fires, what.format(tier=tier or "/".join(tiers)), unsure, unsure_words)
