"""ZT_MON_003: GuardDuty not in every region of `regions` (or `regions` unset)."""
from zt_rules.tf.stack import AccountCheck, detectors, guardduty_absent, join, org_autoenable_all, register


class GuardDutyRegions(AccountCheck):
    rule_id = "ZT_MON_003"

    def account_hits(self, stack):
        if guardduty_absent(stack):
            return  # MON_001's finding
        if not stack.config.regions:
            yield None, self.hit("`regions` is not configured, so GuardDuty's coverage of every region "
                                 "cannot be checked: list the account's regions in .zt-lint.yaml", key="regions")
            return
        on, _, unknown_enable = detectors(stack)
        covering = on + org_autoenable_all(stack)
        for region in stack.config.regions:
            known, unknown = stack.in_region(covering, region)
            if known:
                continue
            unsure = unknown + stack.in_region(unknown_enable, region)[0]
            if unsure:
                names = join(stack.address(i) for i in unsure)
                yield region, self.hit(f"cannot tell whether GuardDuty runs in {region}: the region or "
                                       f"`enable` of {names} is not resolved",
                                       unknown=f"region of {names}", key=region)
                continue
            yield region, self.hit(f"GuardDuty is not enabled in {region}: an attacker working in that "
                                   "region is not seen", key=region)


check = register(GuardDutyRegions())
