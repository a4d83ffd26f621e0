"""The instances of a resource, for rules that judge (and report) each one.

Checkov expands `count`/`for_each` when it can render them, and otherwise
scans one unexpanded block (`aws_vpc_endpoint.interface` with `for_each =
local.services`, where `local.services` is a `toset()` of a for expression, or
`for_each = aws_subnet.data`): its conf then holds `each.value`, `each.key ==
"ssm"` (rendered as null) and the like. A rule that reads its resource
through `of(ctx)` instead gets:

- Checkov expanded it, or there is no `count`/`for_each`: one `Instance`, the
  resource itself (`address` None: findings go to the resource Checkov names);
- Checkov left it unexpanded: one `Instance` per evaluated key, with its
  address (`module.endpoints.aws_vpc_endpoint.interface["ssm"]`) and its
  `count.index` / `each.key` / `each.value` (`zt_rules.tf.evaluate`);
  `count = 0` or an empty `for_each`: none (the resource is not created);
- the `count`/`for_each` cannot be evaluated: one `Instance` with `unknown`
  set (`for_each = var.services`): each.* are unknown, and a finding on it
  becomes a notice (it may not exist, or not in this form).

`Instance.get(name)` is the argument's value for that instance, shaped like
`ctx.get` (unwrapped; an unknown part as `${...}` text, so that
`values.is_unresolved` sees it). `Instance.resolve(name)` resolves its
references (`TfGraph.resolve_attr` with the instance's `each.*`).
`Instance.hit(ctx, message, ...)` makes the rule's Hit for that instance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from zt_rules.findings import Hit
from zt_rules.tf import values

_BARE_REF = re.compile(r"(?:data\.)?aws_[a-z0-9_]+\.[^\s(),]+|module\.[^\s(),]+")
_MISSING = object()


@dataclass(frozen=True, eq=False)
class Instance:
    graph: object | None        # TfGraph, None without a graph (plan JSON)
    vertex: int | None
    conf: dict                  # Checkov's conf of the scanned block
    address: str | None         # set for an instance of a block Checkov left unexpanded
    label: str = ""             # `["ssm"]`, `[0]`; "" for the resource itself
    env: dict = field(default_factory=dict)   # count.index / each.key / each.value
    unknown: str | None = None  # "for_each = var.x": the instances could not be enumerated
    rendered: bool = True       # Checkov's conf is this instance's (no each.* left in it)

    # -- values -------------------------------------------------------------------
    def _body(self):
        if self.graph is None or self.vertex is None:
            return None
        return self.graph.evaluator.body(self.vertex)

    def value(self, name: str, default=None):
        """The evaluated value (`evaluate.Ref` / `Unknown` kept); `default` when not set."""
        body = self._body()
        if body is None:
            v = values.first(self.conf, name, _MISSING)
            return default if v is _MISSING else v
        if name not in body:
            return default
        ev = self.graph.evaluator
        return ev.raw_value(ev.scope_of(self.vertex), body[name], {**ev.env_of(self.vertex), **self.env})

    def get(self, name: str, default=None):
        """The argument's value for this instance, shaped like `ctx.get(name)`."""
        body = self._body()
        if body is None:
            return values.first(self.conf, name, default)
        if name not in body:
            return default
        ev = self.graph.evaluator
        v = plain_value(ev, self.value(name), body[name])
        if values.is_unresolved(v) and self.rendered:
            rendered = values.first(self.conf, name)
            if rendered is not None and not values.is_unresolved(rendered):
                return rendered   # a value Checkov could render and we cannot (e.g. split())
        return default if v is None else v

    def resolve(self, name: str):
        """`graph.Resolved` of the argument's references, for this instance."""
        return self.graph.resolve_attr(self.vertex, name, self.env or None)

    # -- reporting ------------------------------------------------------------------
    def hit(self, ctx, message: str, key: str = "", unknown: str | None = None, **kw) -> Hit:
        """The rule's Hit for this instance: reported at the instance's address;
        a finding on an instance that may not exist is a notice."""
        if self.address is None and self.label:
            key = f"{self.label} {key}".strip()
        if unknown is None and self.unknown is not None:
            message = f"{message}, if created: {self.unknown} is not known statically"
            unknown = self.unknown
        return ctx.hit(message, key=key, unknown=unknown, address=self.address, **kw)

    @property
    def name(self) -> str:
        """How messages name the instance: ` (instance ["ssm"])` or ""."""
        return f" (instance {self.label})" if self.label else ""


def of(ctx) -> list[Instance]:
    """The instances of the resource a check is looking at."""
    graph = ctx.graph if getattr(ctx.check, "graph", None) is not None else None
    return at(graph, ctx.vertex if graph is not None else None, ctx.conf)


def at(graph, idx: int | None, conf: dict | None = None) -> list[Instance]:
    """The instances of a vertex (see the module docstring)."""
    if conf is None:
        conf = graph.conf(idx) if graph is not None and idx is not None else {}
    if graph is None or idx is None:
        return [Instance(graph, idx, conf, None)]
    ev = graph.evaluator
    if ev.body(idx) is None:   # .tf.json: for_each over a resource, by address
        bindings = graph.bindings(idx)
        if bindings == [{}]:
            return [Instance(graph, idx, conf, None)]
        return [Instance(graph, idx, conf, None, f'["{b["each.key"]}"]', b, rendered=False) for b in bindings]
    found, unknown = ev.expand(idx)
    if unknown is not None:
        from zt_rules.tf.evaluate import Unknown
        env = {name: Unknown(unknown) for name in ("count.index", "each.key", "each.value")}
        return [Instance(graph, idx, conf, None, env=env, unknown=unknown, rendered=False)]
    if len(found) == 1 and found[0][0] is None:
        return [Instance(graph, idx, conf, None, env=found[0][1])]
    address = graph.address(idx)
    out = []
    for key, env, addressable in found:
        label = f"[{key}]" if isinstance(key, int) else f'["{key}"]'
        out.append(Instance(graph, idx, conf, address + label if addressable else None, label, env,
                            rendered=False))
    return out


def plain_value(ev, v, raw):
    """An evaluated value in Checkov's conf shape: references as their text, an
    unknown part as `${...}` (a reference outside the scanned set as its bare text,
    which rules follow by name)."""
    from zt_rules.tf.evaluate import Ref, Unknown, expr_text
    if isinstance(v, Unknown):
        if _BARE_REF.fullmatch(v.text):
            return v.text
        return "${" + (v.text if v.text.startswith(("for_each =", "count =")) else expr_text(raw)) + "}"
    if isinstance(v, Ref):
        return ev.string(v)
    raw = _unwrap_one(raw)
    if isinstance(v, list):
        same = isinstance(raw, list) and len(raw) == len(v)
        return [plain_value(ev, x, raw[i] if same else raw) for i, x in enumerate(v)]
    if isinstance(v, dict):
        return {k: plain_value(ev, x, raw[k] if isinstance(raw, dict) and k in raw else raw)
                for k, x in v.items()}
    return v


def _unwrap_one(raw):
    """bc-python-hcl2 wraps a block argument's value in a one-element list."""
    return raw[0] if isinstance(raw, list) and len(raw) == 1 and isinstance(raw[0], (dict, list)) else raw
