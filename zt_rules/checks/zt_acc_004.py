"""ZT_ACC_004: instance metadata reachable without IMDSv2 session tokens."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import nested_blocks, vertex_of
from zt_rules.tf.source import block_lines


class ImdsV2(ZtResourceCheck):
    rule_id = "ZT_ACC_004"

    def evaluate(self, ctx):
        block, line, open_each = _metadata_options(ctx)
        if open_each:
            yield ctx.hit(f"cannot decide IMDSv2: the dynamic metadata_options block's {open_each} is not "
                          "known statically", line=line, key="metadata_options", unknown=open_each)
            return
        endpoint = values.as_str(block("http_endpoint"))
        if endpoint and endpoint.lower() == "disabled":
            return  # no metadata service at all
        tokens = values.as_str(block("http_tokens"))
        if tokens is None:
            if _account_requires_tokens(ctx):
                return
            where = "metadata_options without http_tokens" if line else "no metadata_options block"
            yield ctx.hit(f"{where}: IMDSv1 stays enabled, so an SSRF in the workload can read the "
                          f"instance role's credentials", line=line, key="metadata_options")
        elif values.is_unresolved(tokens):
            yield ctx.hit(f"cannot decide IMDSv2: http_tokens = {tokens} is not known statically",
                          line=line, key="metadata_options", unknown=tokens)
        elif tokens.lower() != "required":
            yield ctx.hit(f"http_tokens = \"{tokens}\" keeps IMDSv1 enabled: an SSRF in the workload "
                          f"can read the instance role's credentials", line=line, key="metadata_options")


def _metadata_options(ctx):
    """(name -> value of the first metadata_options block, its line or None when
    there is none, the for_each of a dynamic one that cannot be expanded)."""
    nested = nested_blocks(ctx, "metadata_options")
    if nested is None:   # no dynamic block: Checkov's conf
        block = next((b for b in values.as_list(ctx.conf.get("metadata_options")) if isinstance(b, dict)), {})
        lines = block_lines(ctx.source_lines(), ctx.start, ctx.end, "metadata_options")
        return (lambda name: values.first(block, name)), (lines[0] if lines and block else None), None
    if not nested:       # a dynamic block over an empty collection: no block at all
        return (lambda name: None), None, None
    first = nested[0]
    return (lambda name: values.first({"v": first.get(name)}, "v")), first.line, first.unknown


def _account_requires_tokens(ctx) -> bool:
    """`aws_ec2_instance_metadata_defaults` with http_tokens = "required" in the scanned set."""
    graph = ctx.graph
    return any((values.as_str(graph.attrs[i].get("http_tokens")) or "").lower() == "required"
               for i in graph.resources("aws_ec2_instance_metadata_defaults", near=vertex_of(ctx)))


check = ImdsV2()
