"""The AWS region of a resource (RULES.md "Regions").

A resource's own `region` argument (provider v6), else its provider's
`region`: `provider = aws.alias`, the provider a module call passes in
(`providers = { aws = aws.alias }`), else the default `aws` provider.
`for_each` over a region list is expanded by Checkov (one vertex each).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from zt_rules.tf.values import is_unresolved

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


@dataclass(frozen=True)
class Region:
    """`name` when known; `unknown` names the unresolved expression; both None:
    no provider sets a region (taken as the stack's home region)."""

    name: str | None = None
    unknown: str | None = None


def owner_dir(attrs: dict) -> str:
    """The directory of the root module a vertex belongs to (a module's
    resources belong to the root that calls it)."""
    obj = attrs.get("source_module_object_")
    path = None
    while obj is not None:  # a TFModule (or its dict/JSON form); the outermost caller last
        if isinstance(obj, str):
            try:
                obj = json.loads(obj)
            except ValueError:
                break
        get = obj.get if isinstance(obj, dict) else (lambda k: getattr(obj, k, None))
        path = get("path") or path
        obj = get("nested_tf_module")
    return os.path.dirname(path or attrs.get("file_path_", ""))


def _literal(value, what: str) -> Region:
    if isinstance(value, str) and _REGION.match(value) and not is_unresolved(value):
        return Region(value)
    return Region(unknown=f"{what} = {value}")


def aws_providers(graph, root: str) -> list[int]:
    """`provider "aws"` vertices of the root module in `root`, in file/line order."""
    found = [i for i, a in graph.attrs.items()
             if a.get("block_type_") == "provider" and a.get("block_name_", "").split(".")[0] == "aws"
             and os.path.dirname(a.get("file_path_", "")) == root]
    return sorted(found, key=lambda i: (graph.attrs[i].get("file_path_", ""),
                                        graph.attrs[i].get("__start_line__", 0)))


def provider_name(attrs: dict) -> str:
    """`aws` for the default provider block, `aws.<alias>` for an alias."""
    alias = attrs.get("alias")
    return f"aws.{alias}" if isinstance(alias, str) and alias else "aws"


def provider_region(attrs: dict) -> Region:
    value = attrs.get("region")
    if value is None:
        return Region()
    return _literal(value, f"provider {provider_name(attrs)} region")


def region_of(graph, idx: int) -> Region:
    """The region of resource vertex `idx`."""
    attrs = graph.attrs[idx]
    if attrs.get("region") is not None:
        return _literal(attrs["region"], "region")
    root = owner_dir(attrs)
    wanted = attrs.get("provider") if isinstance(attrs.get("provider"), str) else None
    if wanted is None:  # a module call's `providers = { aws = aws.x }`
        for _, dst, data in graph.graph.out_edges(idx):
            if data.get("label", "").startswith("providers.aws"):
                return provider_region(graph.attrs[dst])
    wanted = wanted or "aws"
    for p in aws_providers(graph, root):
        if provider_name(graph.attrs[p]) == wanted:
            return provider_region(graph.attrs[p])
    if wanted != "aws":
        return Region(unknown=f"provider = {wanted}")
    return Region()
