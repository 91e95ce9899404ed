"""Articles read from files, folders, stdin and JSON Lines: .txt, .md, .html and .jsonl."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path

from extractors.dates import date_in_header
from kg.errors import BadInput
from kg.model import Article

SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown", ".html": "text/html",
            ".htm": "text/html", ".jsonl": "application/jsonl"}


def title_of(text: str) -> str | None:
    """The first substantial line that is not page chrome (share buttons, a dateline, a site banner)."""
    from extractors.chrome import mask_chrome

    for line in mask_chrome(text).splitlines():
        line = line.strip().lstrip("#").strip()
        if len(line) > 12:
            return line[:300]
    return None


def html_to_article(html: str, source: str) -> Article:
    """Main text of a web page, without navigation, teasers and widgets (trafilatura)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    published = None
    if meta is not None and meta.date:
        try:
            published = date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    title = meta.title if meta is not None and meta.title else title_of(text)
    url = meta.url if meta is not None and meta.url else None
    return Article(text=text, source=source, title=title, url=url, published=published, media_type="text/html")


def _published(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise BadInput(f"{where}: 'published' must be an ISO date (YYYY-MM-DD), got {value!r}") from exc


def jsonl_articles(lines: list[str], source: str) -> Iterator[Article]:
    """One article per line: {"text": ..., "title": ..., "url": ..., "published": "YYYY-MM-DD"}."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise BadInput(f"{where}: each line must be an object with a string 'text'")
        yield Article(text=obj["text"], source=obj.get("url") or where, title=obj.get("title"),
                      url=obj.get("url"), published=_published(obj.get("published"), where))


def read_file(path: Path) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BadInput(f"{path}: unsupported file type {suffix or '(none)'}; use one of {', '.join(SUFFIXES)}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if suffix == ".jsonl":
        yield from jsonl_articles(text.splitlines(), str(path))
    elif suffix in (".html", ".htm"):
        yield html_to_article(text, str(path))
    else:
        yield Article(text=text, source=str(path), title=title_of(text), media_type=SUFFIXES[suffix],
                      published=date_in_header(text))


def expand(paths: list[str]) -> list[Path | str]:
    """Files in the order given; folders expanded to their supported files, sorted; '-' kept for stdin."""
    out: list[Path | str] = []
    for p in paths:
        if p == "-":
            out.append("-")
            continue
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        elif path.exists():
            out.append(path)
        else:
            raise BadInput(f"{p}: no such file or folder")
    return out


def read_paths(paths: list[str]) -> Iterator[Article]:
    for p in expand(paths):
        if p == "-":
            text = sys.stdin.read()
            yield Article(text=text, source="-", published=date_in_header(text))
        else:
            assert isinstance(p, Path)
            yield from read_file(p)


def demo_articles() -> list[Article]:
    """The bundled demo corpus."""
    f = resources.files("kg.demo").joinpath("articles/demo.jsonl")
    return list(jsonl_articles(f.read_text(encoding="utf-8").splitlines(), "demo"))
