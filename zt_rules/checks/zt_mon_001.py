"""ZT_MON_001: no enabled GuardDuty detector in the stack."""
from zt_rules.tf.stack import AccountCheck, detectors, guardduty_absent, join, register


class NoGuardDuty(AccountCheck):
    rule_id = "ZT_MON_001"

    def account_hits(self, stack):
        on, off, unknown = detectors(stack)
        if unknown and not on:
            names = join(stack.address(i) for i in unknown)
            yield None, self.hit(f"cannot tell whether GuardDuty is enabled: `enable` of {names} is not resolved",
                                 unknown=f"enable of {names}", key="guardduty")
        elif guardduty_absent(stack):
            why = (f"{join(stack.address(i) for i in off)} has enable = false" if off
                   else "no aws_guardduty_detector")
            yield None, self.hit(f"GuardDuty is off ({why}): nothing watches this account for "
                                 "compromised instances, credentials or buckets", key="guardduty")


check = register(NoGuardDuty())
