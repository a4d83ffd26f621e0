"""zt_rules.tf.hclcache: parsed HCL kept by file content (JSON beside the results)."""
import pytest

from zt_rules.tf import hclcache

TEXT = 'resource "aws_vpc" "main" {\n  cidr_block = var.cidr\n}\n'


@pytest.fixture
def parses(tmp_path, monkeypatch):
    import hcl2
    calls = []
    real = hcl2.loads
    monkeypatch.setattr(hcl2, "loads", lambda text, *a, **k: calls.append(text) or real(text, *a, **k))
    monkeypatch.setattr(hclcache, "DIR", tmp_path / "hcl")
    return calls


def test_same_content_is_parsed_once(parses):
    first = hclcache.loads(TEXT)
    assert hclcache.loads(TEXT) == first and len(parses) == 1
    hclcache.loads(TEXT + "\n")                     # other content: parsed
    assert len(parses) == 2


@pytest.mark.parametrize("content", ["garbage", "[]", ""])
def test_a_bad_entry_is_parsed_again(parses, content):
    expected = hclcache.loads(TEXT)
    for entry in hclcache.DIR.glob("*.json"):
        entry.write_text(content)
    assert hclcache.loads(TEXT) == expected and len(parses) == 2


def test_off_without_a_cache_directory(parses, monkeypatch):
    monkeypatch.setattr(hclcache, "DIR", None)
    hclcache.loads(TEXT)
    hclcache.loads(TEXT)
    assert len(parses) == 2
