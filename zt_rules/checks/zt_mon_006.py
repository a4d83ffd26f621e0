"""ZT_MON_006: no CloudTrail trail that is multi-region, validated and KMS-encrypted."""
from zt_rules.tf.stack import AccountCheck, is_true, register


class CloudTrail(AccountCheck):
    rule_id = "ZT_MON_006"

    def account_hits(self, stack):
        trails = stack.resources("aws_cloudtrail")
        if not trails:
            yield None, self.hit("no CloudTrail trail: API activity is kept only 90 days in the event "
                                 "history and is not protected from tampering", key="cloudtrail")
            return
        gaps = {i: self._gaps(stack.attrs(i)) for i in trails}
        if all(gaps.values()):
            detail = "; ".join(f"{stack.address(i)}: {', '.join(g)}" for i, g in gaps.items())
            yield None, self.hit("no CloudTrail trail is multi-region with log file validation and a KMS key "
                                 f"({detail}): activity in other regions or tampering with the logs can go "
                                 "unnoticed", key="cloudtrail")

    @staticmethod
    def _gaps(attrs) -> list[str]:
        gaps = []
        if not is_true(attrs.get("enable_logging"), True):
            gaps.append("enable_logging = false")
        if not is_true(attrs.get("is_multi_region_trail"), False):
            gaps.append("not multi-region")
        if not is_true(attrs.get("enable_log_file_validation"), False):
            gaps.append("no log file validation")
        if not attrs.get("kms_key_id"):
            gaps.append("no kms_key_id")
        return gaps


check = register(CloudTrail())
