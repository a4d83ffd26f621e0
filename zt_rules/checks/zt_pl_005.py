"""ZT_PL_005: an endpoint without a policy, or with one open to everyone on everything."""
import re

from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import GATEWAY, INTERFACE, decode, endpoint_type, judge, service_of


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
        raw, origin = _policy(ctx)
        if raw in (None, ""):
            yield ctx.hit("no endpoint policy: AWS applies its default policy, which lets any principal "
                          "use the endpoint on any resource (any bucket or table, also an attacker's)")
            return
        policy = decode(raw)
        if policy is None:
            yield ctx.hit(f"cannot read the endpoint policy{origin}: {str(raw)[:120]} is not decoded statically",
                          unknown=str(raw)[:200])
            return
        found, unknown = judge(policy)
        lines = _effect_lines(ctx) if not origin else []
        for st in found:
            yield ctx.hit(f"endpoint policy{origin} {st.why}: the endpoint lets anyone reach any resource "
                          "of the service", key=st.label, line=_at(lines, st.index))
        for st in unknown:
            yield ctx.hit(f"cannot decide whether {st.label} of the endpoint policy{origin} is open: "
                          f"{st.why} is not known statically", key=st.label, unknown=st.why,
                          line=_at(lines, st.index))


def _policy(ctx):
    """The inline policy, else one from an `aws_vpc_endpoint_policy` (and its name)."""
    raw = ctx.get("policy")
    if raw not in (None, "") or ctx.vertex is None:
        return raw, ""
    g = ctx.graph
    for idx, _ in g.links("aws_vpc_endpoint_policy", "vpc_endpoint_id").get(ctx.vertex, []):
        return values.first(g.conf(idx), "policy"), f" ({g.address(idx)})"
    return None, ""


def _effect_lines(ctx) -> list[int]:
    """Lines of `Effect` keys within the resource: one per statement, in order."""
    lines = ctx.source_lines()
    rx = re.compile(r'\bEffect"?\s*[=:]')
    return [n for n in range(ctx.start, min(ctx.end, len(lines)) + 1) if rx.search(lines[n - 1])]


def _at(lines, index):
    return lines[index] if index < len(lines) else None


check = EndpointPolicy()
