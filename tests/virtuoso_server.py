"""Virtuoso Open Source 7 (Debian's `virtuoso-opensource`) as a user process on free loopback ports, for tests.

Its own database folder and its own virtuoso.ini, made from the packaged one; never the system service.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from tests.oxigraph_server import free_port, wait_for_port

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
PACKAGED_INI = next((p for p in (Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
                                 Path("/var/lib/virtuoso-opensource-7/db/virtuoso.ini")) if p.exists()), None)
MISSING = None if VIRTUOSO and ISQL and PACKAGED_INI else (
    "Virtuoso is missing (Debian package virtuoso-opensource: virtuoso-t, isql-vt, virtuoso.ini)")

# A fresh database's administrator; the tests talk to it only as USER, who may query and update.
DBA_PASSWORD = "dba"
USER, PASSWORD = "kg", "kg-test-password"
# Graphs Virtuoso writes itself on a fresh database (its RDF views, the OWL vocabulary, DAV and the
# service description): hidden from kg through KG_STORE_HIDDEN_GRAPHS.
SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/2002/07/owl#",
                 "http://www.w3.org/ns/ldp#", "http://localhost:8890/sparql", "http://localhost:8890/DAV/")


def write_ini(source: Path, folder: Path, sql_port: int, http_port: int) -> Path:
    """The packaged virtuoso.ini with the database files in folder, our ports, and no cap on result rows."""
    overrides = {
        "Database": {"DatabaseFile": "virtuoso.db", "ErrorLogFile": "virtuoso.log", "LockFile": "virtuoso.lck",
                     "TransactionFile": "virtuoso.trx", "xa_persistent_file": "virtuoso.pxa"},
        "TempDatabase": {"DatabaseFile": "virtuoso-temp.db", "TransactionFile": "virtuoso-temp.trx"},
        "Parameters": {"ServerPort": str(sql_port), "DirsAllowed": f"., {folder}, /usr/share/virtuoso-opensource-7/vad"},
        "HTTPServer": {"ServerPort": str(http_port)},
        # The packaged 10,000 cuts a SELECT of every quad short: kg reads whole graphs through SELECT.
        "SPARQL": {"ResultSetMaxRows": "10000000"},
    }
    section = ""
    out = []
    for line in source.read_text().splitlines():
        if m := re.match(r"\s*\[(.+)\]", line):
            section = m.group(1)
        elif m := re.match(r"\s*([A-Za-z_]\w*)\s*=", line):
            value = overrides.get(section, {}).get(m.group(1))
            if value is not None:
                if section.endswith("Database"):
                    value = str(folder / value)
                line = f"{m.group(1)} = {value}"
        out.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n")
    return ini


class VirtuosoServer:
    """`virtuoso-t` over its own folder on free loopback ports, with a user `kg` granted SPARQL_UPDATE."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port = free_port()
        self.http_port = free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        """The KG_STORE_* settings that point kg at this server (README, "Virtuoso")."""
        return {"KG_STORE_QUERY_URL": f"{self.url}/sparql-auth", "KG_STORE_UPDATE_URL": f"{self.url}/sparql-auth",
                "KG_STORE_GSP_URL": f"{self.url}/sparql-graph-crud-auth", "KG_STORE_USER": USER,
                "KG_STORE_PASSWORD": PASSWORD, "KG_STORE_AUTH": "digest", "KG_STORE_UNION_PARAM": "0",
                "KG_STORE_HIDDEN_GRAPHS": " ".join(SYSTEM_GRAPHS), "KG_STORE_MAX_UPDATE_TRIPLES": "500"}

    def start(self, timeout: float = 120.0) -> None:
        if MISSING or PACKAGED_INI is None or VIRTUOSO is None:
            raise RuntimeError(MISSING)
        self.folder.mkdir(parents=True, exist_ok=True)
        fresh = not (self.folder / "virtuoso.db").exists()
        ini = write_ini(PACKAGED_INI, self.folder, self.sql_port, self.http_port)
        self.proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=self.folder,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(self.sql_port, timeout)  # the SQL port opens last, once the database is ready
            wait_for_port(self.http_port, timeout)
            if fresh:
                self.isql(f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); GRANT SPARQL_UPDATE TO \"{USER}\";")
            self._wait_for_sparql(timeout)
        except BaseException:
            self.stop()
            raise

    def isql(self, sql: str) -> str:
        assert ISQL is not None
        done = subprocess.run([ISQL, str(self.sql_port), "dba", DBA_PASSWORD, f"exec={sql}"], capture_output=True,
                              text=True, timeout=60, check=False, env={**os.environ, "HOME": str(self.folder)})
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        return done.stdout

    def _wait_for_sparql(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5).is_success:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso at {self.url} does not answer SPARQL queries")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()  # Virtuoso checkpoints and exits on SIGTERM
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
            self.proc = None
