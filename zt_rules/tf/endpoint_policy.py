"""VPC endpoints: their type, their service, and whether their policy is open.

The policy is judged with the IAM model (`zt_rules.iam.model.from_object`,
`logic.restricting_conditions`), so "every principal" and "restricting
condition" mean here what they mean for ZT_IAM_012.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from zt_rules.tf import values

GATEWAY, INTERFACE = "Gateway", "Interface"
# the region part: a name, an interpolation, or "this region" (data.aws_region, RULES.md "Semantics")
_SERVICE = re.compile(r"^(?:com\.amazonaws|aws\.api|aws\.sagemaker)\."
                      r"(?:\$\{[^}]*\}|data\.aws_region\.[\w-]+\.(?:name|region|id)|[a-z0-9-]+)\.(?P<svc>.+)$")


def endpoint_type(conf) -> str | None:
    """`Gateway` (the provider's default), `Interface`, ...; None when unresolved.
    `conf` is Checkov's conf or one `instances.Instance` of the endpoint."""
    from zt_rules.tf.instances import Instance
    raw = conf.get("vpc_endpoint_type", GATEWAY) if isinstance(conf, Instance) \
        else values.first(conf, "vpc_endpoint_type", GATEWAY)
    raw = values.as_str(raw)
    if values.is_unresolved(raw):
        return None
    return next((t for t in ("Gateway", "Interface", "GatewayLoadBalancer", "Resource", "ServiceNetwork")
                 if t.lower() == raw.lower()), raw)


def service_of(conf: dict) -> str | None:
    """`com.amazonaws.eu-west-1.ecr.api` -> `ecr.api`; None when it cannot be read."""
    return service_from(values.as_str(values.first(conf, "service_name")) or "")


def service_from(name: str) -> str | None:
    m = _SERVICE.match(name.strip())
    if not m or values.is_unresolved(m.group("svc")):
        return None
    return m.group("svc")


@dataclass(frozen=True)
class Instance:
    label: str              # `["ssm"]` for an instance of an unexpanded for_each, else ""
    service: str | None     # None: not known statically
    text: str               # the service_name as far as it was resolved


def endpoint_services(graph, idx: int, conf: dict) -> list[Instance]:
    """The service of each instance of an endpoint (`instances.at`)."""
    from zt_rules.tf.instances import at
    return [instance_service(inst) for inst in at(graph, idx, conf)]


def instance_service(inst) -> Instance:
    """The service of one `instances.Instance` of an endpoint: `service_name`
    evaluated from the raw HCL with its each.*, else read from the conf."""
    raw = inst.get("service_name")
    text = values.as_str(raw) if not isinstance(raw, (list, dict)) else str(raw)
    service = service_from(text) if isinstance(raw, str) else None
    return Instance(inst.label, service, str(text))


@dataclass(frozen=True)
class OpenStatement:
    index: int
    label: str      # "Sid:X" or "Statement[i]"
    why: str


def _whole_expr(value) -> bool:
    """An element that is an unrendered expression as a whole (not `arn:...${var.x}`)."""
    return isinstance(value, str) and values.is_unresolved(value) and not value.startswith("arn:")


def judge(policy: dict) -> tuple[list[OpenStatement], list[OpenStatement]]:
    """Allow statements for every principal on every resource with no restricting
    condition (RULES.md "Restricting conditions"), and statements that cannot be
    decided because an expression stayed unrendered. A missing Principal counts
    as every principal, as in the endpoint policy AWS applies by default."""
    from zt_rules.iam.logic import restricting_conditions
    from zt_rules.iam.model import from_object

    found, unknown = [], []
    for st in from_object(policy).statements:
        conds = restricting_conditions(st) if st.allow else [None]
        if not st.allow or any(not any(map(_whole_expr, c.values)) for c in conds):
            continue  # a Deny, or restricted by a known condition
        principals = st.principal.values("AWS") + st.principal.values("?") if st.principal else ()
        opaque = [v for v in (*principals, *st.resources) if _whole_expr(v)]
        opaque += [f"{c.operator} {c.key} = {list(c.values)}" for c in conds]
        everyone = st.principal is None or st.principal.is_public or st.not_principal is not None
        every_resource = "*" in st.resources or bool(st.not_resources) or not st.resources
        if everyone and every_resource and not conds:
            scope = "NotResource" if st.not_resources else 'Resource "*"'
            found.append(OpenStatement(st.index, st.label,
                                       f"{st.label} allows every principal on every resource ({scope}) "
                                       "with no restricting condition"))
        elif opaque and (everyone or any(map(_whole_expr, principals))) \
                and (every_resource or any(map(_whole_expr, st.resources))):
            unknown.append(OpenStatement(st.index, st.label, ", ".join(opaque)))
    return found, unknown


def typed_instances(ctx, kinds):
    """The instances of an endpoint whose type is one of `kinds`, as
    (instance, kind); a notice Hit (yielded as (None, hit)) for each instance
    whose type is not known statically."""
    from zt_rules.tf import instances
    for inst in instances.of(ctx):
        kind = endpoint_type(inst)
        if kind is None:
            text = str(inst.get("vpc_endpoint_type"))
            yield None, inst.hit(ctx, f"cannot tell the endpoint type: {text} is not known statically", unknown=text)
        elif kind in kinds:
            yield inst, kind
