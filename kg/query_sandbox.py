"""SPARQL queries that really stop at the timeout: worker processes over a snapshot of the store.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so queries run in a small pool of
worker processes; a query that outlives the timeout has its worker SIGKILLed and replaced.

A worker cannot open the live store (RocksDB allows one read-write process, and reading while another process
writes is undefined), so it opens a snapshot: a RocksDB checkpoint (`GraphStore.backup`; hard links, a few ms)
in `<store parent>/.<store name>.snapshots/`. A snapshot is taken lazily, by the first query that finds the
store's `generation` newer than the newest snapshot; a write is committed (and its generation bumped) before
it is acknowledged, so every query sent after an acknowledged write sees it, and a burst of writes costs one
snapshot rather than one each. Workers reopen when handed a newer snapshot; a snapshot no worker and no
running job uses is deleted. Results are serialised in the worker and come back as bytes.

Run as `python -m kg.query_sandbox` this module is the worker: it reads jobs from stdin, answers on stdout.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import os
import pickle
import queue
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.dataset import query_with_dataset
from kg.errors import KGError, QueryTimeout
from kg.formats import GRAPH_MEDIA, RESULT_MEDIA, negotiate
from kg.query_results import write_solutions
from kg.store import GraphStore
from kg.stores import Store

log = logging.getLogger(__name__)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_HEADER = struct.Struct(">Q")
WORKER_DIED = (EOFError, OSError, pickle.UnpicklingError, struct.error)
"""What reading a worker's pipe raises when the worker has died mid-answer."""


@dataclass(frozen=True)
class QueryRequest:
    """One query with its dataset (graph IRIs; none means the union of all graphs), bindings and limits."""

    query: str
    base_iri: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    substitutions: dict[str, Term] = field(default_factory=dict)
    accept: str | None = None
    max_results: int = 100_000


@dataclass(frozen=True)
class Answer:
    """A serialised result: its media type, the bytes, and whether it was cut at max_results."""

    media: str
    body: bytes
    truncated: bool = False


def _answer(kind: str, value: Any) -> Answer:
    """A worker's reply: the answer, or the error it raised, raised here."""
    if kind == "error":
        raise value
    answer: Answer = value
    return answer


def evaluate(store: Store, request: QueryRequest) -> Answer:
    """Run the query, negotiate the format from Accept, serialise at most max_results solutions or triples."""
    result = query_with_dataset(store, request.query, request.default_graphs, request.named_graphs,
                                request.substitutions)
    try:
        if isinstance(result, ox.QueryTriples):
            media = negotiate(request.accept, GRAPH_MEDIA, "text/turtle")
            triples = list(itertools.islice(result, request.max_results + 1))
            cut = len(triples) > request.max_results
            body = ox.serialize(triples[:request.max_results], format=GRAPH_MEDIA[media]) or b""
            return Answer(media, body, cut)
        media = negotiate(request.accept, RESULT_MEDIA, "application/sparql-results+json")
        if isinstance(result, ox.QueryBoolean):
            return Answer(media, result.serialize(format=RESULT_MEDIA[media]) or b"")
        names = [v.value for v in result.variables]
        rows: list[list[Term | None]] = []
        cut = False
        for solution in result:  # pyoxigraph evaluates lazily: the work happens here
            if len(rows) == request.max_results:
                cut = True
                break
            rows.append([solution[n] for n in names])
        return Answer(media, write_solutions(names, rows, RESULT_MEDIA[media], cut), cut)
    except (RuntimeError, OSError) as exc:
        raise KGError(f"the query failed: {exc}") from exc


# ---------------------------------------------------------------------------------------------- framing

def _write_frame(out: IO[bytes], obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def _read_some(fd: int, size: int) -> bytes | None:
    """Up to `size` bytes of the pipe; None when its non-blocking end has nothing yet; EOFError at its end."""
    try:
        chunk = os.read(fd, min(size, 1 << 20))
    except BlockingIOError:
        return None
    if not chunk:
        raise EOFError("the worker closed its pipe")
    return chunk


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = _read_some(fd, size)
        if chunk is None:  # the parent's end is non-blocking: wait in select again
            continue
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None) -> Any:
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    return pickle.loads(_read_exact(fd, size, deadline))  # our own worker's answer, never a client's bytes


def _wake(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


async def _read_exact_async(fd: int, size: int) -> bytes:
    """Read from a non-blocking pipe on the event loop (no thread per waiting request)."""
    loop = asyncio.get_running_loop()
    chunks: list[bytes] = []
    while size:
        chunk = _read_some(fd, size)
        if chunk is None:
            ready = loop.create_future()
            loop.add_reader(fd, _wake, ready)
            try:
                await ready
            finally:
                loop.remove_reader(fd)
            continue
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


async def _read_frame_async(fd: int) -> Any:
    (size,) = _HEADER.unpack(await _read_exact_async(fd, _HEADER.size))
    return pickle.loads(await _read_exact_async(fd, size))


# ---------------------------------------------------------------------------------------------- parent side

@dataclass(eq=False)
class _Snapshot:
    generation: int
    path: Path
    jobs: int = 0  # running jobs that were handed this snapshot


class _Worker:
    """One worker process; used by one request at a time."""

    def __init__(self) -> None:
        # The worker imports this package from where the server imported it.
        root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.query_sandbox"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, bufsize=0)
        assert self.proc.stdout is not None
        os.set_blocking(self.proc.stdout.fileno(), False)  # read after select() or on the event loop
        self.snapshot: _Snapshot | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def ask(self, snapshot: Path, request: QueryRequest, deadline: float) -> tuple[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        _write_frame(self.proc.stdin, (str(snapshot), request))
        reply: tuple[str, Any] = _read_frame(self.proc.stdout.fileno(), deadline)
        return reply

    async def ask_async(self, snapshot: Path, request: QueryRequest) -> tuple[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        _write_frame(self.proc.stdin, (str(snapshot), request))  # small; the idle worker is reading
        reply: tuple[str, Any] = await _read_frame_async(self.proc.stdout.fileno())
        return reply

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL: pyoxigraph gives a running query no other way out
        self._reap(5)

    def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()  # EOF: the worker exits between jobs
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._reap(5)

    def _reap(self, timeout: float) -> None:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("query worker %s did not exit", self.proc.pid)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()


class QuerySandbox:
    """A pool of query workers over snapshots of one on-disk store; `run` answers or raises QueryTimeout."""

    def __init__(self, store: Store, workers: int = 2, timeout: float = 10.0) -> None:
        if store.path is None:
            raise ValueError("the query sandbox needs an on-disk store")
        self.store = store
        self.size = max(1, workers)
        self.timeout = timeout
        self.root = store.path.parent / f".{store.path.name}.snapshots"
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._snapshots: list[_Snapshot] = []
        self._serial = itertools.count()
        self._closed = False
        self._free: asyncio.Semaphore | None = None

    # -------------------------------------------------------------------------------- lifecycle

    def start(self) -> None:
        # Only the process holding the store's lock can be here, so leftovers are from a crashed run.
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        with self._lock:
            self._latest()
        for _ in range(self.size):
            self._spawn()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._workers)

    # -------------------------------------------------------------------------------- queries

    def _busy(self) -> QueryTimeout:
        return QueryTimeout(f"all {self.size} query workers stayed busy for the {self.timeout:g} s limit "
                            "(KG_QUERY_TIMEOUT); try again later")

    def _overran(self) -> QueryTimeout:
        return QueryTimeout(f"the query ran longer than the {self.timeout:g} s limit (KG_QUERY_TIMEOUT) "
                            "and was stopped")

    @staticmethod
    def _died(exc: BaseException) -> KGError:
        return KGError(f"the query worker stopped unexpectedly ({exc or type(exc).__name__}); it was restarted")

    def _release(self, snapshot: _Snapshot) -> None:
        """A job on `snapshot` is over: it may now be deleted if nothing else uses it."""
        with self._lock:
            snapshot.jobs -= 1
            self._collect()

    def run(self, request: QueryRequest) -> Answer:
        """Blocking: the answer within `timeout` seconds (waiting for a free worker included), or QueryTimeout."""
        deadline = time.monotonic() + self.timeout
        with self._lock:
            if self._closed:
                raise KGError("the query service is shutting down")
            snapshot = self._latest()
            snapshot.jobs += 1
        try:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise self._busy() from None
            with self._lock:
                worker.snapshot = snapshot
            try:
                kind, value = worker.ask(snapshot.path, request, deadline)
            except TimeoutError:
                self._replace(worker)
                raise self._overran() from None
            except WORKER_DIED as exc:
                self._replace(worker)
                raise self._died(exc) from exc
            self._idle.put(worker)
        finally:
            self._release(snapshot)
        return _answer(kind, value)

    async def run_async(self, request: QueryRequest) -> Answer:
        """`run` for the event loop: waits for a worker and its answer without holding a thread, so a server
        thread pool hop, a thread per waiting request and their GIL hand-offs are not paid per query."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        if self._free is None:
            self._free = asyncio.Semaphore(self.size)  # one loop per server: created on it, on first use
        with self._lock:
            if self._closed:
                raise KGError("the query service is shutting down")
            fresh = bool(self._snapshots) and self._snapshots[-1].generation >= self.store.generation
            snapshot = self._snapshots[-1] if fresh else None
            if snapshot is not None:
                snapshot.jobs += 1
        if snapshot is None:  # the store changed: a checkpoint, off the event loop
            snapshot = await asyncio.to_thread(self._take_latest)
        try:
            try:
                await asyncio.wait_for(self._free.acquire(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise self._busy() from None
            try:
                worker = self._idle.get_nowait()  # the semaphore leaves one for every holder
            except queue.Empty:  # a caller of the blocking `run` took it: wait like it does
                worker = await asyncio.to_thread(self._idle.get, True, max(0.0, deadline - loop.time()))
            try:
                with self._lock:
                    worker.snapshot = snapshot
                try:
                    kind, value = await asyncio.wait_for(worker.ask_async(snapshot.path, request),
                                                         max(0.0, deadline - loop.time()))
                except TimeoutError:
                    await asyncio.to_thread(self._replace, worker)
                    raise self._overran() from None
                except WORKER_DIED as exc:
                    await asyncio.to_thread(self._replace, worker)
                    raise self._died(exc) from exc
                except BaseException:  # cancelled mid-answer (client gone): the pipe holds a stale reply
                    threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                    raise
                self._idle.put(worker)
            finally:
                self._free.release()
        finally:
            self._release(snapshot)
        return _answer(kind, value)

    def _take_latest(self) -> _Snapshot:
        with self._lock:
            if self._closed:
                raise KGError("the query service is shutting down")
            snapshot = self._latest()
            snapshot.jobs += 1
            return snapshot

    # -------------------------------------------------------------------------------- internals (lock held)

    def _latest(self) -> _Snapshot:
        """The newest snapshot, taken now if the store changed since the last one."""
        generation = self.store.generation  # read before the checkpoint: it holds at least this generation
        if self._snapshots and self._snapshots[-1].generation >= generation:
            return self._snapshots[-1]
        path = self.root / f"gen-{generation}-{next(self._serial)}"
        self.store.backup(path)
        self._snapshots.append(_Snapshot(generation, path))
        self._collect()
        return self._snapshots[-1]

    def _collect(self) -> None:
        """Delete snapshots that are not the newest, run no job and are open in no worker."""
        held = {id(w.snapshot) for w in self._workers}
        for s in self._snapshots[:-1]:
            if s.jobs == 0 and id(s) not in held:
                self._snapshots.remove(s)
                shutil.rmtree(s.path, ignore_errors=True)

    def _spawn(self) -> None:
        worker = _Worker()
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
        self._spawn()


# ---------------------------------------------------------------------------------------------- worker side

def _watch_parent() -> None:
    """Exit when the server is gone (its pipe closes only once the worker reads again)."""
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(0)


def worker_main() -> None:
    """Answer jobs from stdin on stdout until stdin closes; stdout is reserved for answers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops its workers
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the answers
    threading.Thread(target=_watch_parent, daemon=True).start()
    store: GraphStore | None = None
    held: str | None = None
    while True:
        try:
            snapshot, request = _read_frame(0, None)
        except EOFError:
            return
        try:
            if snapshot != held or store is None:
                store = None  # dropping the handle closes the older snapshot
                store = GraphStore(Path(snapshot), request.base_iri, read_only=True)
                held = snapshot
            reply: tuple[str, Any] = ("ok", evaluate(store, request))
        except KGError as exc:
            reply = ("error", exc)
        except Exception as exc:  # noqa: BLE001 - the server must get an answer, whatever went wrong
            reply = ("error", KGError(f"the query failed: {type(exc).__name__}: {exc}"))
        _write_frame(out, reply)


if __name__ == "__main__":
    # Through the imported module, so the classes pickled back are kg.query_sandbox's, not __main__'s.
    from kg.query_sandbox import worker_main as _main

    _main()
