"""The seed's section 4 (PrivateLink) as written, and a corrected copy.

The S3 gateway endpoint's policy allows Principal "*" but only on the app
bucket: not "every resource", so ZT_PL_005 does not fire on it. The ssm and
secretsmanager interface endpoints have no policy and both services are in
the default endpoint_policy_services: ZT_PL_005 fires on each.
"""
from conftest import FIXTURES
from test_tf_fixtures import scan

SEED = FIXTURES / "seed" / "section4"
MINE = ("ZT_NET_00", "ZT_PL_002", "ZT_PL_004", "ZT_PL_005", "ZT_PL_006")


def _mine(result):
    rows = [(f.rule_id, f.file, f.line, f.resource) for f in result.findings if f.rule_id.startswith(MINE)]
    rows += [("notice", n.rule_id, n.file, n.resource) for n in result.notices if n.rule_id.startswith(MINE)]
    return sorted(rows)


def test_seed_section4_fires_exactly():
    result = scan(SEED)
    assert not result.errors, result.errors
    assert _mine(result) == [
        ("ZT_PL_005", "main.tf", 23, "aws_vpc_endpoint.ssm"),
        ("ZT_PL_005", "main.tf", 32, "aws_vpc_endpoint.secrets_manager"),
    ]


def test_seed_section4_fixed_is_clean():
    result = scan(SEED / "fixed")
    assert not result.errors, result.errors
    assert _mine(result) == []
