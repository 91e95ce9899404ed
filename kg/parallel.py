"""Extraction in worker processes for `kg ingest --workers N`.

Each worker builds the spaCy pipeline once and sends back `Extraction` records (plain dataclasses), never
spaCy docs: shipping docs between processes costs more than making them. Results come back in input order,
and at most a bounded number of chunks are in flight, so memory stays flat however long the input is.
"""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.context import BaseContext
from multiprocessing.pool import AsyncResult

from spacy.language import Language

from kg.model import Article, Extraction

CHUNK = 32
"""Articles per task: about 0.1 s of work, so the pickling and queue overhead per task stays small."""


def _start_worker() -> None:
    from extractors.pipeline import default_pipeline

    default_pipeline()  # built once per process, before the first task


def _extract_chunk(articles: list[Article]) -> list[Extraction]:
    from extractors.pipeline import extract

    return [extract(a) for a in articles]


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_all(articles: Iterable[Article], workers: int = 1, chunk: int = CHUNK,
                lookahead: int = 0, nlp: Language | None = None) -> Iterator[Extraction]:
    """The extraction of each article, in input order; `workers` > 1 runs them in that many processes, else
    they run here, with `nlp` (default: the default pipeline).

    Worker processes are forked from a forkserver that has built the pipeline once (spawn where there is no
    forkserver): forking this process, which holds an open RocksDB store and threads, would be unsafe.
    As with any spawn or forkserver pool, a script calling this needs the `if __name__ == "__main__"` guard.
    Up to `lookahead` articles (and at least four chunks per worker) are extracted ahead of the consumer.
    """
    if workers <= 1:
        from extractors.pipeline import default_pipeline, extract

        model = nlp or default_pipeline()
        for article in articles:
            yield extract(article, model)
        return
    ctx: BaseContext = mp.get_context("spawn")
    if "forkserver" in mp.get_all_start_methods():
        server = mp.get_context("forkserver")
        server.set_forkserver_preload(["kg.worker_preload"])
        ctx = server
    window = max(4 * workers, -(-lookahead // chunk))
    with ctx.Pool(workers, initializer=_start_worker) as pool:
        pending: deque[AsyncResult[list[Extraction]]] = deque()
        for part in _chunks(articles, chunk):
            pending.append(pool.apply_async(_extract_chunk, (part,)))
            if len(pending) >= window:  # a bounded queue: wait for the oldest before sending more
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
