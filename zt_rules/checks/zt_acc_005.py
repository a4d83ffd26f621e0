"""ZT_ACC_005: no Session Manager preferences document that logs and encrypts sessions."""
from zt_rules.tf.stack import AccountCheck, dig, is_true, join, register


class SessionPreferences(AccountCheck):
    rule_id = "ZT_ACC_005"

    def account_hits(self, stack):
        docs = [i for i in stack.resources("aws_ssm_document")
                if stack.attrs(i).get("document_type") == "Session"]
        gaps = {}
        for i in docs:
            gaps[i] = self._gaps(_content(stack.attrs(i).get("content")))
            if not gaps[i]:
                return
        if not docs:
            yield None, self.hit("no Session Manager preferences document (aws_ssm_document of type Session): "
                                 "sessions are not logged and their data is not encrypted with your KMS key",
                                 key="session-preferences")
            return
        unreadable = [i for i, g in gaps.items() if g is None]
        if unreadable:
            names = join(stack.address(i) for i in unreadable)
            yield None, self.hit(f"cannot read the content of {names}", unknown=f"content of {names}",
                                 key="session-preferences")
            return
        detail = "; ".join(f"{stack.address(i)}: {', '.join(g)}" for i, g in gaps.items())
        yield None, self.hit(f"no Session Manager preferences document both logs sessions encrypted and "
                             f"encrypts session data with KMS ({detail})", key="session-preferences")

    @staticmethod
    def _gaps(content) -> list[str] | None:
        """What the document lacks; None when its content cannot be read."""
        inputs = dig(content, "inputs")
        if not isinstance(inputs, dict):
            return None
        s3 = inputs.get("s3BucketName") and is_true(inputs.get("s3EncryptionEnabled"), False)
        logs = inputs.get("cloudWatchLogGroupName") and is_true(inputs.get("cloudWatchEncryptionEnabled"), False)
        gaps = [] if (s3 or logs) else ["no encrypted session logging to S3 or CloudWatch "
                                         "(s3EncryptionEnabled / cloudWatchEncryptionEnabled)"]
        if not inputs.get("kmsKeyId"):
            gaps.append("no kmsKeyId")
        return gaps


def _content(value):
    """jsonencode/heredoc arrive decoded; a YAML (or JSON) string is parsed here."""
    if isinstance(value, str):
        import yaml
        try:
            return yaml.safe_load(value)
        except yaml.YAMLError:
            return None
    return value


check = register(SessionPreferences())
