"""ZT_PL_004: an interface endpoint without private DNS."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.endpoint_policy import INTERFACE, endpoint_type


class InterfacePrivateDns(ZtResourceCheck):
    rule_id = "ZT_PL_004"

    def evaluate(self, ctx):
        kind = endpoint_type(ctx.conf)
        if kind is None:
            text = str(ctx.get("vpc_endpoint_type"))
            yield ctx.hit(f"cannot tell the endpoint type: {text} is not known statically", unknown=text)
            return
        if kind != INTERFACE:
            return
        raw = ctx.get("private_dns_enabled")
        flag = values.as_bool(raw)
        if flag is None and raw is not None:
            yield ctx.hit(f"cannot decide private_dns_enabled: {raw} is not known statically", unknown=str(raw))
        elif not flag:
            yield ctx.hit("private DNS is off: the service's public name still resolves to public "
                          "addresses, so SDK calls bypass the endpoint")


check = InterfacePrivateDns()
