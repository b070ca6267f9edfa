"""Sextant for Python: the planner of libsextant.so through ctypes.

    from sextant import Sextant

    with Sextant("/etc/sextant/sextant.json") as s:
        s.sync()
        report = s.report()        # JSON text, as `sextant report --format json` prints it

Every failure raises a SextantError subclass carrying the library's message and code.
"""
from ._library import ABI_VERSION, load_library
from .errors import (AuthError, BusyError, InternalError, InvalidInput, NotFound, PluginError, RateLimited,
                     RemoteError, SextantError, StorageError)
from .workspace import Sextant, plugins, validate

__all__ = ["ABI_VERSION", "load_library", "Sextant", "plugins", "validate", "SextantError", "InvalidInput", "NotFound",
           "AuthError", "RateLimited", "RemoteError", "PluginError", "StorageError", "BusyError", "InternalError"]
