"""ZT_PL_004: an interface endpoint without private DNS (judged per instance)."""
from zt_rules.tf import instances, values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import INTERFACE, endpoint_type


class InterfacePrivateDns(ZtResourceCheck):
    rule_id = "ZT_PL_004"

    def evaluate(self, ctx):
        for inst in instances.of(ctx):
            kind = endpoint_type(inst)
            if kind is None:
                text = str(inst.get("vpc_endpoint_type"))
                yield inst.hit(ctx, f"cannot tell the endpoint type: {text} is not known statically", unknown=text)
                continue
            if kind != INTERFACE:
                continue
            raw = inst.get("private_dns_enabled")
            flag = values.as_bool(raw)
            if flag is None and raw is not None:
                yield inst.hit(ctx, f"cannot decide private_dns_enabled: {raw} is not known statically",
                               unknown=str(raw))
            elif not flag:
                yield inst.hit(ctx, "private DNS is off: the service's public name still resolves to public "
                                    "addresses, so SDK calls bypass the endpoint")


check = InterfacePrivateDns()
