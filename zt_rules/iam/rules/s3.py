"""The policy side of ZT_S3_001/002/003/005: what a bucket policy must (not) deny."""
from __future__ import annotations

import re

from ...findings import Hit
from ..logic import EXCEPTION_OPS, arn_overlap, bool_test, concrete, covers_action, covers_resource
from .base import DOC_KEY

VPC_KEYS = ("aws:sourcevpc", "aws:sourcevpce")
SSE_KEY = "s3:x-amz-server-side-encryption"
KMS_VALUES = {"aws:kms", "aws:kms:dsse"}
_S3_ARN = re.compile(r"^arn:[a-z-]+:s3:::([^/*?$]+)(?:/|$)")
_INTERP = re.compile(r"\$\{[^{}]*\}")


def bucket_policy_hits(doc, config, *, sensitive: bool, bucket_arns: set[str] | None) -> list[Hit]:
    """`bucket_arns`: the bucket(s) the policy is attached to; None (standalone JSON, a bucket
    whose name is unknown): the buckets the policy itself names, else the shape of Resource."""
    if bucket_arns is None:
        bucket_arns = _named_buckets(doc) or None
    denies = [st for st in doc.statements if st.deny and _everyone(st)]
    whole = [st for st in denies if covers_action(st, "s3:GetObject") and covers_action(st, "s3:PutBucketPolicy")
             and _covers_bucket(st, bucket_arns)]
    hits = []
    if not any(_tls_deny(st) for st in whole):
        hits.append(_doc_hit(doc, "ZT_S3_001",
                             "No statement denies requests with aws:SecureTransport = false for every principal "
                             "on the bucket and its objects, so S3 accepts plain-HTTP requests. Add a Deny on "
                             's3:* for "Principal": "*" on the bucket and bucket/* with "Bool": '
                             '{"aws:SecureTransport": "false"}.'))
    if sensitive and not any(_vpc_lock(st) for st in whole):
        hits.append(_doc_hit(doc, "ZT_S3_002",
                             "This sensitive bucket's policy does not deny requests from outside your VPC: "
                             "stolen credentials work from anywhere. Add a Deny on s3:* with StringNotEquals "
                             "aws:SourceVpce (or aws:SourceVpc), with an aws:PrincipalArn exception for the "
                             "pipeline and break-glass roles."))
    if sensitive and not any(_encryption_deny(st, bucket_arns) for st in denies):
        hits.append(_doc_hit(doc, "ZT_S3_003",
                             "This sensitive bucket's policy does not deny uploads that ask for an encryption "
                             "other than SSE-KMS. Add a Deny on s3:PutObject for bucket/* with StringNotEquals "
                             's3:x-amz-server-side-encryption "aws:kms" (and Null ... "false" so uploads '
                             "relying on the bucket's default key still work)."))
    for st in denies:
        # a Deny on objects only cannot refuse s3:PutBucketPolicy: no lockout
        if covers_action(st, "s3:PutBucketPolicy") and _vpc_lock(st) and _covers_bucket_itself(st, bucket_arns):
            hits += _lockout_hits(st, config)
    return hits


def _lockout_hits(st, config) -> list[Hit]:
    """ZT_S3_005 for one VPC-lock Deny: its aws:PrincipalArn exceptions must overlap
    every configured iac/break-glass pattern (RULES.md ZT_S3_005)."""
    values = _exceptions(st)
    needed = config.iac_principals + config.break_glass_principals
    if values and not needed:
        return [Hit(rule_id="ZT_S3_005", key=st.label, line=st.line, unknown="iac_principals, break_glass_principals",
                    message="cannot tell whether the aws:PrincipalArn exceptions of this VPC Deny "
                            f"({', '.join(values)}) spare the pipeline and the break-glass principals: "
                            "iac_principals and break_glass_principals are not configured")]
    missed = [p for p in needed if not any(arn_overlap(v, p) for v in values)]
    if values and not missed:
        return []
    who = ", ".join(missed) or \
        "the pipeline and the break-glass role (set iac_principals / break_glass_principals)"
    return [Hit(rule_id="ZT_S3_005", key=st.label, line=st.line,
                message="This Deny blocks every s3 action from outside the VPC for everyone, "
                        "including the pipeline that manages the bucket and every admin working "
                        "from the console or a laptop; only the account root can then change "
                        f"the policy. Add an ArnNotLike aws:PrincipalArn exception for {who}.")]


def _doc_hit(doc, rule_id, message):
    return Hit(rule_id=rule_id, key=DOC_KEY, line=doc.line, message=message)


def _everyone(st) -> bool:
    # A missing Principal is ZT_IAM_001's finding; read as "*" here so one bug is reported once.
    # A NotPrincipal Deny spares the principals it names: not "every principal".
    return st.not_principal is None and (st.principal is None or st.principal.is_public)


def _named_buckets(doc) -> set[str]:
    """The buckets a policy names in its Resource/NotResource entries (`arn:aws:s3:::name[/...]`)."""
    names = set()
    for st in doc.statements:
        for r in (*st.resources, *st.not_resources):
            m = _S3_ARN.match(r) if isinstance(r, str) else None
            if m:
                names.add(r[:m.end(1)])
    return names


def _covers_bucket(st, bucket_arns) -> bool:
    if bucket_arns is None:   # names unknown: the Resource must still reach both levels
        return _covers_levels(st)
    return all(covers_resource(st, arn) and covers_resource(st, f"{arn}/object") for arn in bucket_arns)


def _covers_bucket_itself(st, bucket_arns) -> bool:
    if bucket_arns is None:
        return not st.resources or any("/" not in _INTERP.sub("X", r) for r in st.resources if isinstance(r, str))
    return any(covers_resource(st, arn) for arn in bucket_arns)


def _covers_levels(st) -> bool:
    """Without bucket names: some Resource entry can be a bucket ARN and some an object ARN
    (`${aws_s3_bucket.x.arn}` and `${aws_s3_bucket.x.arn}/*`; `*` is both)."""
    if not st.resources:
        return not st.not_resources or not any(isinstance(r, str) and r in ("*", "arn:aws:s3:::*")
                                               for r in st.not_resources)
    shapes = [_INTERP.sub("X", r) for r in st.resources if isinstance(r, str)]
    bucket = any("/" not in s for s in shapes)
    objects = any("/" in s or s.endswith("*") for s in shapes)
    return bucket and objects


def _tls_deny(st) -> bool:
    """A Deny whose only condition is aws:SecureTransport = false: ANDed with anything else
    (an account, a principal exception...) it no longer covers every principal's plain-HTTP request."""
    return bool(st.conditions) and all(bool_test(c, "aws:SecureTransport", "false") for c in st.conditions)


def _vpc_lock(st) -> bool:
    """Deny unless the request comes through the VPC: a negated test on SourceVpc/SourceVpce
    with concrete values (`StringNotLike "vpce-*"` spares every endpoint of every account)."""
    return any(c.key_lower in VPC_KEYS and c.negated and c.set_op is None and concrete(c.values)
               and not any("*" in str(v) or "?" in str(v) for v in c.values) for c in st.conditions)


def _encryption_deny(st, bucket_arns) -> bool:
    """A Deny on s3:PutObject for the bucket's objects with StringNotEquals
    s3:x-amz-server-side-encryption aws:kms (or aws:kms:dsse), alone or with
    Null ... = false; any other ANDed condition narrows it to some uploads only."""
    objects = [f"{a}/object" for a in bucket_arns] if bucket_arns else None
    if not covers_action(st, "s3:PutObject") or (objects and not all(covers_resource(st, o) for o in objects)):
        return False
    if objects is None and st.resources and not any("/" in r or r.endswith("*") for r in st.resources
                                                   if isinstance(r, str)):
        return False
    tests = [c for c in st.conditions if c.key_lower == SSE_KEY and c.base == "StringNotEquals"
             and c.set_op is None and c.values and {str(v) for v in c.values} <= KMS_VALUES]
    guard = [c for c in st.conditions if c.key_lower == SSE_KEY and c.base == "Null" and not c.if_exists
             and [str(v).lower() for v in c.values] == ["false"]]
    return bool(tests) and all(c in tests or c in guard for c in st.conditions)


def _exceptions(st) -> list[str]:
    """Values of the ANDed negated aws:PrincipalArn tests (who the Deny spares)."""
    return [v for c in st.conditions_on("aws:PrincipalArn") if c.base in EXCEPTION_OPS
            and c.set_op is None for v in c.values if isinstance(v, str)]
