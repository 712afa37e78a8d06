"""Download newly published partnership reports into a local folder."""

from .http import fetch_sources, remove_leftovers
from .models import FetchReport, FetchResult, FetchSettings, Source
from .sources import read_sources

__all__ = ["FetchReport", "FetchResult", "FetchSettings", "Source", "fetch_sources", "read_sources", "remove_leftovers"]
