"""Security group rules in one shape, whatever resource they come from.

Inline `ingress`/`egress` blocks (dynamic ones too), `aws_security_group_rule`
and `aws_vpc_security_group_{ingress,egress}_rule` become `SgRule`s with the
field normalisation of RULES.md ("Security group rule fields, normalised").

Checkov 3.3.30 garbles `dynamic` blocks (static blocks of the same name are
dropped, list literals and iterators stay unrendered, for_each over a var is
lost), so a direction that has a `dynamic` block is read from the source text
and expanded here (see `_expand`).
"""
from __future__ import annotations

import ast
import ipaddress
import re
from dataclasses import dataclass, replace

from zt_rules.tf import values
from zt_rules.tf.instances import plain_value
from zt_rules.tf.source import block_lines

SG_RULE_TYPES = ("aws_security_group", "aws_security_group_rule",
                 "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")
_ALL = {"-1", "all"}
_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


@dataclass(frozen=True)
class SgRule:
    direction: str                 # "ingress" | "egress"
    protocol: str | None           # "all", "tcp", "udp", "icmp", a number; None: unknown
    from_port: int | None
    to_port: int | None
    cidrs: tuple[str, ...]
    sg_refs: tuple[str, ...]
    prefix_lists: tuple[str, ...]
    self_ref: bool
    description: str | None
    line: int
    key: str                       # "ingress[1]" for inline blocks, "" for rule resources
    unknown: tuple[str, ...] = ()  # expressions that could not be resolved
    ports_given: bool = True       # False when the resource leaves ports out
    unknown_peer: tuple[str, ...] = ()  # unresolved source/destination expressions
    exists_unknown: str | None = None   # `count`/`for_each` unknown: the resource may not exist

    @property
    def all_protocols(self) -> bool:
        return self.protocol == "all"

    @property
    def has_source(self) -> bool:
        """A source (ingress) or destination (egress) is given."""
        return bool(self.cidrs or self.sg_refs or self.prefix_lists or self.self_ref)

    @property
    def ports_known(self) -> bool:
        return self.protocol is not None and (self.all_protocols or
                                              (self.from_port is not None and self.to_port is not None))

    def opens(self, port: int, protocols=("tcp",)) -> bool:
        """Does the rule open `port` (over one of `protocols`)?"""
        if self.all_protocols:
            return True
        if self.protocol not in protocols or self.from_port is None or self.to_port is None:
            return False
        return self.from_port <= port <= self.to_port

    @property
    def all_ports(self) -> bool:
        """All protocols, or every TCP/UDP port (0-65535 or 1-65535)."""
        if self.all_protocols:
            return True
        return self.protocol in ("tcp", "udp") and self.from_port is not None and \
            self.to_port is not None and self.from_port <= 1 and self.to_port >= 65535

    def ports_text(self) -> str:
        if self.all_protocols:
            return "all protocols and ports"
        if not self.ports_known:
            return "unknown ports"
        if self.from_port == self.to_port:
            return f"{self.protocol} port {self.from_port}"
        return f"{self.protocol} ports {self.from_port}-{self.to_port}"


def vertex_of(ctx) -> int | None:
    """`ctx.vertex`, also for a resource of a module outside the scanned root
    (`source = "../../"`: Checkov names its file `../../main.tf`, which
    `TfGraph.vertex_for` does not match against the absolute `file_path_`).
    Stopgap until `vertex_for` compares normalised paths."""
    me = ctx.vertex
    if me is not None or ".." not in ctx.file:
        return me
    import os
    path = os.path.normpath(ctx.path)
    for idx in ctx.graph.by_address.get(ctx.address, ()):
        a = ctx.graph.attrs[idx]
        if a.get("__start_line__") == ctx.start and os.path.normpath(a.get("file_path_", "")) == path:
            return idx
    return None


def is_world(cidr: str) -> bool:
    try:
        return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
    except ValueError:
        return False


def _protocol(value) -> str | None:
    text = values.as_str(value)
    if text is None or values.is_unresolved(text):
        return None
    text = text.strip().lower()
    if text in _ALL:
        return "all"
    return _NAMES.get(text, text)


def _strings(value) -> list[str]:
    return [values.as_str(v) for v in values.as_list(value) if values.as_str(v) not in (None, "")]


def _one(get, name):
    return values.first({"v": get(name)}, "v")


def _build(get, direction: str, line: int, key: str, ports_optional: bool) -> SgRule:
    """`get(name)` returns a raw (Checkov-wrapped) field value or None."""
    unknown: list[str] = []
    peer_unknown: list[str] = []
    cidrs = []
    for field in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
        for c in _strings(get(field)):
            if values.is_unresolved(c):
                peer_unknown.append(f"{field} = {_strip(c)}")
            else:
                cidrs.append(c)
    refs = []
    for field in ("source_security_group_id", "security_groups", "referenced_security_group_id"):
        refs.extend(_strings(get(field)))
    prefix_lists = []
    for field in ("prefix_list_ids", "prefix_list_id"):
        prefix_lists.extend(_strings(get(field)))
    raw_protocol = _one(get, "protocol") if get("protocol") is not None else _one(get, "ip_protocol")
    protocol = _protocol(raw_protocol)
    if protocol is None:
        unknown.append(f"protocol = {raw_protocol}")
    ports = []
    for field in ("from_port", "to_port"):
        raw = _one(get, field)
        port = values.as_int(raw)
        if raw is not None and port is None:
            unknown.append(f"{field} = {raw}")
        ports.append(port)
    from_port, to_port = ports
    ports_given = not (ports_optional and from_port is None and to_port is None)
    if protocol == "all" and not ports_given:
        from_port, to_port = 0, 0
    raw_self = _one(get, "self")
    self_ref = values.as_bool(raw_self) is True
    if values.is_unresolved(raw_self):  # `self` unknown: the rule may well have a source
        peer_unknown.append(f"self = {_strip(raw_self)}")
    description = values.as_str(_one(get, "description"))
    return SgRule(direction, protocol, from_port, to_port, tuple(cidrs), tuple(refs),
                  tuple(prefix_lists), self_ref, description, line, key,
                  tuple(unknown + peer_unknown), ports_given, tuple(peer_unknown))


def rules_of(ctx) -> list[SgRule]:
    """The rules a resource declares, each with the line it starts on.
    Rules of an `aws_default_security_group` are NET_006's: none here."""
    if ctx.type == "aws_security_group":
        return inline_rules(ctx)
    if ctx.type not in SG_RULE_TYPES or attached_to_default_sg(ctx):
        return []
    fixed = None if ctx.type == "aws_security_group_rule" else \
        ("ingress" if ctx.type.endswith("ingress_rule") else "egress")
    me = vertex_of(ctx)
    memo = ctx.graph.memo if me is not None else {}
    key = ("sg_rules", me)
    if key not in memo:
        memo[key] = _resource_rules(ctx, fixed)
    return memo[key]


def _resource_rules(ctx, fixed: str | None) -> list[SgRule]:
    """A rule resource evaluated from the raw HCL in its module instance (Checkov
    cannot render `lookup(var.x[count.index], ...)`, and renders a resource
    whose count is 0 as if it existed), one rule per instance of its `count` or
    `for_each` (identical instances collapse); Checkov's values otherwise."""
    ports_optional = fixed is not None
    inst = instances(ctx)
    if inst is None:   # no raw HCL (.tf.json, plan JSON)
        direction = fixed or values.as_str(ctx.get("type")) or "ingress"
        return [_build(ctx.conf.get, direction, ctx.start, "", ports_optional)]
    ev, scope, body, envs, unsure = inst
    out: list[SgRule] = []
    for i, env in enumerate(envs):
        get = _raw_getter(ev, scope, body, env, ctx.conf, same=len(envs) == 1 and unsure is None)
        direction = fixed or values.as_str(values.first({"v": get("type")}, "v")) or "ingress"
        if direction not in ("ingress", "egress"):
            direction = "ingress"
        rule = _build(get, direction, ctx.start, _instance_key(env, i) if len(envs) > 1 else "", ports_optional)
        out.append(replace(rule, exists_unknown=unsure))
    distinct = {replace(r, key=""): None for r in out}
    return list(distinct) if len(distinct) == 1 else out


def _instance_key(env: dict, i: int) -> str:
    """`[2]` for a count instance, `["a"]` for a for_each one: appended to the
    resource's address, it names the instance."""
    key = env.get("each.key")
    return f'["{key}"]' if isinstance(key, str) else f"[{env.get('count.index', i)}]"


def _address(ctx, rule: SgRule) -> str | None:
    """The instance's address when the rule came from one instance of a
    resource Checkov left unexpanded (its key starts with `[`)."""
    return ctx.address + rule.key if rule.key.startswith("[") else None


def instances(ctx):
    """(evaluator, scope, body, [env per instance], unknown count/for_each text or None)
    of the resource; None without raw HCL. A `count` of 0 or an empty `for_each`
    gives no instance: the resource is not created (Checkov still scans it)."""
    idx = vertex_of(ctx)
    if idx is None:
        return None
    memo = ctx.graph.memo
    if ("instances", idx) not in memo:
        memo[("instances", idx)] = vertex_instances(ctx.graph, idx)
    return memo[("instances", idx)]


def vertex_instances(graph, idx: int):
    """`instances` of a graph vertex (`Evaluator.expand`; an unknown count or
    for_each gives the one environment Checkov rendered, with the text)."""
    ev = graph.evaluator
    body = ev.body(idx)
    if body is None:
        return None
    found, unknown = ev.expand(idx)
    envs = [ev.env_of(idx)] if unknown is not None else [env for _, env, _ in found]
    return ev, ev.scope_of(idx), body, envs, unknown


def exists(ctx) -> tuple[bool, str | None]:
    """(False, None): not created (count 0, empty for_each); (True, text): may
    not be created (count/for_each unknown); (True, None): created."""
    inst = instances(ctx)
    if inst is None:
        return True, None
    return bool(inst[3]), inst[4]


def vertex_exists(graph, idx: int) -> tuple[bool, str | None]:
    """`exists` of a graph vertex (e.g. a subnet a subnet group refers to)."""
    inst = vertex_instances(graph, idx)
    if inst is None:
        return True, None
    return bool(inst[3]), inst[4]


def _raw_getter(ev, scope, body: dict, env: dict, conf: dict, same: bool):
    """Field values evaluated from the raw HCL; an unknown part becomes
    `${<the field's expression>}`. When this is the instance Checkov rendered
    (`same`), a value Checkov could render (e.g. with `split`) is taken from it."""
    cache: dict = {}

    def get(name):
        if name not in cache:
            if name not in body:
                cache[name] = None
            else:
                value = plain_value(ev, ev.raw_value(scope, body[name], env), body[name])
                rendered = conf.get(name)
                if same and values.is_unresolved(value) and rendered is not None \
                        and not values.is_unresolved(rendered):
                    value = rendered
                cache[name] = value
        return cache[name]
    return get


def ingress_rules(ctx) -> list[SgRule]:
    return [r for r in rules_of(ctx) if r.direction == "ingress"]


def egress_rules(ctx) -> list[SgRule]:
    return [r for r in rules_of(ctx) if r.direction == "egress"]


def attached_to_default_sg(ctx) -> bool:
    """A rule resource whose `security_group_id` is a VPC's default SG."""
    text = str(ctx.get("security_group_id") or "")
    if "default_security_group_id" in text or "aws_default_security_group." in text:
        return True
    from zt_rules.tf.tiers import security_group_vertex
    idx = security_group_vertex(ctx, types=("aws_default_security_group",))
    return idx is not None


def unknown_hits(ctx, rule: SgRule, what: str, only=None):
    """One notice naming every unresolved part the rule needed (`only`: those
    expressions), so a rule block gives one notice per check, not one per field."""
    exprs = list(dict.fromkeys(rule.unknown if only is None else only))
    if exprs:
        text = "; ".join(exprs)
        yield ctx.hit(f"cannot decide {what}: {text} {'is' if len(exprs) == 1 else 'are'} "
                      f"not known statically", line=rule.line, key=rule.key, unknown=text,
                      address=_address(ctx, rule))


def finding(ctx, rule: SgRule, message: str):
    """A finding on `rule`; a notice when the resource may not be created at all
    (its `count`/`for_each` is unknown: RULES.md, unknown is a notice)."""
    if rule.exists_unknown:
        return ctx.hit(f"{message}, if the resource is created: {rule.exists_unknown} is not "
                       f"known statically", line=rule.line, key=rule.key, unknown=rule.exists_unknown,
                       address=_address(ctx, rule))
    return ctx.hit(message, line=rule.line, key=rule.key, address=_address(ctx, rule))


# --- inline blocks, dynamic blocks expanded from the source text ---

def _inline_rules(ctx) -> list[SgRule]:
    lines = _source_lines(ctx)
    parsed = _parse_block(ctx, lines)
    out = []
    for direction in ("ingress", "egress"):
        dyn_lines = _lines(lines, ctx, rf'dynamic\s+"{direction}"')
        if parsed is not None and dyn_lines:
            out.extend(_expand(ctx, parsed, direction, lines, dyn_lines))
            continue
        blocks = [b for b in ctx.conf.get(direction) or [] if isinstance(b, dict)]
        found = block_lines(lines, ctx.start, ctx.end, direction)
        for i, block in enumerate(blocks):
            line = found[i] if i < len(found) else (found[-1] if found else ctx.start)
            line = values.first(block, "__startline__", line)  # plan JSON carries block lines
            out.append(_build(block.get, direction, line, f"{direction}[{i}]", False))
    return out


def _source_lines(ctx) -> list[str]:
    """The file's lines; under plain Checkov (no zt-lint root) from the vertex's path."""
    lines = ctx.source_lines()
    me = vertex_of(ctx)
    if not lines and me is not None:
        from zt_rules.tf.source import read_lines
        lines = read_lines("", ctx.graph.attrs[me].get("file_path_", ""))
    return lines


def _lines(lines, ctx, head: str) -> list[int]:
    rx = re.compile(rf"^\s*{head}\s*\{{")
    return [n for n in range(ctx.start + 1, min(ctx.end, len(lines)) + 1) if rx.match(lines[n - 1])]


def _parse_block(ctx, lines) -> dict | None:
    """This resource's body parsed from the source text (None: .tf.json, or no text)."""
    from zt_rules.tf.source import block_body
    if not lines:
        return None
    return block_body(ctx.path, "resource", ctx.type, ctx.name, ctx.start)


def _expand(ctx, body: dict, direction: str, lines, dyn_lines) -> list[SgRule]:
    """Static blocks of `direction` plus every dynamic block expanded."""
    out = []
    for n in _nested(ctx, body, direction, lines, dyn_lines):
        rule = _build(n.get, direction, n.line, n.key, False)
        out.append(_with_unknown(rule, n.unknown, n.iterator) if n.unknown else rule)
    return out


@dataclass(frozen=True)
class Nested:
    """One nested block of a resource: a getter of its (evaluated) arguments."""
    get: object         # name -> value (unknown parts stay `${...}`)
    line: int
    key: str            # `metadata_options[0]`, `dynamic.ingress[0][1]`
    unknown: str | None = None    # `for_each = ...` of a dynamic block that cannot be expanded
    iterator: str = ""


def nested_blocks(ctx, name: str) -> list[Nested] | None:
    """The static and dynamic `name` blocks of the resource, from the source text,
    dynamic ones expanded (Checkov garbles them); None when it has no dynamic
    `name` block (Checkov's conf is right then)."""
    lines = _source_lines(ctx)
    dyn_lines = _lines(lines, ctx, rf'dynamic\s+"{name}"') if lines else []
    body = _parse_block(ctx, lines) if dyn_lines else None
    return None if body is None else _nested(ctx, body, name, lines, dyn_lines)


def _nested(ctx, body: dict, name: str, lines, dyn_lines) -> list[Nested]:
    ev = Evaluator(ctx)
    out = [Nested(ev.getter(block, {}), line, f"{name}[{i}]")
           for i, (block, line) in enumerate(zip(body.get(name) or [], _lines(lines, ctx, name)))]
    dynamics = [d[name] for d in body.get("dynamic") or [] if name in d]
    for d, (dyn, line) in enumerate(zip(dynamics, dyn_lines)):
        iterator = re.sub(r"^\$\{(.*)\}$", r"\1", str(values.first(dyn, "iterator") or name))
        content = (dyn.get("content") or [{}])[0]
        raw_each = (dyn.get("for_each") or [None])[0]   # one wrapping list, not first()
        items = ev.for_each(raw_each)
        key = f"dynamic.{name}[{d}]"
        if items is None:  # unknown for_each: one block whose iterator parts stay unknown
            out.append(Nested(ev.getter(content, {}), line, key, f"for_each = {_strip(raw_each)}", iterator))
            continue
        out += [Nested(ev.getter(content, {iterator: {"key": k, "value": v}}), line, f"{key}[{k}]")
                for k, v in items]
    return out


def _with_unknown(rule: SgRule, expr: str, iterator: str) -> SgRule:
    """The rule of a dynamic block whose for_each is unknown: the iterator's
    parts are replaced by the for_each expression."""
    from dataclasses import replace

    def keep(items):
        return tuple(u for u in items if f"{iterator}." not in u)
    return replace(rule, unknown=keep(rule.unknown) + (expr,),
                   unknown_peer=keep(rule.unknown_peer) + (expr,))


def _strip(value) -> str:
    text = str(value)
    m = re.fullmatch(r"\$\{(.*)\}", text, re.S)
    return m.group(1) if m else text


_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*|\[\s*(?:\"[^\"]*\"|\d+)\s*\]")
_MISSING = object()


class Evaluator:
    """A small evaluator of HCL expressions as bc-python-hcl2 gives them
    (`'${var.x}'`): var defaults, locals, dynamic iterators; everything else
    is left as text (references stay references, the rest stays unresolved)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.graph = ctx.graph
        me = vertex_of(ctx)
        self.dir = self.graph.root_dir(me) if me is not None else None
        self.scope: dict = {}

    def getter(self, block: dict, scope: dict):
        """name -> value of one block, with `scope` (a dynamic block's iterator) in force."""
        cache: dict = {}

        def get(name):
            if name not in cache:
                self.scope = scope
                cache[name] = self.value(block.get(name)) if name in block else None
            return cache[name]
        return get

    def value(self, raw):
        if isinstance(raw, list):
            return [self.value(v) for v in raw]
        if isinstance(raw, dict):
            return {k: self.value(v) for k, v in raw.items()}
        if not isinstance(raw, str) or "${" not in raw:
            return raw
        whole = re.fullmatch(r"\$\{([^{}]*)\}", raw)
        if whole:
            return self.expr(whole.group(1).strip(), raw)
        return re.sub(r"\$\{([^{}]*)\}", lambda m: self._text(m.group(1).strip(), m.group(0)), raw)

    def _text(self, expr, original):
        got = self.expr(expr, original)
        return original if isinstance(got, (list, dict)) else values.as_str(got)

    def expr(self, expr: str, original: str):
        if re.fullmatch(r"-?\d+", expr):
            return int(expr)
        func = re.fullmatch(r"to(?:set|list)\((.*)\)", expr, re.S)
        if func:
            return self.expr(func.group(1).strip(), original)
        if expr.startswith("["):
            try:
                return ast.literal_eval(expr)
            except (ValueError, SyntaxError):
                return original
        got = self.reference(expr)
        if got is not _MISSING:
            return got
        if re.fullmatch(r"(?:data\.)?aws_[a-z0-9_]+\.[^\s]+|module\.[^\s]+", expr):
            return expr   # a reference to a resource: followed by the rules
        return original   # unresolved: keeps its ${...}

    def reference(self, expr: str):
        parts = _PATH.findall(expr)
        if "".join(parts) != re.sub(r"\s|\.", "", expr) or not parts:
            return _MISSING
        head, rest = parts[0], parts[1:]
        if head in self.scope:
            base = self.scope[head]
        elif head in ("var", "local") and rest:
            base = self._named(head, rest[0])
            rest = rest[1:]
        else:
            return _MISSING
        for part in rest:
            key = part.strip("[]").strip().strip('"')
            if isinstance(base, dict) and key in base:
                base = base[key]
            elif isinstance(base, list) and key.isdigit() and int(key) < len(base):
                base = base[int(key)]
            else:
                return _MISSING
        return base

    def _named(self, kind: str, name: str):
        block = "variable" if kind == "var" else "locals"
        for attrs in self.graph.attrs.values():
            if attrs.get("block_type_") != block or attrs.get("block_name_") != name:
                continue
            if self.dir and attrs.get("file_path_", "").rsplit("/", 1)[0] != self.dir:
                continue
            value = attrs.get("default" if kind == "var" else name, _MISSING)
            if value is _MISSING or values.is_unresolved(value):
                return _MISSING
            return value
        return _MISSING

    def _in_module(self, raw):
        me = vertex_of(self.ctx)
        if me is None:
            return _MISSING
        ev = self.graph.evaluator
        got, ok = ev.plain(ev.raw_value(ev.scope_of(me), raw, ev.env_of(me)))
        return got if ok and isinstance(got, (list, dict)) else _MISSING

    def for_each(self, raw) -> list[tuple] | None:
        """(key, value) pairs of a dynamic block's for_each; None when unknown.
        Evaluated in the resource's module instance first (a module's `var.x` is
        its caller's argument, not the variable's default)."""
        got = self._in_module([raw])   # wrapped as an argument: a one-element list stays a list
        if got is _MISSING:
            got = self.value(raw)
        if isinstance(got, dict):
            return sorted(got.items())
        if isinstance(got, list) and not values.is_unresolved(got):
            return list(enumerate(got))
        return None


def inline_rules(ctx) -> list[SgRule]:
    """Inline and dynamic `ingress`/`egress` blocks of an `aws_security_group` or
    `aws_default_security_group`; none when the resource is not created (count 0)."""
    created, unsure = exists(ctx)
    if not created:
        return []
    return [replace(r, exists_unknown=unsure) for r in _inline_rules(ctx)]


def only_ports(rule: SgRule, ports, protocols=("tcp", "udp")) -> bool:
    """The rule opens only ports in `ports` (a known TCP/UDP range)."""
    if rule.protocol not in protocols or rule.from_port is None or rule.to_port is None:
        return False
    allowed = set(ports)
    return rule.from_port <= rule.to_port and \
        all(p in allowed for p in range(rule.from_port, rule.to_port + 1))


def prefix_list_kind(ctx, prefix_list: str) -> str:
    """"gateway" (an AWS service prefix list, as gateway endpoints use),
    "managed" (a customer-managed list of CIDRs) or "unknown"."""
    if prefix_list.startswith("data.aws_prefix_list."):
        return "gateway"
    graph = ctx.graph
    me = vertex_of(ctx)
    if me is None:
        return "unknown"
    found, _ = graph.resolve(me, "prefix_list_id", prefix_list)
    kinds = set()
    for idx in found:
        attrs = graph.attrs[idx]
        if attrs.get("resource_type") == "aws_vpc_endpoint":
            etype = values.as_str(values.first(attrs, "vpc_endpoint_type")) or "Gateway"
            kinds.add("gateway" if etype.lower() == "gateway" else "unknown")
        elif attrs.get("resource_type") == "aws_ec2_managed_prefix_list":
            kinds.add("managed")
    return kinds.pop() if len(kinds) == 1 else "unknown"
