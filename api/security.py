"""Bearer-token checks: writes always need KG_WRITE_TOKEN; reads need KG_READ_TOKEN only when it is set.

Tokens are compared in constant time and never logged or echoed in an error message. The checks are
`async def`: they do no I/O, and a sync dependency would cost a thread-pool hop on every request.
"""
from __future__ import annotations

import hashlib
import secrets
from typing import Annotated

from fastapi import Depends, Header

from api.deps import AppSettings
from kg.errors import Forbidden, Unauthorized


def _token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def same_token(given: str, expected: str) -> bool:
    """Constant time, length included: both sides are hashed to the same size first."""
    return secrets.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


def check_token(expected: str, authorization: str | None, what: str) -> None:
    """401 without a bearer token, 403 with a wrong one; compared in constant time."""
    given = _token(authorization)
    if given is None:
        raise Unauthorized(f"{what} need a bearer token (Authorization: Bearer ...)")
    if not same_token(given, expected):
        raise Forbidden(f"the bearer token is not valid for {what}")


async def require_write(settings: AppSettings, authorization: Annotated[str | None, Header()] = None) -> None:
    if not settings.write_token:
        raise Forbidden("writes are disabled on this server: set KG_WRITE_TOKEN to enable them")
    check_token(settings.write_token, authorization, "writes")


async def require_read(settings: AppSettings, authorization: Annotated[str | None, Header()] = None) -> None:
    if settings.read_token:
        given = _token(authorization)
        if given and settings.write_token and same_token(given, settings.write_token):
            return  # a writer may read
        check_token(settings.read_token, authorization, "reads")


WriteAccess = Depends(require_write)
ReadAccess = Depends(require_read)
