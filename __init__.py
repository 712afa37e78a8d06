"""lscp: the yearly reports of England's local safeguarding children partnerships as comparable, traceable data.

Installed, the repository's stage folders are subpackages of this one: ``lscp.extract``, ``lscp.normalise``,
``lscp.load``, ... (see ``docs/architecture.md``).
"""

__version__ = "0.1.0"
