"""The GuardDuty isolation Lambda (lambda/isolation/handler.py) against moto: no network."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

boto3 = pytest.importorskip("boto3")
moto = pytest.importorskip("moto")

HANDLER = Path(__file__).resolve().parent.parent / "lambda" / "isolation" / "handler.py"
REGION = "us-east-1"
FINDING_ID = "60baffd3f9042e38640f2300d5c5a631"


@pytest.fixture()
def aws(monkeypatch):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SECURITY_TOKEN": "testing", "AWS_SESSION_TOKEN": "testing",
                       "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}.items():
        monkeypatch.setenv(key, value)
    for key in ("AWS_PROFILE", "MIN_SEVERITY", "TOOLING_SG_IDS", "TOOLING_CIDRS", "TOOLING_PORTS",
                "ISOLATION_SG_NAME", "TRANSIENT_SG_NAME"):
        monkeypatch.delenv(key, raising=False)
    with moto.mock_aws():
        yield


@pytest.fixture()
def handler():
    spec = importlib.util.spec_from_file_location("zt_isolation_handler", HANDLER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler


@pytest.fixture()
def env(aws, monkeypatch):
    """A VPC with an app instance (app SG, instance profile), a tooling SG, a paging topic read through SQS."""
    ec2 = boto3.client("ec2", region_name=REGION)
    iam = boto3.client("iam", region_name=REGION)
    sns = boto3.client("sns", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    other_vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.10.0/24")["Subnet"]["SubnetId"]
    app_sg = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    tooling_sg = ec2.create_security_group(GroupName="tooling", Description="tooling", VpcId=vpc)["GroupId"]
    foreign_sg = ec2.create_security_group(GroupName="tooling", Description="tooling", VpcId=other_vpc)["GroupId"]
    iam.create_role(RoleName="zt-app-instance", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))
    profile = iam.create_instance_profile(InstanceProfileName="zt-app-instance")["InstanceProfile"]
    iam.add_role_to_instance_profile(InstanceProfileName="zt-app-instance", RoleName="zt-app-instance")
    instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                 # like the baseline's launch template: groups on the primary interface
                                 NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "Groups": [app_sg],
                                                     "AssociatePublicIpAddress": False}],
                                 TagSpecifications=[{"ResourceType": "instance",
                                                     "Tags": [{"Key": "Name", "Value": "app-1"}]}],
                                 )["Instances"][0]["InstanceId"]
    ec2.associate_iam_instance_profile(IamInstanceProfile={"Arn": profile["Arn"]}, InstanceId=instance)
    topic = sns.create_topic(Name="zt-security-paging")["TopicArn"]
    queue = sqs.create_queue(QueueName="pager")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                  Attributes={"RawMessageDelivery": "true"})
    monkeypatch.setenv("TOPIC_ARN", topic)
    monkeypatch.setenv("TOOLING_SG_IDS", f"{tooling_sg},{foreign_sg}")
    monkeypatch.setenv("TOOLING_CIDRS", "10.0.240.0/24")
    return {"ec2": ec2, "sqs": sqs, "queue": queue, "vpc": vpc, "app_sg": app_sg, "tooling_sg": tooling_sg,
            "instance": instance, "profile_arn": profile["Arn"], "topic": topic}


def finding(instance_id="i-0123456789abcdef0", severity=8.0, resource_type="Instance", finding_id=FINDING_ID):
    resource = {"resourceType": resource_type}
    if resource_type == "Instance":
        resource["instanceDetails"] = {"instanceId": instance_id}
    else:
        resource["accessKeyDetails"] = {"userName": "someone"}
    return {"version": "0", "source": "aws.guardduty", "detail-type": "GuardDuty Finding", "region": REGION,
            "detail": {"id": finding_id, "type": "UnauthorizedAccess:EC2/SSHBruteForce", "severity": severity,
                       "region": REGION, "resource": resource}}


def pages(env):
    out = env["sqs"].receive_message(QueueUrl=env["queue"], MaxNumberOfMessages=10).get("Messages", [])
    for message in out:
        env["sqs"].delete_message(QueueUrl=env["queue"], ReceiptHandle=message["ReceiptHandle"])
    return [json.loads(m["Body"]) for m in out]


def instance_state(env):
    ec2 = env["ec2"]
    instance = ec2.describe_instances(InstanceIds=[env["instance"]])["Reservations"][0]["Instances"][0]
    groups = [sorted(g["GroupId"] for g in eni["Groups"]) for eni in instance["NetworkInterfaces"]]
    tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
    associations = [a for a in ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [env["instance"]]}])["IamInstanceProfileAssociations"]
        if a["State"] in ("associating", "associated")]
    return groups, tags, associations


def groups_named(env, name):
    return env["ec2"].describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [env["vpc"]]}, {"Name": "group-name", "Values": [name]}])["SecurityGroups"]


def test_high_severity_ec2_finding_isolates_the_instance(env, handler):
    _, _, before = instance_state(env)
    assert len(before) == 1

    report = handler(finding(env["instance"]))

    isolation = groups_named(env, "zt-isolation")
    assert len(isolation) == 1
    sg = isolation[0]
    assert report["status"] == "isolated"
    assert report["isolation_security_group"] == sg["GroupId"]
    # no ingress; egress only to the tooling SG of this VPC and the tooling CIDR, on 443
    assert sg["IpPermissions"] == []
    assert len(sg["IpPermissionsEgress"]) == 1
    egress = sg["IpPermissionsEgress"][0]
    assert (egress["IpProtocol"], egress["FromPort"], egress["ToPort"]) == ("tcp", 443, 443)
    assert [r["CidrIp"] for r in egress["IpRanges"]] == ["10.0.240.0/24"]
    assert [p["GroupId"] for p in egress["UserIdGroupPairs"]] == [env["tooling_sg"]]
    assert egress.get("Ipv6Ranges", []) == []
    assert {t["Key"]: t["Value"] for t in sg["Tags"]}["zt:managed-by"] == "zt-isolation-lambda"

    # the transient allow-all group exists (step 1) but the instance is no longer in it
    transient = groups_named(env, "zt-isolation-transient")
    assert len(transient) == 1
    ingress = transient[0]["IpPermissions"]
    assert len(ingress) == 1 and ingress[0]["IpProtocol"] == "-1"
    assert [r["CidrIp"] for r in ingress[0]["IpRanges"]] == ["0.0.0.0/0"]

    groups, tags, associations = instance_state(env)
    assert groups == [[sg["GroupId"]]]
    assert associations == []
    assert tags == {"Name": "app-1", "zt:isolated": "true", "zt:isolation-finding-id": FINDING_ID,
                    "zt:original-security-groups": env["app_sg"]}
    assert report["actions"] == [
        f"created isolation security group {sg['GroupId']}",
        f"security groups {env['app_sg']} -> {transient[0]['GroupId']} -> {sg['GroupId']}",
        f"disassociated instance profile {env['profile_arn']}",
        f"tagged zt:isolated=true zt:isolation-finding-id={FINDING_ID}",
    ]

    published = pages(env)
    assert len(published) == 1
    assert published[0]["report"] == report
    assert published[0]["finding"]["id"] == FINDING_ID
    assert published[0]["finding"]["resource"]["instanceDetails"]["instanceId"] == env["instance"]


def test_second_run_changes_nothing_but_still_reports(env, handler):
    first = handler(finding(env["instance"]))
    state = instance_state(env)
    sgs = env["ec2"].describe_security_groups()["SecurityGroups"]
    pages(env)

    second = handler(finding(env["instance"]))

    assert second["status"] == "already-isolated"
    assert second["actions"] == []
    assert second["isolation_security_group"] == first["isolation_security_group"]
    assert instance_state(env) == state
    assert env["ec2"].describe_security_groups()["SecurityGroups"] == sgs
    published = pages(env)
    assert len(published) == 1 and published[0]["report"] == second


def test_existing_isolation_group_is_reused(env, handler):
    existing = env["ec2"].create_security_group(GroupName="zt-isolation", Description="pre-made",
                                                VpcId=env["vpc"])["GroupId"]
    report = handler(finding(env["instance"]))
    assert report["isolation_security_group"] == existing
    assert len(groups_named(env, "zt-isolation")) == 1
    assert instance_state(env)[0] == [[existing]]
    assert not any(a.startswith("created isolation") for a in report["actions"])


def test_non_ec2_finding_is_ignored(env, handler):
    state = instance_state(env)
    report = handler(finding(resource_type="AccessKey"))
    assert report == {"status": "ignored", "reason": "not-ec2", "finding_id": FINDING_ID}
    assert instance_state(env) == state
    assert groups_named(env, "zt-isolation") == []
    assert pages(env) == []


def test_low_severity_finding_is_ignored(env, handler):
    state = instance_state(env)
    report = handler(finding(env["instance"], severity=5.0))
    assert report == {"status": "ignored", "reason": "low-severity", "finding_id": FINDING_ID,
                      "instance_id": env["instance"]}
    assert instance_state(env) == state
    assert groups_named(env, "zt-isolation") == []
    assert pages(env) == []


def test_min_severity_comes_from_the_environment(env, handler, monkeypatch):
    monkeypatch.setenv("MIN_SEVERITY", "4")
    report = handler(finding(env["instance"], severity=5.0))
    assert report["status"] == "isolated"
    assert instance_state(env)[2] == []


def test_missing_instance_is_reported_not_crashed(env, handler):
    report = handler(finding("i-0000000000000dead"))
    assert report == {"finding_id": FINDING_ID, "instance_id": "i-0000000000000dead", "region": REGION,
                      "severity": 8.0, "actions": [], "status": "instance-not-found"}
    assert groups_named(env, "zt-isolation") == []
    published = pages(env)
    assert len(published) == 1 and published[0]["report"]["status"] == "instance-not-found"


def test_terminated_instance_is_reported_not_crashed(env, handler):
    env["ec2"].terminate_instances(InstanceIds=[env["instance"]])
    report = handler(finding(env["instance"]))
    assert report["status"] == "instance-not-found"
    assert report["actions"] == []
