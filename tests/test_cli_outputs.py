"""Documents inside AWS CLI outputs are analysed where they are written:
`aws iam get-policy-version` (object), `aws s3api get-bucket-policy` (JSON text)."""
import json
from pathlib import Path

from zt_rules.config import Config
from zt_rules.jsonfiles import scan_json_file

POLICY_VERSION = '''{
    "PolicyVersion": {
        "VersionId": "v1",
        "Document": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "*",
                    "Resource": "*"
                }
            ]
        }
    }
}
'''


def _rows(path: Path):
    result, is_plan = scan_json_file(path, path.name, Config())
    assert not is_plan and not result.errors, result.errors
    return sorted((f.rule_id, f.line) for f in result.findings)


def test_get_policy_version_output_keeps_the_documents_lines(tmp_path):
    path = tmp_path / "admin-version.json"
    path.write_text(POLICY_VERSION)
    assert ("ZT_IAM_004", 9) in _rows(path)


def test_get_bucket_policy_output_is_judged_as_a_bucket_policy(tmp_path):
    inner = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
    path = tmp_path / "bucket-policy.json"
    path.write_text(json.dumps({"Policy": json.dumps(inner)}, indent=2) + "\n")
    rows = _rows(path)
    assert ("ZT_IAM_012", 2) in rows and ("ZT_S3_001", 2) in rows


def test_other_json_is_still_skipped_quietly(tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "x", "Policy": "not a policy"}\n')
    result, _ = scan_json_file(path, path.name, Config())
    assert (result.findings, result.notices, result.errors) == ([], [], [])
