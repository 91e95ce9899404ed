"""Reading request bodies with the size limit (KG_MAX_BODY_BYTES) and content-type checks applied."""
from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import Request

from kg.errors import BadInput, TooLarge


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it is known to exceed the limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the request body ({declared} bytes) exceeds the limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(request: Request) -> str:
    """The Content-Type without parameters, lower case ('' when absent)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput("the request body is not UTF-8") from exc


def form(body: bytes) -> dict[str, list[str]]:
    """An application/x-www-form-urlencoded body; every value kept, blank ones too."""
    return parse_qs(text(body), keep_blank_values=True)
