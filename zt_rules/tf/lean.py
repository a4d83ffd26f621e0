"""Load Checkov's Terraform runner without its ~1,000 built-in checks.

`checkov/terraform/__init__.py` star-imports every built-in check. We put
placeholder packages into `sys.modules` first (their `__init__` never runs),
so only the checks we load ourselves are registered. Must run before any
other `checkov.terraform` import; see shared/notes/checkov-startup.md.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

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
# and registry clients (requests, urllib3, aiohttp, yarl, asyncio, boto3), image
# scanning (docker), remote modules (git), tables, progress bars and its JUnit
# report (tabulate, prettytable, tqdm, junit_xml), secrets scanning
# (detect_secrets), signed external checks (ecdsa; ours load unverified), the
# encoding guesser for non-UTF-8 JSON and YAML (charset_normalizer; Terraform files
# are read as UTF-8, precheck.py reports the others) and the networkx graph
# backend (rustworkx is used). In Checkov itself: SAST report types (pydantic
# models, for its JSON encoder) and the YAML graph-check solvers (no YAML graph
# check is loaded, see above).
UNUSED = ("aiohttp", "asyncio", "boto3", "botocore", "charset_normalizer", "docker", "ecdsa", "git",
          "junit_xml", "prettytable", "tabulate", "detect_secrets", "networkx", "requests", "tqdm",
          "urllib3", "yarl", "checkov.common.sast", "checkov.common.checks_infra.solvers")
# Stand-ins that may be built at import time: the platform client, a module-level
# singleton, makes its HTTP timeout and retry settings. Using what they make raises.
INERT = ("urllib3.Timeout", "urllib3.Retry")
# Optional imports answered "not installed": lark uses `regex` only for grammars
# with Unicode categories, and HCL's has none.
ABSENT = ("regex",)
# Imported by Checkov modules we load but used only inside functions we never call
# (YAML graph checks, the platform client, module downloads): in zt-lint's own
# process they are loaded on first use instead (our config file needs yaml).
DEFERRED = ("yaml", "ssl", "uuid", "tarfile", "gzip", "bz2", "lzma")


def stub_unused() -> list[str]:
    """In zt-lint's own process only: serve stand-ins for the UNUSED packages not
    yet imported (about 0.7 s of start-up), and DEFERRED modules loaded on first
    use. Using a stand-in raises, so a Checkov change that needs one fails
    loudly. Returns the packages stubbed."""
    for name in ABSENT:
        sys.modules.setdefault(name, None)
    names = [n for n in UNUSED if n not in sys.modules]
    if any(n.partition(".")[0] in sys.modules for n in names if "." in n):
        names = [n for n in names if "." not in n]   # too late for stand-ins inside Checkov
    if names and not any(isinstance(f, _StubFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _StubFinder(names))
    _PENDING.update(n for n in DEFERRED if n not in sys.modules)
    if _PENDING and not any(isinstance(f, _DeferFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _DeferFinder())
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


class _Unusable(Exception, metaclass=_StandIn):
    """Also an exception class, so `except StandIn:` clauses stay valid (they never match)."""

    def __init__(self, *args, **kwargs):
        if f"{type(self).__module__}.{type(self).__name__}" not in INERT:
            self._refuse()

    def __getattribute__(self, name):
        object.__getattribute__(self, "_refuse")()

    def _refuse(self):
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


_PENDING: set[str] = set()   # DEFERRED modules that are proxies, not loaded yet


class _Deferred(types.ModuleType):
    """A module not loaded yet: the first use of one of its names loads the real
    module (which replaces this one in sys.modules) and copies its names here."""

    def __getattr__(self, name):
        if not self.__dict__.get("_zt_ready") or (name.startswith("__") and name not in ("__path__", "__all__")):
            raise AttributeError(name)   # the import system probing a module being set up
        if self.__name__ in _PENDING:
            _PENDING.discard(self.__name__)
            sys.modules.pop(self.__name__, None)
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, name)


class _DeferFinder:
    """A meta path finder that serves _Deferred modules for the _PENDING names."""

    def find_spec(self, fullname, path=None, target=None):
        return importlib.util.spec_from_loader(fullname, self) if fullname in _PENDING else None

    def create_module(self, spec):
        return _Deferred(spec.name)

    def exec_module(self, module):
        module._zt_ready = True
