"""A parser for the expressions bc-python-hcl2 leaves in raw HCL values.

The parser (the one Checkov uses) keeps every expression as text: a string
`"${concat(aws_route_table.app[*].id, ...)}"`, a template `"arn:${local.p}:..."`,
with nested literals written the Python way (`{'k': 'v'}`, `True`). `parse_value`
turns such a raw value into a small tree that `zt_rules.tf.evaluate` computes:

    ("lit", v) | ("tpl", [str | node]) | ("ref", root, [step]) | ("call", name, [node], expand)
    ("list", [node]) | ("obj", [(node, node)]) | ("for", key, val, coll, k_node, v_node, cond, is_obj)
    ("cond", c, a, b) | ("op", op, a, b) | ("not", x) | ("neg", x)
    step: ("attr", name) | ("index", node) | ("splat",)

Anything else raises `ExprError` (the caller then treats the value as unknown).
"""
from __future__ import annotations

import functools
import re


class ExprError(ValueError):
    pass


_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<op>\.\.\.|=>|==|!=|<=|>=|&&|\|\||[-+*/%<>!?:=.,()\[\]{}])
""", re.X)
_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]
_LITERALS = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}


def parse_value(raw):
    """A raw HCL value (str / list / dict / scalar) as an expression tree."""
    if isinstance(raw, str):
        return parse_template(raw)
    if isinstance(raw, list):
        return ("list", [parse_value(v) for v in raw])
    if isinstance(raw, dict):
        return ("obj", [(("lit", str(k)), parse_value(v)) for k, v in raw.items() if not str(k).startswith("__")])
    return ("lit", raw)


@functools.lru_cache(maxsize=8192)
def parse_template(text: str):
    """`abc${expr}def` -> ("tpl", ...); exactly `${expr}` -> the expression itself."""
    parts, i, buf = [], 0, ""
    while i < len(text):
        if text.startswith("$${", i):
            buf += "${"
            i += 3
        elif text.startswith("%{", i):
            raise ExprError("template directive")
        elif text.startswith("${", i):
            end = _closing(text, i + 2)
            if buf:
                parts.append(buf)
                buf = ""
            parts.append(_Parser(text[i + 2:end]).parse())
            i = end + 1
        else:
            buf += text[i]
            i += 1
    if buf:
        parts.append(buf)
    if len(parts) == 1 and not isinstance(parts[0], str):
        return parts[0]
    if all(isinstance(p, str) for p in parts):
        return ("lit", "".join(parts))
    return ("tpl", parts)


def sole_expression(text: str) -> str | None:
    """`expr` when the text is exactly one interpolation `${expr}`, else None."""
    if isinstance(text, str) and text.startswith("${") and _closing(text, 2) == len(text) - 1:
        return text[2:-1]
    return None


def _closing(text: str, i: int) -> int:
    """Index of the `}` that closes an interpolation opened before `i`."""
    depth, quote = 0, None
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise ExprError("unclosed interpolation")


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = self._tokens(text)
        self.pos = 0

    @staticmethod
    def _tokens(text):
        out, i = [], 0
        while i < len(text):
            if text[i] in "'\"":
                j, quote = i + 1, text[i]
                while j < len(text) and text[j] != quote:
                    if text[j] == "$" and text.startswith("${", j):
                        j = _closing(text, j + 2)
                    elif text[j] == "\\":
                        j += 1
                    j += 1
                if j >= len(text):
                    raise ExprError("unclosed string")
                out.append(("str", text[i + 1:j]))
                i = j + 1
                continue
            m = _TOKEN.match(text, i)
            if not m:
                raise ExprError(f"unexpected {text[i]!r}")
            if m.lastgroup != "ws":
                out.append((m.lastgroup, m.group(0)))
            i = m.end()
        return out

    def peek(self, k=0):
        return self.toks[self.pos + k] if self.pos + k < len(self.toks) else ("end", "")

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise ExprError(f"expected {value!r}, got {tok[1]!r}")
        self.pos += 1
        return tok

    def accept(self, value) -> bool:
        if self.peek()[1] == value and self.peek()[0] in ("op", "name"):
            self.pos += 1
            return True
        return False

    def parse(self):
        node = self.expr()
        if self.peek()[0] != "end":
            raise ExprError(f"trailing {self.peek()[1]!r}")
        return node

    def expr(self):
        cond = self.binary(0)
        if self.accept("?"):
            a = self.expr()
            self.take(":")
            return ("cond", cond, a, self.expr())
        return cond

    def binary(self, level):
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek()[0] == "op" and self.peek()[1] in _BINARY[level]:
            op = self.take()[1]
            left = ("op", op, left, self.binary(level + 1))
        return left

    def unary(self):
        if self.accept("!"):
            return ("not", self.unary())
        if self.accept("-"):
            return ("neg", self.unary())
        return self.postfix(self.primary())

    def postfix(self, node):
        while True:
            if self.peek()[1] == "." and self.peek()[0] == "op":
                self.take()
                if self.accept("*"):
                    node = _step(node, ("splat",))
                else:
                    kind, name = self.take()
                    if kind not in ("name", "num"):
                        raise ExprError(f"bad attribute {name!r}")
                    node = _step(node, ("index", ("lit", int(name))) if kind == "num" else ("attr", name))
            elif self.peek()[1] == "[" and self.peek()[0] == "op":
                self.take()
                if self.accept("*"):
                    self.take("]")
                    node = _step(node, ("splat",))
                else:
                    index = self.expr()
                    self.take("]")
                    node = _step(node, ("index", index))
            else:
                return node

    def primary(self):
        kind, value = self.take()
        if kind == "num":
            return ("lit", float(value) if any(c in value for c in ".eE") else int(value))
        if kind == "str":
            return parse_template(value)
        if kind == "name":
            if value in _LITERALS:
                return ("lit", _LITERALS[value])
            if self.peek()[1] == "(":
                return self.call(value)
            return ("ref", value, [])
        if value == "(":
            node = self.expr()
            self.take(")")
            return node
        if value == "[":
            return self.sequence("]")
        if value == "{":
            return self.sequence("}")
        raise ExprError(f"unexpected {value!r}")

    def call(self, name):
        self.take("(")
        args, expand = [], False
        while not self.accept(")"):
            args.append(self.expr())
            if self.accept("..."):
                expand = True
            if not self.accept(","):
                self.take(")")
                break
        return ("call", name, args, expand)

    def sequence(self, close):
        if self.peek() == ("name", "for"):
            return self.for_expr(close)
        items = []
        while not self.accept(close):
            item = self.expr()
            if close == "}":
                if not (self.accept(":") or self.accept("=")):
                    raise ExprError("object item without a value")
                key = ("lit", item[2]) if item[0] == "ref" and not item[2] else item
                items.append((key, self.expr()))
            else:
                items.append(item)
            if not self.accept(","):
                self.take(close)
                break
        return ("obj", items) if close == "}" else ("list", items)

    def for_expr(self, close):
        self.take("for")
        names = [self.take()[1]]
        if self.accept(","):
            names.append(self.take()[1])
        self.take("in")
        coll = self.expr()
        self.take(":")
        key_node = None
        value_node = self.expr()
        if close == "}":
            self.take("=>")
            key_node, value_node = value_node, self.expr()
            if self.accept("..."):
                raise ExprError("grouping for expression")
        cond = self.expr() if self.accept("if") else None
        self.take(close)
        key, val = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return ("for", key, val, coll, key_node, value_node, cond, close == "}")


def _step(node, step):
    if node[0] == "ref":
        return ("ref", node[1], node[2] + [step])
    return ("ref", node, [step])   # a traversal of a computed value: (root node, steps)
