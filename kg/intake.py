"""Raw article input checked before anything runs: size, encoding, binary content, emptiness, dates, media type.

Every refusal names the problem, so a client can tell "your file is not UTF-8" from "your date is wrong".
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from extractors.dates import date_in_header
from kg.errors import BadInput, TooLarge, UnsupportedMediaType
from kg.model import Article
from kg.readers import html_to_article, title_of

MEDIA_TYPES = ("application/json", "text/plain", "text/html")
NON_TEXT_SHARE = 0.1
"""Above this share of control or unassigned characters, a body is taken for binary data, not prose."""
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


@dataclass(frozen=True)
class Meta:
    """Article metadata given beside the body (query parameters, or the JSON fields)."""

    title: str | None = None
    url: str | None = None
    published: str | None = None


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise TooLarge(f"the body is larger than {limit} bytes, the most this server accepts (KG_MAX_BODY_BYTES)")


def decode(raw: bytes, what: str = "the body") -> str:
    """UTF-8 text from bytes; NUL bytes or undecodable bytes are refused as binary or wrongly encoded."""
    if b"\x00" in raw:
        raise BadInput(f"{what} contains NUL bytes: binary data, not article text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{what} is not UTF-8 text (invalid byte at offset {exc.start}); "
                       "convert it to UTF-8 first") from exc


def check_text(text: str, what: str = "the text") -> str:
    """The text itself: not empty or blank, no NUL characters, and mostly printable."""
    if not text.strip():
        raise BadInput(f"{what} is empty or only whitespace: nothing to extract")
    if "\x00" in text:
        raise BadInput(f"{what} contains NUL characters: binary data, not article text")
    odd = sum(1 for c in text if c not in _ALLOWED_CONTROLS and unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"))
    if odd > NON_TEXT_SHARE * len(text):
        raise BadInput(f"{what} is mostly control or unassigned characters ({odd} of {len(text)}): "
                       "binary data, not article text")
    return text


def parse_date(value: object, what: str = "published") -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput(f"'{what}' must be an ISO date string (YYYY-MM-DD), got {type(value).__name__}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError as exc:
        raise BadInput(f"'{what}' must be an ISO date (YYYY-MM-DD), got {value!r}") from exc


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type header, refused when not one this endpoint reads."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind not in MEDIA_TYPES:
        raise UnsupportedMediaType(f"Content-Type {kind or '(none)'} is not accepted; send "
                                   f"{', '.join(MEDIA_TYPES)}")
    charset = (content_type or "").lower().partition("charset=")[2].split(";", 1)[0].strip().strip('"')
    if charset and charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise UnsupportedMediaType(f"charset {charset} is not accepted; send UTF-8")
    return kind


def _str_field(obj: dict[str, object], name: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"'{name}' must be a string, got {type(value).__name__}")
    return value


def _from_json(body: str) -> Article:
    try:
        obj = json.loads(body)
    except json.JSONDecodeError as exc:
        raise BadInput(f"the body is not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(obj, dict):
        raise BadInput('the JSON body must be an object: {"text": ..., "title", "url", "published"}')
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadInput("the JSON body needs a string 'text'")
    title, url = _str_field(obj, "title"), _str_field(obj, "url")
    published = parse_date(obj.get("published"))
    text = check_text(text, "'text'")
    return Article(text=text, source=url or "POST /articles", title=title, url=url, published=published,
                   media_type="text/plain")


def article_from_body(raw: bytes, content_type: str | None, meta: Meta, limit: int) -> Article:
    """The article a request carries: JSON {text, title, url, published}, or a text/plain or text/html body
    with its metadata in `meta`. Raises BadInput, TooLarge or UnsupportedMediaType naming the problem."""
    check_size(len(raw), limit)
    kind = media_type(content_type)
    body = decode(raw)
    if kind == "application/json":
        return _from_json(body)
    published = parse_date(meta.published)
    check_text(body, "the body")
    if kind == "text/html":
        page = html_to_article(body, meta.url or "POST /articles")
        if not page.text.strip():
            raise BadInput("no article text found in the HTML (trafilatura extracted nothing)")
        return Article(text=page.text, source=meta.url or page.url or "POST /articles",
                       title=meta.title or page.title, url=meta.url or page.url,
                       published=published or page.published, media_type="text/html")
    return Article(text=body, source=meta.url or "POST /articles", title=meta.title or title_of(body),
                   url=meta.url, published=published or date_in_header(body), media_type="text/plain")
