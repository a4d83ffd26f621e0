"""ZT_MON_007: detector configured through the deprecated `datasources` block."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.source import block_lines


class DeprecatedDatasources(ZtResourceCheck):
    rule_id = "ZT_MON_007"

    def evaluate(self, ctx):
        if ctx.conf.get("datasources") is None:
            return
        lines = block_lines(ctx.source_lines(), ctx.start, ctx.end, "datasources")
        yield ctx.hit("GuardDuty protections are set through the deprecated `datasources` block, which "
                      "cannot enable newer protections: use aws_guardduty_detector_feature resources",
                      line=lines[0] if lines else None, key="datasources")


check = DeprecatedDatasources()
