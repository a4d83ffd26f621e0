"""ZT_ACC_002: SSH key material and SSH entry points."""
from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import nested_blocks
from zt_rules.tf.source import block_lines

_WHOLE = {
    "aws_key_pair": "an SSH key pair: whoever holds the private key logs in outside IAM and CloudTrail",
    "aws_ec2_instance_connect_endpoint": "an EC2 Instance Connect endpoint opens an SSH/RDP path "
                                         "into private subnets",
}


class SshKeyMaterial(ZtResourceCheck):
    rule_id = "ZT_ACC_002"

    def evaluate(self, ctx):
        if ctx.type in _WHOLE:
            yield ctx.hit(f"{_WHOLE[ctx.type]}; use Session Manager instead")
            return
        if ctx.type == "aws_eks_node_group":
            yield from _remote_access(ctx)
            return
        key_name = values.as_str(ctx.get("key_name"))
        if not key_name:
            return
        if values.is_unresolved(key_name):
            yield ctx.hit(f"cannot decide whether an SSH key is set: key_name = {key_name} is not "
                          f"known statically", unknown=key_name, key="key_name")
            return
        yield ctx.hit(f"key_name = \"{key_name}\" installs an SSH key on the instances: access then "
                      f"bypasses IAM and CloudTrail; use Session Manager instead", key="key_name")


def _remote_access(ctx):
    nested = nested_blocks(ctx, "remote_access")   # a dynamic block may create none
    if nested is None and not ctx.conf.get("remote_access"):
        return
    lines = block_lines(ctx.source_lines(), ctx.start, ctx.end, "remote_access")
    for n in nested if nested is not None else [None]:
        message = "remote_access gives the node group an SSH key and opens port 22 on its nodes; " \
                  "use Session Manager instead"
        if n is not None and n.unknown:
            message = f"{message}, if the dynamic block creates one ({n.unknown} is not known statically)"
        yield ctx.hit(message, line=n.line if n is not None else (lines[0] if lines else None),
                      key="remote_access", unknown=n.unknown if n is not None else None)


check = SshKeyMaterial()
