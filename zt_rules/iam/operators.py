"""Condition operators: families, and what values each family accepts."""
from __future__ import annotations

import ipaddress
import re

FAMILIES = {
    "String": ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
               "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"),
    "Numeric": ("NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
                "NumericGreaterThan", "NumericGreaterThanEquals"),
    "Date": ("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
             "DateGreaterThan", "DateGreaterThanEquals"),
    "Bool": ("Bool",),
    "Binary": ("BinaryEquals",),
    "IPAddress": ("IpAddress", "NotIpAddress"),
    "ARN": ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"),
    "Null": ("Null",),
}
FAMILY_OF = {op: fam for fam, ops in FAMILIES.items() for op in ops}
# Operators that substitute policy variables (IAM-UG reference_policies_variables).
TAKES_VARIABLES = ("String", "ARN")
# Which key types each family may test ("Date" keys also take Numeric for aws:EpochTime).
KEY_TYPES_OK = {
    "Numeric": {"Numeric", "Date"},
    "Date": {"Date"},
    "Bool": {"Bool", "ArrayOfBool"},
    "IPAddress": {"IPAddress"},
}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d+")


def family(base: str) -> str | None:
    return FAMILY_OF.get(base)


def bad_value(fam: str, value) -> bool:
    """True when `value` can never be read by an operator of family `fam`."""
    if isinstance(value, (dict, list)) or value is None:
        return True
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if fam in ("Bool", "Null"):
        return text.lower() not in ("true", "false")
    if fam == "Numeric":
        return isinstance(value, bool) or not _NUMBER.fullmatch(text)
    if fam == "Date":
        return not _DATE.fullmatch(text)
    if fam == "IPAddress":
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            return True
    return False


def key_type_mismatch(fam: str, key_type: str | None) -> bool:
    """An operator family that cannot test a key of this type (e.g. Bool on a String key)."""
    if key_type is None or fam in ("String", "ARN", "Null", "Binary"):
        return False
    return key_type not in KEY_TYPES_OK.get(fam, {key_type})
