"""ZT_NET_003: a data-tier subnet routed anywhere beyond the VPC (per instance)."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.routes import GATEWAY_ENDPOINT, LOCAL, UNKNOWN, tiered_subnet_hits


class DataSubnetRoutes(ZtResourceCheck):
    rule_id = "ZT_NET_003"

    def evaluate(self, ctx):
        yield from tiered_subnet_hits(ctx, ("data",), lambda r: r.kind not in (LOCAL, GATEWAY_ENDPOINT, UNKNOWN),
                                      "{tier}-tier subnet leaves the VPC", "a data-tier")


check = DataSubnetRoutes()
