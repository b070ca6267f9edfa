"""The library's negative codes as exceptions (sextant.h, sextant_error_code)."""


class SextantError(Exception):
    """A call into libsextant failed; `code` is its SEXTANT_E* value, the message its reason."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class InvalidInput(SextantError):
    """Bad config, plan, settings or argument (the CLI's exit code 2)."""


class NotFound(SextantError):
    pass


class AuthError(SextantError):
    pass


class RateLimited(SextantError):
    pass


class RemoteError(SextantError):
    pass


class PluginError(SextantError):
    pass


class StorageError(SextantError):
    pass


class BusyError(SextantError):
    """Another run holds the ledger."""


class InternalError(SextantError):
    pass


_BY_CODE = {-1: InvalidInput, -2: NotFound, -3: AuthError, -4: RateLimited, -5: RemoteError, -6: PluginError,
            -7: StorageError, -8: BusyError, -99: InternalError}


def error_for(code, message):
    return _BY_CODE.get(code, SextantError)(message, code)
