"""Shared fixtures: the seed articles, real stores, and a real uvicorn server on a free port.

`--store-kind=embedded` (the default) gives the store fixtures folders of on-disk pyoxigraph stores;
`--store-kind=remote` gives them the URL of a fresh `oxigraph serve` each (its own temp folder and free loopback
port, stopped at teardown), so the same tests run against RemoteStore. Tests that need a folder are marked
`embedded_only` and skipped on remote.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

# Before tests.store_compare is first imported, so its asserts report the values like a test's.
pytest.register_assert_rewrite("tests.store_compare")

from kg.model import Article
from kg.pipeline import ingest
from kg.readers import read_paths
from kg.stores import Store, open_store
from tests.oxigraph_server import OxigraphServer, free_port

__all__ = ["free_port"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = "http://127.0.0.1:8000/"


Location = Path | str
"""Where a test store lives: a folder (embedded) or the URL of an oxigraph server (remote)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--store-kind", choices=("embedded", "remote"), default="embedded",
                     help="run the store fixtures on embedded pyoxigraph folders or on `oxigraph serve`")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "embedded_only(reason): needs a store folder; skipped with --store-kind=remote")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--store-kind") != "remote":
        return
    for item in items:
        marker = item.get_closest_marker("embedded_only")
        if marker is not None:
            why = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "needs a store folder")
            item.add_marker(pytest.mark.skip(reason=f"embedded store only: {why}"))


@pytest.fixture(scope="session")
def store_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.config.getoption("--store-kind")
    return kind


@contextmanager
def new_store(kind: str, folder: Path, articles: Iterable[Article] = ()) -> Iterator[Location]:
    """A store of the given kind in folder holding articles, closed again so others can open it; yields its
    location. A remote one is a fresh `oxigraph serve`, stopped on exit."""
    if kind == "embedded":
        path = folder / "store"
        with open_store(path, BASE) as s:
            ingest(s, list(articles))
        yield path
        return
    server = OxigraphServer(folder / "oxigraph")
    server.start()
    try:
        with open_store(server.url, BASE) as s:
            ingest(s, list(articles))
        yield server.url
    finally:
        server.stop()


@contextmanager
def copied_store(source: Location, folder: Path) -> Iterator[Location]:
    """A copy of the (closed) store at source that a test may change; a remote copy is a new server."""
    if isinstance(source, Path):
        shutil.copytree(source, folder / "store")
        yield folder / "store"
        return
    server = OxigraphServer(folder / "oxigraph")
    server.start()
    try:
        server.load_from(source)
        yield server.url
    finally:
        server.stop()


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import main; main()", *args]


def run_kg(*args: str, stdin: str | None = None, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kg_command(*args), check=False, input=stdin, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def seed_paths() -> list[str]:
    paths = sorted(str(p) for p in SEEDS.glob("*.txt"))
    assert paths, f"the seed articles are expected in {SEEDS}"
    return paths


@pytest.fixture(scope="session")
def seeded_store_dir(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[str], store_kind: str
                     ) -> Iterator[Location]:
    """A store with the seed articles ingested (a folder, or a server's URL); closed again so others can open it."""
    with new_store(store_kind, tmp_path_factory.mktemp("seeded"), read_paths(seed_paths)) as location:
        yield location


@pytest.fixture()
def store(tmp_path: Path, store_kind: str) -> Iterator[Store]:
    with new_store(store_kind, tmp_path) as location, open_store(location, BASE) as s:
        yield s


@contextmanager
def running_server(store: Location, env: dict[str, str] | None = None) -> Iterator[str]:
    """`kg serve` as a user starts it, over the store at `store` (a folder or a URL), on a free loopback port;
    yields its root URL.

    env adds KG_* settings (KG_WRITE_TOKEN, KG_QUERY_TIMEOUT, ...) for this server only.
    """
    port = free_port()
    # The log goes to a file: a pipe nobody reads fills up and blocks the server.
    log_file = tempfile.NamedTemporaryFile("w+", prefix=f"kg-serve-{port}-", suffix=".log", delete=False)  # noqa: SIM115
    log_path = Path(log_file.name)
    proc = subprocess.Popen(kg_command("serve", "--store", str(store), "--port", str(port)),
                            stdout=log_file, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})})
    root = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx.get(root + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield root
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log_file.close()
        log_path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[str], store_kind: str) -> Iterator[str]:
    """A read-only server over a store holding the five seeds; yields its root URL."""
    with new_store(store_kind, tmp_path_factory.mktemp("served"), read_paths(seed_paths)) as location, \
            running_server(location) as root:
        yield root


@pytest.fixture(scope="session")
def full_store_dir(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[str], store_kind: str
                   ) -> Iterator[Location]:
    """A store holding the seeds and the bundled demo corpus (not opened by anyone after building)."""
    from kg.readers import demo_articles

    articles = list(read_paths(seed_paths)) + demo_articles()
    with new_store(store_kind, tmp_path_factory.mktemp("full"), articles) as location:
        yield location


@pytest.fixture(scope="session")
def full_server(full_store_dir: Location) -> Iterator[str]:
    """A read-only server (no write token) over the seeds and the demo corpus; yields its root URL."""
    with running_server(full_store_dir) as root:
        yield root


WRITE_TOKEN = "test-write-token"


@pytest.fixture()
def writable_server(tmp_path: Path, seed_paths: list[str], store_kind: str) -> Iterator[str]:
    """A server over its own fresh copy of the seeds with KG_WRITE_TOKEN=WRITE_TOKEN; one per test."""
    with new_store(store_kind, tmp_path, read_paths(seed_paths)) as location, \
            running_server(location, {"KG_WRITE_TOKEN": WRITE_TOKEN}) as root:
        yield root
