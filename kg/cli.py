"""The `kg` command: a thin layer over the library (ingest, extract, query, export, serve, validate)."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from kg.errors import BadInput, KGError
from kg.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Knowledge graph of state-backed influence operations.")
err = Console(stderr=True)
StoreOpt = Annotated[str | None, typer.Option(
    "--store", help="Store folder, or the http(s) URL of a SPARQL server (default: KG_STORE or .kg).")]
BaseOpt = Annotated[str | None, typer.Option("--base-iri", help="Base of minted IRIs (KG_BASE_IRI).")]


def settings(store: str | None = None, base_iri: str | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if store is not None:
        overrides["store"] = store
    if base_iri is not None:
        overrides["base_iri"] = base_iri
    return Settings(**overrides)  # type: ignore[arg-type]


def store_folder(s: Settings, what: str) -> Path:
    """The store's folder, for the commands that work on files (backup, restore); a remote store has none."""
    from kg.stores import is_remote

    if is_remote(s.store):
        raise BadInput(f"{what} works on a store folder; {s.store} is a remote store: use the server's own {what}")
    return Path(s.store)


@app.command()
def ingest(paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, or - for stdin.")] = None,
           store: StoreOpt = None, base_iri: BaseOpt = None,
           demo: Annotated[bool, typer.Option("--demo", help="Ingest the bundled demo articles.")] = False,
           workers: Annotated[int, typer.Option(
               "--workers", min=1, help="Processes extracting articles; resolving and writing stay in one.")] = 1,
           ) -> None:
    """Extract, resolve and store articles (.txt, .md, .html, .jsonl); already-stored ones are skipped."""
    from kg.pipeline import ingest as run_ingest
    from kg.progress import ingest_progress
    from kg.readers import demo_articles, read_paths
    from kg.stores import open_store

    if not paths and not demo:
        raise BadInput("give files or folders to ingest, - for stdin, or --demo")
    s = settings(store, base_iri)
    articles = list(read_paths(paths or [])) + (demo_articles() if demo else [])
    with open_store(s.store, s.base_iri) as gs, ingest_progress(err) as progress:
        extracting = progress.add_task("extracting", total=len(articles))
        writing = progress.add_task("writing", total=None)

        def extracted(article: object, added: bool) -> None:
            progress.advance(extracting)
            if added:
                progress.update(writing, total=(progress.tasks[writing].total or 0) + 1)

        report = run_ingest(gs, articles, on_article=extracted, workers=workers,
                            on_written=lambda n: progress.advance(writing, n))
    d = report.as_dict()
    err.print(f"ingested {d['added']} article(s), skipped {d['skipped']} already stored or empty; "
              f"{d['mentions']} mentions, {d['attributions']} attributions, {d['takedowns']} takedowns, "
              f"{d['new_entities']} new entities; store: {s.store}")


@app.command()
def extract(paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
            format: Annotated[str, typer.Option("--format", help="jsonl (one object per file) or json.")] = "jsonl",
            base_iri: BaseOpt = None) -> None:
    """Extract and resolve without writing to any store; prints the EVAL.md JSON contract."""
    from kg.gazetteer import load_gazetteer
    from kg.readers import read_paths
    from kg.records import extraction_record
    from kg.resolution import Resolver

    if format not in ("jsonl", "json"):
        raise BadInput(f"unknown format {format!r}; use jsonl or json")
    from kg.pipeline import default_matcher

    s = settings(None, base_iri)
    gaz = load_gazetteer()
    resolver = Resolver(gaz, s.base_iri, matcher=default_matcher(gaz))
    from extractors.pipeline import extract as run_extract

    extractions = [run_extract(a) for a in read_paths(paths)]
    resolver.prepare(extractions)  # the same batch clustering as `kg ingest`
    records = []
    for ex in extractions:
        rec = extraction_record(resolver.resolve(ex), ex.article.source)
        if format == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            records.append(rec)
    if format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")


def _print_results(result: object, fmt: str) -> None:
    from kg.formats import RESULT_FORMATS

    if isinstance(result, ox.QueryBoolean):
        print(json.dumps({"boolean": bool(result)}) if fmt == "json" else str(bool(result)).lower())
        return
    if isinstance(result, ox.QueryTriples):
        sys.stdout.buffer.write(result.serialize(format=ox.RdfFormat.TURTLE) or b"")
        return
    assert isinstance(result, ox.QuerySolutions)
    if fmt in RESULT_FORMATS:
        sys.stdout.buffer.write(result.serialize(format=RESULT_FORMATS[fmt]) or b"")
        return
    variables = [v.value for v in result.variables]
    table = Table(*variables, show_lines=False)
    rows = 0
    for sol in result:
        table.add_row(*[(sol[v].value if sol[v] is not None else "") for v in variables])
        rows += 1
    Console(width=200).print(table)
    err.print(f"{rows} row(s)")


@app.command()
def query(spec: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or a named query.")],
          format: Annotated[str, typer.Option("--format", help="table, json, xml, csv or tsv.")] = "table",
          param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value binding.")] = None,
          store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Run a SPARQL query against the store."""
    from kg.queries import run
    from kg.stores import open_store

    if format not in ("table", "json", "xml", "csv", "tsv"):
        raise BadInput(f"unknown format {format!r}; use table, json, xml, csv or tsv")
    params = {}
    for p in param or []:
        if "=" not in p:
            raise BadInput(f"--param needs name=value, got {p!r}")
        k, v = p.split("=", 1)
        params[k] = v
    s = settings(store, base_iri)
    with open_store(s.store, s.base_iri) as gs:
        _print_results(run(gs, spec, params), format)


@app.command()
def queries() -> None:
    """List the named queries."""
    from kg.queries import named_queries

    for q in named_queries().values():
        print(f"{q.name}\t{q.title}\t{q.description}\tparameters: {q.parameters}")


@app.command()
def export(format: Annotated[str, typer.Option("--format", help="turtle, trig, nquads, ntriples, jsonld, rdfxml, "
                                               "graphml, gexf, csv (zip), csv-nodes, csv-edges or stix.")] = "trig",
           output: Annotated[Path | None, typer.Option("--out", "--output", "-o",
                                                       help="File to write (default stdout).")] = None,
           graph: Annotated[str | None, typer.Option("--graph", help="RDF formats: only this named graph.")] = None,
           store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Export the graph (RDF; triple formats get the union of the graphs), the actor network, or STIX 2.1."""
    from kg.exports import prepare
    from kg.stores import open_store

    s = settings(store, base_iri)
    # Read-only: exporting works while `kg serve` holds the store.
    with open_store(s.store, s.base_iri, read_only=True) as gs:
        job = prepare(gs, format, graph)
        if output is None:
            job.write(gs, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        tmp = output.with_suffix(output.suffix + ".part")
        with tmp.open("wb") as f:
            job.write(gs, f)
        tmp.replace(output)
    err.print(f"wrote {output.stat().st_size} bytes of {job.format.name} to {output}")


@app.command()
def validate(store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Validate the store against the SHACL shapes."""
    from kg.stores import open_store
    from kg.validation import validate as run_validate

    s = settings(store, base_iri)
    with open_store(s.store, s.base_iri) as gs:
        report = run_validate(gs)
    if not report.conforms:
        print(report.text)
        raise typer.Exit(1)
    print(f"conforms: {report.graphs} article graph(s) valid against the shapes")


@app.command()
def backup(dest: Annotated[Path, typer.Argument(help="New folder for the copy.")],
           store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Copy the store to DEST, a new folder, as a consistent checkpoint (stop `kg serve` first)."""
    from kg.backup import backup as run_backup

    s = settings(store, base_iri)
    info = run_backup(store_folder(s, "backup"), dest, s.base_iri)
    err.print(f"backed up {info.articles} article(s) from {s.store} to {info.path}")


@app.command()
def restore(src: Annotated[Path, typer.Argument(help="A folder made by `kg backup`.")],
            store: StoreOpt = None, base_iri: BaseOpt = None,
            force: Annotated[bool, typer.Option("--force", help="Replace a store that holds data.")] = False
            ) -> None:
    """Replace the store by the backup in SRC, whole or not at all; a non-empty store needs --force."""
    from kg.backup import restore as run_restore

    s = settings(store, base_iri)
    info = run_restore(src, store_folder(s, "restore"), s.base_iri, force)
    err.print(f"restored {info.articles} article(s) from {src} into {info.path}")


@app.command()
def serve(host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port.")] = 8000,
          store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Serve the SPARQL endpoint, actor lookups and exports over HTTP."""
    import uvicorn

    from api.app import create_app
    from kg.stores import open_store

    s = settings(store, base_iri)
    with open_store(s.store, s.base_iri):  # a store another process holds fails here, with a clear message
        pass
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    root = f"http://{shown}:{port}"
    err.print(f"Web interface:   {root}/\nSPARQL endpoint: {root}/sparql\nAPI docs:        {root}/docs\n"
              f"Example actor:   {root}/entity/internet-research-agency\nStore:           {s.store}")
    uvicorn.run(create_app(s), host=host, port=port, log_level="info")


er = typer.Typer(no_args_is_help=True, help="Entity resolution: analyst decisions, review, training, rebuild.")
app.add_typer(er, name="er")
WhoOpt = Annotated[str, typer.Option("--who", help="Who decides (recorded with the decision).")]
WhyOpt = Annotated[str, typer.Option("--why", help="Why (recorded with the decision).")]


def _decide(kind: str, a: str, b: str | None, mention: str | None, who: str, why: str, store: str | None,
            base_iri: str | None) -> None:
    from kg.actors import entity_iri
    from kg.resolution.decisions import record
    from kg.stores import open_store

    s = settings(store, base_iri)
    with open_store(s.store, s.base_iri) as gs:
        d = record(gs, kind, entity_iri(gs, a), entity_iri(gs, b) if b else None, mention, who, why)
    print(f"{d.kind} recorded as {s.base_iri}decision/{d.id}")


@er.command("merge")
def er_merge(keep: str, merge_away: str, who: WhoOpt = "analyst", why: WhyOpt = "",
             store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """MERGE_AWAY is the same entity as KEEP: its mentions and claims move to KEEP; its IRI redirects."""
    _decide("merge", keep, merge_away, None, who, why, store, base_iri)


@er.command("split")
def er_split(entity: str, mention: Annotated[str, typer.Option("--mention", help="Surface to split off.")],
             who: WhoOpt = "analyst", why: WhyOpt = "", store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Mentions of ENTITY written as --mention are a different entity."""
    _decide("split", entity, None, mention, who, why, store, base_iri)


@er.command("different")
def er_different(a: str, b: str, who: WhoOpt = "analyst", why: WhyOpt = "", store: StoreOpt = None,
                 base_iri: BaseOpt = None) -> None:
    """A and B are different entities and must never merge (published as owl:differentFrom)."""
    _decide("different", a, b, None, who, why, store, base_iri)


@er.command("decisions")
def er_decisions(store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """List the recorded decisions, oldest first."""
    from kg.resolution.decisions import decisions
    from kg.stores import open_store

    s = settings(store, base_iri)
    with open_store(s.store, s.base_iri) as gs:
        for d in decisions(gs):
            print(f"{d.when.isoformat()}\t{d.kind}\t{d.subject}\t{d.object or d.mention or ''}\t{d.who}\t{d.why}")


@er.command("rebuild")
def er_rebuild(store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Re-extract and re-resolve every stored article, re-applying the decisions."""
    from kg.pipeline import rebuild
    from kg.stores import open_store

    s = settings(store, base_iri)
    with open_store(s.store, s.base_iri) as gs:
        report = rebuild(gs)
    err.print(f"rebuilt {len(report.added)} article(s); {report.mentions} mentions")


@er.command("train")
def er_train(pairs: Annotated[Path | None, typer.Option("--pairs", help="Labelled pairs (JSON Lines).")] = None,
             out: Annotated[Path | None, typer.Option("--out", help="Folder for the settings files.")] = None,
             seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed, the same model.")] = 0
             ) -> None:
    """Rebuild the dedupe settings from the labelled pairs (the shipped ones by default), reproducibly."""
    import os
    import subprocess

    args = [sys.executable, "-m", "kg.resolution.training", "--seed", str(seed)]
    if pairs is not None:
        args += ["--pairs", str(pairs)]
    if out is not None:
        args += ["--out", str(out)]
    # dedupe's blocking rules follow string hashing: a fixed hash seed makes training repeatable.
    done = subprocess.run(args, env={**os.environ, "PYTHONHASHSEED": "0"}, check=False)
    if done.returncode:
        raise typer.Exit(done.returncode)


@er.command("review")
def er_review(limit: Annotated[int, typer.Option(help="How many pairs to ask about at most.")] = 20,
              who: WhoOpt = "analyst", store: StoreOpt = None, base_iri: BaseOpt = None) -> None:
    """Answer the most uncertain pairs on the console: y (same), n (different), u (unsure), f (finish)."""
    from kg.gazetteer import load_gazetteer
    from kg.pipeline import default_matcher
    from kg.resolution.decisions import record
    from kg.resolution.review import uncertain_pairs
    from kg.stores import open_store

    s = settings(store, base_iri)
    gaz = load_gazetteer()
    with open_store(s.store, s.base_iri) as gs:
        suggestions = uncertain_pairs(gs, gaz, default_matcher(gaz), limit)
        if not suggestions:
            print("nothing to review: no uncertain pairs")
            return
        for n, sug in enumerate(suggestions, 1):
            print(f"\n[{n}/{len(suggestions)}] score {sug.score:.2f} ({sug.a.type})")
            print(f"  A: {sug.a.label}  <{sug.a.iri}>")
            print(f"  B: {sug.b.label}  <{sug.b.iri}>")
            answer = typer.prompt("same entity? (y)es / (n)o / (u)nsure / (f)inished", default="u").strip().lower()
            if answer.startswith("f"):
                break
            if answer.startswith("y"):
                record(gs, "merge", sug.a.iri, sug.b.iri, who=who, why=f"review, model score {sug.score:.2f}")
            elif answer.startswith("n"):
                record(gs, "different", sug.a.iri, sug.b.iri, who=who, why=f"review, model score {sug.score:.2f}")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app(standalone_mode=False)
    except KGError as exc:
        err.print(f"[red]error:[/red] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(2 if exc.status < 500 else 1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise


