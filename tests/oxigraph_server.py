"""`oxigraph serve` (the Rust server from the PyPI package oxigraph) on a free loopback port.

For the tests and for the scale benchmarks (bench/scale_common.py), so it imports nothing from pytest.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class OxigraphServer:
    """`oxigraph serve` (or `serve-read-only`) on a free loopback port over a folder; can be stopped and started
    again. `ready_timeout` is how long start waits for the port (a large store opens slowly)."""

    def __init__(self, folder: Path, read_only: bool = False, ready_timeout: float = 20.0) -> None:
        self.folder = folder
        self.read_only = read_only
        self.ready_timeout = ready_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if OXIGRAPH is None:
            raise RuntimeError("the `oxigraph` server (PyPI package oxigraph) is missing: pip install oxigraph")
        command = "serve-read-only" if self.read_only else "serve"
        self.proc = subprocess.Popen([OXIGRAPH, command, "--location", str(self.folder),
                                      "--bind", f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(self.port, self.ready_timeout)
        except BaseException:
            self.stop()  # a server that never listened is not left running
            raise

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None

    def load_from(self, url: str) -> None:
        """Copy every quad of the server at url into this one (Graph Store Protocol on the whole dataset)."""
        dump = httpx.get(f"{url}/store", headers={"Accept": "application/n-quads"}, timeout=120)
        dump.raise_for_status()
        done = httpx.post(f"{self.url}/store", content=dump.content,
                          headers={"Content-Type": "application/n-quads"}, timeout=120)
        done.raise_for_status()
