"""Shared fixtures: the seed articles, real on-disk stores, and a real uvicorn server on a free port."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from kg.pipeline import ingest
from kg.readers import read_paths
from kg.store import GraphStore, open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = "http://127.0.0.1:8000/"


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
def seeded_store_dir(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[str]) -> Path:
    """An on-disk store with the seed articles ingested; closed again so others can open it."""
    path = tmp_path_factory.mktemp("seeded") / "store"
    with open_store(path, BASE) as store:
        ingest(store, read_paths(seed_paths))
    return path


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[GraphStore]:
    with open_store(tmp_path / "store", BASE) as s:
        yield s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(store_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`kg serve` as a user starts it, over the store at store_path, on a free loopback port; yields its root URL.

    env adds KG_* settings (KG_WRITE_TOKEN, KG_QUERY_TIMEOUT, ...) for this server only.
    """
    port = free_port()
    # The log goes to a file beside the store: a pipe nobody reads fills up and blocks the server.
    log_path = Path(store_path).parent / f"serve-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(kg_command("serve", "--store", str(store_path), "--port", str(port)),
                            stdout=log, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})})
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
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[str]) -> Iterator[str]:
    """A read-only server over a store holding the five seeds; yields its root URL."""
    path = tmp_path_factory.mktemp("served") / "store"
    with open_store(path, BASE) as s:
        ingest(s, read_paths(seed_paths))
    with running_server(path) as root:
        yield root


@pytest.fixture(scope="session")
def full_store_dir(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[str]) -> Path:
    """A store folder holding the seeds and the bundled demo corpus (not opened by anyone after building)."""
    from kg.readers import demo_articles

    path = tmp_path_factory.mktemp("full") / "store"
    with open_store(path, BASE) as s:
        ingest(s, list(read_paths(seed_paths)) + demo_articles())
    return path


@pytest.fixture(scope="session")
def full_server(full_store_dir: Path) -> Iterator[str]:
    """A read-only server (no write token) over the seeds and the demo corpus; yields its root URL."""
    with running_server(full_store_dir) as root:
        yield root


WRITE_TOKEN = "test-write-token"


@pytest.fixture()
def writable_server(tmp_path: Path, seed_paths: list[str]) -> Iterator[str]:
    """A server over its own fresh copy of the seeds with KG_WRITE_TOKEN=WRITE_TOKEN; one per test."""
    path = tmp_path / "store"
    with open_store(path, BASE) as s:
        ingest(s, read_paths(seed_paths))
    with running_server(path, {"KG_WRITE_TOKEN": WRITE_TOKEN}) as root:
        yield root
