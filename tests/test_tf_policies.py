"""Every way Terraform carries an IAM document (zt_rules.tf.policies), with exact results.

Fixture: tests/fixtures/tf_policies/main.tf (valid: `terraform fmt -check` passes).
"""
import pytest

from conftest import FIXTURES
from zt_rules.tf import policies

FOLDER = FIXTURES / "tf_policies"


@pytest.fixture(scope="module")
def graph():
    from checkov.runner_filter import RunnerFilter
    from zt_rules.tf import engine
    from zt_rules.tf.graph import TfGraph
    engine.load_checks()
    from checkov.terraform.runner import Runner
    runner = Runner()
    runner.run(root_folder=str(FOLDER), runner_filter=RunnerFilter(
        framework=["terraform"], checks=["ZT_NONE"], show_progress_bar=False))
    policies.clear_cache()
    return TfGraph.of(runner.all_graphs[0][0])


@pytest.fixture(scope="module")
def docs(graph):
    return {a["__address__"]: policies.documents_at(graph, policies.block_at(graph, i))
            for i, a in graph.attrs.items() if a.get("block_type_") in ("resource", "data")}


def one(docs, address):
    found = docs[address]
    assert len(found) == 1, found
    return found[0]


def test_jsonencode_restores_strings_escapes_vars_and_bucket_refs(docs):
    d = one(docs, "aws_iam_policy.jsonencode")
    assert (d.kind, d.form, d.unknown, d.partial) == ("identity", "jsonencode", None, ())
    first, second = d.doc.raw["Statement"]
    assert first["Resource"] == ["arn:aws:s3:::zt-home/${aws:username}/*", "arn:aws:s3:::zt-real/*"]
    assert first["Condition"] == {"Bool": {"aws:SecureTransport": "true"}}   # not True
    assert second["Resource"] == "arn:aws:s3:::zt-real"
    assert [s.line for s in d.doc.statements] == [16, 24]   # the Sid line; the 2nd `Effect` line


def test_heredoc_lines_are_tf_lines(docs):
    d = one(docs, "aws_iam_policy.heredoc")
    assert (d.form, d.offset) == ("heredoc", 33)
    assert d.doc.raw["Statement"][0]["Resource"] == "arn:aws:s3:::zt-home/${aws:username}"
    assert d.tf_line(d.doc.statements[0].line) == 37


def test_file_reads_the_json_as_is(docs):
    d = one(docs, "aws_iam_policy.file")
    assert (d.form, d.offset, d.origin.rsplit("/", 1)[-1]) == ("file", None, "file.json")
    assert d.doc.raw["Statement"][0]["Resource"] == "arn:aws:s3:::b/${aws:username}/*"


def test_templatefile_renders_literal_vars_only(docs):
    d = one(docs, "aws_iam_policy.template")
    assert d.form == "templatefile" and d.unknown is None and "$${aws:username}" in d.template
    assert d.doc.raw["Statement"][0]["Resource"] == "arn:aws:s3:::zt-home/${aws:username}/*"
    u = one(docs, "aws_iam_policy.template_unknown")
    assert u.doc is None and u.unknown.startswith("templatefile(")


def test_unknowns(docs):
    assert one(docs, "aws_iam_policy.unknown").unknown == "var.nodefault"
    decisive = one(docs, "aws_iam_policy.decisive")          # Action unknown: nothing to judge
    assert (decisive.doc, decisive.unknown) == (None, "var.nodefault")
    partial = one(docs, "aws_iam_policy.partial")            # Resource unknown: judged, plus notices
    assert partial.doc is not None and partial.partial == ("var.nodefault",)


def test_role_carries_trust_and_inline_identity(docs):
    trust, inline = docs["aws_iam_role.role"]
    assert (trust.kind, trust.argument, trust.form) == ("trust", "assume_role_policy", "data")
    assert trust.doc.raw["Statement"][0]["Principal"] == {
        "Federated": ["arn:aws:iam::111122223333:saml-provider/idp"]}
    assert (inline.kind, inline.argument, inline.line) == ("identity", "inline_policy[0].policy", 90)


def test_data_document_translation_and_kind_from_consumers(docs):
    d = one(docs, "aws_iam_policy_document.bucket")
    assert d.kind == "resource"                               # aws_s3_bucket_policy.b uses it
    assert d.doc.raw["Statement"] == [{
        "Sid": "DenyHttp", "Effect": "Deny", "Action": ["s3:*"],
        "Resource": ["arn:aws:s3:::zt-real", "arn:aws:s3:::zt-real/${aws:username}"],   # &{} read as ${}
        "Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": ["false"]}}}]
    assert d.doc.statements[0].line == 108
    assert one(docs, "aws_iam_policy_document.trust").kind == "trust"


def test_consumers_match_the_whole_data_name(graph):
    idx = next(i for i, a in graph.attrs.items() if a.get("__address__") == "aws_iam_policy_document.tru")
    found = policies.consumers(graph, policies.block_at(graph, idx))
    assert [(b.address, kind) for b, kind in found] == [("aws_iam_role_policy.tru", "identity")]  # not the role using "trust"


def test_kinds_by_argument(docs):
    assert one(docs, "aws_s3_bucket_policy.b").kind == "resource"
    assert one(docs, "aws_vpc_endpoint.s3").kind == "endpoint"
    assert one(docs, "aws_organizations_policy.scp").kind == "scp"
    assert docs["aws_organizations_policy.tags"] == []       # a tag policy is not an IAM document
    assert docs["aws_s3_bucket.b"] == []


def test_iam_catalog_types_follow_the_supported_types():
    from zt_rules import catalog
    from zt_rules.iam.rules import KINDS
    for rule_id, kinds in KINDS.items():
        expected = {t for t, args in policies.DOC_ARGS.items() if any(k in kinds for _, k in args)}
        assert set(catalog.get(rule_id).resource_types) == expected, rule_id
