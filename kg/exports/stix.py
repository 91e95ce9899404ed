"""The graph as a STIX 2.1 bundle, for threat-intelligence platforms (OpenCTI, MISP, ...).

Mapping:
  identity       every mentioned entity but locations (STIX locations need a region or country code we do
                 not have) and attributed groups: State, agency, company, research org, media, organisation
                 -> organization; Person -> individual; Platform -> system; Group -> group; Channel -> unknown
  threat-actor   every actor an operation is attributed to (nation-state for states and their agencies),
                 attributed-to its identity; intrusion-set instead when the actor is a Group
  campaign       every kgo:Operation
  attack-pattern every tactic (kgt: SKOS concept) an operation uses; no external ids are invented
  infrastructure every platform an operation used (infrastructure_types: amplification)
  relationship   one per statement: campaign attributed-to actor (confidence from the stance on the
                 None/Low/Med/High scale of STIX 2.1 appendix A: Asserted = 85, Hedged = 50; denials are
                 not attributions and are left out), campaign targets identity, campaign uses attack-pattern,
                 campaign uses infrastructure, campaign related-to identity for an origin country
  report         one per article: published date, the objects it supports, and external references to our
                 article IRI and to the article's URL when its source is one.
Ids are uuid5 of our IRIs, created and modified are the first and last time an article behind the object
was stored, and objects are sorted: the same store gives the same bundle, byte for byte. The objects are
built in memory (their number follows entities and claims, not text) and written one by one.
"""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from kg.exports.rows import rows
from kg.stores import Store
from kg.vocab import KGO

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/influence-kg/stix")
IDENTITY_CLASS = {"Person": "individual", "Platform": "system", "Group": "group", "Channel": "unknown"}
STANCE_CONFIDENCE = {"Asserted": 85, "Hedged": 50}
NATION_STATE = {"State", "StateAgency"}
_FALLBACK_TIME = "1970-01-01T00:00:00.000Z"


def stix_id(kind: str, iri: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, iri)}"



def _stamp(xsd_datetime: str) -> str:
    """An xsd:dateTime as a STIX timestamp in UTC with milliseconds."""
    from datetime import UTC, datetime

    dt = datetime.fromisoformat(xsd_datetime)
    dt = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


@dataclass
class _Bundle:
    """STIX objects by id, each with the articles behind it (for timestamps and report object_refs)."""

    stored: dict[str, str]
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, obj: dict[str, Any], articles: set[str] | str) -> str:
        self.objects.setdefault(obj["id"], obj)
        self.sources[obj["id"]] |= {articles} if isinstance(articles, str) else articles
        return str(obj["id"])

    def finished(self) -> list[dict[str, Any]]:
        out = []
        for oid in sorted(self.objects):
            times = sorted(self.stored[a] for a in self.sources[oid] if a in self.stored) or [_FALLBACK_TIME]
            obj = {"type": oid.split("--")[0], "spec_version": "2.1", "id": oid,
                   "created": times[0], "modified": times[-1], **self.objects[oid]}
            out.append(obj)
        return out


def build_bundle(store: Store) -> list[dict[str, Any]]:
    """The STIX objects of the store, sorted by id."""
    articles = {r["a"]: r for r in rows(store, """SELECT ?a ?title ?issued ?src ?at WHERE { ?a a kgo:Article .
        OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a dcterms:issued ?issued }
        OPTIONAL { ?a dcterms:source ?src } OPTIONAL { ?a prov:generatedAtTime ?at } }""")}
    b = _Bundle({a: _stamp(r["at"]) for a, r in articles.items() if r["at"]})
    g = store.graphs.entities.value
    info: dict[str, tuple[str, str]] = {}
    for r in rows(store, f"""SELECT ?e ?label ?type WHERE {{ GRAPH <{g}> {{ ?e a ?type ; skos:prefLabel ?label .
            FILTER(STRSTARTS(STR(?type), STR(kgo:)) && ?type NOT IN (kgo:Entity, kgo:Actor)) }} }}
            ORDER BY ?e ?type ?label"""):
        info.setdefault(r["e"], (r["label"], r["type"][len(KGO):]))
    mentioned: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, "SELECT DISTINCT ?e ?art WHERE { ?m a kgo:Mention ; kgo:refersTo ?e ; kgo:source ?art }"):
        mentioned[r["e"]].add(r["art"])
    attributed = {r["actor"] for r in rows(store, "SELECT DISTINCT ?actor WHERE { ?s kgo:attributedTo ?actor }")}

    def label(iri: str) -> str:
        return info.get(iri, (iri.rsplit("/", 1)[-1], ""))[0]

    def kind(iri: str) -> str:
        return info.get(iri, ("", "Organization"))[1]

    def identity(iri: str, arts: set[str]) -> str | None:
        if kind(iri) == "Location" or (kind(iri) == "Group" and iri in attributed):
            return None
        return b.add({"id": stix_id("identity", iri), "name": label(iri),
                      "identity_class": IDENTITY_CLASS.get(kind(iri), "organization")}, arts)

    def actor(iri: str, arts: set[str]) -> str:
        if kind(iri) == "Group":
            return b.add({"id": stix_id("intrusion-set", iri), "name": label(iri)}, arts)
        ta = b.add({"id": stix_id("threat-actor", iri), "name": label(iri),
                    "threat_actor_types": ["nation-state" if kind(iri) in NATION_STATE else "unknown"]}, arts)
        ident = identity(iri, arts)
        if ident:
            b.add(_rel(f"{iri}#actor", "attributed-to", ta, ident), arts)
        return ta

    for e, arts in mentioned.items():
        identity(e, arts)
    campaigns: dict[str, str] = {}
    ops: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, "SELECT ?op ?art WHERE { ?op a kgo:Operation ; kgo:source ?art }"):
        ops[r["op"]].add(r["art"])
    names: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, "SELECT DISTINCT ?op ?actor WHERE { ?s kgo:attributedTo ?actor ; kgo:operation ?op }"):
        names[r["op"]].add(label(r["actor"]))
    for op, arts in ops.items():
        month = op.rsplit("--", 1)[-1] if "/operation/" in op else ""
        who = ", ".join(sorted(names[op]))
        if who:
            name = f"Operation attributed to {who}" + (f" ({month})" if month else "")
        else:
            name = "Operation reported in " + "; ".join(sorted(articles[a]["title"] or a for a in arts if a in articles))
        campaigns[op] = b.add({"id": stix_id("campaign", op), "name": name, "external_references": [
            {"source_name": "influence-kg", "url": op}]}, arts)

    for r in rows(store, """SELECT ?s ?op ?actor ?claimant ?stance ?art WHERE { ?s a kgo:Attribution ;
            kgo:attributedTo ?actor ; kgo:operation ?op ; kgo:stance ?stance ; kgo:source ?art .
            OPTIONAL { ?s kgo:claimedBy ?claimant } }"""):
        stance = r["stance"][len(KGO):]
        if stance not in STANCE_CONFIDENCE or r["op"] not in campaigns:
            continue
        target = actor(r["actor"], {r["art"]})
        by = f" by {label(r['claimant'])}" if r["claimant"] else ""
        b.add(_rel(r["s"], "attributed-to", campaigns[r["op"]], target, confidence=STANCE_CONFIDENCE[stance],
                   description=f"{stance}{by}"), r["art"])
    concepts = {r["c"]: r for r in rows(store, """SELECT ?c ?label ?def WHERE { ?c a skos:Concept ;
        skos:prefLabel ?label OPTIONAL { ?c skos:definition ?def } } ORDER BY ?c ?label""")}
    for r in rows(store, """SELECT ?s ?p ?o ?op ?art WHERE { VALUES ?p { kgo:targets kgo:usedTactic
            kgo:usedPlatform kgo:originCountry } ?s ?p ?o ; kgo:operation ?op ; kgo:source ?art }"""):
        if r["op"] not in campaigns:
            continue
        p, camp, arts = r["p"][len(KGO):], campaigns[r["op"]], {r["art"]}
        if p == "usedTactic":
            b.add(_rel(r["s"], "uses", camp, _tactic(b, r["o"], concepts, arts)), arts)
        elif p == "usedPlatform":
            infra = b.add({"id": stix_id("infrastructure", r["o"]), "name": label(r["o"]),
                           "infrastructure_types": ["amplification"]}, arts)
            b.add(_rel(r["s"], "uses", camp, infra), arts)
        elif (ident := identity(r["o"], arts)) is not None:
            b.add(_rel(r["s"], "targets" if p == "targets" else "related-to", camp, ident,
                       description=None if p == "targets" else "origin country"), arts)

    objects = b.finished()
    by_article: dict[str, list[str]] = defaultdict(list)
    for o in objects:
        for a in b.sources[o["id"]]:
            by_article[a].append(o["id"])
    for a, r in sorted(articles.items()):
        if not by_article[a]:
            continue
        refs = [{"source_name": "influence-kg", "url": a}]
        if r["src"].startswith(("http://", "https://")):
            refs.append({"source_name": "article", "url": r["src"]})
        published = _stamp(r["issued"] + "T00:00:00") if r["issued"] else b.stored.get(a, _FALLBACK_TIME)
        rid = stix_id("report", a)
        stamp = b.stored.get(a, _FALLBACK_TIME)
        objects.append({"type": "report", "spec_version": "2.1", "id": rid, "created": stamp, "modified": stamp,
                        "name": r["title"] or a, "report_types": ["threat-report"], "published": published,
                        "object_refs": sorted(by_article[a]), "external_references": refs})
    return sorted(objects, key=lambda o: str(o["id"]))


def _tactic(b: _Bundle, iri: str, concepts: dict[str, dict[str, str]], arts: set[str]) -> str:
    c = concepts.get(iri, {})
    obj: dict[str, Any] = {"id": stix_id("attack-pattern", iri), "name": c.get("label") or iri.rsplit("#", 1)[-1],
                           "external_references": [{"source_name": "influence-kg tactics", "url": iri}]}
    if c.get("def"):
        obj["description"] = c["def"]
    return b.add(obj, arts)


def _rel(iri: str, kind: str, source: str, target: str, confidence: int | None = None,
         description: str | None = None) -> dict[str, Any]:
    rel: dict[str, Any] = {"id": stix_id("relationship", f"{iri}|{kind}|{source}|{target}"),
                           "relationship_type": kind, "source_ref": source, "target_ref": target}
    if confidence is not None:
        rel["confidence"] = confidence
    if description:
        rel["description"] = description
    return rel


def write_stix(store: Store, out: BinaryIO) -> None:
    """The bundle, one object per line, so a reader sees it arrive as it is written."""
    objects = build_bundle(store)
    out.write(b'{"type": "bundle", "id": "' + stix_id("bundle", store.base).encode() + b'", "objects": [\n')
    out.writelines((",\n" if i else "").encode() + json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()
                   for i, obj in enumerate(objects))
    out.write(b"\n]}\n")
