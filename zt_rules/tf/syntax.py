"""Say why a Terraform file does not parse: line and problem, no traceback."""
from __future__ import annotations

import re
from pathlib import Path

_ONE_LINE_NESTED = re.compile(r"^\s*[A-Za-z_][\w-]*\s*\{[^{}\n]*\b[A-Za-z_][\w-]*\s*\{")


def describe_error(path: Path) -> tuple[int, str]:
    """(line, message) for a file Checkov could not parse; line 0 when none applies."""
    from zt_rules.textfile import json_problem, read_source
    text, problem = read_source(path, 1 << 62, "Terraform")
    if problem:
        return problem
    if path.name.endswith(".tf.json"):
        return json_problem(text) or (0, "Terraform JSON that Checkov could not read")
    return describe_hcl(text)


def describe_hcl(text: str) -> tuple[int, str]:
    import hcl2

    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        if _ONE_LINE_NESTED.match(line) and line.count("{") > 1:
            return n, ("a single-line block can hold only one argument, not a nested block: "
                       f"`{line.strip()}`; put the inner block on its own lines")
    try:
        hcl2.loads(text if text.endswith("\n") else text + "\n")
    except RecursionError:
        return 0, "not valid HCL: nested too deeply"
    except Exception as exc:  # lark's errors carry line and column
        line = getattr(exc, "line", 0) or 0
        token = getattr(exc, "token", None)
        if token is not None and getattr(token, "type", "") == "$END":
            return line, "not valid HCL: unexpected end of file (an unclosed block or string?)"
        what = f"unexpected {_shown(str(token))}" if token is not None else str(exc).splitlines()[0]
        return line, f"not valid HCL: {what}"
    return 0, "Terraform that Checkov could not read"


def _shown(token: str) -> str:
    """A token for a one-line message: line breaks and long text never spill over."""
    if not token.strip():
        return "line break" if "\n" in token else "whitespace"
    token = token.replace("\r", "\\r").replace("\n", "\\n")
    return f"`{token[:40]}...`" if len(token) > 40 else f"`{token}`"
