"""Following references in Checkov's Terraform graph, without its index bugs.

Checkov 3.3.30 links `x[2]` and `x[*]` to `x[0]` only and does not expand
`for_each` over a resource (shared/notes/checkov-graph.md). So references are
resolved here from the rendered expression text against an index of resource
addresses; graph edges are used only to cross module boundaries (outputs,
variables), where the rendered text names another module's resource.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"^((?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*)")
_REF = re.compile(
    r"(?P<module>(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*)"
    r"(?P<type>aws_[a-z0-9_]+)\.(?P<name>[A-Za-z0-9_-]+)"
    r"(?:\[(?P<index>[^\]]*)\])?(?:\.(?P<attr>[A-Za-z0-9_]+))?")
_PASS_THROUGH = {"output", "variable", "module", "locals"}


def module_prefix(address: str) -> str:
    """`module.a.module.b.aws_x.y` -> `module.a.module.b.`"""
    return _PREFIX.match(address).group(1)


def base_address(address: str) -> str:
    """The address without a trailing count/for_each index."""
    return re.sub(r"\[[^\]]*\]$", "", address)


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
        self.attrs: dict[int, dict] = {}
        self.by_address: dict[str, list[int]] = {}
        self.by_base: dict[str, list[int]] = {}
        self.by_type: dict[str, list[int]] = {}
        for idx, attrs in graph.nodes() if graph is not None else ():
            self.attrs[idx] = attrs
            if attrs.get("block_type_") != "resource":
                continue
            address = attrs.get("__address__", "")
            self.by_address.setdefault(address, []).append(idx)
            self.by_base.setdefault(base_address(address), []).append(idx)
            self.by_type.setdefault(attrs.get("resource_type", ""), []).append(idx)

    def vertex_for(self, ctx) -> int | None:
        """The vertex of the resource a check is looking at (address + line + file)."""
        for idx in self.by_address.get(ctx.address, ()):
            a = self.attrs[idx]
            if a.get("__start_line__") == ctx.start and a.get("file_path_", "").endswith(ctx.file):
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

    def address(self, idx: int) -> str:
        return self.attrs[idx].get("__address__", "")

    def root_dir(self, idx: int) -> str:
        """The directory of the module instance's files (tells roots apart)."""
        path = self.attrs[idx].get("file_path_", "")
        return path.rsplit("/", 1)[0]

    def _lookup(self, origin: int, ref: Ref) -> list[int]:
        prefix = module_prefix(self.address(origin))
        root = self.root_dir(origin)
        base = f"{prefix}{ref.type}.{ref.name}"
        if ref.index is None:
            candidates = self.by_address.get(base) or self.by_base.get(base, [])
        elif ref.index == "*":
            candidates = self.by_base.get(base, [])
        else:
            key = ref.index if ref.index.isdigit() or ref.index.startswith('"') else f'"{ref.index}"'
            candidates = self.by_address.get(f"{base}[{key}]", [])
        return [c for c in candidates if prefix or self.root_dir(c) == root]

    def resolve(self, origin: int, label: str, expr) -> tuple[list[int], list[str]]:
        """Resources an attribute's value refers to, and the parts left unresolved.

        `label` is the attribute's name (graph edge label prefix) used to cross
        module boundaries when the text names another module's resource.
        """
        found: list[int] = []
        missing: list[str] = []
        for ref in parse_refs(expr):
            hits = self._lookup(origin, ref)
            if not hits:
                hits = [i for i in self.follow_edges(origin, label) if self.attrs[i].get("resource_type") == ref.type]
            if hits:
                found.extend(h for h in hits if h not in found)
            else:
                missing.append(ref.text)
        return found, missing

    def follow_edges(self, origin: int, label: str) -> list[int]:
        """Resource vertices reached from `origin` by edges labelled `label`,
        hopping over outputs, variables and module vertices."""
        out: list[int] = []
        seen = {origin}
        frontier = [d for _, d, data in self.graph.out_edges(origin)
                    if data.get("label", "").split(".")[0] == label.split(".")[0]]
        while frontier:
            nxt = []
            for idx in frontier:
                if idx in seen:
                    continue
                seen.add(idx)
                kind = self.attrs[idx].get("block_type_")
                if kind == "resource":
                    out.append(idx)
                elif kind in _PASS_THROUGH:
                    nxt.extend(d for _, d, _ in self.graph.out_edges(idx))
            frontier = nxt
        return out
