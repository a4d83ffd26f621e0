"""Security group rules in one shape, whatever resource they come from.

Inline `ingress`/`egress` blocks (dynamic ones too), `aws_security_group_rule`
and `aws_vpc_security_group_{ingress,egress}_rule` become `SgRule`s with the
field normalisation of RULES.md ("Security group rule fields, normalised").
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from zt_rules.tf import values
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

    @property
    def all_protocols(self) -> bool:
        return self.protocol == "all"

    @property
    def has_source(self) -> bool:
        return bool(self.cidrs or self.sg_refs or self.prefix_lists or self.self_ref)

    def opens(self, port: int, protocols=("tcp",)) -> bool:
        """Does the rule open `port` (over one of `protocols`)?"""
        if self.all_protocols:
            return True
        if self.protocol not in protocols or self.from_port is None or self.to_port is None:
            return False
        return self.from_port <= port <= self.to_port

    @property
    def all_ports(self) -> bool:
        if self.all_protocols:
            return True
        return self.from_port is not None and self.to_port is not None and \
            self.from_port <= 0 and self.to_port >= 65535

    def ports_text(self) -> str:
        if self.all_protocols:
            return "all protocols and ports"
        if self.from_port == self.to_port:
            return f"{self.protocol} port {self.from_port}"
        return f"{self.protocol} ports {self.from_port}-{self.to_port}"


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


def _build(get, direction: str, line: int, key: str, ports_optional: bool) -> SgRule:
    """`get(name)` returns a raw (Checkov-wrapped) field value or None."""
    unknown: list[str] = []
    cidrs = []
    for field in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
        for c in _strings(get(field)):
            (unknown if values.is_unresolved(c) else cidrs).append(c)
    refs = []
    for field in ("source_security_group_id", "security_groups", "referenced_security_group_id"):
        refs.extend(_strings(get(field)))
    prefix_lists = []
    for field in ("prefix_list_ids", "prefix_list_id"):
        prefix_lists.extend(_strings(get(field)))
    protocol = _protocol(values.first({"p": get("protocol") if get("protocol") is not None else get("ip_protocol")}, "p"))
    if protocol is None:
        unknown.append(f"protocol = {values.first({'p': get('protocol') or get('ip_protocol')}, 'p')}")
    ports = []
    for field in ("from_port", "to_port"):
        raw = values.first({"v": get(field)}, "v")
        port = values.as_int(raw)
        if raw is not None and port is None:
            unknown.append(f"{field} = {raw}")
        ports.append(port)
    from_port, to_port = ports
    ports_given = not (ports_optional and from_port is None and to_port is None)
    if protocol == "all" and not ports_given:
        from_port, to_port = 0, 0
    self_ref = values.as_bool(values.first({"v": get("self")}, "v")) is True
    description = values.as_str(values.first({"v": get("description")}, "v"))
    return SgRule(direction, protocol, from_port, to_port, tuple(cidrs), tuple(refs),
                  tuple(prefix_lists), self_ref, description, line, key, tuple(unknown), ports_given)


def rules_of(ctx) -> list[SgRule]:
    """The rules a resource declares, each with the line it starts on."""
    conf = ctx.conf
    if ctx.type == "aws_security_group":
        lines = ctx.source_lines()
        out = []
        for direction in ("ingress", "egress"):
            blocks = [b for b in conf.get(direction) or [] if isinstance(b, dict)]
            found = block_lines(lines, ctx.start, ctx.end, direction)
            for i, block in enumerate(blocks):
                line = found[i] if i < len(found) else (found[-1] if found else ctx.start)
                out.append(_build(block.get, direction, line, f"{direction}[{i}]", False))
        return out
    if ctx.type == "aws_security_group_rule":
        direction = values.as_str(ctx.get("type")) or "ingress"
        return [_build(conf.get, direction, ctx.start, "", False)]
    if ctx.type in ("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"):
        direction = "ingress" if ctx.type.endswith("ingress_rule") else "egress"
        return [_build(conf.get, direction, ctx.start, "", True)]
    return []


def ingress_rules(ctx) -> list[SgRule]:
    return [r for r in rules_of(ctx) if r.direction == "ingress"]


def unknown_hits(ctx, rule: SgRule, what: str):
    """A notice for each unresolved part a rule needed."""
    for expr in rule.unknown:
        yield ctx.hit(f"cannot decide {what}: {expr} is not known statically",
                      line=rule.line, key=rule.key, unknown=expr)
