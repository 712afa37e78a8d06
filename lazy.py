"""Modules imported when they are first used.

Reading a document needs spaCy, the PDF readers and the fact models, which take a second or more to import;
deciding that there is nothing to read (every file unchanged) needs none of them. A module that uses a heavy stage
for only part of its work names it with `LazyModule` instead of importing it, and a command that never reaches that
part never pays for the import.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module ``name``, imported the first time one of its attributes is read, set or deleted.

    ``extract = LazyModule("lscp.extract")`` followed by ``extract.read_document(...)`` behaves as
    ``from lscp import extract`` would, except that the import happens at that first call.
    """

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _load(self) -> ModuleType:
        """The module itself, imported now if it was not yet."""
        module = sys.modules.get(self._name)
        if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
            module = importlib.import_module(self._name)
        return module

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._load(), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        setattr(self._load(), attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(self._load(), attr)

    def __dir__(self) -> list[str]:
        return dir(self._load())

    def __repr__(self) -> str:
        state = "imported" if self._name in sys.modules else "not imported yet"
        return f"<lazy module {self._name!r}, {state}>"


def import_now(*modules: LazyModule) -> None:
    """Import the modules these stand for now (before forking workers, say, so that they share them)."""
    for module in modules:
        module._load()
