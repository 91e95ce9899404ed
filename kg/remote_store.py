"""The graph store on a remote SPARQL 1.1 server (Query, Update, Graph Store Protocol), with GraphStore's methods.

Every write is one SPARQL Update request, so the server commits an article whole or not at all; requests are
retried with exponential backoff on connection errors and 5xx answers, a bounded number of times.
"""
from __future__ import annotations

import io
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox

from kg.errors import BadInput, KGError, NotFound, QuerySyntaxError, RemoteStoreError, StoreUnavailable
from kg.schema import MARKER, schema_digest, schema_quads
from kg.sparql_text import declares_dataset
from kg.store_common import StoreCommon
from kg.vocab import PREFIXES as _PREFIXES
from kg.vocab import Graphs

if TYPE_CHECKING:
    from kg.stores import Store

log = logging.getLogger(__name__)

_RESULTS_JSON = "application/sparql-results+json"
_RESULTS_TSV = "text/tab-separated-values"
# Virtuoso names blank nodes "nodeID://b10003" in its results, which no RDF parser takes as a label.
_JSON_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")([^"\\]*)(")')
_BNODE_LABEL = re.compile(rb"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_ACCEPT_QUERY = f"{_RESULTS_JSON}, application/n-triples;q=0.9"
_GRAPH_MEDIA = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
                "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-quads": ox.RdfFormat.N_QUADS}
_RESULT_MEDIA = {_RESULTS_JSON: ox.QueryResultsFormat.JSON, "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                 _RESULTS_TSV: ox.QueryResultsFormat.TSV}
# Strings, IRIs and comments: a '{' inside them does not open the query's WHERE group.
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                       r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Endpoints:
    """Where the three SPARQL 1.1 services of one server live."""

    query: str
    update: str
    gsp: str

    @classmethod
    def derive(cls, url: str, query: str | None = None, update: str | None = None,
               gsp: str | None = None) -> Endpoints:
        """`oxigraph serve` layout from its root URL (/query, /update, /store); each one can be overridden."""
        root = url.rstrip("/")
        return cls(query or f"{root}/query", update or f"{root}/update", gsp or f"{root}/store")


@dataclass(frozen=True)
class Retry:
    attempts: int = 5
    backoff: float = 0.25
    """Seconds before the second attempt; doubled before each further one."""
    max_delay: float = 8.0

    def delays(self) -> Iterator[float]:
        for n in range(self.attempts - 1):
            yield min(self.backoff * 2 ** n, self.max_delay)


def with_substitutions(sparql: str, substitutions: Mapping[ox.Variable, Term] | None) -> str:
    """The query with its parameters bound by a VALUES block at the start of its outermost group: a SPARQL
    Protocol server has no equivalent of pyoxigraph's `substitutions`."""
    if not substitutions:
        return sparql
    masked = _NOT_CODE.sub(lambda m: " " * len(m.group()), sparql)
    at = masked.find("{")
    if at < 0:
        raise BadInput("the query has no group pattern to bind parameters in")
    names = " ".join(str(v) for v in substitutions)
    row = " ".join(str(t) for t in substitutions.values())
    return f"{sparql[:at + 1]} VALUES ({names}) {{ ({row}) }} {sparql[at + 1:]}"


class _ChunkReader(io.RawIOBase):
    """A file-like view of a streamed HTTP body, for pyoxigraph's incremental parsers."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _n_triples(triples: Iterable[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """One insert operation for quads in any number of graphs (blank node labels shared across them).

    INSERT DATA when there is no blank node; else `INSERT { ... } WHERE {}`, which stores the same (fresh blank
    nodes for the labels, as INSERT DATA does) and is what Virtuoso 7 accepts: it refuses blank nodes in
    INSERT DATA ("SP031: Blank node is not allowed in a constant clause")."""
    by_graph: dict[str, list[ox.Triple]] = {}
    blank = False
    for q in quads:
        if not isinstance(q, ox.Quad):  # as pyoxigraph's extend: refused before anything is sent
            raise TypeError(f"not a quad: {q!r}")
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(ox.Triple(q.subject, q.predicate, q.object))
        blank = blank or isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
    parts = [_n_triples(ts) if not g else f"GRAPH {g} {{\n{_n_triples(ts)}}}" for g, ts in sorted(by_graph.items())]
    body = "{\n" + "\n".join(parts) + "\n}"
    return f"INSERT {body} WHERE {{}}" if blank else f"INSERT DATA {body}"


def batches(quads: list[ox.Quad], limit: int | None) -> list[list[ox.Quad]]:
    """The quads in order, cut into batches of at most `limit` (None: one batch). Quads linked by a blank node
    stay in one batch, since each update makes fresh blank nodes for its labels."""
    if limit is None or len(quads) <= limit:
        return [quads]
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(b: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(b, b) != b:
            b = parent[b]
        return b

    for q in quads:
        nodes = [t for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        for other in nodes[1:]:
            parent[root(other)] = root(nodes[0])
    units: dict[object, list[ox.Quad]] = {}
    for i, q in enumerate(quads):
        blank = next((t for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)), None)
        units.setdefault(i if blank is None else root(blank), []).append(q)
    out: list[list[ox.Quad]] = [[]]
    for unit in units.values():
        if out[-1] and len(out[-1]) + len(unit) > limit:
            out.append([])
        out[-1].extend(unit)
    return out


def _bnode_label(match: re.Match[bytes]) -> bytes:
    label = match.group(2)
    if not _BNODE_LABEL.fullmatch(label):
        label = b"x" + label.hex().encode()  # one-to-one, so equal nodes keep equal labels
    return match.group(1) + label + match.group(3)


def fix_bnode_labels(json_results: bytes) -> bytes:
    """SPARQL JSON results with every blank node label made valid (JSON strings hold no raw newline, so this
    is safe line by line, as `_json_lines` applies it)."""
    if b'"bnode"' not in json_results:
        return json_results
    return _JSON_BNODE.sub(_bnode_label, json_results)


def _json_lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A streamed JSON body, re-cut at newlines with blank node labels fixed."""
    tail = b""
    for chunk in chunks:
        *lines, tail = (tail + chunk).split(b"\n")
        if lines:
            yield fix_bnode_labels(b"\n".join(lines) + b"\n")
    if tail:
        yield fix_bnode_labels(tail)


class RemoteStore(StoreCommon):
    """GraphStore's interface over a SPARQL 1.1 server; nothing above it needs to know which it talks to."""

    def __init__(self, url: str, base_iri: str, read_only: bool = False, *, endpoints: Endpoints | None = None,
                 user: str | None = None, password: str | None = None, token: str | None = None,
                 token_scheme: str = "Bearer", digest: bool = False, timeout: float = 60.0,
                 retry: Retry | None = None, union_default_graph_param: bool = True,
                 hidden_graphs: Iterable[str] = (), max_update_triples: int | None = None) -> None:
        self.url = url
        self.path: Path | None = None  # no folder: snapshots and backups are the server's business
        self.read_only = read_only
        self.base = base_iri
        self.graphs = Graphs(base_iri)
        self.endpoints = endpoints or Endpoints.derive(url)
        self.retry = retry or Retry()
        self.union_default_graph_param = union_default_graph_param
        """Oxigraph's `union-default-graph` request parameter; other servers are configured to a union instead,
        and then have no default graph of their own apart from it."""
        self.max_update_triples = max_update_triples
        """Writes larger than this go in several requests (Virtuoso refuses long updates); None: one request."""
        self.hidden_graphs = frozenset(hidden_graphs)
        """The server's own graphs (Virtuoso's system graphs): left out of graph_names, quads and dumps."""
        self.generation = 0
        """Bumped after every change committed through this handle (not by other clients of the server)."""
        self.listeners: list[Callable[[Store], None]] = []
        headers = {"Authorization": f"{token_scheme} {token}"} if token else {}
        auth: httpx.Auth | None = None
        if user:
            auth = httpx.DigestAuth(user, password or "") if digest else httpx.BasicAuth(user, password or "")
        self._client = httpx.Client(auth=auth, headers=headers, timeout=timeout)
        if not read_only:
            self.ensure_schema()

    @classmethod
    def from_env(cls, url: str, base_iri: str, read_only: bool = False,
                 env: Mapping[str, str] | None = None) -> RemoteStore:
        """Endpoints and credentials from the KG_STORE_* settings (docs/remote-stores.md)."""
        e = os.environ if env is None else env
        endpoints = Endpoints.derive(url, e.get("KG_STORE_QUERY_URL"), e.get("KG_STORE_UPDATE_URL"),
                                     e.get("KG_STORE_GSP_URL"))
        auth = e.get("KG_STORE_AUTH", "basic").lower()
        if auth not in ("basic", "digest"):
            raise BadInput(f"KG_STORE_AUTH must be basic or digest, not {auth!r}")
        return cls(url, base_iri, read_only, endpoints=endpoints, user=e.get("KG_STORE_USER"),
                   password=e.get("KG_STORE_PASSWORD"), token=e.get("KG_STORE_TOKEN"),
                   token_scheme=e.get("KG_STORE_TOKEN_SCHEME", "Bearer"), digest=auth == "digest",
                   union_default_graph_param=e.get("KG_STORE_UNION_PARAM", "1").lower() not in ("0", "false", "no"),
                   hidden_graphs=e.get("KG_STORE_HIDDEN_GRAPHS", "").split(),
                   max_update_triples=_positive_int(e, "KG_STORE_MAX_UPDATE_TRIPLES"))

    # ------------------------------------------------------------------ HTTP

    def _send(self, method: str, url: str, *, idempotent: bool, what: str, **kwargs: Any) -> httpx.Response:
        """One request, retried with backoff on connection errors and 5xx. A request that may have reached the
        server is re-sent only when repeating it is harmless (idempotent)."""
        delays = self.retry.delays()
        while True:
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                # A refused connection never reached the server: always safe to try again. A read timeout
                # means the server has the request and is still at it: sending it again only stacks more of
                # the same work on a busy server, so it is never retried.
                retriable = (idempotent and not isinstance(exc, httpx.ReadTimeout)) or isinstance(
                    exc, httpx.ConnectError | httpx.ConnectTimeout)
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code < 500:
                    return self._checked(response, what)
                retriable = idempotent or response.status_code in (502, 503, 504)
                problem = f"HTTP {response.status_code}: {response.text[:300]}"
            delay = next(delays, None) if retriable else None
            if delay is None:
                raise StoreUnavailable(f"the remote store at {url} failed to {what} "
                                       f"({self.retry.attempts if retriable else 1} attempt(s)); last: {problem}")
            log.warning("remote store: %s failed (%s); retrying in %.2fs", what, problem, delay)
            time.sleep(delay)

    @staticmethod
    def _checked(response: httpx.Response, what: str) -> httpx.Response:
        status = response.status_code
        if status < 300:
            return response
        detail = response.text[:500]
        if status == 400:
            raise QuerySyntaxError(f"the remote store refused to {what}: {detail}")
        if status in (401, 403):
            raise RemoteStoreError(f"the remote store refused our credentials (HTTP {status}): check "
                                   "KG_STORE_USER / KG_STORE_PASSWORD or KG_STORE_TOKEN")
        if status == 404:
            raise NotFound(f"the remote store has no such resource ({what}): {detail}")
        raise RemoteStoreError(f"the remote store answered HTTP {status} to {what}: {detail}")

    def _raise_for_stream(self, response: httpx.Response, what: str) -> None:
        """Streamed reads are not retried: they fail at once, with the same errors as other requests."""
        if response.status_code < 300:
            return
        response.read()
        if response.status_code >= 500:
            raise StoreUnavailable(f"the remote store failed to {what}: HTTP {response.status_code}")
        self._checked(response, what)

    def _update_raw(self, sparql: str, *, idempotent: bool, what: str = "run an update") -> None:
        self._send("POST", self.endpoints.update, idempotent=idempotent, what=what,
                   content=f"BASE <{self.base}>\n{sparql}".encode(),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def _insert(self, quads: list[ox.Quad], first: list[str], *, idempotent: bool, what: str) -> None:
        """The operations in `first`, then an insert of the quads: one request, or one per batch when the store
        has max_update_triples (then `first` goes with the first batch; each request is its own transaction)."""
        for n, batch in enumerate(batches(quads, self.max_update_triples)):
            ops = (first if n == 0 else []) + ([insert_data(batch)] if batch else [])
            self._update_raw(" ;\n".join(ops), idempotent=idempotent, what=what)

    def _ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        assert isinstance(result, ox.QueryBoolean)
        return bool(result)

    # ------------------------------------------------------------------ schema and gazetteer

    def ensure_schema(self) -> None:
        """Load the ontology and the gazetteer into their graphs when missing or changed, in one update."""
        digest = schema_digest()
        if self._ask(f"ASK {{ GRAPH {self.graphs.ontology} {{ ?s {MARKER} {ox.Literal(digest)} }} }}"):
            return
        # The digest marker goes last: a load cut short between batches is redone at the next start.
        quads = sorted(schema_quads(self.base, digest), key=lambda q: q.predicate == MARKER)
        ent = self.graphs.entities
        # Gazetteer entities are re-written; entities minted by ingestion stay.
        self._insert(quads, [f"DROP SILENT GRAPH {self.graphs.ontology}",
                             (f"DELETE {{ GRAPH {ent} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {ent} {{ ?s ?p ?o "
                              f"FILTER(isBlank(?s)) }} }}")],
                     idempotent=True, what="load the ontology and gazetteer")

    # ------------------------------------------------------------------ articles

    def has_article(self, content_hash: str) -> bool:
        return self.has_graph(self.graphs.article(content_hash))

    def write(self, quads: list[ox.Quad]) -> None:
        """All quads in one SPARQL update (one transaction on the server): an article is written whole or not
        at all. INSERT DATA of the same quads twice changes nothing, so a lost answer is safely retried."""
        if not quads:
            return
        self._insert(quads, [], idempotent=True, what="write an article")
        self.changed()

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self._update_raw(f"DROP SILENT GRAPH {graph}", idempotent=True, what="remove a graph")
        self.changed()

    def article_graphs(self) -> list[str]:
        prefix = self.base + "graph/article/"
        return [g for g in self.graph_names() if g.startswith(prefix)]

    # ------------------------------------------------------------------ queries and exports

    def query(self, sparql: str, substitutions: dict[ox.Variable, Term] | None = None, *,
              default_graph: list[ox.NamedNode] | None = None, named_graphs: list[ox.NamedNode] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """As GraphStore.query: the default graph is the union of all graphs unless the query (FROM) or the
        caller (default_graph / named_graphs) names the dataset."""
        _check_syntax(sparql, self.base)
        params: list[tuple[str, str]] = []
        if default_graph is not None or named_graphs is not None:
            params += [("default-graph-uri", g.value) for g in default_graph or []]
            params += [("named-graph-uri", g.value) for g in named_graphs or []]
        elif self.union_default_graph_param and not declares_dataset(sparql):
            params.append(("union-default-graph", ""))
        text = f"BASE <{self.base}>\n{with_substitutions(sparql, substitutions)}"
        response = self._send("POST", self.endpoints.query, idempotent=True, what="run a query", params=params,
                              data={"query": text}, headers={"Accept": _ACCEPT_QUERY})
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == _RESULTS_JSON:
            return ox.parse_query_results(fix_bnode_labels(response.content), ox.QueryResultsFormat.JSON)
        if media in _RESULT_MEDIA:
            return ox.parse_query_results(response.content, _RESULT_MEDIA[media])
        if media in _GRAPH_MEDIA:
            return _as_query_triples(ox.parse(response.content, format=_GRAPH_MEDIA[media]))
        raise RemoteStoreError(f"the remote store answered a query with {media or 'no content type'}")

    def update(self, sparql: str) -> None:
        # A user's update may not be repeatable (DELETE/INSERT on counters): re-sent only if it never arrived.
        self._update_raw(sparql, idempotent=False)
        self.changed()

    def dump(self, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> bytes:
        if graph is not None:
            return ox.serialize(self.graph_triples(graph), format=fmt, prefixes=_PREFIXES) or b""
        if not fmt.supports_datasets:
            # Triple formats get the union of all graphs, as GraphStore gives them.
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()}
            return ox.serialize(sorted(triples, key=str), format=fmt, prefixes=_PREFIXES) or b""
        return ox.serialize(self.quads(), format=fmt, prefixes=_PREFIXES) or b""

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, streamed: the named graphs through one SELECT, then the server's own default graph (none
        on a server whose default graph is the union: it would repeat every quad)."""
        rows = self._stream_select(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._hide('?g')}}}")
        for row in rows:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])
        if self.union_default_graph_param:
            for t in self.graph_triples(ox.DefaultGraph()):
                yield ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())

    def _hide(self, var: str) -> str:
        """A FILTER leaving out the hidden graphs, or nothing."""
        if not self.hidden_graphs:
            return ""
        return f"FILTER({var} NOT IN ({', '.join(str(ox.NamedNode(g)) for g in sorted(self.hidden_graphs))})) "

    def graph_quads(self, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
        """The quads of one graph, streamed."""
        return (ox.Quad(t.subject, t.predicate, t.object, graph) for t in self.graph_triples(graph))

    def graph_triples(self, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Triple]:
        """One graph's triples through the Graph Store Protocol (GET), streamed; none when it does not exist."""
        params = {"default": ""} if isinstance(graph, ox.DefaultGraph) else {"graph": graph.value}
        with self._client.stream("GET", self.endpoints.gsp, params=params,
                                 headers={"Accept": "application/n-triples"}) as response:
            if response.status_code == 404:
                return
            self._raise_for_stream(response, "read a graph")
            for q in ox.parse(io.BufferedReader(_ChunkReader(response.iter_bytes())), format=ox.RdfFormat.N_TRIPLES):
                yield ox.Triple(q.subject, q.predicate, q.object)

    def _stream_select(self, sparql: str) -> Iterator[ox.QuerySolution]:
        # JSON, not TSV: Virtuoso writes IRIs in TSV as quoted strings, which read back as literals.
        with self._client.stream("POST", self.endpoints.query, data={"query": sparql},
                                 headers={"Accept": _RESULTS_JSON}) as response:
            self._raise_for_stream(response, "stream a query")
            body = _ChunkReader(_json_lines(response.iter_bytes()))
            result = ox.parse_query_results(io.BufferedReader(body), ox.QueryResultsFormat.JSON)
            assert isinstance(result, ox.QuerySolutions)
            yield from result

    # ------------------------------------------------------------------ graphs (Graph Store Protocol)

    def graph_names(self) -> list[str]:
        """Every named graph, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        assert isinstance(result, ox.QuerySolutions)
        rows = list(result)
        if any(r["g"] is None for r in rows):
            # Virtuoso answers `GRAPH ?g { }` with one row, ?g unbound: list the graphs that hold a triple.
            result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            assert isinstance(result, ox.QuerySolutions)
            rows = list(result)
        return sorted(r["g"].value for r in rows
                      if isinstance(r["g"], ox.NamedNode) and r["g"].value not in self.hidden_graphs)

    def has_graph(self, graph: ox.NamedNode) -> bool:
        # Not `ASK { GRAPH <g> { } }`: Virtuoso answers true for any graph. The second branch finds a server's
        # empty named graphs (Oxigraph keeps them; Virtuoso has none).
        return self._ask(f"ASK {{ {{ GRAPH {graph} {{ ?s ?p ?o }} }} UNION {{ GRAPH ?g {{ }} FILTER(?g = {graph}) }} }}")

    def put_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple]) -> bool:
        """Replace the graph's content; True when the graph is new."""
        return self._write_graph(graph, triples, replace=True)

    def post_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple]) -> bool:
        """Add triples to the graph (merge); True when the graph is new."""
        return self._write_graph(graph, triples, replace=False)

    def delete_graph(self, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
        """Drop a named graph (False when there was none) or empty the server's default graph."""
        if isinstance(graph, ox.NamedNode) and not self.has_graph(graph):
            return False
        self._update_raw("DROP DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"DROP GRAPH {graph}",
                         idempotent=True, what="delete a graph")
        self.changed()
        return True

    def _write_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple], replace: bool) -> bool:
        named = isinstance(graph, ox.NamedNode)
        created = named and not self.has_graph(graph)  # type: ignore[arg-type]
        ops = []
        if replace:
            ops.append(f"DROP SILENT GRAPH {graph}" if named else "DROP SILENT DEFAULT")
        if named:
            ops.append(f"CREATE SILENT GRAPH {graph}")
        # A replace is repeatable; a merge of blank nodes is not.
        blank = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)
        self._insert([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples], ops,
                     idempotent=replace or not blank, what="write a graph")
        self.changed()
        return created

    def backup(self, target: Path) -> None:
        raise KGError(f"a remote store ({self.url}) cannot be backed up by kg: use the server's own backup "
                      "(for `oxigraph serve`: stop it and run `oxigraph backup`)")

    def close(self) -> None:
        self._client.close()


_PARSER = ox.Store()


def _positive_int(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise BadInput(f"{name} must be a positive whole number, not {value!r}")
    return int(value)


def _check_syntax(sparql: str, base: str) -> None:
    """Parse the query here, on an empty in-memory store, so a syntax error reads as on the embedded store (its
    position in the user's text, not in the BASE-prefixed text sent to the server). SELECT and CONSTRUCT results
    are lazy and never read here; an ASK over an empty store answers at once."""
    try:
        _PARSER.query(sparql, base_iri=base)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc


def _as_query_triples(triples: Iterable[ox.Triple]) -> ox.QueryTriples:
    """pyoxigraph's own CONSTRUCT result object over triples we parsed (it has no public constructor)."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    result = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result


@contextmanager
def open_remote_store(url: str, base_iri: str, read_only: bool = False,
                      env: Mapping[str, str] | None = None) -> Iterator[RemoteStore]:
    store = RemoteStore.from_env(url, base_iri, read_only, env)
    try:
        yield store
    finally:
        store.close()
