"""Evaluating Terraform expressions as written, module instance by module instance.

One mechanism for every rule that needs a value (graph references, IAM
documents, service names): an expression is read from the raw HCL and computed
in the context of its own module instance (`Scope`):

- `var.x` is the caller's argument, evaluated in the caller's instance (a root
  variable: its value as Checkov read it, tfvars included, else its default);
- `local.x` and `module.m.out` are evaluated where they are defined, so an
  output crossing a module boundary keeps its splats and literal indexes;
- `aws_x.y[i].attr` becomes a `Ref` to the vertices of that module instance
  (two instances of one module never see each other's resources);
- `data.aws_caller_identity` / `aws_partition` / `aws_region` are known
  ("this account / partition / region", RULES.md "Semantics");
- anything else is an `Unknown` naming the expression (fail closed).
"""
from __future__ import annotations

import ipaddress
import json
import os
import re
from dataclasses import dataclass, field

from zt_rules.tf import hclexpr, rawhcl, values


@dataclass(frozen=True)
class Ref:
    """A reference to resources of the scanned set (one vertex per instance)."""
    vertices: tuple[int, ...]
    attr: str | None
    text: str          # full address, e.g. module.network.aws_route_table.app[0].id
    instance: str | None = None   # `["ssm"]` / `[0]`: one instance of a vertex Checkov left unexpanded


@dataclass(frozen=True)
class Unknown:
    text: str


@dataclass(frozen=True)
class Missing(Unknown):
    """An attribute or index that a known object or list does not have: an error
    in Terraform (so `try()` moves on to its next argument)."""


@dataclass
class Scope:
    """One module instance: its address prefix, directory and module call."""
    prefix: str
    dir: str
    call: int | None = None           # module vertex in the caller
    caller: "Scope | None" = None
    children: dict = field(default_factory=dict)   # module name -> Scope


ACCOUNT = "data.aws_caller_identity.current.account_id"  # = zt_rules.iam.logic.THIS_ACCOUNT
_KNOWN_DATA = {"aws_caller_identity": ("account_id", "id"), "aws_partition": ("partition", "id"),
               "aws_region": ("name", "region", "id")}


def _unwrap(v):
    return v[0] if isinstance(v, list) and len(v) == 1 else v


def _chain_prefix(obj) -> str:
    """`module.a.module.b.` from a vertex's `source_module_object_` (innermost first)."""
    parts = []
    while obj is not None:
        if isinstance(obj, str):
            try:
                obj = json.loads(obj)
            except ValueError:
                break
        get = obj.get if isinstance(obj, dict) else (lambda k, o=obj: getattr(o, k, None))
        idx = get("foreach_idx")
        key = "" if idx is None else f"[{idx}]" if isinstance(idx, int) else f'["{idx}"]'
        parts.append(f"module.{get('name')}{key}.")
        obj = get("nested_tf_module")
    return "".join(reversed(parts))


class Evaluator:
    """Expression evaluation over one TfGraph."""

    def __init__(self, graph):
        self.g = graph
        self.scopes: dict[tuple[str, str], Scope] = {}
        self._memo: dict = {}
        self._build()

    # -- scopes ---------------------------------------------------------------------
    def _scope(self, prefix: str, directory: str) -> Scope:
        key = (prefix, directory)
        if key not in self.scopes:
            self.scopes[key] = Scope(prefix, directory)
        return self.scopes[key]

    def _build(self):
        calls = []
        for idx, a in self.g.attrs.items():
            kind = a.get("block_type_")
            if kind == "module":
                calls.append(idx)
            elif kind in ("resource", "data", "variable", "locals", "output"):
                self._scope(_chain_prefix(a.get("source_module_object_")), os.path.dirname(a.get("file_path_", "")))
        for idx in calls:
            a = self.g.attrs[idx]
            caller = self._scope(_chain_prefix(a.get("source_module_object_")),
                                 os.path.dirname(a.get("file_path_", "")))
            prefix = caller.prefix + f"module.{a.get('block_name_')}."
            for (p, _), scope in self.scopes.items():
                if p == prefix and scope.caller is None and scope is not caller:
                    scope.call, scope.caller = idx, caller
                    caller.children[a.get("block_name_")] = scope

    def scope_at(self, prefix: str, directory: str) -> Scope:
        return self._scope(prefix, directory)

    def plain(self, v):
        """(value with references as strings, True), or (None, False) when a part is unknown."""
        if isinstance(v, Unknown):
            return None, False
        if isinstance(v, list):
            out = [self.plain(x) for x in v]
            return ([x for x, _ in out], True) if all(ok for _, ok in out) else (None, False)
        if isinstance(v, dict):
            out = {k: self.plain(x) for k, x in v.items()}
            return ({k: x for k, (x, _) in out.items()}, True) if all(ok for _, ok in out.values()) \
                else (None, False)
        if isinstance(v, Ref):
            return self.string(v), True
        return v, True

    def scope_of(self, idx: int) -> Scope:
        a = self.g.attrs[idx]
        address = a.get("__address__", "") or ""
        prefix = _chain_prefix(a.get("source_module_object_"))
        if not prefix and address.startswith("module."):
            from zt_rules.tf.graph import module_prefix
            prefix = module_prefix(address)
        return self._scope(prefix, os.path.dirname(a.get("file_path_", "")))

    # -- entry points -----------------------------------------------------------------
    def raw_value(self, scope: Scope, raw, env: dict | None = None):
        """Evaluate a raw HCL value (as bc-python-hcl2 gives it) in `scope`."""
        try:
            node = hclexpr.parse_value(_unwrap(raw))
        except hclexpr.ExprError:
            return Unknown(str(_unwrap(raw)))
        return self.node(scope, node, env or {}, ())

    def text(self, scope: Scope, expr: str, env: dict | None = None):
        """Evaluate expression text (the inside of a `${...}`)."""
        return self.raw_value(scope, "${" + expr + "}", env)

    def env_of(self, idx: int) -> dict:
        """`count.index` / `each.key` / `each.value` of an expanded resource instance."""
        from zt_rules.tf.graph import instance_key
        a = self.g.attrs[idx]
        key = instance_key(a.get("__address__", "") or "")
        if key is None:
            return {}
        if re.search(r"\[\d+\]$", a.get("__address__", "")):
            return {"count.index": int(key)}
        env = {"each.key": key, "each.value": Unknown("each.value")}
        body = self.body(idx)
        if body is not None and "for_each" in body:
            coll = self.raw_value(self.scope_of(idx), body["for_each"])
            if isinstance(coll, dict) and key in coll:
                env["each.value"] = coll[key]
            elif isinstance(coll, list) and key in coll:
                env["each.value"] = key
        return env

    def body(self, idx: int) -> dict | None:
        a = self.g.attrs[idx]
        kind = a.get("block_type_")
        rtype = (a.get("resource_type") or "").replace("data.", "", 1)
        name = re.sub(r"\[[^\]]*\]$", "", a.get("__address__", "") or "").rsplit(".", 1)[-1]
        return rawhcl.block_body(a.get("file_path_", ""), kind, rtype, name, a.get("__start_line__"))

    def instances(self, idx: int) -> list[dict]:
        """One environment per instance of a resource Checkov left unexpanded
        (`for_each` over a resource or over a computed collection); `[{}]` otherwise."""
        body = self.body(idx)
        if not body or "for_each" not in body:
            return [self.env_of(idx)]
        found, unknown = self.expand(idx)
        if unknown is not None:
            return [{"each.key": Unknown("each.key"), "each.value": Unknown("each.value")}]
        return [env for _, env, _ in found] if found and found[0][0] is not None else [self.env_of(idx)]

    def expand(self, idx: int) -> tuple[list[tuple], str | None]:
        """The instances of a resource: `([(key, env, addressable)], None)`.

        Checkov expanded it, or it has no `count`/`for_each`: `[(None, env_of(idx))]`.
        Checkov left it unexpanded (`for_each` over a resource or a computed set, a
        `count` it could not render): one entry per evaluated key, with
        `count.index` or `each.key`/`each.value`; `addressable` is False for a key
        that is only known as a reference (a set of resource ids). A count of 0 or
        an empty for_each: `[]`. Not evaluable: `([], "for_each = <expr>")`.
        """
        from zt_rules.tf.graph import instance_key
        if not self.module_created(self.scope_of(idx)):
            return [], None
        body = self.body(idx)
        if not body or ("for_each" not in body and "count" not in body):
            return [(None, self.env_of(idx), True)], None
        scope = self.scope_of(idx)
        if instance_key(self.g.attrs[idx].get("__address__", "") or "") is not None:
            # Checkov expanded it; its count can be wrong (one it could not evaluate):
            # an instance beyond our own known count is not created.
            env = self.env_of(idx)
            n = self.raw_value(scope, body["count"]) if "count" in body and "count.index" in env else None
            if isinstance(n, int) and not isinstance(n, bool) and env["count.index"] >= n:
                return [], None
            return [(None, env, True)], None
        if "for_each" in body:
            coll = self.raw_value(scope, body["for_each"])
            if isinstance(coll, dict):
                return [(str(k), {"each.key": str(k), "each.value": v}, True) for k, v in coll.items()], None
            if isinstance(coll, list) and not any(isinstance(v, (Unknown, list, dict)) or v is None for v in coll):
                out = []
                for v in coll:
                    known = self.known_attr(v) if isinstance(v, Ref) else self.string(v)
                    key = known if known is not None else v.text
                    out.append((key, {"each.key": key, "each.value": v}, known is not None))
                return _distinct(out), None
            return [], "for_each = " + expr_text(body["for_each"])
        n = self.raw_value(scope, body["count"])
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, bool) or not isinstance(n, int):
            n = values.as_int(values.first(self.g.conf(idx), "count"))   # Checkov's, if it rendered one
        if n is None or n < 0:
            return [], "count = " + expr_text(body["count"])
        return [(i, {"count.index": i}, True) for i in range(n)], None

    # -- nodes --------------------------------------------------------------------------
    def node(self, scope, n, env, stack):
        kind = n[0]
        if kind == "lit":
            return n[1]
        if kind == "tpl":
            parts = [p if isinstance(p, str) else self.node(scope, p, env, stack) for p in n[1]]
            bad = [p for p in parts if isinstance(p, Unknown)]
            if bad:
                return Unknown(", ".join(p.text for p in bad))
            if any(isinstance(p, (list, dict)) for p in parts):
                return Unknown("a collection in a string template")
            return "".join(self.string(p) for p in parts)
        if kind == "list":
            return [self.node(scope, x, env, stack) for x in n[1]]
        if kind == "obj":
            out = {}
            for k, v in n[1]:
                key = self.node(scope, k, env, stack)
                if isinstance(key, Unknown):
                    return key
                out[self.string(key)] = self.node(scope, v, env, stack)
            return out
        if kind == "ref":
            return self.reference(scope, n[1], n[2], env, stack)
        if kind == "call":
            return self.call(scope, n[1], [self.node(scope, a, env, stack) for a in n[2]], n[3])
        if kind == "for":
            return self.for_expr(scope, n, env, stack)
        if kind == "cond":
            c = self.node(scope, n[1], env, stack)
            if not isinstance(c, bool):
                return Unknown("a condition")
            return self.node(scope, n[2] if c else n[3], env, stack)
        if kind in ("not", "neg"):
            x = self.node(scope, n[1], env, stack)
            if kind == "not":
                return (not x) if isinstance(x, bool) else Unknown("!")
            return -x if isinstance(x, (int, float)) and not isinstance(x, bool) else Unknown("-")
        if kind == "op":
            return _binary(n[1], self.node(scope, n[2], env, stack), self.node(scope, n[3], env, stack))
        return Unknown(str(n))

    def string(self, v) -> str:
        """A value in a string context; a resource reference keeps its address,
        except the attributes whose value is known from the resource's arguments."""
        if isinstance(v, Ref):
            known = self.known_attr(v)
            return known if known is not None else v.text
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    def known_attr(self, ref: Ref) -> str | None:
        """Attributes computed from arguments: a bucket's arn/id, an OIDC provider's arn."""
        if len(ref.vertices) != 1:
            return None
        a = self.g.attrs[ref.vertices[0]]
        rtype = a.get("resource_type")
        body = self.body(ref.vertices[0]) or {}
        scope = self.scope_of(ref.vertices[0])
        if rtype == "aws_s3_bucket" and ref.attr in ("arn", "id", "bucket"):
            bucket = self.raw_value(scope, body["bucket"], self.env_of(ref.vertices[0])) if "bucket" in body else None
            if isinstance(bucket, str):
                return f"arn:aws:s3:::{bucket}" if ref.attr == "arn" else bucket
        if rtype == "aws_iam_openid_connect_provider" and ref.attr in ("arn", "id") and "url" in body:
            url = self.raw_value(scope, body["url"], self.env_of(ref.vertices[0]))
            if isinstance(url, str):
                return f"arn:aws:iam::{ACCOUNT}:oidc-provider/{re.sub(r'^https://', '', url)}"
        return None

    # -- references -------------------------------------------------------------------
    def reference(self, scope, root, steps, env, stack):
        steps = [("key", self.node(scope, s[1], env, stack)) if s[0] == "index" else s for s in steps]
        if not isinstance(root, str):   # traversal of a computed value
            return self.traverse(self.node(scope, root, env, stack), steps)
        text = _ref_text(root, steps)
        head = steps[0][1] if steps and steps[0][0] == "attr" else None
        if root in ("count", "each") and head:
            key = f"{root}.{head}"
            if key not in env:
                return Unknown(text)
            return self.traverse(env[key], steps[1:])
        if root == "path" and head in ("module", "root", "cwd"):
            return scope.dir if head == "module" else self._root(scope).dir
        if root == "var" and head:
            return self.traverse(self.variable(scope, head, stack), steps[1:], text)
        if root == "local" and head:
            return self.traverse(self.local(scope, head, stack), steps[1:], text)
        if root == "module" and head and len(steps) > 1 and steps[1][0] == "attr":
            return self.traverse(self.output(scope, head, steps[1][1], stack), steps[2:], text)
        if root == "data":
            return self.data(scope, steps, text)
        if root.startswith("aws_") and head:
            return self.resource(scope, root, head, steps[1:], text)
        return Unknown(text)

    def traverse(self, v, steps, text=""):
        for step in steps:
            if isinstance(v, Unknown):
                return v
            if isinstance(v, Ref):
                return Ref(v.vertices, (v.attr + "." if v.attr else "") + _ref_text("", [step]).lstrip("."),
                           v.text + _ref_text("", [step]), v.instance)
            if step[0] == "splat":
                continue
            key = step[1]
            if isinstance(key, Unknown):
                return key
            if isinstance(v, dict) and isinstance(key, (str, int)) and str(key) in v:
                v = v[str(key)]
            elif isinstance(v, list) and isinstance(key, int) and 0 <= key < len(v):
                v = v[key]
            elif isinstance(v, (dict, list)) and isinstance(key, (str, int)):
                return Missing(text or str(key))
            else:
                return Unknown(text or str(key))
        return v

    def module_created(self, scope) -> bool:
        """False when a module call on the way to `scope` has a count of 0 or an empty
        for_each (Checkov still builds its resources, without an instance key)."""
        key = ("created", scope.prefix, scope.dir)
        if key not in self._memo:
            self._memo[key] = self._module_created(scope)
        return self._memo[key]

    def _module_created(self, scope) -> bool:
        while scope.caller is not None and scope.call is not None:
            call = self._call_body(scope) or {}
            n = self.raw_value(scope.caller, call["count"]) if "count" in call else None
            each = self.raw_value(scope.caller, call["for_each"]) if "for_each" in call else None
            if (isinstance(n, int) and not isinstance(n, bool) and n == 0) or \
                    (isinstance(each, (dict, list)) and not each):
                return False
            scope = scope.caller
        return True

    def _call_body(self, scope) -> dict | None:
        """The raw body of the `module` block that calls `scope`."""
        a = self.g.attrs[scope.call]
        return rawhcl.module_call(a.get("file_path_", ""), a.get("block_name_", ""), a.get("__start_line__"))

    def _root(self, scope):
        while scope.caller is not None:
            scope = scope.caller
        return scope

    def variable(self, scope, name, stack):
        if (scope.prefix, scope.dir, "var", name) in stack:
            return Unknown(f"var.{name}")
        stack = stack + ((scope.prefix, scope.dir, "var", name),)
        body = rawhcl.module_blocks(scope.dir)["variable"].get(name)
        if scope.caller is not None and scope.call is not None:
            call = self._call_body(scope)
            if call is not None and name in call:
                given = self.raw_value_in(scope.caller, call[name], stack)
                if given is not None or not _not_nullable(body):
                    return given   # null passed to a `nullable = false` variable: its default
        if body is None:
            return Unknown(f"var.{name}")
        if scope.caller is None:
            rendered = self._root_variable(scope, name)
            if rendered is not None:
                return rendered
        if "default" not in body:
            return Unknown(f"var.{name}")
        return self.raw_value_in(scope, body["default"], stack)

    def _root_variable(self, scope, name):
        """A root variable's value as Checkov read it: a tfvars file (--var-file,
        terraform.tfvars, *.auto.tfvars; the last one read wins), else its default."""
        tfvars = [a["default"] for a in self.g.attrs.values()
                  if a.get("block_type_") == "tfvar" and a.get("block_name_") == name
                  and a.get("load_dir") == scope.dir and "default" in a]
        if tfvars:
            return tfvars[-1]
        for a in self.g.attrs.values():
            if a.get("block_type_") == "variable" and a.get("block_name_") == name \
                    and os.path.dirname(a.get("file_path_", "")) == scope.dir \
                    and a.get("source_module_object_") is None and "default" in a \
                    and not values.is_unresolved(a["default"]):
                body = rawhcl.module_blocks(scope.dir)["variable"].get(name) or {}
                if "default" in body or a["default"] not in ([], {}, "", None):
                    return a["default"]
        return None

    def raw_value_in(self, scope, raw, stack):
        try:
            node = hclexpr.parse_value(_unwrap(raw))
        except hclexpr.ExprError:
            return Unknown(str(_unwrap(raw)))
        return self.node(scope, node, {}, stack)

    def local(self, scope, name, stack):
        key = (scope.prefix, scope.dir, "local", name)
        raw = rawhcl.module_blocks(scope.dir)["locals"].get(name)
        if raw is None or key in stack:
            return Unknown(f"local.{name}")
        return self.raw_value_in(scope, raw, stack + (key,))

    def output(self, scope, module, name, stack):
        child = scope.children.get(module)
        text = f"module.{module}.{name}"
        if child is None:
            return Unknown(text)
        body = rawhcl.module_blocks(child.dir)["output"].get(name)
        key = (child.prefix, child.dir, "output", name)
        if body is None or "value" not in body or key in stack:
            return Unknown(text)
        return self.raw_value_in(child, body["value"], stack + (key,))

    def data(self, scope, steps, text):
        names = [s[1] for s in steps if s[0] == "attr"]
        if len(names) >= 3 and names[0] in _KNOWN_DATA and names[2] in _KNOWN_DATA[names[0]]:
            if names[0] == "aws_partition":
                return "aws"
            if names[0] == "aws_region":
                return self.region(scope, names[1]) or text
            return text
        if len(names) == 3 and names[0] == "aws_iam_policy_document" and names[2] == "json":
            doc = self.policy_document(scope, names[1])   # followed by zt_rules.tf.policies
            if doc is not None:
                return Ref((doc,), "json", text)
        return Unknown(text)

    def policy_document(self, scope, name) -> int | None:
        """The vertex of `data "aws_iam_policy_document" name` in a module instance."""
        if "documents" not in self._memo:   # (address, directory) -> vertex, built once
            self._memo["documents"] = {
                (a.get("__address__"), os.path.dirname(a.get("file_path_", ""))): i
                for i, a in self.g.attrs.items()
                if a.get("block_type_") == "data" and a.get("resource_type") == "data.aws_iam_policy_document"}
        return self._memo["documents"].get((f"{scope.prefix}aws_iam_policy_document.{name}", scope.dir))

    def region(self, scope, name) -> str | None:
        """The region of a `data "aws_region"`: its provider's, when known."""
        from zt_rules.tf.regions import region_of
        for idx, a in self.g.attrs.items():
            if a.get("block_type_") == "data" and (a.get("__address__") or "").endswith(f"aws_region.{name}") \
                    and self.scope_of(idx) is scope:
                return region_of(self.g, idx).name
        return None

    def resource(self, scope, rtype, name, steps, text):
        base = f"{scope.prefix}{rtype}.{name}"
        found = [i for i in self.g.by_base.get(base, [])
                 if os.path.dirname(self.g.attrs[i].get("file_path_", "")) == scope.dir]
        if not found:
            return Unknown(text)
        if len(found) == 1 and self.g.address(found[0]) == base:
            per = self._unexpanded(found[0], steps, text)
            if per is not None:
                return per
        rest = steps
        if steps and steps[0][0] in ("key", "splat"):
            if steps[0][0] == "splat":
                attr_steps = steps[1:]
                return [self.traverse(Ref((i,), None, self.g.address(i)), attr_steps) for i in found]
            key = steps[0][1]
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                return key if isinstance(key, Unknown) else Unknown(text)
            address = f'{base}[{key}]' if isinstance(key, int) or str(key).isdigit() else f'{base}["{key}"]'
            found = [i for i in found if self.g.address(i) == address]
            if not found:
                return Unknown(text)
            rest = steps[1:]
        elif len(found) > 1 or self.g.address(found[0]) != base:
            keys = {self.g.address(i)[len(base):]: i for i in found}
            if all(k.startswith('["') for k in keys):   # for_each: a map of instances
                return {k[2:-2]: self.traverse(Ref((i,), None, self.g.address(i)), steps) for k, i in keys.items()}
        return self.traverse(Ref(tuple(found), None, self.g.address(found[0]) if len(found) == 1 else base), rest)

    def _unexpanded(self, idx, steps, text):
        """`x["k"]`, `x[*]`, `x` of a resource Checkov left unexpanded: Refs to its
        one vertex that name the instance; None when it has no count/for_each."""
        body = self.body(idx) or {}
        if "for_each" not in body and "count" not in body:
            return None
        address = self.g.address(idx)
        found, unknown = self.expand(idx)

        def one(key, rest):
            label = f"[{key}]" if isinstance(key, int) else f'["{key}"]'
            return self.traverse(Ref((idx,), None, address + label, label), rest)
        if steps and steps[0][0] == "key":
            key = steps[0][1]
            if isinstance(key, Unknown):
                return key
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                return Unknown(text)
            keys = [k for k, _, _ in found]
            if unknown is None and key not in keys and str(key) not in [str(k) for k in keys]:
                return Unknown(text)   # no such instance
            return one(key, steps[1:])
        if unknown is not None:
            return None   # the whole resource, instances unknown: a Ref to its vertex
        if "count" in body:
            rest = steps[1:] if steps and steps[0][0] == "splat" else steps
            return [one(k, rest) for k, _, _ in found]
        return {str(k): one(k, steps) for k, _, ok in found if ok} if all(ok for _, _, ok in found) else None

    # -- functions and for expressions --------------------------------------------------
    def call(self, scope, name, args, expand):
        if expand and args and isinstance(args[-1], list):
            args = args[:-1] + args[-1]
        fn = _FUNCTIONS.get(name)
        if fn is None:
            return Unknown(f"{name}(...)")
        try:
            return fn(self, args)
        except Exception:   # e.g. element() of an empty list, coalesce() of nothing: Terraform errors
            bad = next((a for a in args if isinstance(a, Unknown)), None)
            return bad or Unknown(f"{name}(...)")

    def for_expr(self, scope, n, env, stack):
        _, key_var, val_var, coll_node, key_node, value_node, cond, is_obj = n
        coll = self.node(scope, coll_node, env, stack)
        if isinstance(coll, dict):
            items = list(coll.items())
        elif isinstance(coll, list):
            items = list(enumerate(coll))
        else:
            return coll if isinstance(coll, Unknown) else Unknown("a for expression")
        out_list, out_map = [], {}
        for k, v in items:
            inner = dict(env)
            inner.update({f"__for.{val_var}": v})
            if key_var:
                inner[f"__for.{key_var}"] = k
            sub = _bind(scope, self, inner, stack)
            if cond is not None:
                ok = sub(cond)
                if isinstance(ok, Unknown):
                    return ok
                if ok is not True:
                    continue
            if is_obj:
                key = sub(key_node)
                if isinstance(key, Unknown):
                    return key
                out_map[self.string(key)] = sub(value_node)
            else:
                out_list.append(sub(value_node))
        return out_map if is_obj else out_list


def _bind(scope, ev, env, stack):
    """Evaluate nodes with the for-expression's variables in scope."""
    names = {k[len("__for."):]: v for k, v in env.items() if k.startswith("__for.")}

    def sub(node):
        return ev.node(scope, _substitute(node, names), env, stack)
    return sub


def _substitute(node, names):
    """Replace references to for-expression variables by ("val", v) literals."""
    if not isinstance(node, tuple):
        return node
    if node[0] == "ref" and isinstance(node[1], str) and node[1] in names:
        return ("ref", ("lit", names[node[1]]), node[2]) if node[2] else ("lit", names[node[1]])
    if node[0] == "for":   # inner variables shadow ours
        inner = {k: v for k, v in names.items() if k not in (node[1], node[2])}
        return node[:3] + tuple(_substitute(x, inner) if i != 0 else _substitute(x, names)
                                for i, x in enumerate(node[3:]))
    return tuple(_substitute(x, names) if isinstance(x, tuple) else
                 [_substitute(y, names) if isinstance(y, tuple) else y for y in x] if isinstance(x, list) else x
                 for x in node)


def expr_text(raw) -> str:
    """A raw HCL value as expression text (`${local.x}` -> `local.x`)."""
    text = str(_unwrap(raw))
    inner = hclexpr.sole_expression(text)
    return text if inner is None else inner


def _ref_text(root, steps) -> str:
    out = root
    for s in steps:
        if s[0] == "attr":
            out += f".{s[1]}"
        elif s[0] == "splat":
            out += "[*]"
        else:
            lit = s[1] if s[0] == "key" and isinstance(s[1], (str, int)) else "..."
            out += f'["{lit}"]' if isinstance(lit, str) and lit != "..." else f"[{lit}]"
    return out


def _binary(op, a, b):
    for x in (a, b):
        if isinstance(x, (Unknown, Ref)):
            return x if isinstance(x, Unknown) else Unknown(op)
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op in ("&&", "||"):
        if not (isinstance(a, bool) and isinstance(b, bool)):
            return Unknown(op)
        return (a and b) if op == "&&" else (a or b)
    a, b = _number(a), _number(b)
    if a is None or b is None:
        return Unknown(op)
    if op in ("/", "%") and b == 0:
        return Unknown(op)   # Terraform fails the plan
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
            "%": lambda: a % b, "<": lambda: a < b, ">": lambda: a > b, "<=": lambda: a <= b,
            ">=": lambda: a >= b}[op]()


def _number(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str) and re.fullmatch(r"-?\d+(\.\d+)?", v):
        return float(v) if "." in v else int(v)
    return None


def _not_nullable(body) -> bool:
    """A variable declared `nullable = false` with a default."""
    return isinstance(body, dict) and "default" in body and \
        str(_unwrap(body.get("nullable", True))).lower() in ("false", "${false}")


def _known(args):
    for a in args:
        if isinstance(a, Unknown):
            raise ValueError
    return args


def _flatten(v):
    out = []
    for x in v if isinstance(v, list) else [v]:
        out.extend(_flatten(x) if isinstance(x, list) else [x])
    return out


def _lists(args):
    """Arguments that must be lists; an unknown one stays an unknown element."""
    out = []
    for a in args:
        out.extend(a if isinstance(a, list) else [a] if isinstance(a, (Unknown, Ref)) else _fail())
    return out


def _fail():
    raise ValueError


def _distinct(seq):
    out = []
    for x in seq:
        if x not in out:
            out.append(x)
    return out


def _contains(args):
    coll, x = _known(args)
    if not isinstance(coll, list) or isinstance(x, Ref):
        raise ValueError
    if x in coll:
        return True
    _known(coll)
    return False


def _cidrsubnet(ev, args):
    prefix, newbits, netnum = _known(args)
    net = ipaddress.ip_network(prefix, strict=False)
    return str(list(net.subnets(prefixlen_diff=int(newbits)))[int(netnum)])


_FUNCTIONS = {
    "concat": lambda ev, a: _lists(a),
    "flatten": lambda ev, a: _flatten(a[0]),
    "toset": lambda ev, a: _distinct(a[0]) if isinstance(a[0], list) else _known(a)[0],
    "tolist": lambda ev, a: a[0] if isinstance(a[0], list) else _known(a)[0],
    "tomap": lambda ev, a: a[0] if isinstance(a[0], dict) else _known(a)[0],
    "distinct": lambda ev, a: _distinct(a[0]),
    "compact": lambda ev, a: [x for x in _known(a)[0] if x not in ("", None)],
    "tostring": lambda ev, a: ev.string(_known(a)[0]),
    "tonumber": lambda ev, a: _number(_known(a)[0]) if _number(a[0]) is not None else _fail(),
    "merge": lambda ev, a: {k: v for m in _known(a) for k, v in (m if isinstance(m, dict) else _fail()).items()},
    "contains": lambda ev, a: _contains(a),
    "length": lambda ev, a: len(_known(a)[0]),
    "join": lambda ev, a: _known([a[0]])[0].join(ev.string(x) for x in _known(a[1])),
    "lower": lambda ev, a: _known(a)[0].lower(),
    "upper": lambda ev, a: _known(a)[0].upper(),
    "keys": lambda ev, a: sorted(_known(a)[0]),
    "values": lambda ev, a: [a[0][k] for k in sorted(a[0])],
    "lookup": lambda ev, a: a[0][a[1]] if a[1] in a[0] or len(a) < 3 else a[2],
    "element": lambda ev, a: a[0][_known([a[1]])[0] % len(a[0])],
    "coalesce": lambda ev, a: next(x for x in _known(a) if x not in ("", None)),
    "format": lambda ev, a: re.sub(r"%[sdv]", "{}", _known(a)[0]).format(*(ev.string(x) for x in _known(a[1:]))),
    "cidrsubnet": _cidrsubnet,
    "split": lambda ev, a: _known(a)[1].split(_known(a)[0]),
    "max": lambda ev, a: max(_numbers(a)),
    "min": lambda ev, a: min(_numbers(a)),
    "sort": lambda ev, a: sorted(ev.string(x) for x in _known(a)[0]),
    "jsonencode": lambda ev, a: _jsonencode(ev, _known(a)[0]),
    "jsondecode": lambda ev, a: json.loads(_known(a)[0]),
    # the first argument that evaluates: a Missing one (no such attribute) is an error and
    # is skipped; an unknown one may be an apply-time value, so no fallback is taken
    "try": lambda ev, a: _known([next(x for x in a if not isinstance(x, Missing))])[0],
}


def _jsonencode(ev, v) -> str:
    """Terraform's compact JSON text of a fully known value."""
    plain, known = ev.plain(v)
    if not known:
        raise ValueError
    return json.dumps(plain, separators=(",", ":"))


def _numbers(args) -> list:
    """Terraform's max/min take numbers (a list is passed with `...`)."""
    out = [_number(x) for x in _known(args)]
    if any(x is None for x in out) or not out:
        raise ValueError
    return out
