"""`.zt-lint.yaml`: discovery, validation against the JSON Schema, defaults."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

SCHEMA = Path(__file__).parent / "schemas" / "config.schema.json"
CONFIG_NAMES = (".zt-lint.yaml", ".zt-lint.yml")

DEFAULT_INTERFACE_ENDPOINTS = ["ssm", "ssmmessages", "secretsmanager", "ecr.api", "ecr.dkr",
                               "kms", "logs", "sts"]
DEFAULT_ENDPOINT_POLICY_SERVICES = ["s3", "dynamodb", "ssm", "secretsmanager", "kms", "sts",
                                    "ecr.api", "ecr.dkr", "logs", "sqs", "sns", "lambda"]
DEFAULT_DESTRUCTIVE = [f"{svc}:{verb}*" for svc in ("ec2", "rds", "s3", "iam", "kms", "dynamodb")
                       for verb in ("Delete", "Terminate", "Disable", "Detach")] + ["kms:ScheduleKeyDeletion"]
DEFAULT_HUMAN = ["arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*"]


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Suppression:
    rule: str
    path: str
    reason: str
    sid: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Config:
    scope: str = "module"
    tier_tag: str = "Tier"
    public_ingress_ports: tuple[int, ...] = (80, 443)
    egress_exceptions: tuple[tuple[str, tuple[int, ...]], ...] = ()
    regions: tuple[str, ...] | None = None
    account_ids: tuple[str, ...] = ()
    required_interface_endpoints: tuple[str, ...] = tuple(DEFAULT_INTERFACE_ENDPOINTS)
    endpoint_policy_services: tuple[str, ...] = tuple(DEFAULT_ENDPOINT_POLICY_SERVICES)
    sensitive_tag_key: str = "DataClass"
    sensitive_tag_values: tuple[str, ...] = ("sensitive", "confidential", "restricted")
    sensitive_names: tuple[str, ...] = ()
    destructive_actions: tuple[str, ...] = tuple(DEFAULT_DESTRUCTIVE)
    known_actions: tuple[str, ...] = ()
    min_severity: float = 7
    iac_principals: tuple[str, ...] = ()
    break_glass_principals: tuple[str, ...] = ()
    workload_principals: tuple[str, ...] = ()
    human_principals: tuple[str, ...] = tuple(DEFAULT_HUMAN)
    policy_kinds: tuple[tuple[str, str], ...] = (
        ("**/scp*/**", "scp"), ("*.scp.json", "scp"), ("*trust*.json", "trust"),
        ("*bucket-policy*.json", "resource"))
    severity_overrides: tuple[tuple[str, str], ...] = ()
    disable: tuple[str, ...] = ()
    baseline: str | None = None
    severity_threshold: str = "LOW"
    max_file_size: int = 10 * 1024 * 1024
    exclude: tuple[str, ...] = ()
    ignore: tuple[Suppression, ...] = ()
    source: str | None = field(default=None, compare=False)

    def fingerprint(self) -> str:
        """A stable text of every setting, for cache keys."""
        return repr(tuple((f.name, getattr(self, f.name)) for f in fields(self) if f.name != "source"))

    def severity_for(self, rule_id: str, default: str) -> str:
        return dict(self.severity_overrides).get(rule_id, default)


def _freeze(value):
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    return value


def _schema() -> dict:
    from zt_rules import fastschema
    return fastschema.load(str(SCHEMA))


def _valid(data: dict) -> bool:
    from zt_rules import fastschema
    return fastschema.checker(str(SCHEMA))(data)


def _schema_errors(data: dict) -> list:
    from jsonschema import Draft202012Validator
    return sorted(Draft202012Validator(_schema()).iter_errors(data), key=lambda e: list(e.path))


def from_mapping(data: dict, source: str | None = None) -> Config:
    """Validate a parsed config mapping and build a Config (raises ConfigError);
    jsonschema runs only for the message of an invalid one."""
    where = source or "<config>"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the config must be a mapping of keys to values")
    errors = [] if not data or _valid(data) else _schema_errors(data)   # {} is the defaults
    if errors:
        err = errors[0]
        key = ".".join(str(p) for p in err.path) or "(top level)"
        raise ConfigError(f"{where}: {key}: {err.message}")
    kw: dict = {"source": source}
    data = dict(data)
    sensitive = data.pop("sensitive_buckets", None) or {}
    if "tag" in sensitive:
        kw["sensitive_tag_key"] = sensitive["tag"]["key"]
        kw["sensitive_tag_values"] = tuple(v.lower() for v in sensitive["tag"]["values"])
    if "names" in sensitive:
        kw["sensitive_names"] = tuple(sensitive["names"])
    if "egress_exceptions" in data:
        kw["egress_exceptions"] = tuple((e["tier"], tuple(e["ports"]))
                                        for e in data.pop("egress_exceptions"))
    if "ignore" in data:
        kw["ignore"] = tuple(Suppression(**e) for e in data.pop("ignore"))
    for key, value in data.items():
        kw[key] = _freeze(value)
    return Config(**kw)


def discover(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file's directory for a file)."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for d in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            if candidate.is_file():
                return candidate
    return None


def load(path: Path | None, overrides: dict | None = None) -> Config:
    """Read `path` (or nothing), apply CLI overrides, validate."""
    data: dict = {}
    if path is not None:
        import yaml
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark else ""
            raise ConfigError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if overrides:
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: the config must be a mapping of keys to values")
        data = {**data, **overrides}
    return from_mapping(data, str(path) if path else None)
