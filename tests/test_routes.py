"""Subnet -> route table -> routes, and gateway endpoint -> route tables."""
from test_graph import NET3, PL2, graph_of, vertex
from zt_rules.tf import routes


def _kinds(g, subnet):
    pairs, unknown = routes.subnet_routes(g, vertex(g, subnet))
    return sorted((t.name(g), r.kind) for t, r in pairs), unknown


def test_explicit_association_literal_index():
    g = graph_of(NET3)
    assert _kinds(g, "aws_subnet.data[2]") == ([("aws_route_table.data[2]", "NAT gateway")], [])
    assert _kinds(g, "aws_subnet.data[0]") == ([], [])


def test_main_table_when_unassociated():
    g = graph_of(NET3)
    tables, unknown = routes.tables_of_subnet(g, vertex(g, "aws_subnet.orphan"))
    assert [(g.address(t.vertex), t.via) for t in tables] == [
        ("aws_route_table.main", "aws_main_route_table_association.main")] and unknown == []
    assert _kinds(g, "aws_subnet.orphan")[0] == [("aws_route_table.main", routes.VGW)]


def test_route_propagation_in_a_local_module():
    g = graph_of(NET3)
    assert _kinds(g, "module.isolated.aws_subnet.db")[0] == [("module.isolated.aws_route_table.db", routes.VGW)]


def test_unknown_gateway_is_reported():
    g = graph_of(NET3)
    assert _kinds(g, "aws_subnet.unknown_gw")[0] == [("aws_route_table.unknown_gw", routes.UNKNOWN)]


def test_unmanaged_main_table_has_no_routes():
    g = graph_of(PL2 / "fail")
    tables, unknown = routes.tables_of_subnet(g, vertex(g, "aws_subnet.mgmt"))
    assert [t.vertex for t in tables] == [None] and unknown == []
    assert routes.routes_of(g, tables[0]) == ([], [])


def test_endpoint_tables_from_ids_associations_and_vpc_main_table():
    g = graph_of(PL2 / "pass")
    for name in ("aws_vpc_endpoint.s3", "aws_vpc_endpoint.dynamodb"):
        keys, unknown = routes.endpoint_tables(g, vertex(g, name))
        assert unknown == []
        assert len(keys) == 6   # private[0..2], data, the VPC's main table, the module's table
