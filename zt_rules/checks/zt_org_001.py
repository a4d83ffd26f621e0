"""ZT_ORG_001: no attached SCP that blocks people's (console) changes."""
from zt_rules.iam.logic import (arn_covered, covers_action, is_full_wildcard, on_all_resources,
                               principal_scope)
from zt_rules.tf.stack import AccountCheck, attached_scps, join, register

# Console changes a "deny non-read-only" statement must cover (with Action or
# NotAction); exempting reads, Session Manager sessions or decrypting is fine.
PROBES = ("ec2:AuthorizeSecurityGroupIngress", "ec2:RunInstances", "ec2:CreateRoute", "ec2:ModifyInstanceAttribute",
          "iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy", "s3:PutBucketPolicy", "s3:DeleteBucket",
          "kms:ScheduleKeyDeletion", "lambda:UpdateFunctionCode", "rds:ModifyDBInstance", "ssm:SendCommand",
          "cloudformation:CreateStack")


class ConsoleChangesScp(AccountCheck):
    rule_id = "ZT_ORG_001"

    def account_hits(self, stack):
        docs, unreadable = attached_scps(stack)
        notes = []
        for i, doc in docs:
            for st in doc.statements:
                verdict = self._judge(st, stack.config)
                if verdict is True:
                    return
                if verdict:
                    notes.append(f"{stack.address(i)} {st.label}: {verdict}")
        unknown = [n for n in notes if "workload_principals is not configured" in n]
        if unreadable or unknown:
            names = join([stack.address(i) for i in unreadable] + unknown)
            yield None, self.hit(f"cannot tell whether an attached SCP blocks people's changes: {names}",
                                 unknown=names, key="scp")
            return
        why = f" ({'; '.join(notes)})" if notes else ""
        yield None, self.hit("no attached SCP denies non-read-only actions to people (human_principals, or "
                             f"everyone but the pipeline, workloads and break-glass){why}: console changes "
                             "bypass code review and drift from the Terraform", key="scp")

    @staticmethod
    def _judge(st, config):
        """True: this Deny is one of the two accepted forms; a string: why a
        Deny of writes does not count; None: not such a Deny."""
        writes = all(covers_action(st, a) for a in PROBES) and not any(is_full_wildcard(a) for a in st.not_actions)
        if not (st.deny and writes and on_all_resources(st)):
            return None
        scope = principal_scope(st)
        if scope is None:
            return "other conditions narrow it"
        targets, exempt = scope
        humans, glass = config.human_principals, config.break_glass_principals
        if any(arn_covered(exempt, h) for h in humans):
            return "it exempts the human principals"
        if targets is not None:  # form 1: people, minus break-glass
            if not all(arn_covered(targets, h) for h in humans):
                return "it does not target every human_principals pattern"
            denied = [b for b in glass if arn_covered(targets, b) and not arn_covered(exempt, b)]
            return f"it locks out break-glass {join(denied)}" if denied else True
        if not config.workload_principals:  # form 2: everyone but pipeline, workloads, break-glass
            return "whether it spares the workloads is unknown: workload_principals is not configured"
        spared = config.iac_principals + config.workload_principals + glass
        cut = [p for p in spared if not arn_covered(exempt, p)]
        return f"it cuts off {join(cut)}" if cut else True


check = register(ConsoleChangesScp())
