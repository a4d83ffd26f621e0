"""ZT_PL_002: a gateway endpoint missing from the route tables of private subnets."""
from zt_rules.tf import instances, values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import GATEWAY, typed_instances
from zt_rules.tf.routes import endpoint_tables, tables_of_subnet
from zt_rules.tf.tiers import instance_tier

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
        missing: dict = {}   # table key -> (table, subnets, unsure tier tags)
        for subnet in g.in_root("aws_subnet", me):
            if vpc.found[0] not in g.resolve_attr(subnet, "vpc_id").found:
                continue
            for sub in instances.at(g, subnet):
                tier, raw = instance_tier(sub, ctx.config.tier_tag)
                unsure = str(raw) if values.is_unresolved(raw) else None
                if tier not in _PRIVATE and not unsure:
                    continue
                name = sub.address or g.address(subnet)
                tables, unknown = tables_of_subnet(g, subnet, sub.label)
                for text in unknown if not unsure else ():
                    yield inst.hit(ctx, f"cannot tell the route table of {name}: {text}", key=name, unknown=text)
                for table in tables:
                    if table.key not in have:
                        entry = missing.setdefault(table.key, (table, [], []))
                        entry[2 if unsure else 1].append(f"{name}: {unsure}" if unsure else name)
        for table, subnets, unsure in missing.values():
            name = table.name(g)
            if open_:
                yield inst.hit(ctx, f"cannot tell whether the endpoint is associated with {name}: "
                                    f"{'; '.join(open_)}", key=name, unknown="; ".join(open_))
            elif subnets:
                yield inst.hit(ctx, f"{name} (used by {', '.join(subnets)}) has no route to this endpoint: "
                                    "their traffic to the service leaves through NAT or not at all", key=name)
            else:
                text = "; ".join(unsure)
                yield inst.hit(ctx, f"{name} has no route to this endpoint, and the tier of the subnets using "
                                    f"it is not known statically ({text})", key=name, unknown=text)


check = GatewayEndpointCoverage()
