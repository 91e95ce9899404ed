"""RemoteStore against a real `oxigraph serve`: same answers as the embedded store, retries, no half articles."""
from __future__ import annotations

import base64
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import queries
from kg.errors import KGError, QuerySyntaxError, StoreUnavailable
from kg.pipeline import ingest
from kg.readers import read_paths
from kg.remote_store import Endpoints, RemoteStore, Retry, open_remote_store
from kg.stores import is_remote, open_store
from kg.vocab import KGO
from tests.conftest import BASE
from tests.oxigraph_server import OXIGRAPH, OxigraphServer
from tests.store_compare import canonical, check_graph_store_methods, graph_dump, rows

pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the `oxigraph` server (PyPI package oxigraph) is missing")


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path / "oxigraph")
    server.start()
    yield server
    server.stop()


class FaultyProxy(socketserver.ThreadingTCPServer):
    """A loopback HTTP proxy, one request per connection, that misbehaves on cue.

    Modes per request, taken in turn from `plan` (then `default`): "forward", "cut" (sends the server only
    the first half of the body, then hangs up on both sides), "503" (answers 503 without asking the server),
    "slow" (forwards, but holds the answer back for a second, as a server busy with a long query would).
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream_port: int, default: str = "forward", plan: list[str] | None = None) -> None:
        self.upstream_port = upstream_port
        self.default = default
        self.plan = list(plan or [])
        self.seen: list[tuple[str, bytes]] = []  # (mode, request head)
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def next_mode(self, head: bytes) -> str:
        with self.lock:
            mode = self.plan.pop(0) if self.plan else self.default
            self.seen.append((mode, head))
            return mode


class _ProxyHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        proxy: FaultyProxy = self.server  # type: ignore[assignment]
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += self.request.recv(65536)
        mode = proxy.next_mode(head)
        if mode == "503":
            self.request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n"
                                 b"Connection: close\r\n\r\nbusy")
            return
        lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
        request = b"\r\n".join(lines) + b"\r\nConnection: close\r\n\r\n"
        with socket.create_connection(("127.0.0.1", proxy.upstream_port)) as upstream:
            if mode == "cut":
                upstream.sendall(request + body[:len(body) // 2])
                return  # both connections close: the server never sees the end of the body
            upstream.sendall(request + body)
            if mode == "slow":
                time.sleep(1.0)
            while chunk := upstream.recv(65536):
                self.request.sendall(chunk)


@pytest.fixture()
def proxy_for(oxigraph_server: OxigraphServer) -> Iterator[list[FaultyProxy]]:
    started: list[FaultyProxy] = []
    yield started
    for p in started:
        p.shutdown()
        p.server_close()


def start_proxy(started: list[FaultyProxy], upstream: OxigraphServer, **kwargs: object) -> FaultyProxy:
    proxy = FaultyProxy(upstream.port, **kwargs)  # type: ignore[arg-type]
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    started.append(proxy)
    return proxy


def article_quads(store: RemoteStore, hash16: str = "f" * 16) -> list[ox.Quad]:
    """A small article-shaped write: its graph plus a new entity, like pipeline.ingest makes."""
    g = store.graphs.article(hash16)
    article = ox.NamedNode(store.graphs.article_iri(hash16))
    entity = ox.NamedNode(f"{BASE}entity/remote-test-actor")
    quads = [ox.Quad(article, ox.NamedNode(KGO + "contentHash"), ox.Literal(hash16), g),
             ox.Quad(entity, ox.NamedNode(KGO + "label"), ox.Literal("Remote Test Actor"), store.graphs.entities)]
    quads += [ox.Quad(article, ox.NamedNode(f"{KGO}n{i}"), ox.Literal("x" * 200), g) for i in range(200)]
    return quads


def fast_retry(attempts: int) -> Retry:
    return Retry(attempts=attempts, backoff=0.05, max_delay=0.2)


# ---------------------------------------------------------------------------------------------- same answers


def test_ingesting_the_seeds_gives_the_same_dataset_and_answers_as_the_embedded_store(
        tmp_path: Path, seed_paths: list[str], oxigraph_server: OxigraphServer) -> None:
    with open_store(tmp_path / "embedded", BASE) as embedded, \
            open_remote_store(oxigraph_server.url, BASE, env={}) as remote:
        local_report = ingest(embedded, read_paths(seed_paths))
        remote_report = ingest(remote, read_paths(seed_paths))
        assert remote_report.as_dict() == local_report.as_dict()
        assert remote_report.added and remote_report.mentions > 0
        assert sorted(remote.article_graphs()) == sorted(embedded.article_graphs())
        assert remote.graph_names() == embedded.graph_names()
        assert canonical(remote.quads()) == canonical(embedded.quads())
        assert len(list(remote.quads())) == len(list(embedded.quads()))
        for name in queries.named_queries():
            try:
                expected = rows(queries.run(embedded, name))
            except KGError:
                continue  # a query that needs parameters
            assert rows(queries.run(remote, name)) == expected, name
        again = ingest(remote, read_paths(seed_paths))
        assert len(again.skipped) == len(seed_paths) and not again.added


def test_dumps_match_the_embedded_store(tmp_path: Path, seed_paths: list[str],
                                        oxigraph_server: OxigraphServer) -> None:
    with open_store(tmp_path / "embedded", BASE) as embedded, \
            open_remote_store(oxigraph_server.url, BASE, env={}) as remote:
        for s in (embedded, remote):
            ingest(s, read_paths(seed_paths[:1]))
        for fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            parsed = [canonical(iter(ox.parse(s.dump(fmt), format=fmt))) for s in (embedded, remote)]
            assert parsed[0] == parsed[1] and len(parsed[0]) > 0
        union = [canonical(iter(ox.parse(s.dump(ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)))
                 for s in (embedded, remote)]
        assert union[0] == union[1] and len(union[0]) > 0
        graph = ox.NamedNode(embedded.article_graphs()[0])
        one = [graph_dump(s, graph) for s in (embedded, remote)]
        assert one[0] == one[1] and len(one[0]) > 0


def test_parameters_bind_like_pyoxigraph_substitutions(tmp_path: Path, seed_paths: list[str],
                                                       oxigraph_server: OxigraphServer) -> None:
    query = ("PREFIX kgo: <" + KGO + ">\n# a brace { in a comment does not open the WHERE group\n"
             "SELECT ?a ?hash WHERE { ?a a kgo:Article ; kgo:contentHash ?hash }")
    with open_store(tmp_path / "embedded", BASE) as embedded, \
            open_remote_store(oxigraph_server.url, BASE, env={}) as remote:
        for s in (embedded, remote):
            ingest(s, read_paths(seed_paths[:2]))
        article = ox.NamedNode(embedded.graphs.article_iri(embedded.article_graphs()[0].rsplit("/", 1)[1]))
        subs = {ox.Variable("a"): article}
        expected = rows(embedded.query(query, subs))
        assert len(expected) == 1
        assert rows(remote.query(query, subs)) == expected


def test_construct_and_ask_come_back_as_pyoxigraph_results(oxigraph_server: OxigraphServer) -> None:
    with open_remote_store(oxigraph_server.url, BASE, env={}) as remote:
        triples = remote.query("CONSTRUCT { ?s a ?c } WHERE { GRAPH ?g { ?s a ?c } } LIMIT 5")
        assert isinstance(triples, ox.QueryTriples)
        assert len([t for t in triples if isinstance(t, ox.Triple)]) == 5
        answer = remote.query("ASK { ?s a ?c }")
        assert isinstance(answer, ox.QueryBoolean) and bool(answer)


def test_a_syntax_error_is_bad_input_and_backup_is_refused(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    with open_remote_store(oxigraph_server.url, BASE, env={}) as remote:
        with pytest.raises(QuerySyntaxError):
            remote.query("SELECT WHERE {")
        with pytest.raises(QuerySyntaxError):
            remote.update("INSERT DATA { oops")
        with pytest.raises(KGError, match="cannot be backed up"):
            remote.backup(tmp_path / "copy")


def test_writes_bump_the_generation_and_call_listeners(oxigraph_server: OxigraphServer) -> None:
    with open_remote_store(oxigraph_server.url, BASE, env={}) as remote:
        seen: list[int] = []
        remote.listeners.append(lambda s: seen.append(s.generation))
        remote.write(article_quads(remote))
        assert remote.has_article("f" * 16)
        remote.remove_graph(remote.graphs.article("f" * 16))
        assert not remote.has_article("f" * 16)
        assert seen == [1, 2]


def test_graph_store_methods_replace_merge_and_delete(oxigraph_server: OxigraphServer) -> None:
    with open_remote_store(oxigraph_server.url, BASE, env={}) as remote:
        check_graph_store_methods(remote)


# ---------------------------------------------------------------------------------------------- settings


def test_endpoints_and_token_come_from_the_settings(oxigraph_server: OxigraphServer,
                                                    proxy_for: list[FaultyProxy]) -> None:
    proxy = start_proxy(proxy_for, oxigraph_server)
    env = {"KG_STORE_QUERY_URL": f"{proxy.url}/query", "KG_STORE_TOKEN": "s3cret"}
    with open_remote_store(oxigraph_server.url, BASE, read_only=True, env=env) as remote:
        assert remote.endpoints == Endpoints(f"{proxy.url}/query", f"{oxigraph_server.url}/update",
                                             f"{oxigraph_server.url}/store")
        assert bool(remote.query("ASK { ?s ?p ?o }")) is False
    assert len(proxy.seen) == 1 and b"authorization: bearer s3cret" in proxy.seen[0][1].lower()


def test_basic_auth_from_the_settings(oxigraph_server: OxigraphServer, proxy_for: list[FaultyProxy]) -> None:
    proxy = start_proxy(proxy_for, oxigraph_server)
    env = {"KG_STORE_USER": "analyst", "KG_STORE_PASSWORD": "pw"}
    with open_remote_store(proxy.url, BASE, read_only=True, env=env) as remote:
        remote.query("ASK { ?s ?p ?o }")
    assert b"Authorization: Basic " + base64.b64encode(b"analyst:pw") in proxy.seen[0][1]


def test_urls_are_remote_and_folders_are_not() -> None:
    assert is_remote("http://127.0.0.1:7878") and is_remote("https://db.example.org/sparql")
    assert not is_remote(Path(".kg")) and not is_remote("/var/lib/kg")


# ---------------------------------------------------------------------------------------------- failures


def test_a_write_is_retried_until_the_restarted_server_takes_it(oxigraph_server: OxigraphServer) -> None:
    remote = RemoteStore(oxigraph_server.url, BASE, retry=Retry(attempts=8, backoff=0.2, max_delay=2.0))
    try:
        quads = article_quads(remote)
        oxigraph_server.stop()
        restart = threading.Timer(1.0, oxigraph_server.start)
        restart.start()
        remote.write(quads)  # connection refused until the server is back
        restart.join()
        assert remote.has_article("f" * 16)
        stored = set(remote.graph_quads(remote.graphs.article("f" * 16)))
        assert stored == {q for q in quads if q.graph_name == remote.graphs.article("f" * 16)}
    finally:
        remote.close()


def test_5xx_answers_are_retried(oxigraph_server: OxigraphServer, proxy_for: list[FaultyProxy]) -> None:
    with open_remote_store(oxigraph_server.url, BASE, env={}):
        pass  # schema loaded directly
    proxy = start_proxy(proxy_for, oxigraph_server, plan=["503", "503"])
    remote = RemoteStore(proxy.url, BASE, read_only=True, retry=fast_retry(4))
    try:
        remote.write(article_quads(remote))
        assert [mode for mode, _ in proxy.seen[:3]] == ["503", "503", "forward"]
        assert remote.has_article("f" * 16)
    finally:
        remote.close()


def test_a_write_that_keeps_failing_raises_and_leaves_no_partial_article(
        oxigraph_server: OxigraphServer, proxy_for: list[FaultyProxy]) -> None:
    with open_remote_store(oxigraph_server.url, BASE, env={}) as direct:
        before = len(list(direct.quads()))
        proxy = start_proxy(proxy_for, oxigraph_server, default="cut")
        remote = RemoteStore(proxy.url, BASE, read_only=True, retry=fast_retry(3))
        try:
            with pytest.raises(StoreUnavailable, match="3 attempt"):
                remote.write(article_quads(remote))
        finally:
            remote.close()
        assert [mode for mode, _ in proxy.seen] == ["cut"] * 3
        assert issubclass(StoreUnavailable, KGError) and StoreUnavailable.status == 503
        assert not direct.has_article("f" * 16)
        assert not direct.query(f"ASK {{ <{BASE}entity/remote-test-actor> ?p ?o }}")
        assert len(list(direct.quads())) == before


def test_an_update_that_may_have_arrived_is_not_sent_twice(oxigraph_server: OxigraphServer,
                                                           proxy_for: list[FaultyProxy]) -> None:
    proxy = start_proxy(proxy_for, oxigraph_server, default="cut")
    remote = RemoteStore(proxy.url, BASE, read_only=True, retry=fast_retry(3))
    try:
        with pytest.raises(StoreUnavailable, match="1 attempt"):
            remote.update(f"INSERT DATA {{ <{BASE}s> <{BASE}p> 1 }}")
    finally:
        remote.close()
    assert len(proxy.seen) == 1


def test_a_query_the_server_is_still_answering_is_not_sent_again(oxigraph_server: OxigraphServer,
                                                                proxy_for: list[FaultyProxy]) -> None:
    """A read timeout means the server has the query and is working on it: sending it again would only
    stack more of the same work on a busy server."""
    proxy = start_proxy(proxy_for, oxigraph_server, default="slow")
    remote = RemoteStore(proxy.url, BASE, read_only=True, retry=fast_retry(3), timeout=0.3)
    try:
        with pytest.raises(StoreUnavailable, match="1 attempt.*ReadTimeout"):
            remote.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    finally:
        remote.close()
    assert len(proxy.seen) == 1


@pytest.mark.parametrize("forwarded", [0, 1])
def test_an_article_is_whole_or_absent_wherever_the_connection_breaks(
        oxigraph_server: OxigraphServer, proxy_for: list[FaultyProxy], forwarded: int) -> None:
    """Requests pass until `forwarded` went through, then every one is cut: one request per article means
    the article is either all there or not there at all."""
    with open_remote_store(oxigraph_server.url, BASE, env={}) as direct:
        proxy = start_proxy(proxy_for, oxigraph_server, default="cut", plan=["forward"] * forwarded)
        remote = RemoteStore(proxy.url, BASE, read_only=True, retry=fast_retry(2))
        quads = article_quads(remote)
        try:
            remote.write(quads)
        except StoreUnavailable:
            pass
        finally:
            remote.close()
        stored = {q for q in direct.quads() if q in set(quads)}
        assert stored in (set(), set(quads))
        assert (stored == set(quads)) == (forwarded > 0)


def test_token_scheme_and_union_parameter_are_settings(oxigraph_server: OxigraphServer,
                                                       proxy_for: list[FaultyProxy]) -> None:
    proxy = start_proxy(proxy_for, oxigraph_server)
    env = {"KG_STORE_TOKEN": "t0k", "KG_STORE_TOKEN_SCHEME": "GDB", "KG_STORE_UNION_PARAM": "0"}
    with open_remote_store(proxy.url, BASE, read_only=True, env=env) as remote:
        remote.query("ASK { ?s ?p ?o }")
    head = proxy.seen[0][1]
    assert b"Authorization: GDB t0k" in head and b"union-default-graph" not in head.split(b"\r\n")[0]


def test_an_unknown_auth_scheme_is_bad_input(oxigraph_server: OxigraphServer) -> None:
    with pytest.raises(KGError, match="KG_STORE_AUTH"):
        RemoteStore.from_env(oxigraph_server.url, BASE, env={"KG_STORE_AUTH": "kerberos"})
