"""Backup and restore of an on-disk store: never a half-written copy, never a half-restored store.

A backup is the store's own consistent checkpoint (`GraphStore.backup`) written beside the destination and
renamed into place. A restore copies the backup beside the store, checks that the copy opens, and only then
swaps it in; the old store is removed last.
"""
from __future__ import annotations

import fcntl
import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import BadInput, KGError, StoreLocked
from kg.store import open_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    articles: int


def _is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def _articles(path: Path, base_iri: str) -> int:
    """Article graphs in a store folder, read without changing it; refuses what is not a store."""
    try:
        with open_store(path, base_iri, read_only=True) as store:
            return len(store.article_graphs())
    except KGError as exc:
        raise BadInput(f"{path} is not a readable store: {exc.message}") from exc


def backup(store_path: Path, dest: Path, base_iri: str) -> BackupInfo:
    """A consistent copy of the store in DEST, which must not exist yet (or be an empty folder)."""
    if not _is_empty_dir(dest):
        raise BadInput(f"{dest} exists and is not empty: back up into a new folder")
    if not (store_path / "CURRENT").exists():
        raise BadInput(f"{store_path} is not a store (no RocksDB CURRENT file)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f".{dest.name}.part")
    shutil.rmtree(part, ignore_errors=True)
    with open_store(store_path, base_iri) as store:  # StoreLocked when a server holds it
        store.backup(part)
    if dest.exists():
        dest.rmdir()
    part.rename(dest)
    return BackupInfo(dest, _articles(dest, base_iri))


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """Hold the lock RocksDB itself takes (fcntl on the LOCK file), so no process opens the store meanwhile."""
    with lock_file.open("a") as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise StoreLocked(f"the store {lock_file.parent} is open in another process (a running "
                              "`kg serve`?): stop it first") from exc
        yield


def _swap(src: Path, store_path: Path, staging: Path, base_iri: str) -> int:
    """Copy src into staging, check that the copy opens, then rename it into place; the old store ends in
    staging. Returns the copy's article count."""
    old, copy = staging / "old", staging / "store"
    shutil.copytree(src, copy)
    articles = _articles(copy, base_iri)
    if store_path.exists():
        store_path.rename(old)
    try:
        copy.rename(store_path)
    except BaseException:
        old.rename(store_path)  # put the old store back
        raise
    return articles


def restore(src: Path, store_path: Path, base_iri: str, force: bool = False) -> BackupInfo:
    """Replace the store at store_path by the backup in src, whole or not at all."""
    if not (src / "CURRENT").exists():
        raise BadInput(f"{src} is not a backup (no RocksDB CURRENT file)")
    if not _is_empty_dir(store_path):
        with open_store(store_path, base_iri) as current:  # StoreLocked when a server holds it
            articles = len(current.article_graphs())
        # Closed before the swap: RocksDB writes by path, so a handle kept open across the rename would
        # write into (and delete files of) the restored store. Its lock file is held instead (below).
        if not force:
            raise BadInput(f"{store_path} is not empty ({articles} article(s)): restoring would replace it; "
                           "add --force to do so")
    store_path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{store_path.name}.restore-", dir=store_path.parent))
    try:
        with ExitStack() as held:
            if (store_path / "LOCK").exists():
                held.enter_context(_locked(store_path / "LOCK"))
            articles = _swap(src, store_path, staging, base_iri)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("restored %s article(s) from %s into %s", articles, src, store_path)
    return BackupInfo(store_path, articles)

