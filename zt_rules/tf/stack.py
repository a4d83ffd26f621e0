"""Stack rules: judging what exists in a root module and the modules it calls.

Account-wide rules subclass `AccountCheck` (a check on `provider "aws"`
blocks): they compute their hits once per stack, each tagged with the region
it concerns, and each hit is reported on the root module's provider block
for that region, else on its first one (RULES.md "Where findings point").
`account_hits` gives the same hits for a root with no provider block at all.
Per-VPC rules are checks on `aws_vpc` that use `Stack.referrers`.
"""
from __future__ import annotations

import os
from typing import Iterable, Iterator

from zt_rules.findings import Hit
from zt_rules.tf import regions as rg
from zt_rules.tf.base import ZtProviderCheck
from zt_rules.tf.graph import module_prefix
from zt_rules.tf.values import is_unresolved


def dig(obj, *keys):
    """A nested value of a graph vertex or conf (block lists of one unwrapped)."""
    for key in keys:
        while isinstance(obj, list) and len(obj) == 1:
            obj = obj[0]
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    while isinstance(obj, list) and len(obj) == 1:
        obj = obj[0]
    return obj


def is_true(value, default: bool) -> bool:
    """A boolean argument; `default` when unset."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() == "true"
    return value is True


class Stack:
    """The resources of one root directory (its own and its modules')."""

    _cache: dict = {}

    @classmethod
    def of(cls, graph, root: str, config) -> "Stack":
        key = (id(graph.graph), root, config.fingerprint())
        stack = cls._cache.get(key)
        if stack is None or stack.graph is not graph:
            if len(cls._cache) > 16:
                cls._cache.clear()
            stack = cls._cache[key] = cls(graph, root, config)
        return stack

    def __init__(self, graph, root: str, config):
        self.graph = graph
        self.root = root
        self.config = config
        self.providers = rg.aws_providers(graph, root)
        self._region_cache: dict[int, rg.Region] = {}
        self.hits_cache: dict[str, list] = {}

    def resources(self, rtype: str) -> list[int]:
        return [i for i in self.graph.resources(rtype) if rg.owner_dir(self.graph.attrs[i]) == self.root]

    def attrs(self, idx: int) -> dict:
        return self.graph.attrs[idx]

    def address(self, idx: int) -> str:
        return self.graph.address(idx)

    # -- regions -------------------------------------------------------------
    @property
    def home(self) -> str | None:
        """The region of resources no provider places: the default provider's
        literal region, else the first region of `regions`."""
        for p in self.providers:
            if rg.provider_name(self.attrs(p)) == "aws":
                region = rg.provider_region(self.attrs(p))
                if region.name or region.unknown:
                    return region.name
        return self.config.regions[0] if self.config.regions else None

    def region(self, idx: int) -> rg.Region:
        if idx not in self._region_cache:
            region = rg.region_of(self.graph, idx)
            if region.name is None and region.unknown is None:
                region = rg.Region(self.home)
            self._region_cache[idx] = region
        return self._region_cache[idx]

    def target_regions(self) -> list[str | None]:
        """The regions the stack must cover: `regions`, else just the home one."""
        return list(self.config.regions) if self.config.regions else [self.home]

    def in_region(self, idxs: Iterable[int], region: str | None) -> tuple[list[int], list[int]]:
        """(resources known to be in `region`, resources whose region is unknown)."""
        known, unknown = [], []
        for i in idxs:
            r = self.region(i)
            if r.unknown:
                unknown.append(i)
            elif r.name == region:
                known.append(i)
        return known, unknown

    def anchor(self, region: str | None) -> int | None:
        """The provider block a finding about `region` points at."""
        for p in self.providers:
            if region and rg.provider_region(self.attrs(p)).name == region:
                return p
        return self.providers[0] if self.providers else None

    # -- references ------------------------------------------------------------
    def refers_to(self, idx: int, attr: str, target: int, literals: Iterable[str] = ()) -> bool | None:
        """Does `attr` of `idx` name `target` (by reference or by one of its
        literal values)? None when the value is unresolved."""
        value = self.attrs(idx).get(attr)
        if value is None:
            return False
        found, missing = self.graph.resolve(idx, attr, value)
        if target in found:
            return True
        values = value if isinstance(value, list) else [value]
        same_module = module_prefix(self.address(idx)) == module_prefix(self.address(target))
        if same_module and any(isinstance(v, str) and v in set(literals) for v in values):
            return True
        if missing or found:
            return False
        return None if is_unresolved(value) else False

    def referrers(self, rtype: str, attr: str, target: int,
                  literals: Iterable[str] = ()) -> tuple[list[int], list[int]]:
        """(resources of `rtype` whose `attr` names `target`, those whose `attr`
        cannot be resolved)."""
        hits, unknown = [], []
        for i in self.resources(rtype):
            verdict = self.refers_to(i, attr, target, literals)
            if verdict:
                hits.append(i)
            elif verdict is None:
                unknown.append(i)
        return hits, unknown


def region_label(region: str | None) -> str:
    return region or "the provider's default region (not configured)"


def join(items) -> str:
    return ", ".join(str(i) for i in items)


class AccountCheck(ZtProviderCheck):
    """An account-wide stack rule: `account_hits(stack)` yields (region, Hit)
    pairs; region None means the account as a whole."""

    def account_hits(self, stack: Stack) -> Iterator[tuple[str | None, Hit]]:
        raise NotImplementedError

    def _all_hits(self, stack: Stack) -> list:
        if self.id not in stack.hits_cache:
            stack.hits_cache[self.id] = list(self.account_hits(stack))
        return stack.hits_cache[self.id]

    def evaluate(self, ctx):
        graph = ctx.graph
        root = _root_of(ctx)
        stack = Stack.of(graph, root, ctx.config)
        me = _provider_vertex(stack, ctx)
        if me is None:  # a provider block inside a module: not an anchor
            return
        for region, hit in self._all_hits(stack):
            if stack.anchor(region) == me:
                yield hit

    def hit(self, message: str, **kw) -> Hit:
        return Hit(rule_id=self.id, message=message, **kw)


def _root_of(ctx) -> str:
    from zt_rules.tf.base import SETTINGS
    path = ctx.file if os.path.isabs(ctx.file) and os.path.exists(ctx.file) \
        else os.path.join(SETTINGS.root, ctx.file.lstrip("/"))
    return os.path.dirname(os.path.realpath(path))


def _provider_vertex(stack: Stack, ctx) -> int | None:
    for p in stack.providers:
        a = stack.attrs(p)
        if a.get("__start_line__") == ctx.start and a.get("file_path_", "").endswith(ctx.file):
            return p
    return None


ACCOUNT_CHECKS: list[AccountCheck] = []


def register(check: AccountCheck) -> AccountCheck:
    """Remember an account check (a module imported again does not add a second)."""
    if not any(c.id == check.id for c in ACCOUNT_CHECKS):
        ACCOUNT_CHECKS.append(check)
    return check


def account_hits(checkov_graph, root: str, config, rule_ids: Iterable[str]) -> list[Hit]:
    """Every account-wide hit of the stack in `root`, for a root without a
    `provider "aws"` block (the engine places them on the root directory)."""
    from zt_rules.tf.graph import TfGraph
    stack = Stack.of(TfGraph.of(checkov_graph), os.path.realpath(root), config)
    wanted = set(rule_ids)
    return [hit for check in ACCOUNT_CHECKS if check.id in wanted
            for _, hit in check._all_hits(stack)]


def has_root_provider(checkov_graph, root: str) -> bool:
    from zt_rules.tf.graph import TfGraph
    return bool(rg.aws_providers(TfGraph.of(checkov_graph), os.path.realpath(root)))


# -- per-VPC rules --------------------------------------------------------------
def vpc_stack(ctx) -> tuple[Stack, int] | tuple[None, None]:
    """The stack of an `aws_vpc` check and the VPC's vertex."""
    me = ctx.vertex
    if me is None:
        return None, None
    graph = ctx.graph
    return Stack.of(graph, rg.owner_dir(graph.attrs[me]), ctx.config), me


def unknown_refs_hit(ctx, stack: Stack, idxs: list[int], what: str, attrs: str = "vpc_id") -> Hit:
    names = join(stack.address(i) for i in idxs)
    return ctx.hit(f"cannot tell whether {names} {what}: its {attrs} is not resolved",
                   unknown=f"{attrs} of {names}", key="unknown-vpc")


def vpc_default_sg_unmanaged(ctx) -> list[Hit]:
    """ZT_NET_006, stack part: a VPC whose default security group is not
    managed (no `aws_default_security_group` for it). Call from an aws_vpc
    check in stack scope; the hits carry that check's rule id."""
    stack, me = vpc_stack(ctx)
    if stack is None:
        return []
    found, unknown = stack.referrers("aws_default_security_group", "vpc_id", me)
    if found:
        return []
    if unknown:
        return [unknown_refs_hit(ctx, stack, unknown, "manage this VPC's default security group")]
    return [ctx.hit("the VPC's default security group is not managed: AWS creates it allowing all "
                    "traffic between its members and all egress; add an empty "
                    "aws_default_security_group for this VPC", key="default-sg")]


# -- GuardDuty (MON_001, MON_003) ----------------------------------------------------
def detectors(stack: Stack) -> tuple[list[int], list[int], list[int]]:
    """(enabled detectors, disabled ones, ones whose `enable` is unresolved)."""
    on, off, unknown = [], [], []
    for i in stack.resources("aws_guardduty_detector"):
        value = stack.attrs(i).get("enable")
        if isinstance(value, str) and is_unresolved(value):
            unknown.append(i)
        else:
            (on if is_true(value, True) else off).append(i)
    return on, off, unknown


def org_autoenable_all(stack: Stack) -> list[int]:
    """`aws_guardduty_organization_configuration` that enable every member
    account (only `auto_enable_organization_members = "ALL"` does)."""
    return [i for i in stack.resources("aws_guardduty_organization_configuration")
            if stack.attrs(i).get("auto_enable_organization_members") == "ALL"]


def guardduty_absent(stack: Stack) -> bool:
    """No enabled detector at all (MON_001's case; MON_002/003 stay silent)."""
    on, _, unknown = detectors(stack)
    return not (on or unknown or org_autoenable_all(stack))


# -- SCPs (ORG_001, ORG_002) -------------------------------------------------------
def attached_scps(stack: Stack) -> tuple[list, list[int]]:
    """([(policy vertex, PolicyDoc)] of attached SCPs, attached SCPs whose
    content cannot be read). Documents come from zt_rules.tf.policies."""
    from zt_rules.tf.policies import block_at, documents_at
    docs, unreadable = [], []
    for i in stack.resources("aws_organizations_policy"):
        if not stack.referrers("aws_organizations_policy_attachment", "policy_id", i)[0]:
            continue
        for tfdoc in documents_at(stack.graph, block_at(stack.graph, i), None, stack.config):
            if tfdoc.kind != "scp":
                continue
            if tfdoc.doc is None or tfdoc.unknown or tfdoc.error:
                unreadable.append(i)
            else:
                docs.append((i, tfdoc.doc))
    return docs, unreadable


# -- VPC endpoints (PL_001, PL_003) --------------------------------------------------
def vpc_endpoints(stack: Stack, vpc: int, kind: str) -> tuple[set[str], list[int]]:
    """(services of `kind` endpoints, Gateway or Interface, in the VPC; endpoints
    whose VPC, type or service cannot be resolved). Each instance of a
    for_each/count that Checkov left unexpanded is judged on its own."""
    from zt_rules.tf.endpoint_policy import endpoint_type, instance_service
    from zt_rules.tf.instances import at
    found, unknown = stack.referrers("aws_vpc_endpoint", "vpc_id", vpc)
    services = set()
    for i in found:
        for inst in at(stack.graph, i):  # [] = not created
            kind_of = None if inst.unknown else endpoint_type(inst)
            service = instance_service(inst).service if kind_of == kind else None
            if kind_of is None or (kind_of == kind and service is None):
                unknown.append(i)
            elif service:
                services.add(service)
    return services, sorted(set(unknown))
