"""ZT_SG_007: a description that names a protocol the rule does not open."""
import re

from zt_rules.tf.base import ZtResourceCheck
from zt_rules.tf.sg import finding, rules_of, unknown_hits

# Protocol names (whole words, case-insensitive) -> their well-known ports (RULES.md SG_007).
PROTOCOL_PORTS = {
    "SSH": (("ssh",), (22,)), "RDP": (("rdp",), (3389,)),
    "HTTP": (("http",), (80, 8080, 8000)), "HTTPS": (("https",), (443, 8443)),
    "PostgreSQL": (("postgresql", "postgres"), (5432,)),
    "MySQL/Aurora": (("mysql", "aurora", "mariadb"), (3306,)),
    "MSSQL": (("mssql", "sql server"), (1433,)), "Oracle": (("oracle",), (1521,)),
    "Redis": (("redis",), (6379,)), "Memcached": (("memcached",), (11211,)),
    "MongoDB": (("mongodb", "mongo"), (27017,)), "SMTP": (("smtp",), (25, 465, 587)),
    "DNS": (("dns",), (53,)), "NFS": (("nfs",), (2049,)), "Kafka": (("kafka",), (9092, 9094)),
    "LDAP": (("ldap", "ldaps"), (389, 636)),
}
_NEGATIONS = r"no|not|without|never|non|deny|denies|denied|block|blocks|except|excluding|nor"
_CLAUSE = re.compile(r"[,;.:()/]|\b(?:but|only)\b", re.I)


def named_protocols(description: str) -> list[str]:
    """Protocols a description names, skipping negated mentions: a negation
    earlier in the same clause ("no SSH or RDP") or a prefix ("non-HTTP")."""
    found = []
    for clause in _CLAUSE.split(description or ""):
        if not clause:
            continue
        for name, (words, _) in PROTOCOL_PORTS.items():
            for word in words:
                for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", clause, re.I):
                    before = clause[:m.start()]
                    if not re.search(rf"\b(?:{_NEGATIONS})\b", before, re.I) and name not in found:
                        found.append(name)
    return found


class DescriptionContradicts(ZtResourceCheck):
    rule_id = "ZT_SG_007"

    def evaluate(self, ctx):
        for rule in rules_of(ctx):
            names = named_protocols(rule.description or "")
            if not names:
                continue
            if not rule.ports_known:
                yield from unknown_hits(ctx, rule, "whether the description matches the ports",
                                        [u for u in rule.unknown if u not in rule.unknown_peer])
                continue
            if any(rule.opens(p, ("tcp", "udp")) for n in names for p in PROTOCOL_PORTS[n][1]):
                continue
            yield finding(ctx, rule, f"description \"{rule.description}\" names {', '.join(names)} "
                                     f"but the rule opens {rule.ports_text()}: the description "
                                     f"misleads reviewers")


check = DescriptionContradicts()
