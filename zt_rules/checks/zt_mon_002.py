"""ZT_MON_002: an enabled detector without S3, EKS audit-log or malware protection."""
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.stack import dig, is_true
from zt_rules.tf.values import is_unresolved

# feature name -> (what it protects, path in the deprecated datasources block)
REQUIRED = {
    "S3_DATA_EVENTS": ("S3 protection", ("s3_logs", "enable")),
    "EKS_AUDIT_LOGS": ("EKS audit-log monitoring", ("kubernetes", "audit_logs", "enable")),
    "EBS_MALWARE_PROTECTION": ("malware protection",
                               ("malware_protection", "scan_ec2_instance_with_findings", "ebs_volumes", "enable")),
}


class DetectorProtections(ZtResourceCheck):
    rule_id = "ZT_MON_002"

    def evaluate(self, ctx):
        enable = ctx.get("enable")
        if not is_true(enable, True) or is_unresolved(enable):
            return  # off: MON_001's; unresolved: MON_001 says so
        enabled = {name for name, (_, path) in REQUIRED.items()
                   if is_true(dig(ctx.conf.get("datasources"), *path), False)}
        enabled |= self._features(ctx)
        missing = [REQUIRED[n][0] + f" ({n})" for n in REQUIRED if n not in enabled]
        if missing:
            yield ctx.hit(f"this detector runs without {', '.join(missing)}: GuardDuty does not look at "
                          "those data sources", key="features")

    @staticmethod
    def _features(ctx) -> set[str]:
        """Names of ENABLED aws_guardduty_detector_feature of this detector."""
        graph, me = ctx.graph, ctx.vertex
        if me is None:
            return set()
        names = set()
        for i in graph.resources("aws_guardduty_detector_feature", near=me):
            attrs = graph.attrs[i]
            found, _ = graph.resolve(i, "detector_id", attrs.get("detector_id"))
            if me in found and attrs.get("status") == "ENABLED":
                names.add(attrs.get("name"))
        return names


check = DetectorProtections()
