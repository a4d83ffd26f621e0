"""IAM documents carried by Terraform resources and data blocks.

`documents_of(ctx)` returns every document a resource (or a
`data "aws_iam_policy_document"`) carries, with its kind by argument (RULES.md
"Document kinds"). Values are read from the raw HCL (bc-python-hcl2, as Checkov
parses it) rather than Checkov's rendered conf: the rendered form turns "false"
into False, drops `${}` around references and falls back to a Python repr
string as soon as one part is unresolved. Interpolations are computed by the
shared evaluator (`zt_rules.tf.evaluate`) in the block's module instance.
"""
from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass

from zt_rules.iam import PolicyDoc, PolicyParseError, from_object, parse_policy_text
from zt_rules.tf import rawhcl, values
from zt_rules.tf.graph import module_prefix
from zt_rules.tf.source import block_lines

IDENTITY, RESOURCE, TRUST, SCP, ENDPOINT = "identity", "resource", "trust", "scp", "endpoint"
# resource type -> ((argument, kind), ...); "inline_policy.policy" is a nested block's argument
DOC_ARGS: dict[str, tuple[tuple[str, str], ...]] = {
    "aws_iam_policy": (("policy", IDENTITY),),
    "aws_iam_role_policy": (("policy", IDENTITY),),
    "aws_iam_user_policy": (("policy", IDENTITY),),
    "aws_iam_group_policy": (("policy", IDENTITY),),
    "aws_iam_role": (("assume_role_policy", TRUST), ("inline_policy.policy", IDENTITY)),
    "aws_s3_bucket_policy": (("policy", RESOURCE),),
    "aws_s3_bucket": (("policy", RESOURCE),),
    "aws_kms_key": (("policy", RESOURCE),),
    "aws_sqs_queue_policy": (("policy", RESOURCE),),
    "aws_sqs_queue": (("policy", RESOURCE),),
    "aws_sns_topic_policy": (("policy", RESOURCE),),
    "aws_sns_topic": (("policy", RESOURCE),),
    "aws_ecr_repository_policy": (("policy", RESOURCE),),
    "aws_secretsmanager_secret_policy": (("policy", RESOURCE),),
    "aws_secretsmanager_secret": (("policy", RESOURCE),),
    "aws_vpc_endpoint": (("policy", ENDPOINT),),
    "aws_vpc_endpoint_policy": (("policy", ENDPOINT),),
    "aws_organizations_policy": (("content", SCP),),
}
RESOURCE_TYPES = tuple(DOC_ARGS)
DATA_TYPE = "aws_iam_policy_document"

_INTERP = re.compile(r"(?<!\$)\$\{([^{}]*)\}")
_WHOLE = re.compile(r"^\$\{(.*)\}$", re.S)
_POLICY_VAR = re.compile(r"^[A-Za-z0-9-]+:")           # ${aws:username}: a policy variable, not HCL
_DATA_JSON = re.compile(r"^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.json$")
_CALL = re.compile(r"^(jsonencode|file|templatefile)\((.*)\)$", re.S)
# where an unresolved part leaves the rest of the document judgeable
_SOFT_KEYS = ("Resource", "NotResource", "Sid")


@dataclass(frozen=True)
class Block:
    """One resource or data block, wherever it is seen from (a check or the graph)."""
    path: str        # absolute file path
    kind: str        # "resource" | "data"
    type: str
    name: str        # without count/for_each index
    start: int
    end: int
    address: str
    vertex: int | None = None


@dataclass
class TfDocument:
    kind: str                   # identity | resource | trust | scp | endpoint
    argument: str               # "policy", "inline_policy[1].policy", "data.aws_iam_policy_document.x"
    form: str                   # jsonencode | heredoc | file | templatefile | data | reference
    doc: PolicyDoc | None = None
    unknown: str | None = None  # what could not be resolved: a notice, never a pass
    partial: tuple[str, ...] = ()   # unresolved parts of an otherwise judgeable document
    error: PolicyParseError | None = None   # JSON text that does not parse (ZT_IAM_001)
    line: int | None = None     # line of the argument in the .tf file
    offset: int | None = 0      # .tf line = offset + document line; None: lines are in another file
    origin: str = ""            # data block address or file read
    template: str | None = None  # templatefile(): the template text (ZT_IAM_015)
    instance: str = ""          # `["key"]` of a for_each instance the document belongs to

    def tf_line(self, line: int | None) -> int | None:
        if line is None or self.offset is None:
            return None
        return self.offset + line


# ---------------------------------------------------------------- raw HCL

def raw_body(block: Block) -> dict | None:
    """The block's body as bc-python-hcl2 parses it (interpolations kept as text)."""
    return rawhcl.block_body(block.path, block.kind, block.type, block.name, block.start)


def clear_cache() -> None:
    rawhcl.clear_cache()
    _DOCS.clear()


# ---------------------------------------------------------------- resolving

# random_pet / random_id / random_uuid values: letters, digits and dashes only (random_string
# and random_password may hold "*" and "?", so they stay unknown)
_RESOURCE_ATTR = re.compile(r"(random_pet|random_id|random_uuid)\.([A-Za-z_][\w-]*)\.(id|hex|dec|result)")


class Resolver:
    """Resolves `${...}` interpolations of one block from the graph."""

    def __init__(self, graph, block: Block, env: dict | None = None):
        self.graph = graph
        self.block = block
        self.dir = os.path.dirname(block.path)
        self.unknown: list[tuple[str, bool]] = []   # (expression, decisive)
        self.scope, self.env = None, dict(env or {})
        if graph is not None:
            ev = graph.evaluator
            if block.vertex is not None:
                self.scope = ev.scope_of(block.vertex)
                self.env = {**ev.env_of(block.vertex), **self.env}
            else:
                self.scope = ev.scope_at(module_prefix(block.address), self.dir)

    def expr(self, text: str):
        """(value, True) for a resolvable expression (references to resources of
        the scanned set kept by name, or their known ARN), else (None, False)."""
        e = text.strip()
        if self.scope is None:
            if len(e) >= 2 and e[0] == e[-1] == '"':
                return self.string(e[1:-1]), True
            return (self.dir, True) if e in ("path.module", "path.root") else (None, False)
        ev = self.graph.evaluator
        return ev.plain(ev.text(self.scope, e, self.env))

    def string(self, s: str, decisive: bool = True) -> str:
        """Interpolate a template string; policy variables (`${aws:x}`) stay."""
        def repl(m):
            inner = m.group(1)
            if _POLICY_VAR.match(inner.strip()):
                return m.group(0)
            value, ok = self.expr(inner)
            if not ok and not decisive and self._apply_time(inner.strip()):
                return inner.strip()   # one concrete name only known at apply time
            if not ok or isinstance(value, (dict, list)):
                self.unknown.append((inner.strip(), decisive))
                return m.group(0)
            return values.as_str(value)
        return _INTERP.sub(repl, s).replace("$${", "${")

    def _apply_time(self, expr: str) -> bool:
        """`random_pet.this.id` of this module instance: a value that exists only once
        applied. In an ARN or a condition value it is one concrete name, never a
        wildcard, so no rule's verdict depends on it."""
        m = _RESOURCE_ATTR.fullmatch(expr)
        if m is None or self.scope is None:
            return False
        return bool(self.graph.by_base.get(f"{self.scope.prefix}{m.group(1)}.{m.group(2)}"))

    def value(self, v, path=()):
        """A decoded jsonencode value: strings interpolated, bools back to strings."""
        decisive = not _soft(path)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            whole = _WHOLE.match(v)
            if whole and "${" not in whole.group(1) and not _POLICY_VAR.match(whole.group(1).strip()):
                value, ok = self.expr(whole.group(1))
                if ok and isinstance(value, (dict, list)):
                    return self.value(value, path)
            return self.string(v, decisive)
        if isinstance(v, dict):
            return {str(k): self.value(x, path + (str(k),)) for k, x in v.items()}
        if isinstance(v, list):
            return [self.value(x, path + (i,)) for i, x in enumerate(v)]
        return v


def _soft(path) -> bool:
    """Resource/NotResource/Sid and condition values: unknown there, the rest is still judged."""
    keys = [p for p in path if isinstance(p, str)]
    if not keys or keys[0] != "Statement":
        return False
    return len(keys) > 1 and (keys[1] in _SOFT_KEYS or (keys[1] == "Condition" and len(keys) >= 4))


# ---------------------------------------------------------------- documents

_DOCS: dict[tuple, list[TfDocument]] = {}


def block_of(ctx) -> Block:
    from zt_rules.tf.base import SETTINGS
    path = ctx.file if os.path.isabs(ctx.file) and os.path.exists(ctx.file) \
        else os.path.join(SETTINGS.root, ctx.file.lstrip("/"))
    kind = "data" if ctx.type == DATA_TYPE and ctx.address.startswith((DATA_TYPE, "data.")) else "resource"
    name = re.sub(r"\[[^\]]*\]$", "", ctx.address).rsplit(".", 1)[-1]
    return Block(os.path.abspath(path), kind, ctx.type, name, ctx.start, ctx.end, ctx.address,
                 ctx.vertex if kind == "resource" else _data_vertex(ctx.graph, ctx.address, path))


def block_at(graph, idx: int) -> Block:
    a = graph.attrs[idx]
    kind = "data" if a.get("block_type_") == "data" else "resource"
    rtype = a.get("resource_type", "").replace("data.", "", 1)
    name = re.sub(r"\[[^\]]*\]$", "", a.get("__address__", "")).rsplit(".", 1)[-1]
    return Block(a.get("file_path_", ""), kind, rtype, name, a.get("__start_line__", 0),
                 a.get("__end_line__", 0), a.get("__address__", ""), idx)


def _data_vertex(graph, address, path):
    for idx, a in graph.attrs.items():
        if a.get("block_type_") == "data" and a.get("__address__") == address \
                and os.path.abspath(a.get("file_path_", "")) == os.path.abspath(path):
            return idx
    return None


def documents_of(ctx) -> list[TfDocument]:
    """Every IAM document of the resource or data block a check is looking at."""
    return documents_at(ctx.graph, block_of(ctx), ctx.conf, ctx.config)


def documents_at(graph, block: Block, conf=None, config=None) -> list[TfDocument]:
    key = (id(graph), block)
    if key not in _DOCS:
        if len(_DOCS) > 4096:
            _DOCS.clear()
        _DOCS[key] = _documents(graph, block, conf, config)
    return _DOCS[key]


def _documents(graph, block, conf, config) -> list[TfDocument]:
    if block.kind == "data":
        return [_data_document(graph, block, config)] if block.type == DATA_TYPE else []
    body = raw_body(block)
    source = _source(block)
    out = []
    for env in instances(graph, block):
        out += _instance_documents(graph, block, conf, body, source, env)
    return out


def instances(graph, block: Block) -> list[dict | None]:
    """`each.*` of every instance of a block whose `for_each` Checkov left
    unexpanded (over a resource, or over a computed collection); `[None]` otherwise."""
    if graph is None or block.vertex is None or block.kind != "resource":
        return [None]
    envs = graph.bindings(block.vertex)
    return [None] if envs == [{}] else envs


def instance_label(env: dict | None) -> str:
    """`["ssm"]` for the instance of each.key "ssm"; "" outside for_each."""
    key = (env or {}).get("each.key")
    return f'["{key}"]' if isinstance(key, str) else "[each.key]" if env else ""


def _instance_documents(graph, block, conf, body, source, env) -> list[TfDocument]:
    label = instance_label(env)
    out = []
    for arg, kind in DOC_ARGS.get(block.type, ()):
        if block.type == "aws_organizations_policy" and _org_type(body, conf) not in (None, "SERVICE_CONTROL_POLICY"):
            continue
        if "." in arg:  # nested block argument: inline_policy { policy = ... }
            outer, inner = arg.split(".", 1)
            nested = (body or {}).get(outer) or (conf or {}).get(outer) or []
            opens = block_lines(source, block.start, block.end, outer)
            for i, nb in enumerate(nested):
                if isinstance(nb, dict) and inner in nb:
                    start = opens[i] if i < len(opens) else block.start
                    out.append(_argument(graph, block, f"{outer}[{i}].{inner}", kind, nb[inner], start, source,
                                         env, label))
        elif body is not None and arg in body:
            out.append(_argument(graph, block, arg, kind, body[arg], block.start, source, env, label))
        elif body is None and conf and arg in conf:
            out.append(_from_conf(arg, kind, conf[arg]))
    return out


def _org_type(body, conf):
    value = values.first(body or conf or {}, "type")
    return value if isinstance(value, str) else None


def _source(block: Block) -> list[str]:
    from zt_rules.tf.source import read_lines
    return read_lines("", block.path)


def _from_conf(arg, kind, value) -> TfDocument:
    """.tf.json (no raw HCL): Checkov's decoded value, bools back to strings."""
    v = values.first({"v": value}, "v")
    if isinstance(v, dict):
        return TfDocument(kind, arg, "jsonencode", doc=from_object(_plain(v)))
    return TfDocument(kind, arg, "reference", unknown=str(v))


def _plain(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _argument(graph, block, arg, kind, raw, search_from, source, env=None, label="") -> TfDocument:
    name = arg.rsplit(".", 1)[-1]
    line = _arg_line(source, search_from, block.end, name)
    text = values.first({"v": raw}, "v")
    doc = TfDocument(kind, arg + label, "reference", line=line, instance=label)
    res = Resolver(graph, block, env)
    if not isinstance(text, str):
        doc.unknown = f"{name} = {text!r}"
        return doc
    whole = _WHOLE.match(text)
    if not whole:   # heredoc or quoted JSON text
        doc.form = "heredoc"
        heredoc = line is not None and "<<" in source[line - 1]
        return _from_text(doc, res.string(text), res, offset=None if line is None else line - (not heredoc))
    expr = whole.group(1).strip()
    data = _DATA_JSON.match(expr)
    call = _CALL.match(expr)
    if data:
        return _from_data_ref(doc, graph, block, data.group(1))
    if call and call.group(1) == "jsonencode":
        return _from_jsonencode(doc, call.group(2), res, source, line, block.end)
    if call:
        return _from_file(doc, call.group(1), call.group(2), res)
    idx = _data_json_vertex(graph, block, expr, env)
    if idx is not None:   # a document's .json through a local or a module variable
        return _from_data_vertex(doc, graph, idx)
    value, ok = res.expr(expr)
    if ok and isinstance(value, str):
        return _from_text(doc, value, res, offset=None)
    if ok and isinstance(value, dict):
        doc.form = "jsonencode"
        doc.doc = from_object(res.value(value))
        return doc
    doc.unknown = expr
    return doc


def _data_json_vertex(graph, block, expr: str, env) -> int | None:
    """The data aws_iam_policy_document vertex whose `.json` `expr` evaluates to, if any."""
    from zt_rules.tf.evaluate import Ref
    if graph is None or block.vertex is None:
        return None
    ev = graph.evaluator
    try:
        v = ev.text(ev.scope_of(block.vertex), expr, {**ev.env_of(block.vertex), **(env or {})})
    except Exception:   # the evaluator's limits: left unknown
        return None
    if isinstance(v, Ref) and len(v.vertices) == 1 and v.attr == "json" and \
            graph.attrs[v.vertices[0]].get("block_type_") == "data":
        return v.vertices[0]   # the evaluator makes such Refs to policy documents only
    return None


def _arg_line(source, start, end, name) -> int | None:
    for n in range(start, min(end, len(source)) + 1):
        if re.match(rf"^\s*{re.escape(name)}\s*=", source[n - 1]):
            return n
    return None


def _finish(doc: TfDocument, res: Resolver) -> TfDocument:
    if any(decisive for _, decisive in res.unknown):
        doc.unknown = ", ".join(dict.fromkeys(e for e, _ in res.unknown))
        doc.doc = None
    else:
        doc.partial = tuple(dict.fromkeys(e for e, _ in res.unknown))
    return doc


def _from_text(doc, text, res, offset) -> TfDocument:
    doc.offset = offset
    try:
        doc.doc = parse_policy_text(text)
    except PolicyParseError as exc:
        doc.error = exc
    if res.unknown and doc.doc is not None:
        # an unresolved part inside JSON text: judge the parts that are there
        res.unknown = [(e, _text_decisive(doc.doc, e)) for e, _ in res.unknown]
    return _finish(doc, res)


def _text_decisive(pdoc, expr) -> bool:
    needle = "${" + expr
    for st in pdoc.statements:
        if not isinstance(st.raw, dict):
            continue
        for key, v in st.raw.items():
            if needle in repr(v) and key not in _SOFT_KEYS and key != "Condition":
                return True
            if key == "Condition" and isinstance(v, dict) and needle in repr(list(v)) + repr(
                    [list(x) for x in v.values() if isinstance(x, dict)]):
                return True
    return needle in repr({k: v for k, v in (pdoc.raw or {}).items() if k != "Statement"}) \
        if isinstance(pdoc.raw, dict) else True


def _from_jsonencode(doc, inner, res, source, line, end) -> TfDocument:
    doc.form = "jsonencode"
    try:
        obj = ast.literal_eval(inner.strip())
    except (ValueError, SyntaxError):
        value, ok = res.expr(inner)     # jsonencode(local.policy)
        if not (ok and isinstance(value, dict)):
            doc.unknown = f"jsonencode({inner.strip()})"
            return doc
        obj = value
    obj = res.value(obj)
    doc.doc = from_object(obj, locate=_locator(source, line or 0, end))
    return _finish(doc, res)


def _locator(source, start, end):
    """Statement lines in HCL: the line naming its Sid, else the n-th `Effect` line."""
    effects = [n for n in range(start, min(end, len(source)) + 1)
               if re.search(r'\bEffect"?\s*[=:]', source[n - 1])]

    def locate(st):
        if st.sid:
            found = next((n for n in range(start, min(end, len(source)) + 1)
                          if re.search(rf'\bSid"?\s*[=:]\s*"{re.escape(st.sid)}"', source[n - 1])), None)
            if found:
                return found
        return effects[st.index] if st.index < len(effects) else None
    return locate


def _from_file(doc, func, args, res) -> TfDocument:
    doc.form = func
    doc.offset = None
    parts = _split_args(args)
    path, ok = res.expr(parts[0]) if parts else (None, False)
    if not ok or not isinstance(path, str) or res.unknown:
        doc.unknown = f"{func}({args.strip()})"
        return doc
    full = path if os.path.isabs(path) else os.path.join(res.dir, path)
    doc.origin = full
    try:
        with open(full, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        doc.unknown = f"{func}({parts[0].strip()}): file not found"
        return doc
    if func == "templatefile":
        doc.template = text
        text = _render(text, parts[1] if len(parts) > 1 else "{}", res)
        if text is None:
            doc.unknown = f"templatefile({args.strip()})"
            return doc
    try:
        doc.doc = parse_policy_text(text)
    except PolicyParseError as exc:
        doc.error = exc
    return doc


def _split_args(args: str) -> list[str]:
    """Split a call's arguments at top-level commas."""
    out, depth, cur, quote = [], 0, "", None
    for ch in args:
        if quote:
            quote = None if ch == quote and not cur.endswith("\\") else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        cur += ch
    return out + ([cur] if cur.strip() else [])


def _render(template: str, vars_text: str, res: Resolver) -> str | None:
    """templatefile(): `${name}` from the vars map when literal; None when unknown."""
    try:
        raw_vars = ast.literal_eval(vars_text.strip())
    except (ValueError, SyntaxError):
        return None
    if not isinstance(raw_vars, dict) or "%{" in template:
        return None
    missing = []

    def repl(m):
        inner = m.group(1).strip()
        if _POLICY_VAR.match(inner):
            return m.group(0)
        value = res.value(raw_vars[inner]) if inner in raw_vars else None
        if res.unknown or not isinstance(value, (str, int, float)):
            missing.append(inner)
            return m.group(0)
        return str(value)
    text = _INTERP.sub(repl, template).replace("$${", "${")
    return None if missing else text


# ---------------------------------------------------------------- data blocks

def _from_data_ref(doc, graph, block, name) -> TfDocument:
    doc.form = "data"
    prefix = module_prefix(block.address)
    idx = next((i for i, a in graph.attrs.items() if a.get("block_type_") == "data"
                and a.get("__address__") == f"{prefix}{DATA_TYPE}.{name}"
                and os.path.dirname(a.get("file_path_", "")) == os.path.dirname(block.path)), None)
    doc.origin = f"data.{DATA_TYPE}.{name}"
    if idx is None:
        doc.unknown = f"data.{DATA_TYPE}.{name}.json"
        return doc
    return _from_data_vertex(doc, graph, idx)


def _from_data_vertex(doc, graph, idx: int) -> TfDocument:
    doc.form = "data"
    translated = _data_document(graph, block_at(graph, idx), None)
    doc.origin = doc.origin or graph.address(idx)
    doc.doc, doc.unknown, doc.partial, doc.offset = translated.doc, translated.unknown, translated.partial, None
    return doc


def _data_document(graph, block: Block, config, seen=()) -> TfDocument:
    """A data "aws_iam_policy_document" in the JSON model; kind from its consumers."""
    consumers_kinds = sorted({k for _, k in consumers(graph, block)})
    kind = consumers_kinds[0] if len(consumers_kinds) == 1 else ""
    out = TfDocument(kind, f"data.{DATA_TYPE}.{block.name}", "data", origin=block.address, line=block.start)
    body = raw_body(block)
    if body is None:
        out.unknown = f"data.{DATA_TYPE}.{block.name}"
        return out
    res = Resolver(graph, block)
    statements, lines = [], []
    for expr in values.as_list(body.get("source_policy_documents")):
        sub = _data_sub(graph, block, expr, seen, res)
        statements += sub
        lines += [None] * len(sub)
    source = _source(block)
    opens = block_lines(source, block.start, block.end, "statement")
    for i, st in enumerate(body.get("statement") or []):
        statements.append(_statement(st, res))
        lines.append(opens[i] if i < len(opens) else None)
    for expr in values.as_list(body.get("override_policy_documents")):
        for st in _data_sub(graph, block, expr, seen, res):
            same = [j for j, s in enumerate(statements) if st.get("Sid") and s.get("Sid") == st["Sid"]]
            if same:
                statements[same[0]] = st
            else:
                statements.append(st)
                lines.append(None)
    obj = {"Version": res.string(str(values.first(body, "version", "2012-10-17")))}
    if values.first(body, "policy_id"):
        obj["Id"] = res.string(str(values.first(body, "policy_id")))
    obj["Statement"] = statements
    out.doc = from_object(obj, locate=lambda st: lines[st.index] if st.index < len(lines) else None)
    if not kind:
        from zt_rules.iam import classify
        from zt_rules.tf.base import SETTINGS
        out.kind = classify(out.doc, None, config or SETTINGS.config)
    return _finish(out, res)


def _data_sub(graph, block, expr, seen, res) -> list[dict]:
    whole = _WHOLE.match(expr) if isinstance(expr, str) else None
    m = _DATA_JSON.match(whole.group(1).strip()) if whole else None
    if not m or m.group(1) in seen:
        res.unknown.append((str(expr), True))
        return []
    for idx, a in graph.attrs.items():
        if a.get("block_type_") == "data" and a.get("__address__") == \
                f"{module_prefix(block.address)}{DATA_TYPE}.{m.group(1)}":
            sub = _data_document(graph, block_at(graph, idx), None, seen + (block.name,))
            if sub.doc is None:
                res.unknown.append((sub.unknown or expr, True))
                return []
            return [dict(s.raw) for s in sub.doc.statements if isinstance(s.raw, dict)]
    res.unknown.append((str(expr), True))
    return []


def _hcl_list(res, v, decisive=True) -> list[str]:
    return [res.string(values.as_str(x), decisive).replace("&{", "${") for x in values.as_list(v)]


def _statement(st: dict, res: Resolver) -> dict:
    out: dict = {}
    if values.first(st, "sid") is not None:
        out["Sid"] = res.string(str(values.first(st, "sid")), False)
    out["Effect"] = res.string(str(values.first(st, "effect", "Allow")))
    for hcl, key, decisive in (("actions", "Action", True), ("not_actions", "NotAction", True),
                               ("resources", "Resource", False), ("not_resources", "NotResource", False)):
        if hcl in st:
            out[key] = _hcl_list(res, st[hcl], decisive)
    for hcl, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        blocks = [b for b in st.get(hcl) or [] if isinstance(b, dict)]
        if blocks:
            principal: dict = {}
            for b in blocks:
                ptype = res.string(str(values.first(b, "type")))
                ids = _hcl_list(res, b.get("identifiers"))
                if ptype == "*" and ids == ["*"]:
                    principal = "*"
                    break
                principal.setdefault(ptype, []).extend(ids)
            out[key] = principal
    conditions: dict = {}
    for c in st.get("condition") or []:
        test = res.string(str(values.first(c, "test")))
        var = res.string(str(values.first(c, "variable")))
        conditions.setdefault(test, {}).setdefault(var, []).extend(_hcl_list(res, c.get("values"), False))
    if conditions:
        out["Condition"] = conditions
    return out


def consumers(graph, data: Block) -> list[tuple[Block, str]]:
    """Resources (same module instance and directory) whose document argument is this data block's json."""
    # the whole name: `data...app` must not match `data...app_assume`
    target = re.compile(re.escape(f"data.{DATA_TYPE}.{data.name}") + r"(?![\w-])")
    prefix = module_prefix(data.address)
    out = []
    for rtype, args in DOC_ARGS.items():
        for idx in graph.by_type.get(rtype, []):
            a = graph.attrs[idx]
            if module_prefix(a.get("__address__", "")) != prefix or \
                    os.path.dirname(a.get("file_path_", "")) != os.path.dirname(data.path):
                continue
            body = raw_body(block_at(graph, idx)) or {}
            for arg, kind in args:
                outer, _, inner = arg.rpartition(".")
                raws = [nb.get(inner) for nb in body.get(outer) or [] if isinstance(nb, dict)] if outer \
                    else [body.get(arg)]
                if any(target.search(str(values.first({"v": r}, "v"))) for r in raws if r is not None):
                    out.append((block_at(graph, idx), kind))
    return out


# ---------------------------------------------------------------- principals (ZT_IAM_010)

_ATTACH = {"aws_iam_role_policy_attachment": ("role",), "aws_iam_user_policy_attachment": ("user",),
           "aws_iam_group_policy_attachment": ("group",), "aws_iam_policy_attachment": ("roles", "users", "groups")}
_INLINE = {"aws_iam_role_policy": "role", "aws_iam_user_policy": "user", "aws_iam_group_policy": "group"}


def referrers(graph, rtype: str, attr: str, target: int) -> list[int]:
    """Resources of `rtype` whose `attr` refers to vertex `target`."""
    out = []
    for idx in graph.by_type.get(rtype, []):
        value = graph.attrs[idx].get(attr)
        if value is not None and target in graph.resolve(idx, attr, value)[0]:
            out.append(idx)
    return out


def principals_of(graph, block: Block) -> list[int]:
    """The role/user/group vertices an identity document's resource applies to."""
    if block.vertex is None:
        return []
    a = graph.attrs[block.vertex]
    if block.type == "aws_iam_role":
        return [block.vertex]
    if block.type in _INLINE:
        return graph.resolve(block.vertex, _INLINE[block.type], a.get(_INLINE[block.type]))[0]
    if block.type != "aws_iam_policy":
        return []
    out = []
    for rtype, attrs in _ATTACH.items():
        for att in referrers(graph, rtype, "policy_arn", block.vertex):
            for attr in attrs:
                out += graph.resolve(att, attr, graph.attrs[att].get(attr))[0]
    out += referrers(graph, "aws_iam_role", "managed_policy_arns", block.vertex)
    return list(dict.fromkeys(out))


def principal_kind(graph, idx: int) -> str:
    """'human' for users, groups and roles people assume; 'service' for roles only
    services or web identity (OIDC) assume; 'unknown' when the trust is unknown."""
    rtype = graph.attrs[idx].get("resource_type")
    if rtype in ("aws_iam_user", "aws_iam_group"):
        return "human"
    trust = [d for d in documents_at(graph, block_at(graph, idx)) if d.kind == TRUST]
    if not trust or trust[0].doc is None:
        return "unknown"
    for st in trust[0].doc.statements:
        if not st.allow or st.principal is None:
            continue
        federated = st.principal.values("Federated")
        if st.principal.values("AWS") or st.principal.values("?") or \
                any("saml-provider/" in f for f in federated):
            return "human"
    return "service"


def context_for(graph, block: Block, tfdoc: TfDocument, users: list[Block] | None = None):
    """PolicyContext: who uses the document, and the other documents that may guard it
    (documents attached to the same principals, and every SCP of the scanned set)."""
    from zt_rules.iam import PolicyContext
    holders = []
    for b in users if users is not None else [block]:
        holders += principals_of(graph, b)
    kinds = {principal_kind(graph, p) for p in holders}
    principal = "human" if "human" in kinds else "unknown" if not kinds or "unknown" in kinds else "service"
    guards = [d.doc for p in holders for d in attached_documents(graph, p)
              if d.doc is not None and d is not tfdoc and d.doc is not tfdoc.doc]
    root = os.path.dirname(block.path)
    for idx in graph.by_type.get("aws_organizations_policy", []):
        if os.path.dirname(graph.attrs[idx].get("file_path_", "")).startswith(root):
            guards += [d.doc for d in documents_at(graph, block_at(graph, idx)) if d.doc is not None]
    return PolicyContext(principal=principal, guards=tuple(guards))


def attached_documents(graph, principal: int) -> list[TfDocument]:
    """Identity documents of a role/user/group: inline, *_policy resources, attached policies."""
    rtype = graph.attrs[principal].get("resource_type", "")
    short = rtype.replace("aws_iam_", "")
    docs = [d for d in documents_at(graph, block_at(graph, principal)) if d.kind == IDENTITY]
    for idx in referrers(graph, f"aws_iam_{short}_policy", short, principal):
        docs += documents_at(graph, block_at(graph, idx))
    for att_type, attrs in _ATTACH.items():
        for attr in attrs:
            if attr.rstrip("s") != short:
                continue
            for att in referrers(graph, att_type, attr, principal):
                for pol in graph.resolve(att, "policy_arn", graph.attrs[att].get("policy_arn"))[0]:
                    docs += documents_at(graph, block_at(graph, pol))
    return docs


