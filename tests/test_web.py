"""The web interface in a real browser (Debian's Chromium via Playwright) against a real `kg serve`."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

from tests.conftest import BASE, WRITE_TOKEN

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing (CI installs it via .ci/run)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


class Watch:
    """Console errors and requests that tried to leave 127.0.0.1 (they are aborted)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_context(browser: Any, js: bool = True) -> tuple[Any, Watch]:
    context = browser.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 900})
    watch = Watch()

    def route(r: Any) -> None:
        if urlparse(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.on("page", lambda page: page.on(
        "console", lambda m: watch.errors.append(m.text) if m.type == "error" else None))
    context.on("page", lambda page: page.on("pageerror", lambda e: watch.errors.append(str(e))))
    return context, watch


def shot(page: Any, name: str) -> None:
    """The whole page, and what the first screen shows."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-screen.png"))


def clean(watch: Watch, allowed: tuple[str, ...] = ()) -> None:
    """No console error (but those naming one of `allowed`) and no request that tried to leave 127.0.0.1."""
    assert [e for e in watch.errors if not any(a in e for a in allowed)] == [] and watch.outside == []


@contextmanager
def browsing(browser: Any, url: str, *, js: bool = True, wait_until: str | None = None,
             allowed: tuple[str, ...] = ()) -> Iterator[Any]:
    """A fresh context's page opened at url; when the block ends the page must be `clean`, and the context closes."""
    context, watch = open_context(browser, js)
    try:
        page = context.new_page()
        page.goto(url, wait_until=wait_until)
        yield page
        clean(watch, allowed)
    finally:
        context.close()


def first_source(root: str) -> dict[str, Any]:
    items = httpx.get(root + "/sources", params={"limit": 1}).json()["items"]
    detail: dict[str, Any] = httpx.get(f"{root}/sources/{items[0]['id']}").json()
    return detail


def test_home_shows_counts_and_recent_sources(full_server: str, browser: Any) -> None:
    with browsing(browser, full_server + "/") as page:
        total = httpx.get(full_server + "/sources", params={"limit": 1}).json()["total"]
        assert page.locator("#n-articles").inner_text() == str(total)
        assert page.locator("ol.sources li").count() > 0
        shot(page, "home")


def test_searching_an_alias_lands_on_its_entity_page(full_server: str, browser: Any) -> None:
    with browsing(browser, full_server + "/") as page:
        page.locator("#q").press_sequentially("ISPR", delay=30)
        first = page.locator("#suggestions a").first
        first.wait_for()
        shot(page, "search-suggestions")
        first.click()
        page.wait_for_url("**/entity/inter-services-public-relations")
        assert page.locator("h1").inner_text() == "Inter-Services Public Relations"
        assert "ISPR" in page.locator("#aliases").inner_text()


def test_the_graph_has_a_node_per_neighbour(full_server: str, browser: Any) -> None:
    rels = httpx.get(full_server + "/actors/russia/relationships", params={"limit": 500}).json()
    with browsing(browser, full_server + "/entity/russia", wait_until="networkidle") as page:
        page.wait_for_function("window.kgGraph !== undefined")
        nodes = page.evaluate("window.kgGraph.nodes().length")
        # Drawn: the entity and each neighbour a source supports, or that it is part of / owned by, once each.
        drawn = {e["other"]["iri"] for e in rels["items"] if e["sources"] > 0 or e["kind"] in ("part_of", "owned_by")}
        assert nodes == len(drawn) + 1
        assert len(drawn) < rels["neighbours"]  # Russia's unmentioned gazetteer parts stay in the table only
        assert page.locator("#relationship-table tbody tr").count() == len(rels["items"])
        assert page.locator("#attribution-table tbody tr").count() > 0
        assert page.locator("svg.timeline circle").count() > 0
        shot(page, "entity-page")


def test_clicking_a_graph_node_opens_that_entity(full_server: str, browser: Any) -> None:
    with browsing(browser, full_server + "/entity/russia") as page:
        page.wait_for_function("window.kgGraph !== undefined")
        href = page.evaluate("""(() => { const n = window.kgGraph.nodes('[!root]')[0];
            n.emit('tap'); return n.data('href'); })()""")
        page.wait_for_url(full_server + href)
        assert page.locator("h1").inner_text() != "Russia"


def test_a_named_query_shows_rows(full_server: str, browser: Any) -> None:
    expected = httpx.get(full_server + "/queries/actors", params={"format": "json"}).json()["results"]["bindings"]
    with browsing(browser, full_server + "/ui/sparql") as page:
        page.locator("#nq-actors summary").click()
        page.locator("#nq-actors button[type=submit]").click()
        page.locator("#results-table tbody tr").first.wait_for()
        assert page.locator("#results-table tbody tr").count() == len(expected) > 0
        assert page.locator("#results .downloads a", has_text="csv").count() == 1
        page.locator("#results-table th").first.click()  # sortable
        assert page.locator("#results-table th").first.get_attribute("aria-sort") == "ascending"
        shot(page, "sparql")


def test_highlights_match_the_mention_offsets(full_server: str, browser: Any) -> None:
    src = first_source(full_server)
    with browsing(browser, f"{full_server}/article/{src['id']}") as page:
        marks = page.evaluate("""Array.from(document.querySelectorAll('#article-text mark')).map(
            m => [+m.dataset.begin, +m.dataset.end, m.textContent])""")
        text = src["text"]
        assert sorted((b, e) for b, e, _ in marks) == sorted((m["begin"], m["end"]) for m in src["mentions"])
        assert all(t == text[b:e] for b, e, t in marks)
        assert page.locator("#article-text").inner_text().strip() == text.strip()
        assert page.locator("#statement-table tbody tr").count() == len(src["statements"])
        shot(page, "source-page")


def test_the_review_page_records_a_decision_with_the_token(writable_server: str, browser: Any) -> None:
    before = httpx.get(writable_server + "/decisions").json()
    # 401/403 from the probes with no or a wrong token are expected console noise: only those are allowed
    with browsing(browser, writable_server + "/ui/review", allowed=("401", "403", "422")) as page:
        row = page.locator("#pairs tbody tr[data-a]").first
        a, b = row.get_attribute("data-a"), row.get_attribute("data-b")
        row.get_by_role("button", name="Reject (different)").click()
        assert "need" in page.locator("#token-notice").inner_text()  # no token yet: nothing recorded
        page.locator("#token").fill("wrong-token")
        page.locator("#token-form button").click()
        page.get_by_text("Writes need the write token").wait_for()
        page.locator("#token").fill(WRITE_TOKEN)
        page.locator("#token-form button").click()
        page.get_by_text("Write token accepted").wait_for()
        row.get_by_role("button", name="Reject (different)").click()
        row.get_by_text("recorded: different").wait_for()
        shot(page, "review")
        decisions = httpx.get(writable_server + "/decisions").json()
        old = {d["id"] for d in before}
        assert [(d["kind"], d["subject"], d["object"], d["why"]) for d in decisions if d["id"] not in old] == [
            ("different", b, a, "web review")]


@pytest.mark.parametrize("path,needle", [
    ("/", "articles"), ("/ui/search?q=SIO", "Stanford Internet Observatory"),
    ("/entity/russia", "relationship-table"), ("/ui/sparql", "Named queries"),
    ("/ui/queries/actors", "results-table"), ("/ui/review", "pairs")])
def test_pages_work_without_javascript(full_server: str, browser: Any, path: str, needle: str) -> None:
    with browsing(browser, full_server + path, js=False) as page:
        assert needle in page.content()
        if path == "/entity/russia":
            rows = page.locator("#relationship-table tbody tr").count()
            assert rows == len(httpx.get(full_server + "/actors/russia/relationships",
                                         params={"limit": 500}).json()["items"])
            shot(page, "entity-nojs")


def test_no_js_sparql_form_posts_to_a_results_page(full_server: str, browser: Any) -> None:
    with browsing(browser, full_server + "/ui/sparql", js=False) as page:
        page.locator("#query").fill("PREFIX kgo: <https://w3id.org/influence-kg/ns#>\n"
                                    "SELECT ?a WHERE { ?a a kgo:Article } LIMIT 3")
        page.get_by_role("button", name="Run query").click()
        assert page.locator("#results-table tbody tr").count() == 3


def test_no_js_source_page_highlights_mentions(full_server: str, browser: Any) -> None:
    src = first_source(full_server)
    with browsing(browser, f"{full_server}/article/{src['id']}", js=False) as page:
        assert page.locator("#article-text mark").count() == len(src["mentions"])


def test_readme_screenshot_is_the_entity_page() -> None:
    """Keeps docs/entity-page.png in step: copied from the latest entity-page artifact when there is one."""
    made = ARTIFACTS / "entity-page.png"
    if made.exists():
        shutil.copyfile(made, ARTIFACTS.parent.parent / "docs" / "entity-page.png")
    assert (ARTIFACTS.parent.parent / "docs" / "entity-page.png").exists() or not made.exists()
    assert BASE.startswith("http://127.0.0.1")
