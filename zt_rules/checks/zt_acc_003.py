"""ZT_ACC_003: an instance or launch template that Session Manager cannot manage."""
from fnmatch import fnmatchcase

from zt_rules.tf import values
from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import vertex_of
from zt_rules.tf.tiers import path_values, resolve_named

MANAGED_POLICY = "AmazonSSMManagedInstanceCore"
# AWS-managed policies that allow every action Session Manager needs, among others
GRANTING_AWS_POLICIES = ("AmazonSSMManagedInstanceCore", "AdministratorAccess", "PowerUserAccess")
SSM_ACTIONS = ("ssm:updateinstanceinformation", "ssmmessages:createcontrolchannel",
               "ssmmessages:createdatachannel", "ssmmessages:opencontrolchannel",
               "ssmmessages:opendatachannel")
_ATTACHERS = {  # type -> (attribute naming the role(s), attribute naming the policy)
    "aws_iam_role_policy_attachment": ("role", "policy_arn"),
    "aws_iam_policy_attachment": ("roles", "policy_arn"),
    "aws_iam_role_policy_attachments_exclusive": ("role_name", "policy_arns"),
    "aws_iam_role_policy": ("role", "policy"),
}


class SsmManaged(ZtResourceCheck):
    rule_id = "ZT_ACC_003"

    def evaluate(self, ctx):
        graph, me = ctx.graph, vertex_of(ctx)
        if me is None or _dhm_enabled(graph, me) or _used_by_eks(graph, me):
            return
        path = "iam_instance_profile.name" if ctx.type == "aws_launch_template" else "iam_instance_profile"
        exprs = [v for v in path_values(graph.attrs[me], path) if v] or \
            [v for v in path_values(graph.attrs[me], "iam_instance_profile.arn") if v]
        if not exprs:
            yield ctx.hit("no instance profile: Session Manager cannot reach it, which leaves SSH "
                          "keys or bastions as the way in", key="iam_instance_profile")
            return
        profiles, missing = resolve_named(graph, me, "iam_instance_profile", exprs,
                                          ("aws_iam_instance_profile",))
        roles = []
        for p in profiles:
            found, lost = resolve_named(graph, p, "role", graph.attrs[p].get("role"), ("aws_iam_role",))
            roles += found
            missing += lost or ([] if found else [f"{graph.address(p)}.role"])
        verdicts = [_role_grants_ssm(graph, r) for r in roles]
        if any(v is True for v in verdicts):
            return
        unknown = missing + [graph.address(r) for r, v in zip(roles, verdicts) if v is None]
        if unknown:
            yield ctx.hit(f"cannot decide whether the instance role allows Session Manager: "
                          f"{', '.join(map(str, unknown))} is not known statically",
                          key="iam_instance_profile", unknown=str(unknown[0]))
            return
        yield ctx.hit(f"the instance profile's role has neither {MANAGED_POLICY} nor a policy "
                      f"allowing ssm:UpdateInstanceInformation and the ssmmessages channels: "
                      f"Session Manager cannot manage it", key="iam_instance_profile")


def _dhm_enabled(graph, me: int) -> bool:
    """Default Host Management Configuration is on in the scanned set."""
    return any("default-ec2-instance-management-role" in str(graph.attrs[i].get("setting_id", ""))
               for i in graph.resources("aws_ssm_service_setting", near=me))


def _used_by_eks(graph, me: int) -> bool:
    for idx in graph.resources("aws_eks_node_group"):
        for path in ("launch_template.id", "launch_template.name"):
            found, _ = graph.resolve(idx, "launch_template", path_values(graph.attrs[idx], path))
            if me in found:
                return True
    return False


def _role_grants_ssm(graph, role: int) -> bool | None:
    """True: the role can register with SSM; None: something it needs is unknown."""
    attrs = graph.attrs[role]
    unknown = False
    if _aws_granting([str(a) for a in values.as_list(attrs.get("managed_policy_arns"))]):
        return True
    if _grants(attrs.get("inline_policy")):
        return True
    for rtype, (role_attr, policy_attr) in _ATTACHERS.items():
        for idx in graph.resources(rtype):
            found, _ = resolve_named(graph, idx, role_attr, graph.attrs[idx].get(role_attr),
                                     ("aws_iam_role",))
            if role not in found:
                continue
            verdict = _policy_grants(graph, idx, policy_attr)
            if verdict:
                return True
            unknown = unknown or verdict is None
    return None if unknown else False


def _aws_granting(texts: list[str]) -> bool:
    """One of the texts names AmazonSSMManagedInstanceCore, or an AWS-managed policy
    that allows everything it does."""
    return any(MANAGED_POLICY in t for t in texts) or \
        any(t.endswith(f":iam::aws:policy/{name}") for t in texts for name in GRANTING_AWS_POLICIES)


def _policy_grants(graph, idx: int, attr: str) -> bool | None:
    value = graph.attrs[idx].get(attr)
    if attr == "policy":
        return _grants(_document(graph, idx, value))
    texts = [str(v) for v in values.as_list(value)]
    if _aws_granting(texts):
        return True
    texts = [t for t in texts if ":iam::aws:policy/" not in t]  # other AWS-managed policies
    found, missing = resolve_named(graph, idx, attr, texts, ("aws_iam_policy",))
    verdict = False
    for p in found:
        a = graph.attrs[p]
        if MANAGED_POLICY in str(a.get("name", "")) + str(a.get("arn", "")):
            return True
        verdict = verdict or _grants(_document(graph, p, a.get("policy")))
    return True if verdict else (None if missing or values.is_unresolved(texts) else False)


def _document(graph, idx: int, value):
    """A policy document as a dict: jsonencode/heredoc, or a data aws_iam_policy_document."""
    if isinstance(value, dict) or not isinstance(value, str):
        return value
    if value.lstrip().startswith("{"):
        return value   # JSON text: _grants decodes it
    if value.startswith("data.aws_iam_policy_document."):
        name = value.split(".")[2]
        for a in graph.attrs.values():
            if a.get("block_type_") == "data" and a.get("block_name_") == f"aws_iam_policy_document.{name}":
                return {"Statement": [{"Effect": s.get("effect", "Allow"), "Action": s.get("actions")}
                                      for s in values.as_list(a.get("statement")) if isinstance(s, dict)]}
    return None


def _grants(doc) -> bool | None:
    """Does a document (or a list of inline_policy blocks) allow the SSM actions?"""
    if isinstance(doc, list):
        return any(_grants(d.get("policy") if isinstance(d, dict) else d) for d in doc)
    if isinstance(doc, str):
        import json
        try:
            doc = json.loads(doc)
        except ValueError:
            return None
    if not isinstance(doc, dict):
        return None
    allowed = []
    for st in values.as_list(doc.get("Statement")):
        if isinstance(st, dict) and str(st.get("Effect", "Allow")).lower() == "allow":
            allowed += [str(a).lower() for a in values.as_list(st.get("Action"))]
    return all(any(fnmatchcase(action, pattern) for pattern in allowed) for action in SSM_ACTIONS)


check = SsmManaged()
