"""ZT_PL_006: an interface endpoint without security groups, or open beyond 443 (per instance)."""
from zt_rules.tf.base import Context, ZtResourceCheck
from zt_rules.tf.endpoint_policy import INTERFACE, typed_instances
from zt_rules.tf.sg import rules_of

_SG_TYPES = ("aws_security_group", "aws_default_security_group")
_RULE_TYPES = ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule")


class EndpointSecurityGroups(ZtResourceCheck):
    rule_id = "ZT_PL_006"

    def evaluate(self, ctx):
        for inst, found in typed_instances(ctx, (INTERFACE,)):
            if inst is None:
                yield found
            else:
                yield from self._instance(ctx, inst)

    def _instance(self, ctx, inst):
        if inst.vertex is None:
            yield inst.hit(ctx, f"cannot follow the security groups of {ctx.address}", unknown=ctx.address)
            return
        groups, unknown = _groups(ctx.graph, inst)
        if not groups and not unknown:
            yield inst.hit(ctx, "no security group: AWS attaches the VPC's default security group to the endpoint")
        for text in unknown:
            yield inst.hit(ctx, f"cannot check the endpoint's security group {text}: not in the scanned set "
                                "or not known statically", key=text, unknown=text)
        for sg in groups:
            for where, rule in _ingress(ctx, sg):
                open_ = [u for u in rule.unknown if u.startswith(("protocol", "from_port", "to_port"))]
                if open_:
                    yield inst.hit(ctx, f"cannot tell the ports {where} opens: {', '.join(open_)}",
                                   key=where, unknown=", ".join(open_))
                elif not (rule.protocol != "all" and rule.from_port == rule.to_port == 443):
                    yield inst.hit(ctx, f"{where} allows ingress on {rule.ports_text()}: an endpoint only "
                                        "needs HTTPS (443)", key=where)


def _groups(g, inst):
    """The security groups of one instance of the endpoint: its `security_group_ids`
    and the associations that name it (or the endpoint as a whole)."""
    me = inst.vertex
    r = inst.resolve("security_group_ids")
    found, unknown = list(r.found), r.missing + r.literals
    for a, binding in g.links("aws_vpc_endpoint_security_group_association", "vpc_endpoint_id").get(me, []):
        if not _names_instance(g.resolve_attr(a, "vpc_endpoint_id", binding), me, inst):
            continue
        more = g.resolve_attr(a, "security_group_id", binding)
        found += [i for i in more.found if i not in found]
        unknown += more.missing + more.literals
    return [i for i in found if g.type_of(i) in _SG_TYPES], unknown


def _names_instance(resolved, me, inst) -> bool:
    """An association's `vpc_endpoint_id` names this instance (or the whole endpoint)."""
    named = resolved.instances.get(me, {None})
    return not inst.label or None in named or inst.label in named


def _view(ctx, idx, as_type=None):
    """Another vertex seen as a check context, for zt_rules.tf.sg.rules_of."""
    g = ctx.graph
    return Context(ctx.check, g.conf(idx), g.attrs[idx].get("file_path_", ""), as_type or g.type_of(idx))


def _ingress(ctx, sg):
    """(where, SgRule) for every ingress rule of a security group."""
    g = ctx.graph
    name = g.address(sg)
    for rule in rules_of(_view(ctx, sg, "aws_security_group")):
        if rule.direction == "ingress":
            yield f"{name} {rule.key}", rule
    for rtype in _RULE_TYPES:
        for idx, _ in g.links(rtype, "security_group_id").get(sg, []):
            for rule in rules_of(_view(ctx, idx)):
                if rule.direction == "ingress":
                    yield g.address(idx), rule


check = EndpointSecurityGroups()
