"""Load Checkov's Terraform runner without its ~1,000 built-in checks.

`checkov/terraform/__init__.py` star-imports every built-in check. We put
placeholder packages into `sys.modules` first (their `__init__` never runs),
so only the checks we load ourselves are registered. Must run before any
other `checkov.terraform` import; see shared/notes/checkov-startup.md.
"""
from __future__ import annotations

import importlib.util
import sys

_PLACEHOLDERS = ("checkov.terraform", "checkov.terraform.checks.resource",
                 "checkov.terraform.checks.data", "checkov.terraform.checks.provider",
                 "checkov.terraform.checks.module")


def install() -> bool:
    """Install the placeholders; False when checkov.terraform was already imported."""
    if "checkov.terraform" in sys.modules:
        return False
    if "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # asteval tries it; checkov runs it with use_numpy=False
    for name in _PLACEHOLDERS:
        spec = importlib.util.find_spec(name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)
    import checkov.terraform.modules as modules
    package = sys.modules["checkov.terraform"]
    for key, value in vars(modules).items():
        if not key.startswith("_") and not hasattr(package, key):
            setattr(package, key, value)
    _no_builtin_graph_checks()
    return True


def _no_builtin_graph_checks() -> None:
    """Checkov would load and run its ~200 built-in YAML graph checks on every
    root, then filter their results away; we register none."""
    from checkov.common.checks_infra.registry import get_graph_checks_registry
    for check_type in ("terraform", "terraform_plan"):
        registry = get_graph_checks_registry(check_type)
        registry.load_checks = lambda: None
