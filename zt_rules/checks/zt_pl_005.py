"""ZT_PL_005: an endpoint without a policy, or with one open to everyone on everything."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import GATEWAY, INTERFACE, endpoint_services, endpoint_type, judge


class EndpointPolicy(ZtResourceCheck):
    rule_id = "ZT_PL_005"

    def evaluate(self, ctx):
        kind = endpoint_type(ctx.conf)
        if kind is None:
            text = str(ctx.get("vpc_endpoint_type"))
            yield ctx.hit(f"cannot tell the endpoint type: {text} is not known statically", unknown=text)
            return
        if kind not in (INTERFACE, GATEWAY):
            return
        labels = None   # instances whose policy is judged (None: the whole resource)
        if kind == INTERFACE:
            labels = set()
            for inst in endpoint_services(ctx.graph, ctx.vertex, ctx.conf):
                if inst.service is None:
                    yield ctx.hit(f"cannot tell the endpoint's service{_of(inst.label)}: {inst.text} is not "
                                  "known statically", key=f"service_name{inst.label}", unknown=inst.text)
                elif inst.service in ctx.config.endpoint_policy_services:
                    labels.add(inst.label)
            if not labels:
                return
        docs, origin = _documents(ctx)
        docs = [d for d in docs if labels is None or d.instance in labels or not d.instance]
        if not docs:
            yield ctx.hit("no endpoint policy: AWS applies its default policy, which lets any principal "
                          "use the endpoint on any resource (any bucket or table, also an attacker's)")
        for doc in docs:
            if doc.doc is None or doc.unknown:
                what = doc.unknown or (doc.error.message if doc.error else doc.argument)
                yield ctx.hit(f"cannot read the endpoint policy{origin}{_of(doc.instance)}: {what} is not known "
                              "statically", key=doc.argument, unknown=str(what)[:200])
                continue
            found, unknown = judge(doc.doc.raw)
            line = (lambda i: doc.tf_line(doc.doc.statements[i].line)) if not origin else (lambda i: None)
            for st in found:
                yield ctx.hit(f"endpoint policy{origin}{_of(doc.instance)} {st.why}: the endpoint lets anyone "
                              "reach any resource of the service", key=doc.instance + st.label, line=line(st.index))
            for st in unknown:
                yield ctx.hit(f"cannot decide whether {st.label} of the endpoint policy{origin}{_of(doc.instance)} "
                              f"is open: {st.why} is not known statically", key=doc.instance + st.label,
                              unknown=st.why, line=line(st.index))


def _of(label: str) -> str:
    return f" of instance {label}" if label else ""


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
