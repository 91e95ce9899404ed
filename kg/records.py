"""A resolved extraction as the JSON record of the `kg extract` contract (../shared/EVAL.md)."""
from __future__ import annotations

from typing import Any

from kg.model import Mention
from kg.resolution import Resolved


def extraction_record(resolved: Resolved, source: str) -> dict[str, Any]:
    ex = resolved.extraction
    entities: dict[str, dict[str, Any]] = {}
    for m in ex.mentions:
        ent = resolved.entities[m]
        rec = entities.setdefault(ent.iri, {"id": ent.iri, "label": ent.label, "type": ent.type, "mentions": []})
        rec["mentions"].append({"text": m.text, "start": m.start, "end": m.end, "extractor": m.extractor,
                                "confidence": m.confidence})

    def ident(m: Mention | None) -> str | None:
        ent = resolved.entity(m)
        return ent.iri if ent else None

    attributions = [
        {"actor": ident(a.actor), "by": ident(a.by), "stance": a.stance,
         "evidence": {"start": a.evidence.start, "end": a.evidence.end}, "extractor": a.extractor,
         "confidence": a.confidence}
        for a in ex.attributions
    ]
    seen: set[tuple[str, int]] = set()
    takedowns = []
    for t in ex.takedowns:
        # A count repeated in the same article (headline and body) is one reported figure.
        counts = {k: n for k, n in t.counts.items() if (k, n) not in seen}
        seen.update(counts.items())
        if not counts:
            continue
        takedowns.append({"by": ident(t.by), "counts": counts, "date": t.when.isoformat() if t.when else None,
                          "evidence": {"start": t.evidence.start, "end": t.evidence.end},
                          "extractor": t.extractor, "confidence": t.confidence})
    relations = [
        {"kind": r.kind, "value": ident(r.value) if isinstance(r.value, Mention) else r.value,
         "evidence": {"start": r.evidence.start, "end": r.evidence.end}, "extractor": r.extractor,
         "confidence": r.confidence}
        for r in ex.relations
    ]
    return {"source": source, "entities": list(entities.values()), "attributions": attributions,
            "takedowns": takedowns, "relations": relations}
