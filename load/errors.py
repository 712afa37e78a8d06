"""The load stage's error."""

from __future__ import annotations


class WarehouseError(Exception):
    """The warehouse cannot be opened, written or queried as asked."""
