"""ZT_IAM_013: long-lived human credentials (IAM users, access keys, console
passwords, policies attached to users)."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck

_WHAT = {
    "aws_iam_user": "an IAM user: a long-lived identity outside your identity provider",
    "aws_iam_access_key": "a long-lived access key: it never expires and works from anywhere",
    "aws_iam_user_login_profile": "a console password for an IAM user",
    "aws_iam_user_policy": "a policy written into an IAM user",
    "aws_iam_user_policy_attachment": "a policy attached to an IAM user",
}


class LongLivedHumanCredentials(ZtResourceCheck):
    rule_id = "ZT_IAM_013"

    def evaluate(self, ctx):
        if ctx.type == "aws_iam_policy_attachment":
            users = values.as_list(ctx.conf.get("users"))
            if users:
                yield ctx.hit(f"policy attached to IAM users ({', '.join(map(str, users))}): "
                              "long-lived human credentials")
            return
        yield ctx.hit(f"{_WHAT[ctx.type]}; people should sign in through IAM Identity Center "
                      "and get temporary role credentials")


check = LongLivedHumanCredentials()
