"""ZT_PL_002: a gateway endpoint missing from the route tables of private subnets."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import GATEWAY, typed_instances
from zt_rules.tf.routes import endpoint_tables, tables_of_subnet
from zt_rules.tf.tiers import tag_tier

_PRIVATE = ("app", "data", "mgmt")


class GatewayEndpointCoverage(ZtResourceCheck):
    rule_id = "ZT_PL_002"

    def evaluate(self, ctx):
        for inst, found in typed_instances(ctx, (GATEWAY,)):
            if inst is None:
                yield found
            else:
                yield from self._instance(ctx, inst)

    def _instance(self, ctx, inst):
        g, me = ctx.graph, inst.vertex
        vpc = inst.resolve("vpc_id") if me is not None else None
        if vpc is None or not vpc.found:
            text = str(inst.get("vpc_id"))
            yield inst.hit(ctx, f"cannot tell the endpoint's VPC: {text} is not known statically", unknown=text)
            return
        have, open_ = endpoint_tables(g, me, inst)
        missing: dict = {}
        for subnet in g.in_root("aws_subnet", me):
            if tag_tier(g.conf(subnet), ctx.config.tier_tag) not in _PRIVATE or \
                    vpc.found[0] not in g.resolve_attr(subnet, "vpc_id").found:
                continue
            tables, unknown = tables_of_subnet(g, subnet)
            for text in unknown:
                yield inst.hit(ctx, f"cannot tell the route table of {g.address(subnet)}: {text}",
                               key=g.address(subnet), unknown=text)
            for table in tables:
                if table.key not in have:
                    missing.setdefault(table.key, (table, []))[1].append(g.address(subnet))
        for table, subnets in missing.values():
            name = table.name(g)
            if open_:
                yield inst.hit(ctx, f"cannot tell whether the endpoint is associated with {name}: "
                                    f"{'; '.join(open_)}", key=name, unknown="; ".join(open_))
            else:
                yield inst.hit(ctx, f"{name} (used by {', '.join(subnets)}) has no route to this endpoint: "
                                    "their traffic to the service leaves through NAT or not at all", key=name)


check = GatewayEndpointCoverage()
