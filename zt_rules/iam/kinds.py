"""Document kinds (RULES.md "Document kinds"): config globs first, then content."""
from __future__ import annotations

import functools
import re

from .model import PolicyDoc

TRUST_ACTIONS = re.compile(r"sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)", re.I)


@functools.lru_cache(maxsize=256)
def _glob_rx(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            ch = pattern[i]
            out.append("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
            i += 1
    return re.compile("".join(out))


def glob_kind(path: str | None, config) -> str | None:
    """The kind a `policy_kinds` glob gives the path (globs without "/" match the file name)."""
    if not path:
        return None
    path = path.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    for pattern, kind in config.policy_kinds:
        target = path if "/" in pattern else name
        if _glob_rx(pattern).fullmatch(target) or _glob_rx(pattern).fullmatch(path.lstrip("./")):
            return kind
    return None


def is_policy_json(obj, path: str, config) -> bool:
    """A policy document, one named by a policy_kinds glob, or an AWS CLI output holding one."""
    from .model import unwrap
    return glob_kind(path, config) is not None or (isinstance(obj, dict) and "Statement" in obj) or \
        unwrap(obj)[2] is not None


def classify(doc: PolicyDoc, path: str | None, config) -> str:
    kind = glob_kind(path, config)
    if kind:
        return kind
    with_principal = [st for st in doc.statements if st.principal or st.not_principal]
    if not with_principal:
        return "identity"
    trust = all(st.actions and all(isinstance(a, str) and TRUST_ACTIONS.fullmatch(a) for a in st.actions)
                for st in with_principal)
    return "trust" if trust else "resource"
