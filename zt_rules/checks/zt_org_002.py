"""ZT_ORG_002: no attached SCP that stops anyone but the pipeline and break-glass
from disabling the security services."""
from zt_rules.iam.logic import arn_covered, covers_action, on_all_resources, principal_scope
from zt_rules.tf.stack import AccountCheck, attached_scps, join, register

PROTECTED = ("guardduty:DeleteDetector", "guardduty:UpdateDetector", "securityhub:DisableSecurityHub",
             "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "ec2:DeleteFlowLogs",
             "config:StopConfigurationRecorder")


class SecurityServicesScp(AccountCheck):
    rule_id = "ZT_ORG_002"

    def account_hits(self, stack):
        docs, unreadable = attached_scps(stack)
        allowed = stack.config.iac_principals + stack.config.break_glass_principals
        missing = [a for a in PROTECTED
                   if not any(self._denies(st, a, allowed) for _, doc in docs for st in doc.statements)]
        if not missing:
            return
        if unreadable:
            names = join(stack.address(i) for i in unreadable)
            yield None, self.hit(f"cannot read the content of attached SCP {names}",
                                 unknown=f"content of {names}", key="scp")
            return
        yield None, self.hit(f"no attached SCP denies {join(missing)} to everyone but iac_principals and "
                             "break_glass_principals: a compromised admin can switch off detection and "
                             "logging before acting", key="scp")

    @staticmethod
    def _denies(st, action, allowed) -> bool:
        if not (st.deny and covers_action(st, action) and on_all_resources(st)):
            return False
        scope = principal_scope(st)
        if scope is None or scope[0] is not None:
            return False
        return all(arn_covered(allowed, e) for e in scope[1])


check = register(SecurityServicesScp())
