"""POST /articles: a running server ingests articles like `kg ingest`, refuses bad input, one writer at a time."""
from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.generate import article
from tests.conftest import BASE, WRITE_TOKEN, run_kg, running_server

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
LIMIT = 40_000
PREFIXES = "PREFIX kgo: <https://w3id.org/influence-kg/ns#> PREFIX dcterms: <http://purl.org/dc/terms/> "


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A writable server over an empty store, with a small body limit."""
    path = tmp_path_factory.mktemp("articles") / "store"
    with running_server(path, {"KG_WRITE_TOKEN": WRITE_TOKEN, "KG_MAX_BODY_BYTES": str(LIMIT)}) as root:
        yield root


def post(root: str, body: Any = None, content: bytes | str | None = None, ctype: str | None = None,
         params: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
    h = dict(AUTH if headers is None else headers)
    if ctype:
        h["Content-Type"] = ctype
    if body is not None:
        return httpx.post(f"{root}/articles", json=body, headers=h, params=params, timeout=120)
    return httpx.post(f"{root}/articles", content=content, headers=h, params=params, timeout=120)


def select(root: str, query: str) -> list[dict[str, Any]]:
    r = httpx.post(f"{root}/sparql", data={"query": PREFIXES + query},
                   headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def article_count(root: str) -> int:
    rows = select(root, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kgo:Article }")
    return int(rows[0]["n"])


def test_a_json_article_is_stored_and_answered_with_what_was_extracted(api: str) -> None:
    a = article(9001)
    r = post(api, a)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["already_stored"] is False
    assert out["iri"].startswith(BASE + "article/") and out["graph"].startswith(BASE + "graph/article/")
    count = int(a["title"].split(" removes ")[1].split()[0])
    assert any(count in t["counts"].values() for t in out["takedowns"]), out["takedowns"]
    assert out["counts"]["entities"] == len(out["entities"]) > 0
    assert out["counts"]["mentions"] >= out["counts"]["entities"]
    rows = select(api, f"SELECT ?title ?issued WHERE {{ <{out['iri']}> dcterms:title ?title ; dcterms:issued ?issued }}")
    assert rows == [{"title": a["title"], "issued": a["published"]}]


def test_the_same_text_again_is_a_200_marked_already_stored(api: str) -> None:
    a = article(9002)
    first = post(api, a)
    before = article_count(api)
    again = post(api, {"text": a["text"]})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["already_stored"] is True and again.json()["iri"] == first.json()["iri"]
    assert again.json()["counts"] == first.json()["counts"]
    assert article_count(api) == before


def test_a_plain_text_body_takes_its_metadata_from_the_query_string(api: str) -> None:
    a = article(9003)
    r = post(api, content=a["text"].encode(), ctype="text/plain; charset=utf-8",
             params={"title": "Given title", "url": "https://example.org/report-9003", "published": "2022-03-04"})
    assert r.status_code == 201, r.text
    rows = select(api, f"""SELECT ?title ?issued ?source WHERE {{ <{r.json()['iri']}> dcterms:title ?title ;
                          dcterms:issued ?issued ; dcterms:source ?source }}""")
    assert rows == [{"title": "Given title", "issued": "2022-03-04", "source": "https://example.org/report-9003"}]


def test_an_html_body_is_stored_as_its_main_text_without_the_page_chrome(api: str) -> None:
    a = article(9004)
    paragraphs = "".join(f"<p>{line}</p>" for line in a["text"].splitlines()[4:])
    html = (f"<html><head><title>{a['title']}</title></head><body><nav><a href='/'>Home</a> "
            "<a href='/subscribe'>Subscribe to our newsletter today</a></nav><article><h1>"
            f"{a['title']}</h1>{paragraphs}</article><footer>Copyright Example News</footer></body></html>")
    r = post(api, content=html.encode(), ctype="text/html")
    assert r.status_code == 201, r.text
    rows = select(api, f"SELECT ?text WHERE {{ <{r.json()['iri']}> kgo:text ?text }}")
    text = rows[0]["text"]
    assert a["text"].splitlines()[4] in text
    assert "Subscribe to our newsletter" not in text and "Copyright Example News" not in text
    assert r.json()["takedowns"]


REFUSALS = [
    ("empty JSON text", {"json": {"text": ""}}, 400, "empty"),
    ("whitespace text body", {"content": b" \n\t  \n", "ctype": "text/plain"}, 400, "empty"),
    ("NUL bytes", {"content": b"Meta removed 4 accounts.\x00\x01\x02", "ctype": "text/plain"}, 400, "NUL"),
    ("Latin-1 bytes", {"content": "Meta a supprim\u00e9 41 comptes.".encode("latin-1"), "ctype": "text/plain"},
     400, "UTF-8"),
    ("control characters", {"content": bytes(range(1, 9)) * 20 + b"text", "ctype": "text/plain"}, 400,
     "control"),
    ("too large", {"content": b"Meta removed 41 accounts. " * 2000, "ctype": "text/plain"}, 413,
     "KG_MAX_BODY_BYTES"),
    ("unsupported type", {"content": b"<a>Meta removed 41 accounts.</a>", "ctype": "application/xml"}, 415,
     "application/xml"),
    ("no content type", {"content": b"Meta removed 41 accounts."}, 415, "(none)"),
    ("bad date in JSON", {"json": {"text": "Meta removed 41 accounts.", "published": "yesterday"}}, 400,
     "published"),
    ("bad date in the query", {"content": b"Meta removed 41 accounts.", "ctype": "text/plain",
                               "params": {"published": "2021-13-45"}}, 400, "published"),
    ("invalid JSON", {"content": b"{\"text\": ", "ctype": "application/json"}, 400, "not valid JSON"),
    ("text not a string", {"json": {"text": 42}}, 400, "'text'"),
    ("JSON array", {"json": ["Meta removed 41 accounts."]}, 400, "object"),
]


@pytest.mark.parametrize(("what", "req", "status", "named"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_bad_input_is_refused_with_a_json_error_naming_it_and_nothing_written(
        api: str, what: str, req: dict[str, Any], status: int, named: str) -> None:
    before = article_count(api)
    r = post(api, body=req.get("json"), content=req.get("content"), ctype=req.get("ctype"),
             params=req.get("params"))
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert set(r.json()) == {"error", "message"} and named in r.json()["message"]
    assert article_count(api) == before


def test_writes_need_the_write_token(api: str) -> None:
    before = article_count(api)
    a = article(9005)
    assert post(api, a, headers={}).status_code == 401
    assert post(api, a, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert article_count(api) == before


def test_a_server_without_a_write_token_refuses_articles(server: str) -> None:
    r = post(server, article(9006))
    assert r.status_code == 403 and "KG_WRITE_TOKEN" in r.json()["message"]


def test_concurrent_posts_are_all_stored_and_the_same_text_is_stored_once(api: str) -> None:
    before = article_count(api)
    bodies = [article(n) for n in range(9100, 9106)] + [article(9100)] * 3
    with ThreadPoolExecutor(len(bodies)) as pool:
        answers = list(pool.map(lambda b: post(api, b), bodies))
    assert sorted(r.status_code for r in answers) == [200] * 3 + [201] * 6
    assert len({r.json()["iri"] for r in answers}) == 6
    assert article_count(api) == before + 6
    stored = {row["a"] for row in select(api, "SELECT ?a WHERE { ?a a kgo:Article }")}
    assert {r.json()["iri"] for r in answers} <= stored


def _graph_without_timestamps(nquads: str, graph: str) -> list[str]:
    lines = [ln for ln in nquads.splitlines() if ln.rstrip(" .").endswith(f"<{graph}>")]
    return sorted(ln for ln in lines if "generatedAtTime" not in ln and "/terms/source>" not in ln)


def test_the_article_graph_is_the_one_kg_ingest_makes(tmp_path: Path, api: str) -> None:
    a = article(9200)  # names no invented firm: its entities do not depend on what the store holds already
    assert "firm" not in a["text"]
    r = post(api, a)
    assert r.status_code == 201, r.text
    graph = r.json()["graph"]
    served = httpx.get(f"{api}/export", params={"format": "nquads"}, timeout=120)
    assert served.status_code == 200
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps(a) + "\n", encoding="utf-8")
    store = tmp_path / "cli-store"
    assert run_kg("ingest", str(jsonl), "--store", str(store)).returncode == 0
    exported = run_kg("export", "--format", "nquads", "--store", str(store))
    assert exported.returncode == 0
    from_cli = _graph_without_timestamps(exported.stdout, graph)
    assert from_cli and _graph_without_timestamps(served.text, graph) == from_cli
