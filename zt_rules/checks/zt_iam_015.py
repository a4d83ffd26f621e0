"""ZT_IAM_015: an IAM policy variable `${aws:...}` left unescaped in Terraform.

Terraform reads `${aws:username}` in a .tf string, a heredoc or a
templatefile() template as its own interpolation (an error at plan time);
`$${aws:username}` or, in data "aws_iam_policy_document", `&{aws:username}`
is meant. Checkov already mangles such strings, so the source text is read.
JSON loaded with file() is not interpolated: `${aws:...}` is right there.
"""
import re

from zt_rules.tf.base import ZtDataCheck, ZtResourceCheck
from zt_rules.tf.policies import documents_of

_UNESCAPED = re.compile(r"(?<!\$)\$\{\s*([A-Za-z0-9-]+:[^}]*?)\s*\}")
_COMMENT = re.compile(r"^\s*(#|//)")


def _found(text_lines):
    """(line index from 1, variable) of every unescaped policy variable."""
    for n, line in enumerate(text_lines, 1):
        if not _COMMENT.match(line):
            for m in _UNESCAPED.finditer(line):
                yield n, m.group(1)


class _Unescaped:
    rule_id = "ZT_IAM_015"

    def evaluate(self, ctx):
        seen: dict[str, int] = {}

        def hit(var, line, where):
            seen[var] = seen.get(var, 0) + 1
            key = f"${{{var}}}" + (f"#{seen[var]}" if seen[var] > 1 else "")
            return ctx.hit(f"{where} holds ${{{var}}}: Terraform reads it as its own interpolation and "
                           f"fails; write $${{{var}}} so the policy gets ${{{var}}}", line=line, key=key)
        lines = ctx.source_lines()[ctx.start - 1:ctx.end]
        for n, var in _found(lines):
            yield hit(var, ctx.start + n - 1, "this string")
        for doc in documents_of(ctx):
            if doc.template is not None:
                for _, var in _found(doc.template.splitlines()):
                    yield hit(var, doc.line, f"the template {doc.origin.rsplit('/', 1)[-1]}")


class UnescapedInResource(_Unescaped, ZtResourceCheck):
    pass


class UnescapedInData(_Unescaped, ZtDataCheck):
    pass


check = UnescapedInResource()
data_check = UnescapedInData()
