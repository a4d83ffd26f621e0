"""The rule catalog: one YAML file per area, validated by a JSON Schema.

It is the single source for rule docs, SARIF rule metadata, `zt-lint rules`
and the registration of the Checkov checks.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
SCHEMA = HERE.parent / "schemas" / "catalog.schema.json"
AREA_ORDER = ("NET", "SG", "ACC", "PL", "IAM", "S3", "MON", "ORG")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    scope: str
    area: str
    engine: str
    status: str
    resource_types: tuple[str, ...]
    rationale: str
    fix: str
    references: tuple[str, ...]
    example: str = ""
    example_fixed: str = ""

    @property
    def active(self) -> bool:
        return self.status == "active"


class CatalogError(Exception):
    pass


def _area_files() -> list[Path]:
    return [HERE / f"{a.lower()}.yaml" for a in AREA_ORDER]


_PARSED: dict[str, list] = {}   # area file name -> its entries, from use_cache_file


def _read(path: Path):
    if path.name in _PARSED:
        return _PARSED[path.name]
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def use_cache_file(path: Path) -> None:
    """Read the parsed area files from `path` (JSON; the caller keys its name by the
    code fingerprint, which covers the YAML), else write it: loading YAML costs
    ~70 ms per run. A file that does not hold every area file is rebuilt."""
    from zt_rules.cache import read_entry, write_atomic
    names = [p.name for p in _area_files()]
    try:
        data = json.loads(read_entry(path))
        if isinstance(data, dict) and sorted(data) == sorted(names) \
                and all(isinstance(v, list) for v in data.values()):
            _PARSED.update(data)
            return
    except (OSError, ValueError):
        pass
    write_atomic(path, json.dumps({p.name: _read(p) for p in _area_files()}))


def validate() -> list[str]:
    """Schema problems of the area files ("file: path: message"); the test suite
    runs this, so a run does not pay for jsonschema."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(json.loads(SCHEMA.read_text()))
    problems = []
    for path in _area_files():
        for err in sorted(validator.iter_errors(_read(path)), key=lambda e: list(e.path)):
            problems.append(f"{path.name}: {'/'.join(str(p) for p in err.path)}: {err.message}")
    return problems


@functools.lru_cache(maxsize=1)
def load() -> dict[str, Rule]:
    """All rules by id, in catalog order."""
    rules: dict[str, Rule] = {}
    for path in _area_files():
        for e in _read(path):
            if e["id"] in rules:
                raise CatalogError(f"{path.name}: duplicate rule id {e['id']}")
            e["resource_types"] = tuple(e["resource_types"])
            e["references"] = tuple(e["references"])
            rules[e["id"]] = Rule(**e)
    return rules


def get(rule_id: str) -> Rule:
    return load()[rule_id]


def active() -> list[Rule]:
    return [r for r in load().values() if r.active]
