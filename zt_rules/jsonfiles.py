"""Standalone JSON: IAM policies go to the analyzer, plan JSON to the plan
engine, anything else (package.json, tfvars.json) is skipped quietly.
Never imports Checkov for policies."""
from __future__ import annotations

import json
from pathlib import Path

from zt_rules import catalog
from zt_rules.config import Config
from zt_rules.findings import Finding, InputError, Notice, Result, place_hit


def read_text(path: Path, rel: str, max_size: int) -> tuple[str | None, InputError | None]:
    """The file's text, or an error naming why it cannot be read."""
    from zt_rules.textfile import read_source
    text, problem = read_source(path, max_size, "JSON")
    return text, (InputError(rel, *problem) if problem else None)


def is_plan(obj) -> bool:
    return isinstance(obj, dict) and "terraform_version" in obj and \
        ("planned_values" in obj or "resource_changes" in obj)


def scan_json_file(path: Path, rel: str, config: Config) -> tuple[Result, bool]:
    """Analyse one JSON file; the flag says it is a Terraform plan (for the plan engine)."""
    from zt_rules import iam

    result = Result()
    text, error = read_text(path, rel, config.max_file_size)
    if error:
        result.errors.append(error)
        return result, False
    if not text.strip():
        return result, False  # an empty file holds nothing, even where a glob expects a policy
    named = _named_by_glob(rel, config)
    try:
        obj = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        if named or '"Statement"' in text:
            line = getattr(exc, "lineno", 0)
            result.errors.append(InputError(rel, line, f"not valid JSON: {getattr(exc, 'msg', 'nested too deeply')}"))
        return result, False
    if is_plan(obj):
        return result, True
    if not iam.is_policy_json(obj, rel, config):
        return result, False
    obj = iam.unwrap(obj)[0]
    try:
        doc = iam.parse_policy_text(text)
    except iam.PolicyParseError as exc:
        result.errors.append(InputError(rel, exc.line or 0, f"not a usable policy: {exc.message}"))
        return result, False
    kind = iam.classify(doc, rel, config)
    hits = list(iam.analyze(doc, kind, config))
    if kind == "resource" and _is_bucket_policy(obj):
        hits += iam.bucket_policy_hits(doc, config, sensitive=_sensitive(obj, config), bucket_arns=None)
    for hit in hits:
        rule = catalog.get(hit.rule_id)
        placed = place_hit(hit, file=rel, line=1, end_line=0, resource=hit.key or "document",
                           severity=config.severity_for(rule.id, rule.severity), fix=rule.fix)
        if isinstance(placed, Finding):
            if hit.severity:
                placed = placed.with_(severity=config.severity_for(rule.id, hit.severity))
            result.findings.append(placed)
        elif isinstance(placed, Notice):
            result.notices.append(placed)
    return result, False


def _named_by_glob(rel: str, config: Config) -> bool:
    from zt_rules.suppress import glob_match
    return any(glob_match(pattern, rel) for pattern, _ in config.policy_kinds)


def _resources(obj) -> list[str]:
    out = []
    statements = obj.get("Statement") if isinstance(obj, dict) else None
    for st in statements if isinstance(statements, list) else [statements]:
        if isinstance(st, dict):
            for key in ("Resource", "NotResource"):
                value = st.get(key)
                out.extend(value if isinstance(value, list) else [value])
    return [r for r in out if isinstance(r, str)]


def _is_bucket_policy(obj) -> bool:
    return any(r.startswith("arn:aws:s3:::") for r in _resources(obj))


def _sensitive(obj, config: Config) -> bool:
    """A standalone bucket policy is sensitive when a `sensitive_buckets.names`
    glob matches one of its bucket names."""
    from fnmatch import fnmatchcase
    names = {r[len("arn:aws:s3:::"):].split("/")[0] for r in _resources(obj) if r.startswith("arn:aws:s3:::")}
    return any(fnmatchcase(n, g) for n in names for g in config.sensitive_names)
