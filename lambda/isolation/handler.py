"""GuardDuty EC2 finding -> contain the instance (zt-lint baseline isolation Lambda).

Triggered by the EventBridge rule `source = aws.guardduty`, `detail-type = GuardDuty
Finding`, `severity >= 7`. For an EC2 finding at or above MIN_SEVERITY it:

1. moves every network interface of the instance to a transient allow-all security
   group (all traffic in and out, IPv4 and IPv6). Security groups are stateful and a
   *tracked* connection survives a rule change; a flow allowed by all-traffic rules in
   both directions is *untracked*, so this step turns the attacker's established
   sessions into untracked flows, which the next step cuts at once;
2. moves the interfaces to the isolation group (`ISOLATION_SG_NAME`, created in the
   instance's VPC if missing): no ingress, egress only to the security tooling
   (`TOOLING_CIDRS` / `TOOLING_SG_IDS` on `TOOLING_PORTS`);
3. disassociates the instance profile, so stolen role credentials are no longer renewed
   (credentials already issued stay valid until they expire: revoke the role's sessions
   if the finding says they left the instance);
4. tags the instance with the finding id and the original security groups (for
   forensics and for restoring the instance);
5. publishes the finding and what was done to the paging topic (`TOPIC_ARN`).

A second run on an isolated instance changes nothing and still reports. Non-EC2 and
low-severity findings are ignored. An instance that no longer exists is reported.
"""
from __future__ import annotations

import json
import logging
import os
from typing import Any

import boto3
from botocore.exceptions import ClientError

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

MANAGED_TAG = "zt:managed-by"
MANAGED_VALUE = "zt-isolation-lambda"
FINDING_TAG = "zt:isolation-finding-id"
ORIGINAL_SGS_TAG = "zt:original-security-groups"
ISOLATED_TAG = "zt:isolated"
GONE_STATES = {"terminated", "shutting-down"}


def _settings() -> dict[str, Any]:
    def csv(name: str) -> list[str]:
        return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]

    return {
        "min_severity": float(os.environ.get("MIN_SEVERITY", "7")),
        "topic_arn": os.environ.get("TOPIC_ARN", ""),
        "sg_name": os.environ.get("ISOLATION_SG_NAME", "zt-isolation"),
        "transient_sg_name": os.environ.get("TRANSIENT_SG_NAME", "zt-isolation-transient"),
        "tooling_cidrs": csv("TOOLING_CIDRS"),
        "tooling_sg_ids": csv("TOOLING_SG_IDS"),
        "tooling_ports": [int(p) for p in csv("TOOLING_PORTS") or ["443"]],
    }


def _finding(event: dict[str, Any]) -> dict[str, Any]:
    detail = event.get("detail") if isinstance(event, dict) else None
    return detail if isinstance(detail, dict) else {}


def _instance_id(finding: dict[str, Any]) -> str | None:
    resource = finding.get("resource") or {}
    if resource.get("resourceType") != "Instance":
        return None
    return (resource.get("instanceDetails") or {}).get("instanceId") or None


def _severity(finding: dict[str, Any]) -> float:
    try:
        return float(finding.get("severity"))
    except (TypeError, ValueError):
        return -1.0


def _find_sg(ec2, vpc_id: str, name: str) -> str | None:
    groups = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]},
        {"Name": "group-name", "Values": [name]},
    ])["SecurityGroups"]
    return groups[0]["GroupId"] if groups else None


def _create_sg(ec2, vpc_id: str, name: str, description: str) -> str:
    return ec2.create_security_group(
        GroupName=name, Description=description, VpcId=vpc_id,
        TagSpecifications=[{"ResourceType": "security-group", "Tags": [
            {"Key": MANAGED_TAG, "Value": MANAGED_VALUE}, {"Key": "Name", "Value": name}]}],
    )["GroupId"]


def _drop_default_egress(ec2, sg_id: str) -> None:
    """A new VPC security group allows all egress to 0.0.0.0/0: remove it."""
    group = ec2.describe_security_groups(GroupIds=[sg_id])["SecurityGroups"][0]
    if group.get("IpPermissionsEgress"):
        ec2.revoke_security_group_egress(GroupId=sg_id, IpPermissions=group["IpPermissionsEgress"])


def _ensure_transient_sg(ec2, vpc_id: str, cfg: dict[str, Any]) -> str:
    sg_id = _find_sg(ec2, vpc_id, cfg["transient_sg_name"])
    if sg_id:
        return sg_id
    sg_id = _create_sg(ec2, vpc_id, cfg["transient_sg_name"],
                       "zt-isolation step 1: all traffic, makes tracked connections untracked")
    everything = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                   "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]
    ec2.authorize_security_group_ingress(GroupId=sg_id, IpPermissions=everything)
    _drop_default_egress(ec2, sg_id)
    ec2.authorize_security_group_egress(GroupId=sg_id, IpPermissions=everything)
    return sg_id


def _tooling_sgs_in_vpc(ec2, vpc_id: str, sg_ids: list[str]) -> list[str]:
    """Security group references only work inside one VPC (or a peered one): keep those of the instance's VPC."""
    if not sg_ids:
        return []
    try:
        groups = ec2.describe_security_groups(Filters=[
            {"Name": "group-id", "Values": sg_ids}, {"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"]
    except ClientError as exc:
        LOG.warning("cannot read tooling security groups %s: %s", sg_ids, exc)
        return []
    return sorted(g["GroupId"] for g in groups)


def _ensure_isolation_sg(ec2, vpc_id: str, cfg: dict[str, Any]) -> tuple[str, bool]:
    sg_id = _find_sg(ec2, vpc_id, cfg["sg_name"])
    if sg_id:
        return sg_id, False
    sg_id = _create_sg(ec2, vpc_id, cfg["sg_name"],
                       "zt-isolation: no ingress, egress only to security tooling")
    _drop_default_egress(ec2, sg_id)
    permissions = []
    tooling_sgs = _tooling_sgs_in_vpc(ec2, vpc_id, cfg["tooling_sg_ids"])
    for port in cfg["tooling_ports"]:
        perm: dict[str, Any] = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
        if cfg["tooling_cidrs"]:
            perm["IpRanges"] = [{"CidrIp": c, "Description": "security tooling"} for c in cfg["tooling_cidrs"]]
        if tooling_sgs:
            perm["UserIdGroupPairs"] = [{"GroupId": g, "Description": "security tooling"} for g in tooling_sgs]
        if len(perm) > 3:
            permissions.append(perm)
    if permissions:
        ec2.authorize_security_group_egress(GroupId=sg_id, IpPermissions=permissions)
    return sg_id, True


def _describe_instance(ec2, instance_id: str) -> dict[str, Any] | None:
    try:
        reservations = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"):
            return None
        raise
    for reservation in reservations:
        for instance in reservation.get("Instances", []):
            if instance.get("State", {}).get("Name") not in GONE_STATES:
                return instance
    return None


def _profile_associations(ec2, instance_id: str) -> list[dict[str, Any]]:
    associations = ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [instance_id]}])["IamInstanceProfileAssociations"]
    return [a for a in associations if a.get("State") in ("associating", "associated")]


def _publish(sns, cfg: dict[str, Any], report: dict[str, Any], finding: dict[str, Any]) -> None:
    if not cfg["topic_arn"]:
        LOG.warning("TOPIC_ARN not set: nobody is paged for %s", report.get("finding_id"))
        return
    subject = f"GuardDuty {finding.get('type', 'finding')} sev {finding.get('severity')}: {report['status']}"
    sns.publish(TopicArn=cfg["topic_arn"], Subject=subject[:100],
                Message=json.dumps({"report": report, "finding": finding}, default=str, sort_keys=True))


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    cfg = _settings()
    finding = _finding(event)
    finding_id = finding.get("id")
    instance_id = _instance_id(finding)
    if instance_id is None:
        LOG.info("finding %s is not about an EC2 instance: ignored", finding_id)
        return {"status": "ignored", "reason": "not-ec2", "finding_id": finding_id}
    severity = _severity(finding)
    if severity < cfg["min_severity"]:
        LOG.info("finding %s severity %s < %s: ignored", finding_id, severity, cfg["min_severity"])
        return {"status": "ignored", "reason": "low-severity", "finding_id": finding_id,
                "instance_id": instance_id}

    region = event.get("region") or finding.get("region") or os.environ.get("AWS_REGION")
    ec2 = boto3.client("ec2", region_name=region)
    topic_region = cfg["topic_arn"].split(":")[3] if cfg["topic_arn"].count(":") >= 5 else region
    sns = boto3.client("sns", region_name=topic_region or region)  # the paging topic may live in the home region
    report: dict[str, Any] = {"finding_id": finding_id, "instance_id": instance_id, "region": region,
                              "severity": severity, "actions": []}

    instance = _describe_instance(ec2, instance_id)
    if instance is None:
        LOG.warning("instance %s of finding %s no longer exists: nothing to isolate", instance_id, finding_id)
        report["status"] = "instance-not-found"
        _publish(sns, cfg, report, finding)
        return report

    vpc_id = instance["VpcId"]
    enis = instance.get("NetworkInterfaces", [])
    isolation_sg, created = _ensure_isolation_sg(ec2, vpc_id, cfg)
    report["isolation_security_group"] = isolation_sg
    if created:
        report["actions"].append(f"created isolation security group {isolation_sg}")

    original = sorted({g["GroupId"] for eni in enis for g in eni.get("Groups", [])})
    isolated = bool(enis) and all([g["GroupId"] for g in eni.get("Groups", [])] == [isolation_sg] for eni in enis)
    if not isolated:
        transient_sg = _ensure_transient_sg(ec2, vpc_id, cfg)
        for eni in enis:
            ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"], Groups=[transient_sg])
        for eni in enis:
            ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"], Groups=[isolation_sg])
        report["actions"].append(f"security groups {','.join(original)} -> {transient_sg} -> {isolation_sg}")

    for association in _profile_associations(ec2, instance_id):
        ec2.disassociate_iam_instance_profile(AssociationId=association["AssociationId"])
        report["actions"].append(f"disassociated instance profile {association['IamInstanceProfile']['Arn']}")

    tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
    if tags.get(ISOLATED_TAG) != "true":
        new_tags = [{"Key": ISOLATED_TAG, "Value": "true"}, {"Key": FINDING_TAG, "Value": str(finding_id)}]
        if not isolated:
            new_tags.append({"Key": ORIGINAL_SGS_TAG, "Value": " ".join(original)[:256]})
        ec2.create_tags(Resources=[instance_id], Tags=new_tags)
        report["actions"].append(f"tagged {ISOLATED_TAG}=true {FINDING_TAG}={finding_id}")

    report["status"] = "isolated" if report["actions"] else "already-isolated"
    LOG.info("finding %s: %s", finding_id, json.dumps(report, default=str))
    _publish(sns, cfg, report, finding)
    return report
