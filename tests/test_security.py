"""Access and request limits on a real server: tokens for reads and writes, body size, CORS, trusted hosts,
and no token in the server's log."""
from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import WRITE_TOKEN, Location, copied_store, free_port, kg_command

READ_TOKEN = "read-token-3f9a1c77e2"
ORIGIN = "https://analyst.example"
LIMIT = 4096
ASK = {"query": "ASK { ?s ?p ?o }"}


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory, seeded_store_dir: Location) -> Iterator[tuple[str, Path]]:
    """A server with read and write tokens, one CORS origin, one allowed host and a 4 KB body limit; yields its
    root URL and the file its output (uvicorn's access log included) goes to."""
    folder = tmp_path_factory.mktemp("guarded")
    with copied_store(seeded_store_dir, folder) as location:
        yield from _guarded_server(location, folder / "server.log")


def _guarded_server(location: Location, log: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "KG_WRITE_TOKEN": WRITE_TOKEN, "KG_READ_TOKEN": READ_TOKEN,
           "KG_CORS_ORIGINS": f'["{ORIGIN}"]', "KG_ALLOWED_HOSTS": '["127.0.0.1"]',
           "KG_MAX_BODY_BYTES": str(LIMIT)}
    with log.open("w") as out:
        proc = subprocess.Popen(kg_command("serve", "--store", str(location), "--port", str(port)),
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    root = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(root + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("kg serve did not start:\n" + log.read_text())
        yield root, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def decision(why: str) -> dict[str, str]:
    return {"kind": "different", "subject": "meta", "object": "internet-research-agency", "who": "tester", "why": why}


READS = ["/sparql?query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D", "/actors/meta", "/entity/meta", "/decisions"]


@pytest.mark.parametrize("path", READS)
def test_with_a_read_token_set_reads_need_it(guarded: tuple[str, Path], path: str) -> None:
    root, _ = guarded
    none = httpx.get(root + path)
    assert none.status_code == 401 and none.json()["error"] == "unauthorized"
    assert httpx.get(root + path, headers=auth("wrong")).status_code == 403
    assert httpx.get(root + path, headers=auth(READ_TOKEN)).status_code == 200
    assert httpx.get(root + path, headers=auth(WRITE_TOKEN)).status_code == 200  # a writer may read


def test_the_api_docs_stay_open_with_a_read_token_set(guarded: tuple[str, Path]) -> None:
    root, _ = guarded
    assert httpx.get(root + "/docs").status_code == 200
    assert "/sparql" in httpx.get(root + "/openapi.json").json()["paths"]


def test_reads_are_open_by_default(server: str) -> None:
    r = httpx.get(server + "/sparql", params=ASK)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_writes_need_the_write_token(guarded: tuple[str, Path]) -> None:
    root, _ = guarded
    url = root + "/decisions"
    no_token = httpx.post(url, json=decision("no token"))
    assert no_token.status_code == 401 and no_token.json()["error"] == "unauthorized"
    assert httpx.post(url, json=decision("read token"), headers=auth(READ_TOKEN)).status_code == 403
    wrong = httpx.post(url, json=decision("wrong token"), headers=auth("wrong"))
    assert wrong.status_code == 403 and wrong.json()["error"] == "forbidden"
    assert httpx.post(url, json=decision("right token"), headers=auth(WRITE_TOKEN), timeout=60).status_code == 201
    whys = {d["why"] for d in httpx.get(url, headers=auth(READ_TOKEN)).json()}
    assert "right token" in whys and not {"no token", "read token", "wrong token"} & whys


def test_writes_are_refused_when_no_write_token_is_configured(server: str) -> None:
    r = httpx.post(server + "/decisions", json=decision("writes off"), headers=auth("anything"))
    assert r.status_code == 403 and "KG_WRITE_TOKEN" in r.json()["message"]


def test_an_oversized_body_is_a_413_and_nothing_is_written(guarded: tuple[str, Path]) -> None:
    root, _ = guarded
    big = decision("oversized " + "x" * 2 * LIMIT)
    r = httpx.post(root + "/decisions", json=big, headers=auth(WRITE_TOKEN), timeout=60)
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    assert "KG_MAX_BODY_BYTES" in r.json()["message"]
    whys = [d["why"] for d in httpx.get(root + "/decisions", headers=auth(READ_TOKEN)).json()]
    assert not any(w.startswith("oversized") for w in whys)


def test_an_oversized_chunked_body_without_content_length_is_a_413(guarded: tuple[str, Path]) -> None:
    root, _ = guarded

    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "different", "subject": "meta", "object": "internet-research-agency", "who": "t", "why": "'
        for _ in range(2 * LIMIT // 512):
            yield b"y" * 512
        yield b'"}'

    r = httpx.post(root + "/decisions", content=chunks(), timeout=60,
                   headers={**auth(WRITE_TOKEN), "Content-Type": "application/json"})
    assert r.request.headers.get("transfer-encoding") == "chunked" and "content-length" not in r.request.headers
    assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_a_cors_preflight_from_an_allowed_origin_is_answered_without_a_token(guarded: tuple[str, Path]) -> None:
    root, _ = guarded
    r = httpx.options(root + "/sparql", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "authorization"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ORIGIN
    assert "authorization" in r.headers["access-control-allow-headers"].lower()
    get = httpx.get(root + "/sparql", params=ASK, headers={"Origin": ORIGIN, **auth(READ_TOKEN)})
    assert get.headers["access-control-allow-origin"] == ORIGIN
    assert "x-kg-truncated" in get.headers["access-control-expose-headers"].lower()


def test_a_cors_preflight_from_another_origin_is_refused(guarded: tuple[str, Path]) -> None:
    root, _ = guarded
    r = httpx.options(root + "/sparql", headers={"Origin": "https://elsewhere.example",
                                                 "Access-Control-Request-Method": "POST"})
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers


def test_cors_is_off_by_default(server: str) -> None:
    r = httpx.options(server + "/sparql", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers
    get = httpx.get(server + "/sparql", params=ASK, headers={"Origin": ORIGIN})
    assert get.status_code == 200 and "access-control-allow-origin" not in get.headers


def test_a_host_not_allowed_is_a_400(guarded: tuple[str, Path]) -> None:
    root, _ = guarded
    r = httpx.get(root + "/sparql", params=ASK, headers={"Host": "attacker.example", **auth(READ_TOKEN)})
    assert r.status_code == 400 and r.json()["error"] == "bad_host"
    assert httpx.get(root + "/sparql", params=ASK, headers=auth(READ_TOKEN)).status_code == 200


def test_tokens_never_reach_the_server_log(guarded: tuple[str, Path]) -> None:
    root, log = guarded
    httpx.get(root + "/actors/meta", headers=auth(READ_TOKEN))
    httpx.get(root + "/actors/meta", headers=auth("a-wrong-token-5d1e"))
    httpx.post(root + "/decisions", json=decision("logged"), headers=auth(WRITE_TOKEN), timeout=60)
    text = log.read_text()
    assert '"GET /actors/meta HTTP/1.1" 200' in text and '"POST /decisions HTTP/1.1" 201' in text
    assert READ_TOKEN not in text and WRITE_TOKEN not in text and "a-wrong-token-5d1e" not in text
