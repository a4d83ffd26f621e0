"""ZT_PL_005: an endpoint without a policy, or with one open to everyone on everything."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import GATEWAY, INTERFACE, endpoint_type, judge, service_of


class EndpointPolicy(ZtResourceCheck):
    rule_id = "ZT_PL_005"

    def evaluate(self, ctx):
        kind = endpoint_type(ctx.conf)
        if kind is None:
            text = str(ctx.get("vpc_endpoint_type"))
            yield ctx.hit(f"cannot tell the endpoint type: {text} is not known statically", unknown=text)
            return
        if kind == INTERFACE:
            service = service_of(ctx.conf)
            if service is None:
                text = str(ctx.get("service_name"))
                yield ctx.hit(f"cannot tell the endpoint's service: {text} is not known statically", unknown=text)
                return
            if service not in ctx.config.endpoint_policy_services:
                return
        elif kind != GATEWAY:
            return
        docs, origin = _documents(ctx)
        if not docs:
            yield ctx.hit("no endpoint policy: AWS applies its default policy, which lets any principal "
                          "use the endpoint on any resource (any bucket or table, also an attacker's)")
        for doc in docs:
            if doc.doc is None or doc.unknown:
                what = doc.unknown or (doc.error.message if doc.error else doc.argument)
                yield ctx.hit(f"cannot read the endpoint policy{origin}: {what} is not known statically",
                              key=doc.argument, unknown=str(what)[:200])
                continue
            found, unknown = judge(doc.doc.raw)
            line = (lambda i: doc.tf_line(doc.doc.statements[i].line)) if not origin else (lambda i: None)
            for st in found:
                yield ctx.hit(f"endpoint policy{origin} {st.why}: the endpoint lets anyone reach any resource "
                              "of the service", key=st.label, line=line(st.index))
            for st in unknown:
                yield ctx.hit(f"cannot decide whether {st.label} of the endpoint policy{origin} is open: "
                              f"{st.why} is not known statically", key=st.label, unknown=st.why,
                              line=line(st.index))


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
