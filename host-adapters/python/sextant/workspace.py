"""A Sextant workspace (a config, its plan, its ledger, its plugins) opened through libsextant."""
import ctypes
import json

from ._library import load_library
from .errors import error_for


def _options(options):
    return json.dumps(options).encode() if options else None


def _check(lib, code):
    if code != 0:
        raise error_for(code, lib.sextant_last_error().decode("utf-8", "replace"))


def _text(lib, call):
    """Calls an entry point that returns text through its first argument; frees that text."""
    out = ctypes.c_void_p()
    code = call(ctypes.byref(out))
    try:
        text = ctypes.string_at(out.value).decode("utf-8") if out.value else ""
    finally:
        lib.sextant_free(out)
    _check(lib, code)
    return text


def validate(config, **options):
    """The problems of a config, its plan and its plugins' settings: [] when all is well."""
    lib = load_library()
    return json.loads(_text(lib, lambda out: lib.sextant_validate(out, config.encode(), _options(options))))


def plugins():
    lib = load_library()
    return json.loads(_text(lib, lambda out: lib.sextant_plugins(out, None)))


class Sextant:
    """Opens `config` (its path, or the config itself as JSON text); options: plan, base_dir,
    today ("YYYY-MM-DD"), log_level. Use as a context manager, or call close()."""

    def __init__(self, config, **options):
        self._lib = load_library()
        handle = ctypes.c_void_p()
        _check(self._lib, self._lib.sextant_open(ctypes.byref(handle), config.encode(), _options(options)))
        self._handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        self.close()

    def close(self):
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            self._lib.sextant_close(handle)

    def _live(self):
        if not self._handle:
            raise ValueError("this Sextant workspace is closed")
        return self._handle

    def sync(self):
        """Pulls every source, then the tasks' states: {"sources": [...]}."""
        return json.loads(_text(self._lib, lambda out: self._lib.sextant_sync(out, self._live())))

    def report(self, step=0):
        """The report as JSON text, exactly as `sextant report --format json` prints it."""
        return _text(self._lib, lambda out: self._lib.sextant_report(out, self._live(), step))

    def dashboard(self):
        """The dashboard page (HTML)."""
        return _text(self._lib, lambda out: self._lib.sextant_dashboard(out, self._live()))

    def push(self, dry_run=False):
        return json.loads(_text(self._lib, lambda out: self._lib.sextant_push(out, self._live(), 1 if dry_run else 0)))
