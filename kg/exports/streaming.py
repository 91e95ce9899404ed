"""Turn a writer (a function that writes to a binary file) into an iterator of chunks, with backpressure.

Serializers such as pyoxigraph's push bytes into a file; an HTTP response pulls chunks. The writer runs in a
thread and hands chunks over a small bounded queue, so at most `depth` chunks are ever held: a large export
never sits in memory whole, and a client that stops reading stops the writer.
"""
from __future__ import annotations

import io
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO

log = logging.getLogger(__name__)
CHUNK = 64 * 1024


class _Cancelled(Exception):
    """The reader went away (client disconnected); the writer stops."""


class _ChunkWriter(io.RawIOBase):
    """A write-only, unseekable binary file that emits fixed-size chunks."""

    def __init__(self, emit: Callable[[bytes], None], size: int) -> None:
        super().__init__()
        self._emit = emit
        self._size = size
        self._buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._buf += data
        while len(self._buf) >= self._size:
            self._emit(bytes(self._buf[:self._size]))
            del self._buf[:self._size]
        return len(data)

    def drain(self) -> None:
        if self._buf:
            self._emit(bytes(self._buf))
            self._buf.clear()


def chunks(write: Callable[[BinaryIO], None], size: int = CHUNK, depth: int = 8) -> Iterator[bytes]:
    """Run write(file) in a thread and yield what it writes, chunk by chunk; its exceptions are re-raised."""
    q: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=depth)
    cancelled = threading.Event()

    def put(item: bytes | BaseException | None) -> None:
        while not cancelled.is_set():
            try:
                q.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Cancelled

    def run() -> None:
        out = _ChunkWriter(put, size)
        try:
            write(out)  # type: ignore[arg-type]
            out.drain()
            put(None)
        except Exception as exc:  # noqa: BLE001 - handed to the reader, who raises it
            if cancelled.is_set():
                return
            try:
                put(exc)
            except _Cancelled:
                pass

    thread = threading.Thread(target=run, name="kg-export", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                log.error("export failed while streaming: %s", item)
                raise item
            yield item
    finally:
        cancelled.set()
