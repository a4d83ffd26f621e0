"""The IAM analyzer's rules (ZT_IAM_001…014) on documents in Terraform.

One resource check and one data check per *active* catalog rule that the
analyzer implements (`zt_rules.iam.rules.KINDS`); a rule that becomes active
gets its checks automatically. Each resource is analysed once: the 14 checks
share `analysis(ctx)`. Documents from `data "aws_iam_policy_document"` are
judged at the data block only (RULES.md "Where findings point").
"""
from __future__ import annotations

from zt_rules import catalog
from zt_rules.findings import Hit
from zt_rules.iam import analyze
from zt_rules.iam.rules import KINDS
from zt_rules.tf import policies
from zt_rules.tf.base import ZtDataCheck, ZtResourceCheck

_CACHE: dict = {"graph": None, "items": {}}


def analysis(ctx) -> list[tuple[policies.TfDocument, str, list[Hit]]]:
    """(document, kind, hits of every rule) for the block a check is looking at, computed once."""
    if _CACHE["graph"] is not ctx.check.graph:
        _CACHE["graph"], _CACHE["items"] = ctx.check.graph, {}
        policies.clear_cache()
    block = policies.block_of(ctx)
    if block not in _CACHE["items"]:
        _CACHE["items"][block] = list(_analyse(ctx, block))
    return _CACHE["items"][block]


def _analyse(ctx, block):
    graph = ctx.graph
    for tfdoc in policies.documents_of(ctx):
        if block.kind == "resource" and tfdoc.form == "data":
            continue  # judged at the data block
        users = None
        kinds = [tfdoc.kind]
        if block.kind == "data":
            found = policies.consumers(graph, block)
            users = [b for b, _ in found] or None
            kinds = sorted({k for _, k in found}) or [tfdoc.kind]
        for kind in kinds:
            if tfdoc.doc is None:
                yield tfdoc, kind, []
                continue
            context = policies.context_for(graph, block, tfdoc, users)
            yield tfdoc, kind, analyze(tfdoc.doc, kind, ctx.config, context)


class _IamRule:
    rule_id = ""

    def evaluate(self, ctx):
        seen = set()
        for tfdoc, kind, hits in analysis(ctx):
            if kind not in KINDS[self.rule_id]:
                continue
            for hit in _hits(self.rule_id, tfdoc, kind, hits):
                if (hit.key, hit.line, hit.unknown) not in seen:
                    seen.add((hit.key, hit.line, hit.unknown))
                    yield hit


def _hits(rule_id, tfdoc, kind, hits):
    where = f"the {kind} policy in {tfdoc.argument}"
    if tfdoc.unknown is not None:
        yield Hit(rule_id, f"cannot judge {where}: {tfdoc.unknown} is not known", line=tfdoc.line,
                  key=tfdoc.argument, unknown=tfdoc.unknown)
        return
    if tfdoc.error is not None:
        if rule_id == "ZT_IAM_001":
            yield Hit(rule_id, f"{where} is not valid JSON ({tfdoc.error.message}); AWS rejects it",
                      line=tfdoc.tf_line(tfdoc.error.line) or tfdoc.line, key=_key(tfdoc, "Policy"))
        return
    mine = [h for h in hits if h.rule_id == rule_id]
    for h in mine:
        yield Hit(rule_id, h.message, line=tfdoc.tf_line(h.line), key=_key(tfdoc, h.key),
                  severity=h.severity, fix=h.fix)
    if not mine and tfdoc.partial:
        unknown = ", ".join(tfdoc.partial)
        yield Hit(rule_id, f"judged {where} without {unknown}, which is not known", line=tfdoc.line,
                  key=tfdoc.argument, unknown=unknown)


def _key(tfdoc, key: str) -> str:
    """Hit keys of documents that share a resource (aws_iam_role) name their argument."""
    return key if tfdoc.argument in ("policy", "content") or \
        tfdoc.argument.startswith("data.") else f"{tfdoc.argument} {key}"


def _rule_ids() -> list[str]:
    return [r.id for r in catalog.active() if r.engine == "iam" and r.id in KINDS]


def register(rule_ids) -> list:
    """Create and register the checks of `rule_ids` not registered yet (never twice)."""
    from checkov.terraform.checks.data.registry import data_registry
    from checkov.terraform.checks.resource.registry import resource_registry
    made = []
    for rule_id in rule_ids:
        suffix = rule_id.replace("ZT_", "").replace("_", "")
        pairs = ((resource_registry, ZtResourceCheck, "Resource"), (data_registry, ZtDataCheck, "Data"))
        for registry, base, label in pairs:
            if any(c.id == rule_id for checks in registry.checks.values() for c in checks):
                continue
            cls = type(f"{label}{suffix}", (_IamRule, base), {"rule_id": rule_id, "__module__": __name__})
            made.append(cls())
    return made


CHECKS = register(_rule_ids())
