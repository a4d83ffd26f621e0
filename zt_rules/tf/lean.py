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


# Imported by Checkov at start-up for features zt-lint never runs: the platform
# and registry clients (requests, aiohttp, yarl, boto3), image scanning
# (docker), remote modules (git), tables and progress bars (tabulate, tqdm),
# secrets scanning (detect_secrets), the networkx graph backend (rustworkx is used).
# In Checkov itself: SAST report types (pydantic models, for its JSON encoder) and
# the YAML graph-check solvers (no YAML graph check is loaded, see above).
UNUSED = ("aiohttp", "boto3", "botocore", "docker", "git", "tabulate", "detect_secrets", "networkx",
          "requests", "yarl", "tqdm", "checkov.common.sast", "checkov.common.checks_infra.solvers")


def stub_unused() -> list[str]:
    """In zt-lint's own process only: serve stand-ins for the UNUSED packages not
    yet imported (~0.5 s of start-up). Using a stand-in raises, so a Checkov
    change that needs one fails loudly. Returns the packages stubbed."""
    names = [n for n in UNUSED if n not in sys.modules]
    if any(n.partition(".")[0] in sys.modules for n in names if "." in n):
        names = [n for n in names if "." not in n]   # too late for stand-ins inside Checkov
    if names and not any(isinstance(f, _StubFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _StubFinder(names))
    return names


def _stand_in(module: str, name: str):
    """A class that raises when instantiated; its attributes are stand-ins too."""
    if name.rpartition(".")[2].startswith("__"):
        raise AttributeError(name)
    return _StandIn(name, (_Unusable,), {"__module__": module})


class _StandIn(type):
    """Class attributes of a stand-in are stand-ins too (`SastLanguages.JAVA`)."""

    def __getattr__(cls, name):
        return _stand_in(cls.__module__, f"{cls.__name__}.{name}")


class _Unusable(metaclass=_StandIn):
    def __init__(self, *args, **kwargs):
        raise RuntimeError(f"zt-lint stands in for {type(self).__module__}.{type(self).__name__}")


class _StubFinder:
    """A meta path finder and loader of stand-in packages."""

    def __init__(self, names):
        self.names = set(names)

    def find_spec(self, fullname, path=None, target=None):
        if not any(fullname == n or fullname.startswith(n + ".") for n in self.names):
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        return None   # the default module object

    def exec_module(self, module):
        module.__path__ = []
        module.__getattr__ = lambda name, module_name=module.__name__: _stand_in(module_name, name)
