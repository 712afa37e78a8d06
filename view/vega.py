"""The Vega, Vega-Lite and Vega-Embed JavaScript the charts run on, bundled offline by vl-convert.

Bundling takes a few seconds, so the bundle is kept in the user's cache folder, one file per
vl-convert version ($LSCP_CACHE, else $XDG_CACHE_HOME/lscp, else ~/.cache/lscp).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("LSCP_CACHE"):
        return Path(os.environ["LSCP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lscp"


def bundle() -> str:
    """The JavaScript that defines window.vegaEmbed (with Vega and Vega-Lite), loading no file from the network."""
    import vl_convert

    version = getattr(vl_convert, "__version__", "unknown")
    path = cache_dir() / f"vega-bundle-{version}.js"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    code = vl_convert.javascript_bundle()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".part") as handle:
            handle.write(code)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only cache: bundle again next time
    return code
