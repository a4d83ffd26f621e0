"""ZT_PL_004: an interface endpoint without private DNS (judged per instance)."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import INTERFACE, typed_instances


class InterfacePrivateDns(ZtResourceCheck):
    rule_id = "ZT_PL_004"

    def evaluate(self, ctx):
        for inst, found in typed_instances(ctx, (INTERFACE,)):
            if inst is None:
                yield found
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
