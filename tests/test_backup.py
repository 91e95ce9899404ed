"""`kg backup` and `kg restore`: a round trip gives back the exact store; restores are whole or not at all."""
from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from bench.generate import write_jsonl
from tests.conftest import run_kg, running_server

pytestmark = pytest.mark.embedded_only(reason="kg backup and restore copy the store folder; a remote store is "
                                               "backed up by its server")


def one_line(text: str) -> str:
    return " ".join(text.split())  # the console wraps long messages


@pytest.fixture()
def store_dir(tmp_path: Path, seeded_store_dir: Path) -> Path:
    path = tmp_path / "store"
    shutil.copytree(seeded_store_dir, path)
    return path


def export(store: Path) -> bytes:
    done = run_kg("export", "--format", "nquads", "--output", str(store.parent / "export.nq"), "--store", str(store))
    assert done.returncode == 0, done.stderr
    return (store.parent / "export.nq").read_bytes()


def test_restore_gives_back_the_backup_time_export_byte_for_byte(store_dir: Path, tmp_path: Path) -> None:
    at_backup = export(store_dir)
    done = run_kg("backup", str(tmp_path / "backup"), "--store", str(store_dir))
    assert done.returncode == 0 and "5 article(s)" in one_line(done.stderr)
    more = write_jsonl(tmp_path / "more.jsonl", 3)
    assert run_kg("ingest", str(more), "--store", str(store_dir)).returncode == 0
    assert export(store_dir) != at_backup
    done = run_kg("restore", str(tmp_path / "backup"), "--store", str(store_dir), "--force")
    assert done.returncode == 0, done.stderr
    assert export(store_dir) == at_backup
    assert sorted(p.name for p in store_dir.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_refuses_a_store_with_data_without_force(store_dir: Path, tmp_path: Path) -> None:
    assert run_kg("backup", str(tmp_path / "backup"), "--store", str(store_dir)).returncode == 0
    assert run_kg("ingest", str(write_jsonl(tmp_path / "more.jsonl", 1)), "--store", str(store_dir)).returncode == 0
    before = export(store_dir)
    done = run_kg("restore", str(tmp_path / "backup"), "--store", str(store_dir))
    assert done.returncode == 2 and "--force" in one_line(done.stderr)
    assert export(store_dir) == before


def test_restore_into_a_new_folder_needs_no_force(store_dir: Path, tmp_path: Path) -> None:
    assert run_kg("backup", str(tmp_path / "backup"), "--store", str(store_dir)).returncode == 0
    done = run_kg("restore", str(tmp_path / "backup"), "--store", str(tmp_path / "new"))
    assert done.returncode == 0, done.stderr
    assert export(tmp_path / "new") == export(store_dir)


def test_backup_refuses_a_destination_that_holds_files(store_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep me", encoding="utf-8")
    done = run_kg("backup", str(dest), "--store", str(store_dir))
    assert done.returncode == 2 and "not empty" in one_line(done.stderr)
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]


def test_a_restore_from_a_broken_backup_leaves_the_store_as_it_was(store_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "CURRENT").write_text("MANIFEST-000099\n", encoding="utf-8")
    before = export(store_dir)
    done = run_kg("restore", str(broken), "--store", str(store_dir), "--force")
    assert done.returncode == 2 and "not a readable store" in one_line(done.stderr)
    assert export(store_dir) == before
    assert sorted(p.name for p in store_dir.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_and_backup_of_a_served_store_fail_clearly_and_the_server_keeps_its_data(
        store_dir: Path, tmp_path: Path) -> None:
    assert run_kg("backup", str(tmp_path / "backup"), "--store", str(store_dir)).returncode == 0
    assert run_kg("ingest", str(write_jsonl(tmp_path / "more.jsonl", 1)), "--store", str(store_dir)).returncode == 0
    query = {"query": "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/influence-kg/ns#Article> }"}
    with running_server(store_dir) as root:
        restore = run_kg("restore", str(tmp_path / "backup"), "--store", str(store_dir), "--force")
        backup = run_kg("backup", str(tmp_path / "second"), "--store", str(store_dir))
        r = httpx.get(f"{root}/sparql", params=query, headers={"Accept": "text/csv"}, timeout=60)
    assert restore.returncode == 2 and "open in another process" in one_line(restore.stderr)
    assert backup.returncode == 2 and "open in another process" in one_line(backup.stderr)
    assert r.status_code == 200 and r.text.split()[-1] == "6"
    assert not (tmp_path / "second").exists()
