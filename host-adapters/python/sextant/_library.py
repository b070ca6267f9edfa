"""Loading libsextant.so and declaring its functions (sextant.h) for ctypes."""
import ctypes
import ctypes.util
import os

ABI_VERSION = 1  # SEXTANT_ABI_VERSION of the header this binding follows

_library = None


def load_library(path=None):
    """The library, loaded once: from `path`, else $SEXTANT_LIBRARY, else the system's libsextant.so.1."""
    global _library
    if _library is not None:
        return _library
    path = path or os.environ.get("SEXTANT_LIBRARY") or ctypes.util.find_library("sextant") or "libsextant.so.1"
    lib = ctypes.CDLL(path)
    out = ctypes.POINTER(ctypes.c_void_p)
    text_out = ctypes.POINTER(ctypes.c_void_p)  # char**: kept as void* so that the library frees it
    lib.sextant_abi_version.restype = ctypes.c_int
    lib.sextant_abi_version.argtypes = []
    for name, args in (("sextant_open", [out, ctypes.c_char_p, ctypes.c_char_p]),
                       ("sextant_validate", [text_out, ctypes.c_char_p, ctypes.c_char_p]),
                       ("sextant_sync", [text_out, ctypes.c_void_p]),
                       ("sextant_report", [text_out, ctypes.c_void_p, ctypes.c_int]),
                       ("sextant_dashboard", [text_out, ctypes.c_void_p]),
                       ("sextant_push", [text_out, ctypes.c_void_p, ctypes.c_int]),
                       ("sextant_plugins", [text_out, ctypes.c_char_p])):
        f = getattr(lib, name)
        f.restype = ctypes.c_int
        f.argtypes = args
    lib.sextant_close.restype = None
    lib.sextant_close.argtypes = [ctypes.c_void_p]
    lib.sextant_free.restype = None
    lib.sextant_free.argtypes = [ctypes.c_void_p]
    lib.sextant_last_error.restype = ctypes.c_char_p
    lib.sextant_last_error.argtypes = []
    abi = lib.sextant_abi_version()
    if abi != ABI_VERSION:
        raise ImportError("libsextant at %s speaks ABI %d, this binding ABI %d" % (path, abi, ABI_VERSION))
    _library = lib
    return lib
