"""One error hierarchy; the API maps it to JSON and the CLI to a message and an exit code."""
from __future__ import annotations


class KGError(Exception):
    """Base of every error the project raises on purpose."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(KGError):
    status, code = 400, "bad_input"


class QuerySyntaxError(BadInput):
    code = "query_syntax_error"


class UnsupportedFormat(KGError):
    status, code = 406, "unsupported_format"


class NotFound(KGError):
    status, code = 404, "not_found"


class Unauthorized(KGError):
    status, code = 401, "unauthorized"


class Forbidden(KGError):
    status, code = 403, "forbidden"


class StoreLocked(KGError):
    status, code = 409, "store_locked"


class StoreUnavailable(KGError):
    """The remote store did not answer (connection refused, reset, 5xx) after every retry."""

    status, code = 503, "store_unavailable"


class RemoteStoreError(KGError):
    """The remote store answered with something we cannot use (refused credentials, an unexpected status)."""

    status, code = 502, "remote_store_error"


class TooLarge(KGError):
    status, code = 413, "too_large"


class UnsupportedMediaType(KGError):
    status, code = 415, "unsupported_media_type"


class QueryTimeout(KGError):
    status, code = 503, "query_timeout"
