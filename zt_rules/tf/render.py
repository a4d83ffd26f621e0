"""Render Terraform values with our evaluator instead of Checkov's renderer.

Checkov's variable rendering was ~40% of a cold run, and our rules already
evaluate expressions from the raw HCL (`zt_rules.tf.evaluate`). So zt-lint
builds Checkov's graph with `render_variables=False`, then replaces each
`${...}` leaf of the resource, data and provider blocks by its value in the
block's own module instance (count/for_each bindings included). Like
Checkov, a reference to another resource's argument becomes that argument's
value; a leaf with any other reference (`aws_x.y.id`, which rules follow by
name) or any unknown part keeps its text.
Plain `checkov --external-checks-dir` keeps Checkov's own rendering.
"""
from __future__ import annotations

RENDERED = ("resource", "data", "provider")


class _Saved:
    """A Checkov local graph, shaped like the saved graph (rustworkx) TfGraph reads."""

    def __init__(self, local_graph):
        self._nodes = [(i, v.get_attribute_dict(add_hash=False)) for i, v in enumerate(local_graph.vertices)]
        self._out: dict[int, list] = {}
        for e in local_graph.edges:
            self._out.setdefault(e.origin, []).append((e.origin, e.dest, {"label": e.label}))

    def nodes(self):
        return self._nodes

    def out_edges(self, idx):
        return self._out.get(idx, [])


def render_graph(local_graph) -> None:
    """Render the leaves of every resource, data and provider block in place:
    their config (what checks receive) and their attributes (the saved graph)."""
    from zt_rules.tf.evaluate import expr_text
    from zt_rules.tf.graph import TfGraph
    tg = TfGraph(_Saved(local_graph))
    ev = tg.evaluator
    for idx, vertex in enumerate(local_graph.vertices):
        if vertex.block_type not in RENDERED:
            continue
        scope, env, memo = ev.scope_of(idx), ev.env_of(idx), {}

        def leaf(text):
            if text not in memo:
                value = None
                try:
                    value = ev.raw_value(scope, text, env)
                    memo[text] = _known(ev, value)
                except Exception:   # unknown (_Keep) or an evaluator failure: left as written,
                    written = expr_text(text)   # as Checkov leaves it (`${aws.eu}` -> `aws.eu`)
                    memo[text] = _local_ref(written, value, scope) or written
            return memo[text]

        _render(vertex.config, leaf)
        _render(vertex.attributes, leaf)
    try:   # Checkov read `provider = aws.x` before rendering; read it again
        local_graph._add_provider_attr_to_resources()
    except Exception:  # as Checkov: a provider it cannot place is left unset
        pass


def _local_ref(written: str, value, scope) -> str | None:
    """`local.lt_id` that is `aws_launch_template.this.id` in the same module instance:
    that reference's text, which rules follow by name."""
    from zt_rules.tf.evaluate import Ref
    if not written.startswith("local.") or not isinstance(value, Ref) or len(value.vertices) != 1 \
            or not value.attr or not value.text.startswith(scope.prefix):
        return None
    return value.text[len(scope.prefix):]


class _Keep(Exception):
    """The leaf keeps its text."""


def _known(ev, v, depth=0):
    """The value with references to arguments replaced by their values."""
    from zt_rules.tf.evaluate import Ref, Unknown
    if isinstance(v, Unknown) or depth > 8:
        raise _Keep
    if isinstance(v, Ref):
        body = ev.body(v.vertices[0]) if len(v.vertices) == 1 and v.instance is None else None
        if not body or not v.attr or v.attr not in body or isinstance(body[v.attr], dict):
            raise _Keep
        idx = v.vertices[0]
        value = ev.raw_value(ev.scope_of(idx), body[v.attr], ev.env_of(idx))
        if value is None:   # null: the provider computes it (a name from name_prefix)
            raise _Keep
        return _known(ev, value, depth + 1)
    if isinstance(v, list):
        return [_known(ev, x, depth) for x in v]
    if isinstance(v, dict):
        return {k: _known(ev, x, depth) for k, x in v.items()}
    return v


def _render(node, leaf):
    """Replace `${...}` strings inside dicts and lists, keeping the shape."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, str):
            if "${" in value and not (isinstance(key, str) and key.startswith("__")):
                node[key] = leaf(value)
        else:
            _render(value, leaf)
