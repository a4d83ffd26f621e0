"""ZT_PL_005: an endpoint without a policy, or with one open to everyone on everything (per instance)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import GATEWAY, INTERFACE, instance_service, judge, typed_instances


class EndpointPolicy(ZtResourceCheck):
    rule_id = "ZT_PL_005"

    def evaluate(self, ctx):
        docs, origin = None, ""
        for inst, kind in typed_instances(ctx, (INTERFACE, GATEWAY)):
            if inst is None:
                yield kind  # the notice for an unknown type
                continue
            if kind == INTERFACE:
                svc = instance_service(inst)
                if svc.service is None:
                    yield inst.hit(ctx, f"cannot tell the endpoint's service: {svc.text} is not known statically",
                                   key="service_name", unknown=svc.text)
                    continue
                if svc.service not in ctx.config.endpoint_policy_services:
                    continue
            if docs is None:
                docs, origin = _documents(ctx)
            yield from _judge(ctx, inst, [d for d in docs if not d.instance or d.instance == inst.label or inst.unknown], origin)


def _judge(ctx, inst, docs, origin):
    """The hits for the policy documents of one instance of the endpoint."""
    if not docs:
        yield inst.hit(ctx, "no endpoint policy: AWS applies its default policy, which lets any principal "
                            "use the endpoint on any resource (any bucket or table, also an attacker's)")
    for doc in docs:
        if doc.doc is None or doc.unknown:
            what = doc.unknown or (doc.error.message if doc.error else doc.argument)
            yield inst.hit(ctx, f"cannot read the endpoint policy{origin}: {what} is not known statically",
                           key=_plain_key(doc.argument, inst), unknown=str(what)[:200])
            continue
        found, unknown = judge(doc.doc.raw)
        line = (lambda i: doc.tf_line(doc.doc.statements[i].line)) if not origin else (lambda i: None)
        for st in found:
            yield inst.hit(ctx, f"endpoint policy{origin} {st.why}: the endpoint lets anyone "
                                "reach any resource of the service", key=st.label, line=line(st.index))
        for st in unknown:
            yield inst.hit(ctx, f"cannot decide whether {st.label} of the endpoint policy{origin} "
                                f"is open: {st.why} is not known statically", key=st.label,
                           unknown=st.why, line=line(st.index))


def _plain_key(argument: str, inst) -> str:
    """`policy["ssm"]` -> `policy` when the hit already names the instance."""
    return argument[:-len(inst.label)] if inst.label and argument.endswith(inst.label) else argument


def _documents(ctx):
    """The endpoint's policy documents, else those of its `aws_vpc_endpoint_policy` (and its name)."""
    from zt_rules.tf.policies import block_at, documents_at, documents_of
    docs = documents_of(ctx)
    if docs or ctx.vertex is None:
        return docs, ""
    g = ctx.graph
    for idx, _ in g.links("aws_vpc_endpoint_policy", "vpc_endpoint_id").get(ctx.vertex, []):
        return documents_at(g, block_at(g, idx), g.conf(idx), ctx.config), f" ({g.address(idx)})"
    return [], ""


check = EndpointPolicy()
