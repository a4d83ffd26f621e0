"""ZT_MON_004: Security Hub not enabled in every region, or with no standard."""
from zt_rules.tf.stack import AccountCheck, dig, is_true, join, region_label, register


class SecurityHub(AccountCheck):
    rule_id = "ZT_MON_004"

    def account_hits(self, stack):
        accounts = stack.resources("aws_securityhub_account")
        subscriptions = stack.resources("aws_securityhub_standards_subscription")
        central = self._central_policies(stack)
        for region in stack.target_regions():
            if central:
                continue  # the organization's configuration policy enables it with standards
            here, unknown = stack.in_region(accounts, region)
            where = region_label(region)
            if not here:
                if unknown:
                    names = join(stack.address(i) for i in unknown)
                    yield region, self.hit(f"cannot tell whether Security Hub is enabled in {where}: the "
                                           f"region of {names} is not resolved",
                                           unknown=f"region of {names}", key=region or "")
                else:
                    yield region, self.hit(f"Security Hub is not enabled in {where}: findings from that "
                                           "region are not collected or checked", key=region or "")
                continue
            defaults = [i for i in here if is_true(stack.attrs(i).get("enable_default_standards"), True)]
            subs, unsure = stack.in_region(subscriptions, region)
            if not (defaults or subs or unsure):
                yield region, self.hit(f"Security Hub in {where} has no standard enabled "
                                       f"({join(stack.address(i) for i in here)} sets enable_default_standards "
                                       "= false and nothing subscribes): it runs no security checks",
                                       key=f"{region or ''}:standards")

    @staticmethod
    def _central_policies(stack) -> list[int]:
        """Organization central configuration policies that enable Security Hub with standards."""
        return [i for i in stack.resources("aws_securityhub_configuration_policy")
                if is_true(dig(stack.attrs(i), "configuration_policy", "service_enabled"), False)
                and dig(stack.attrs(i), "configuration_policy", "enabled_standard_arns")]


check = register(SecurityHub())
