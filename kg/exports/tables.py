"""The actor network as CSV: nodes.csv and edges.csv (the same data as GraphML and GEXF), or both in a zip.

Column names follow what Gephi's spreadsheet import recognises (id, label; source, target, weight).
"""
from __future__ import annotations

import csv
import io
import zipfile
from typing import BinaryIO

from kg.exports.network import Network

NODE_COLUMNS = ("id", "label", "type", "articles")
EDGE_COLUMNS = ("source", "target", "relation", "stance", "weight")


def _csv(out: BinaryIO, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    w = csv.writer(text)
    w.writerow(header)
    w.writerows(rows)
    text.flush()
    text.detach()  # leave out open for the caller


def write_nodes(net: Network, out: BinaryIO) -> None:
    _csv(out, NODE_COLUMNS, [(n.iri, n.label, n.type, n.articles) for n in net.nodes])


def write_edges(net: Network, out: BinaryIO) -> None:
    _csv(out, EDGE_COLUMNS, [(e.source, e.target, e.relation, e.stance, e.weight) for e in net.edges])


def write_zip(net: Network, out: BinaryIO) -> None:
    """A zip of nodes.csv and edges.csv; zipfile writes to an unseekable stream with data descriptors."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("nodes.csv", "w") as f:
            write_nodes(net, f)  # type: ignore[arg-type]
        with z.open("edges.csv", "w") as f:
            write_edges(net, f)  # type: ignore[arg-type]
