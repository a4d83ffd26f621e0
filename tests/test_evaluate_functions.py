"""Terraform functions the evaluator knows (an unknown one makes the value unknown)."""
import pytest

from zt_rules.tf.evaluate import _FUNCTIONS


class _Ev:
    @staticmethod
    def string(x):
        return str(x)


@pytest.mark.parametrize("name,args,expected", [
    ("split", [",", "10.0.0.0/8,192.168.0.0/16"], ["10.0.0.0/8", "192.168.0.0/16"]),
    ("max", [1, 3, "2"], 3),
    ("min", ["4", 2], 2),
    ("sort", [["b", "a", "c"]], ["a", "b", "c"]),
    ("concat", [["a"], ["b", "c"]], ["a", "b", "c"]),
])
def test_function(name, args, expected):
    assert _FUNCTIONS[name](_Ev(), args) == expected


def test_max_of_text_is_not_a_number():
    with pytest.raises(ValueError):
        _FUNCTIONS["max"](_Ev(), ["a", 1])


def test_functions_that_terraform_rejects_are_unknown_not_a_crash():
    from zt_rules.tf.evaluate import Evaluator, Scope, Unknown
    from zt_rules.tf.graph import TfGraph
    ev, scope = Evaluator(TfGraph(None)), Scope("", "/nonexistent")
    assert ev.text(scope, "element([\"a\"], 3)") == "a"
    for expr in ("element([], 0)", 'coalesce("", "")', "1 / 0", "5 % 0", 'jsondecode("{")'):
        assert isinstance(ev.text(scope, expr), Unknown), expr


def test_try_takes_a_known_first_argument_and_never_a_fallback_for_an_unknown_one():
    from zt_rules.tf.evaluate import Evaluator, Scope, Unknown
    from zt_rules.tf.graph import TfGraph
    ev, scope = Evaluator(TfGraph(None)), Scope("", "/nonexistent")
    assert ev.text(scope, 'try("10.0.0.0/8", null)') == "10.0.0.0/8"
    # var.cidr has no value here: it may be anything at apply time, not the fallback
    assert isinstance(ev.text(scope, 'try(var.cidr, "0.0.0.0/0")'), Unknown)


def test_try_moves_on_when_a_known_object_lacks_the_attribute():
    from zt_rules.tf.evaluate import Evaluator, Scope, Unknown
    from zt_rules.tf.graph import TfGraph
    ev, scope = Evaluator(TfGraph(None)), Scope("", "/nonexistent")
    assert ev.text(scope, 'try({ a = "1" }.b, "fallback")') == "fallback"
    assert ev.text(scope, 'try(["x"][3], "fallback")') == "fallback"
    assert isinstance(ev.text(scope, '{ a = "1" }.b'), Unknown)
