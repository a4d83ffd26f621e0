"""Following references in Checkov's Terraform graph, without its index bugs.

Checkov 3.3.30 links `x[2]` and `x[*]` to `x[0]` only, does not expand
`for_each` over a resource or over a computed collection, and renders values
across module boundaries in a mix of contexts (shared/notes/checkov-graph.md).
So an argument is evaluated from the raw HCL, module instance by module
instance (`zt_rules.tf.evaluate`). Without raw HCL (`.tf.json`), the rendered
text is resolved against the index of resource addresses: a name not found in
the resource's own module is looked up in its caller modules, then in the
modules it calls; graph edges are the last resort.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from zt_rules.tf import values

_PREFIX = re.compile(r"^((?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*)")
# Not preceded by a word or dot: `data.aws_x.y` and `var.aws_x` are not resource references.
_REF = re.compile(
    r"(?<![\w.])(?P<module>(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*)"
    r"(?P<type>aws_[a-z0-9_]+)\.(?P<name>[A-Za-z0-9_-]+)"
    r"(?:\[(?P<index>[^\]]*)\])?(?:\.(?P<attr>[A-Za-z0-9_]+))?")
_PASS_THROUGH = {"output", "variable", "module", "locals"}
_KEY = re.compile(r'\[("?)([^\]"]*)\1\]$')


def module_prefix(address: str) -> str:
    """`module.a.module.b.aws_x.y` -> `module.a.module.b.`"""
    return _PREFIX.match(address).group(1)


def base_address(address: str) -> str:
    """The address without a trailing count/for_each index."""
    return re.sub(r"\[[^\]]*\]$", "", address)


def instance_key(address: str) -> str | None:
    """`x["a"]` -> `a`, `x[2]` -> `2`, `x` -> None."""
    m = _KEY.search(address)
    return m.group(2) if m else None


def _norm_index(index: str) -> str:
    index = index.strip()
    if len(index) >= 2 and index[0] == index[-1] == '"' and index[1:-1].isdigit():
        return index[1:-1]
    return index


@dataclass(frozen=True)
class Ref:
    """One resource reference found in an expression."""

    type: str
    name: str
    index: str | None     # None: no index; "*": splat; else a key or number
    attr: str | None
    text: str


def parse_refs(expr) -> list[Ref]:
    """Every `aws_type.name[idx].attr` in a rendered value (string or nested lists)."""
    if isinstance(expr, (list, tuple)):
        return [r for e in expr for r in parse_refs(e)]
    if not isinstance(expr, str):
        return []
    refs = []
    for m in _REF.finditer(expr):
        if m.group("module"):
            continue  # module outputs are followed through edges
        index = m.group("index")
        refs.append(Ref(m.group("type"), m.group("name"),
                        None if index is None else _norm_index(index), m.group("attr"), m.group(0)))
    return refs


@dataclass
class Resolved:
    """What the parts of a value refer to: resources, unresolved expressions,
    and literals (ids of things outside the scanned set, such as `rtb-0abc`)."""

    found: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)
    attrs: dict[int, set] = field(default_factory=dict)   # found vertex -> attributes named
    # found vertex -> the instances named (`["ssm"]`; None: the vertex as a whole)
    instances: dict[int, set] = field(default_factory=dict)


def binding_text(value) -> str:
    """A binding value (`each.value`) as expression text."""
    return value if isinstance(value, str) else getattr(value, "text", str(value))


class TfGraph:
    """An index over one Checkov graph (rustworkx PyDiGraph)."""

    _cache: dict[int, "TfGraph"] = {}

    @classmethod
    def of(cls, graph) -> "TfGraph":
        key = id(graph)
        cached = cls._cache.get(key)
        if cached is None or cached.graph is not graph:
            cached = cls._cache[key] = cls(graph)
        return cached

    def __init__(self, graph):
        self.graph = graph
        self.memo: dict = {}   # per-graph caches of the helpers built on this index
        self.attrs: dict[int, dict] = {}
        self.by_address: dict[str, list[int]] = {}
        self.by_base: dict[str, list[int]] = {}
        self.by_type: dict[str, list[int]] = {}
        self.variables: dict[tuple[str, str], dict] = {}
        for idx, attrs in graph.nodes() if graph is not None else ():
            self.attrs[idx] = attrs
            if attrs.get("block_type_") == "variable":
                self.variables[(attrs.get("file_path_", ""), attrs.get("block_name_", ""))] = attrs
            if attrs.get("block_type_") != "resource":
                continue
            address = attrs.get("__address__", "")
            self.by_address.setdefault(address, []).append(idx)
            self.by_base.setdefault(base_address(address), []).append(idx)
            self.by_type.setdefault(attrs.get("resource_type", ""), []).append(idx)

    @property
    def evaluator(self):
        """The expression evaluator over this graph (built once)."""
        if "evaluator" not in self.memo:
            from zt_rules.tf.evaluate import Evaluator
            self.memo["evaluator"] = Evaluator(self)
        return self.memo["evaluator"]

    def vertex_for(self, ctx) -> int | None:
        """The vertex of the resource a check is looking at (address + line + file;
        a module outside the scanned root, `source = "../../"`, has `..` in its
        file name: compared as normalised absolute paths)."""
        for idx in self.by_address.get(ctx.address, ()):
            a = self.attrs[idx]
            start = a.get("__start_line__", a.get("__startline__"))  # plan JSON: __startline__
            if start == ctx.start and a.get("file_path_", "").endswith(ctx.file):
                return idx
        if ".." not in ctx.file:
            return None
        from zt_rules.tf.base import SETTINGS
        if not SETTINGS.root:
            return None
        path = os.path.normpath(os.path.join(SETTINGS.root, ctx.file.lstrip("/")))
        for idx in self.by_address.get(ctx.address, ()):
            a = self.attrs[idx]
            if a.get("__start_line__") == ctx.start and os.path.normpath(a.get("file_path_", "")) == path:
                return idx
        return None

    def resources(self, rtype: str, near: int | None = None) -> list[int]:
        """Resources of a type; with `near`, only those in the same module instance
        and the same root directory as that vertex."""
        found = self.by_type.get(rtype, [])
        if near is None:
            return list(found)
        prefix = module_prefix(self.address(near))
        root = self.root_dir(near)
        return [i for i in found if module_prefix(self.address(i)) == prefix and self.root_dir(i) == root]

    def in_root(self, rtype: str, near: int) -> list[int]:
        """Resources of a type anywhere in the scanned root of `near` (all its modules)."""
        root = self.scan_root(near)
        return [i for i in self.by_type.get(rtype, []) if self.scan_root(i) == root]

    def address(self, idx: int) -> str:
        return self.attrs[idx].get("__address__", "")

    def type_of(self, idx: int) -> str:
        return self.attrs[idx].get("resource_type", "")

    def conf(self, idx: int) -> dict:
        """A vertex's conf in Checkov's check shape (list-wrapped values)."""
        config = self.attrs[idx].get("config_") or {}
        for by_name in config.values():
            for conf in by_name.values():
                if isinstance(conf, dict):
                    return conf
        return {}

    def root_dir(self, idx: int) -> str:
        """The directory of the module instance's files (tells roots apart)."""
        path = self.attrs[idx].get("file_path_", "")
        return path.rsplit("/", 1)[0]

    def scan_root(self, idx: int) -> str:
        """The directory of the root module a vertex belongs to (through its callers)."""
        caller = self.attrs[idx].get("source_module_object_")
        while caller is not None and getattr(caller, "nested_tf_module", None) is not None:
            caller = caller.nested_tf_module
        path = getattr(caller, "path", None) or self.attrs[idx].get("file_path_", "")
        return os.path.dirname(path)

    # -- for_each over a resource ------------------------------------------------

    def bindings(self, idx: int) -> list[dict]:
        """`each.key`/`each.value` per instance of a resource whose `for_each`
        (over another resource, or over a computed collection) Checkov left
        unexpanded; `[{}]` otherwise. Values are `evaluate.Ref`s or plain values."""
        if instance_key(self.address(idx)) is not None or self.evaluator.body(idx) is None:
            return self._text_bindings(idx)
        envs = self.evaluator.instances(idx)
        return envs if any("each.value" in e for e in envs) else [{}]

    def _text_bindings(self, idx: int) -> list[dict]:
        """Without raw HCL: for_each over a resource, by address."""
        if instance_key(self.address(idx)) is not None:
            return [{}]
        raw = values.first(self.conf(idx), "for_each")
        out = []
        for ref in parse_refs(raw):
            if ref.index not in (None, "*"):
                continue
            for inst in self._lookup(idx, Ref(ref.type, ref.name, "*", None, ref.text)):
                address = self.address(inst)
                value = address + (f".{ref.attr}" if ref.index == "*" and ref.attr else "")
                out.append({"each.value": value, "each.key": instance_key(address) or value})
        return out or [{}]

    # -- resolving ------------------------------------------------------------------

    def _candidates(self, address: str, ref: Ref) -> list[int]:
        if ref.index is None:
            return self.by_address.get(address) or self.by_base.get(address, [])
        if ref.index == "*":
            return self.by_base.get(address, [])
        key = ref.index if ref.index.isdigit() or ref.index.startswith('"') else f'"{ref.index}"'
        return self.by_address.get(f"{address}[{key}]", [])

    def _lookup(self, origin: int, ref: Ref) -> list[int]:
        """Own module first, then the callers' modules, then the modules called."""
        prefix = module_prefix(self.address(origin))
        root = self.scan_root(origin)
        local = f"{ref.type}.{ref.name}"
        prefixes = [prefix]
        while prefixes[-1]:
            prefixes.append(module_prefix(prefixes[-1][:-1]))
        for p in prefixes:
            hits = [c for c in self._candidates(p + local, ref) if self.scan_root(c) == root]
            if hits:
                return hits
        below = [c for c in self.by_type.get(ref.type, [])
                 if self.address(c).startswith(prefix) and module_prefix(self.address(c)) != prefix
                 and self.scan_root(c) == root]
        prefixes = {module_prefix(self.address(c)) for c in below
                    if base_address(self.address(c))[len(module_prefix(self.address(c))):] == local}
        if len(prefixes) == 1:
            return [c for c in self._candidates(prefixes.pop() + local, ref) if self.scan_root(c) == root]
        return []

    def resolve_expr(self, origin: int, expr, label: str = "", binding: dict | None = None) -> Resolved:
        """Resolve each element of a value (after substituting `each.*` from `binding`)."""
        out = Resolved()
        for text in values.as_list(expr):
            text = values.as_str(text) if not isinstance(text, (dict, list)) else str(text)
            for name, sub in (binding or {}).items():
                text = text.replace(name, binding_text(sub))
            refs = parse_refs(text)
            if not refs:
                (out.missing if values.is_unresolved(text) else out.literals).append(text)
                continue
            for ref in refs:
                hits = self._lookup(origin, ref)
                if not hits and label:
                    hits = [i for i in self.follow_edges(origin, label) if self.type_of(i) == ref.type]
                if hits:
                    out.found.extend(h for h in hits if h not in out.found)
                    for h in hits:
                        out.attrs.setdefault(h, set()).add(ref.attr)
                else:
                    out.missing.append(ref.text)
        return out

    def resolve(self, origin: int, label: str, expr) -> tuple[list[int], list[str]]:
        """Resources an attribute's value refers to, and the parts left unresolved."""
        r = self.resolved(origin, label, expr)
        return r.found, r.missing

    def resolved(self, origin: int, label: str, expr) -> Resolved:
        """`resolve`, whole. `label` is the attribute's name. When `expr` is that
        attribute's own value, it is evaluated from the raw HCL; otherwise the
        rendered text is resolved (and `label` names the graph edges used to
        cross module boundaries)."""
        if label in (self.evaluator.body(origin) or {}) and expr is not None \
                and expr == self.attrs[origin].get(label):
            return self.resolve_attr(origin, label)
        return self.resolve_expr(origin, expr, label)

    def resolve_attr(self, origin: int, attr: str, binding: dict | None = None) -> Resolved:
        """Resolve one argument of a vertex: evaluated from the raw HCL in its
        module instance, else read from its conf."""
        body = self.evaluator.body(origin)
        if body is not None and attr in body:
            ev = self.evaluator
            env = {**ev.env_of(origin), **(binding or {})}
            return self.leaves(ev.raw_value(ev.scope_of(origin), body[attr], env))
        if body is not None and self.attrs[origin].get("block_type_") == "resource":
            return Resolved()   # not set
        out = self.resolve_expr(origin, self.conf(origin).get(attr), attr, binding)
        out.missing += [f"var.{name}" for name in self.open_variables(origin, attr)]
        return out

    def leaves(self, value) -> Resolved:
        """Split an evaluated value into resources, unknowns and literals."""
        from zt_rules.tf.evaluate import Ref, Unknown
        out = Resolved()
        todo = [value]
        while todo:
            v = todo.pop(0)
            if isinstance(v, list):
                todo[:0] = v
            elif isinstance(v, dict):
                todo[:0] = list(v.values())
            elif isinstance(v, Ref):
                out.found.extend(i for i in v.vertices if i not in out.found)
                for i in v.vertices:
                    out.attrs.setdefault(i, set()).add(v.attr)
                    out.instances.setdefault(i, set()).add(v.instance)
            elif isinstance(v, Unknown):
                out.missing.append(v.text)
            elif v is not None:
                out.literals.append(self.evaluator.string(v))
        return out

    def open_variables(self, idx: int, attr: str) -> list[str]:
        """Variables without a value that rendered `attr` (Checkov renders a typed
        one as an empty value, e.g. `[]` for `list(string)`, which is not a pass)."""
        crumbs = self.attrs[idx].get("rendering_breadcrumbs_") or {}
        out = []
        for key, trail in crumbs.items():
            if key != attr and not key.startswith(attr + "."):
                continue
            for crumb in trail:
                var = self.variables.get((crumb.get("path", ""), crumb.get("name", "")))
                if crumb.get("type") == "variable" and var is not None and "default" not in var \
                        and crumb["name"] not in out:
                    out.append(crumb["name"])
        return out

    def links(self, rtype: str, attr: str) -> dict[int, list[tuple[int, dict]]]:
        """Reverse index: target vertex -> [(referrer of `rtype`, binding)] for `attr`.
        Referrers whose `attr` stays unresolved (not a literal id) are under key -1."""
        key = ("links", rtype, attr)
        if key not in self.memo:
            index: dict[int, list[tuple[int, dict]]] = {}
            for idx in self.by_type.get(rtype, []):
                for binding in self.bindings(idx):
                    r = self.resolve_attr(idx, attr, binding)
                    for target in r.found:
                        index.setdefault(target, []).append((idx, binding))
                    if r.missing:
                        index.setdefault(-1, []).append((idx, binding))
            self.memo[key] = index
        return self.memo[key]

    def follow_edges(self, origin: int, label: str) -> list[int]:
        """Resource vertices reached from `origin` by edges labelled `label`,
        hopping over outputs, locals, variables and module vertices (from a
        module variable, only the module call's argument of that name)."""
        out: list[int] = []
        seen = {origin}
        frontier = [(d, None) for _, d, data in self.graph.out_edges(origin)
                    if data.get("label", "").split(".")[0] == label.split(".")[0]]
        while frontier:
            nxt = []
            for idx, argument in frontier:
                if idx in seen:
                    continue
                seen.add(idx)
                a = self.attrs[idx]
                kind = a.get("block_type_")
                if kind == "resource":
                    out.append(idx)
                elif kind == "module":
                    nxt.extend((d, None) for _, d, data in self.graph.out_edges(idx)
                               if argument and data.get("label", "").split(".")[0] == argument)
                elif kind in _PASS_THROUGH:
                    name = a.get("block_name_") if kind == "variable" else None
                    nxt.extend((d, name) for _, d, _ in self.graph.out_edges(idx))
            frontier = nxt
        return out
