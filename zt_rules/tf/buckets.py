"""S3 buckets and what configures them in Terraform: bucket policy (separate
resource or legacy `policy`), public access block (bucket or account level),
default encryption (separate resource or legacy inline block), sensitivity."""
from __future__ import annotations

import fnmatch

from zt_rules.iam import bucket_policy_hits
from zt_rules.tf import values
from zt_rules.tf.policies import Resolver, TfDocument, block_at, documents_at, raw_body, referrers

BUCKET = "aws_s3_bucket"
PAB_FLAGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
KMS = ("aws:kms", "aws:kms:dsse")


def name_of(graph, idx: int) -> str | None:
    name = graph.attrs[idx].get("bucket")
    return name if isinstance(name, str) and not values.is_unresolved(name) else None


def configured_by(graph, bucket: int, rtype: str) -> list[int]:
    """Resources of `rtype` whose `bucket` is this bucket (reference or literal name);
    one with count 0 or an empty for_each configures nothing."""
    from zt_rules.tf.sg import vertex_exists
    found = referrers(graph, rtype, "bucket", bucket)
    name = name_of(graph, bucket)
    found += [i for i in graph.by_type.get(rtype, []) if name and graph.attrs[i].get("bucket") == name
              and i not in found]
    return [i for i in found if vertex_exists(graph, i)[0]]


def buckets_of(graph, idx: int) -> list[int]:
    """The bucket(s) a bucket-level resource (policy, access block...) applies to."""
    if graph.attrs[idx].get("resource_type") == BUCKET:
        return [idx]
    value = graph.attrs[idx].get("bucket")
    found = graph.resolve(idx, "bucket", value)[0]
    return found or [i for i in graph.by_type.get(BUCKET, []) if value and name_of(graph, i) == value]


def sensitivity(graph, bucket: int, config) -> tuple[bool, str | None]:
    """(sensitive, None), or (False, what is unknown) when the selector cannot be decided:
    the tag (provider default_tags merged in; value case-insensitive) or the name globs."""
    from zt_rules.tf.tiers import merged_tags
    raw = graph.attrs[bucket].get("tags")
    tags = merged_tags(graph, bucket)
    tag = tags.get(config.sensitive_tag_key)
    if isinstance(tag, str) and not values.is_unresolved(tag) and tag.lower() in config.sensitive_tag_values:
        return True, None
    name = name_of(graph, bucket)
    if name and any(fnmatch.fnmatchcase(name, g) for g in config.sensitive_names):
        return True, None
    address = graph.attrs[bucket].get("__address__", "bucket")
    if tag is not None and (not isinstance(tag, str) or values.is_unresolved(tag)):
        return False, f"{address}.tags.{config.sensitive_tag_key}"
    if tag is None and _tags_unresolved(graph, bucket, raw):
        return False, f"{address}.tags"
    named = any(graph.attrs[bucket].get(a) is not None for a in ("bucket", "bucket_prefix"))
    if config.sensitive_names and not name and named:
        return False, f"{address}.bucket"
    return False, None


def _tags_unresolved(graph, bucket: int, rendered) -> bool:
    """`tags = var.x` (no default) renders as {}: the raw HCL says it is an expression left open."""
    if isinstance(rendered, dict) and rendered:
        return values.is_unresolved(rendered)
    raw = values.first(raw_body(block_at(graph, bucket)) or {}, "tags")
    if not isinstance(raw, str) or "${" not in raw:
        return False
    inner = raw.strip()
    value, ok = Resolver(graph, block_at(graph, bucket)).expr(inner[2:-1]) if inner.startswith("${") \
        and inner.endswith("}") else (None, False)
    return not (ok and isinstance(value, dict) and not values.is_unresolved(value))


def is_sensitive(graph, bucket: int, config) -> bool:
    return sensitivity(graph, bucket, config)[0]


def arns(graph, buckets: list[int]) -> set[str] | None:
    names = [name_of(graph, b) for b in buckets]
    return {f"arn:aws:s3:::{n}" for n in names} if names and all(names) else None


def policies(graph, bucket: int) -> list[TfDocument]:
    """The bucket's policy documents: legacy `policy` and aws_s3_bucket_policy resources."""
    docs = list(documents_at(graph, block_at(graph, bucket)))
    for idx in configured_by(graph, bucket, "aws_s3_bucket_policy"):
        docs += documents_at(graph, block_at(graph, idx))
    return docs


def policy_hits(graph, docs, buckets, config) -> tuple[list, list[str]]:
    """The analyzer's bucket-policy hits of every judgeable document, and what was unknown."""
    hits, unknown = [], []
    sensitive = any(is_sensitive(graph, b, config) for b in buckets)
    for d in docs:
        if d.doc is None:
            unknown.append(d.unknown or f"{d.argument} (not valid JSON)")
            continue
        unknown += d.partial
        hits.append((d, bucket_policy_hits(d.doc, config, sensitive=sensitive, bucket_arns=arns(graph, buckets))))
    return hits, unknown


def access_blocked(graph, bucket: int) -> tuple[bool, list[str]]:
    """All four public access block settings true (bucket or account level); unknowns."""
    from zt_rules.tf.sg import vertex_exists
    unknown = []
    candidates = configured_by(graph, bucket, "aws_s3_bucket_public_access_block")
    # account level: one anywhere in the bucket's root (its modules included, wherever they live)
    candidates += [i for i in graph.in_root("aws_s3_account_public_access_block", bucket)
                   if vertex_exists(graph, i)[0]]
    for idx in candidates:
        flags = [graph.attrs[idx].get(f) for f in PAB_FLAGS]
        if all(values.as_bool(f) is True for f in flags):
            return True, []
        unknown += [f"{graph.attrs[idx].get('__address__')}.{n}" for n, f in zip(PAB_FLAGS, flags)
                    if values.as_bool(f) is None and f is not None]
    return False, unknown


def kms_default(graph, bucket: int) -> tuple[bool | None, str]:
    """Default encryption is SSE-KMS (True), something else or none (False), unknown (None,
    with the expression that could not be resolved)."""
    blocks = [(block_at(graph, i), ("rule",)) for i in
              configured_by(graph, bucket, "aws_s3_bucket_server_side_encryption_configuration")]
    blocks.append((block_at(graph, bucket), ("server_side_encryption_configuration", "rule")))
    result, unknown = False, ""
    for block, path in blocks:
        for algo in _algorithms(raw_body(block) or {}, path):
            algo = Resolver(graph, block).string(values.as_str(algo))
            if algo in KMS:
                return True, ""
            if "${" in algo:
                result, unknown = None, unknown or f"{block.address}: sse_algorithm = {algo}"
    return result, unknown


def _algorithms(body: dict, path) -> list:
    nodes = [body]
    for step in (*path, "apply_server_side_encryption_by_default"):
        nodes = [n for node in nodes for n in (node.get(step) or []) if isinstance(n, dict)]
    return [values.first(n, "sse_algorithm") for n in nodes if values.first(n, "sse_algorithm") is not None]


def policy_rule(ctx, rule_id: str, no_policy: str):
    """Hits of a bucket-policy rule (S3_001..003) on an aws_s3_bucket: the rule holds when
    one judgeable policy satisfies it; else a finding, or a notice when a policy is unknown."""
    graph, bucket = ctx.graph, ctx.vertex
    if bucket is None:
        return
    docs = policies(graph, bucket)
    if not docs:
        yield ctx.hit(no_policy, key="policy")
        return
    judged, unknown = policy_hits(graph, docs, [bucket], ctx.config)
    lacking = [h for _, hits in judged for h in hits if h.rule_id == rule_id]
    if judged and len(lacking) < len(judged):
        return
    if unknown:
        yield ctx.hit(f"cannot judge the bucket policy: {', '.join(unknown)} is not known",
                      key="policy", unknown=", ".join(unknown))
    elif lacking:
        yield ctx.hit(lacking[0].message, key="policy")


def sensitive_bucket(ctx):
    """(is sensitive, notice hits): a bucket check's gate for ZT_S3_002/003. The
    notice says what made sensitivity undecidable (sensitive_buckets)."""
    if ctx.vertex is None:
        return False, []
    sensitive, unknown = sensitivity(ctx.graph, ctx.vertex, ctx.config)
    hits = [ctx.hit(f"cannot tell whether the bucket is sensitive (sensitive_buckets): {unknown} is not known",
                    key="sensitive", unknown=unknown)] if unknown else []
    return sensitive, hits
