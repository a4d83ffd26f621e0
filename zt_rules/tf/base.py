"""Base classes for our Checkov checks.

A check states its rule in `evaluate(ctx)`, yielding `Hit`s. The base class
registers the check from its catalog entry, turns hits into a Checkov result
(FAILED for findings, UNKNOWN when only undecidable, else PASSED) and keeps the
hits in `RECORDED` so that zt-lint can place each one in the source; plain
`checkov --external-checks-dir` sees the ordinary result and details.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from typing import Iterable

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.data.base_check import BaseDataCheck
from checkov.terraform.checks.provider.base_check import BaseProviderCheck
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from zt_rules import catalog
from zt_rules.config import Config
from zt_rules.findings import Hit
from zt_rules.tf import values

_CATEGORY = {"NET": CheckCategories.NETWORKING, "SG": CheckCategories.NETWORKING,
             "ACC": CheckCategories.NETWORKING, "PL": CheckCategories.NETWORKING,
             "IAM": CheckCategories.IAM, "S3": CheckCategories.GENERAL_SECURITY,
             "MON": CheckCategories.LOGGING, "ORG": CheckCategories.IAM}


@dataclass
class Settings:
    """What the running zt-lint passes to the checks (plain Checkov: defaults)."""

    config: Config = field(default_factory=Config)
    root: str = ""


SETTINGS = Settings()


@dataclass(frozen=True)
class Recorded:
    rule_id: str
    file: str          # as Checkov names it: relative to the root, leading "/"
    address: str
    start: int
    end: int
    hits: tuple[Hit, ...]
    suppression: str | None = None   # a checkov:skip comment's reason
    crash: str | None = None         # a rule that raised: reported as an error
    block: str = "resource"          # resource | data | provider


RECORDED: list[Recorded] = []


class Context:
    """What a rule sees of one resource: its conf, normalised access, the graph."""

    def __init__(self, check, conf: dict, scanned_file: str, entity_type: str):
        self.check = check
        self.conf = conf
        self.file = scanned_file
        self.type = entity_type
        self.address = conf.get("__address__", "")
        # HCL mode: __start_line__; plan JSON mode: list-wrapped __startline__
        self.start = conf.get("__start_line__") or values.first(conf, "__startline__", 0)
        self.end = conf.get("__end_line__") or values.first(conf, "__endline__", 0)
        self.config = SETTINGS.config

    def get(self, key, default=None):
        return values.first(self.conf, key, default)

    def hit(self, message: str, **kw) -> Hit:
        return Hit(rule_id=self.check.id, message=message, **kw)

    @property
    def graph(self):
        from zt_rules.tf.graph import TfGraph
        return TfGraph.of(self.check.graph)

    @property
    def vertex(self):
        """This resource's vertex index in the graph, or None."""
        return self.graph.vertex_for(self)

    @property
    def path(self) -> str:
        """Absolute path of the resource's file."""
        import os
        if SETTINGS.root:
            return os.path.join(SETTINGS.root, self.file.lstrip("/"))
        idx = self.vertex
        return self.graph.attrs[idx].get("file_path_", self.file) if idx is not None else self.file

    @property
    def name(self) -> str:
        """The block's name label (`aws_x.web[0]` -> `web`)."""
        from zt_rules.tf.graph import base_address
        return base_address(self.address).rsplit(".", 1)[-1]

    def source_lines(self) -> list[str]:
        from zt_rules.tf.source import read_lines
        return read_lines("", self.path)


class _ZtCheckMixin:
    rule_id: str = ""

    def evaluate(self, ctx: Context) -> Iterable[Hit]:
        raise NotImplementedError

    def _record(self, conf, scanned_file, entity_type, suppression=None) -> list[Hit]:
        ctx = Context(self, conf, scanned_file, entity_type)
        try:
            found = self._instances(ctx)
            # count 0 or an empty for_each (Checkov still scans it, sometimes with a count it
            # rendered wrongly): nothing to judge
            hits = tuple(self.evaluate(ctx)) if found is None or found[3] else ()
            hits = _one_instance_address(ctx, found, hits)
            crash = None
        except Exception as exc:  # a rule bug must not pass silently
            logging.debug("rule %s crashed", self.id, exc_info=True)
            hits = ()
            crash = f"{type(exc).__name__}: {exc} ({traceback.extract_tb(exc.__traceback__)[-1].name})"
        RECORDED.append(Recorded(self.id, scanned_file, ctx.address, ctx.start, ctx.end,
                                 hits, suppression, crash, self.block_type))
        return list(hits)

    def _instances(self, ctx: Context):
        """`sg.instances` of a resource block (None otherwise, or without a graph)."""
        if self.block_type != "resource" or getattr(self, "graph", None) is None:
            return None
        from zt_rules.tf.sg import instances
        return instances(ctx)

    def run(self, scanned_file, entity_configuration, entity_name, entity_type, skip_info):
        self._scanned_file = scanned_file
        self._suppression = None
        if skip_info:  # checkov:skip: still evaluate, so zt-lint can show it as suppressed
            self._suppression = skip_info.get("suppress_comment") or "checkov:skip"
            try:
                self.scan_entity_conf(entity_configuration, entity_type)
            finally:
                self._suppression = None
        return super().run(scanned_file, entity_configuration, entity_name, entity_type, skip_info)

    def _result(self, conf, entity_type):
        hits = self._record(conf, self._scanned_file, entity_type, self._suppression)
        self.details = [h.message if h.unknown is None else f"unknown: {h.unknown}" for h in hits]
        if any(h.unknown is None for h in hits):
            return CheckResult.FAILED
        return CheckResult.UNKNOWN if hits else CheckResult.PASSED


def _one_instance_address(ctx: Context, found, hits: tuple) -> tuple:
    """A resource Checkov left unexpanded that has exactly one instance: its hits
    name that instance (`aws_iam_user.u[0]`), as Terraform does."""
    from zt_rules.tf.graph import instance_key
    if not hits or found is None or found[4] is not None or len(found[3]) != 1 or \
            instance_key(ctx.address) is not None:
        return hits
    from dataclasses import replace
    env = found[3][0]
    key = env.get("each.key", env.get("count.index"))
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        return hits
    label = f"[{key}]" if isinstance(key, int) else f'["{key}"]'
    return tuple(h if h.address else replace(h, address=ctx.address + label) for h in hits)


class ZtResourceCheck(_ZtCheckMixin, BaseResourceCheck):
    """A rule over `resource` blocks; supported types come from the catalog."""

    def __init__(self):
        rule = catalog.get(self.rule_id)
        BaseResourceCheck.__init__(self, name=rule.title, id=rule.id,
                                   categories=[_CATEGORY[rule.area]],
                                   supported_resources=list(rule.resource_types))
        self.rule = rule

    def scan_resource_conf(self, conf):
        return self._result(conf, self.entity_type)


class ZtDataCheck(_ZtCheckMixin, BaseDataCheck):
    """A rule over `data` blocks (aws_iam_policy_document)."""

    data_types: tuple[str, ...] = ("aws_iam_policy_document",)

    def __init__(self):
        rule = catalog.get(self.rule_id)
        BaseDataCheck.__init__(self, name=rule.title, id=rule.id,
                               categories=[_CATEGORY[rule.area]],
                               supported_data=list(self.data_types))
        self.rule = rule

    def scan_data_conf(self, conf):
        return self._result(conf, self.data_types[0])


class ZtProviderCheck(_ZtCheckMixin, BaseProviderCheck):
    """A stack rule anchored on `provider "aws"` blocks (account-wide findings
    point at the provider block of the region concerned)."""

    def __init__(self):
        rule = catalog.get(self.rule_id)
        BaseProviderCheck.__init__(self, name=rule.title, id=rule.id,
                                   categories=[_CATEGORY[rule.area]], supported_provider=["aws"])
        self.rule = rule

    def scan_provider_conf(self, conf):
        return self._result(conf, "aws")
