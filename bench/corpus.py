"""Synthetic corpora for the ingest benchmark: `python -m bench.corpus 10000 out.jsonl [--seed N]`.

Realistic in the ways the pipeline cares about: actors and researchers drawn from the whole gazetteer
(state agencies, groups, companies, media outlets, research organisations), invented firms and networks the
resolver has to mint, sometimes spelled another way or introduced with an acronym; takedown sentences
with counts per platform and asset type; attributions asserted, hedged or denied; page chrome (bylines,
share buttons, cookie banners, related links) around the story. Article n of a seed is always the same.
"""
from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from kg.gazetteer import load_gazetteer

FIRST = ("North", "Blue", "Silver", "Oak", "Red", "Iron", "Clear", "Stone", "Harbor", "Summit", "Amber", "Cedar",
         "Falcon", "Vector", "Lumen", "Pioneer", "Atlas", "Meridian", "Crescent", "Granite")
SECOND = ("gate", "water", "field", "ridge", "point", "bridge", "wave", "line", "crest", "path")
KINDS = ("Media", "Strategies", "Digital", "Communications", "Analytics", "Publicity", "Consulting", "Solutions")
SUFFIXES = (" Ltd", " LLC", " Group", " Inc.")
NETWORK_WORDS = ("Storm", "Echo", "Mirror", "Harvest", "Lantern", "Compass", "Anchor", "Signal")
ASSETS = ("accounts", "pages", "groups", "channels", "profiles")
LEADS = ("said on {day} that it had removed", "announced that it took down", "reported that it had deleted",
         "disclosed that it suspended")
ASSERTED = ("{by} attributed the network to {actor}.", "{by} said the operation was run by {actor}.",
            "{by} linked the campaign to {actor}.")
HEDGED = ("According to {by}, the campaign was likely run by {actor}.",
          "{by} said the accounts were probably linked to {actor}.",
          "{by} found hallmarks of {actor} in the network.")
DENIED = ("{actor} denied any involvement in the campaign.", "{actor} rejected the findings as baseless.")
FILLERS = ("The posts praised local officials and criticised foreign aid programmes.",
           "Several of the pages used profile pictures generated with artificial intelligence.",
           "The operators posed as independent journalists and local activists.",
           "Few of the posts drew more than a handful of genuine replies.",
           "Researchers said the network had tried to build an audience for more than a year.",
           "Some accounts copied articles from genuine news sites and added misleading headlines.",
           "The content was posted mostly at night, local time, in bursts of a few minutes.",
           "Analysts noted that the network reused the same images across dozens of pages.")
REPORTERS = ("Anna Keller", "Tomas Varga", "Priya Nair", "Daniel Okafor", "Lena Fischer", "Marco Rossi")
CHROME_TOP = ("Skip to main content", "Share on Facebook  Share on X  Email", "Subscribe | Log in", "Advertisement")
CHROME_BOTTOM = ("Related: More stories on disinformation", "We use cookies to improve your experience. Accept all",
                 "Read more: Election security", "© 2024 All rights reserved.", "Sign up for our newsletter")


@lru_cache(maxsize=1)
def _names() -> dict[str, list[str]]:
    """Gazetteer labels by role, in key order so a seed gives the same corpus on every machine."""
    gaz = load_gazetteer()
    entries = [gaz.entries[k] for k in sorted(gaz.entries)]

    def of(*types: str) -> list[str]:
        return [e.label for e in entries if e.type in types]

    return {"actors": of("StateAgency", "Group", "MediaOutlet"), "researchers": of("ResearchOrg"),
            "states": of("State"), "removers": [e.label for e in entries if e.count_key]}


def _firm(rnd: random.Random) -> str:
    return f"{rnd.choice(FIRST)}{rnd.choice(SECOND)} {rnd.choice(KINDS)}"


def _network(rnd: random.Random) -> str:
    return f"Operation {rnd.choice(NETWORK_WORDS)} {rnd.choice(FIRST)}"


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def article(n: int, seed: int = 0) -> dict[str, str]:
    """Article n of the corpus `seed`: JSON Lines fields (text, title, published, url)."""
    rnd = random.Random(seed * 1_000_003 + n)
    names = _names()
    actor = rnd.choice(names["actors"]) if rnd.random() < 0.7 else _network(rnd)
    remover = rnd.choice(names["removers"])
    target = rnd.choice(names["states"])
    published = date(2019, 1, 1) + timedelta(days=rnd.randint(0, 2000))
    day = published.strftime("%A")
    counts = [(rnd.randint(2, 5000), asset) for asset in rnd.sample(ASSETS, rnd.randint(1, 3))]
    title = f"{remover} removes {counts[0][0]} {counts[0][1]} in a campaign aimed at {target}"
    what = ", ".join(f"{c:,} {a}" for c, a in counts[:-1])
    what = f"{what} and {counts[-1][0]:,} {counts[-1][1]}" if what else f"{counts[0][0]:,} {counts[0][1]}"
    by = rnd.choice(names["researchers"])
    body = [f"{remover} {rnd.choice(LEADS).format(day=day)} {what} that targeted audiences in {target}.",
            rnd.choice(ASSERTED if rnd.random() < 0.5 else HEDGED).format(by=by, actor=actor)]
    if rnd.random() < 0.5:
        firm = _firm(rnd)
        spelled = firm + rnd.choice(SUFFIXES) if rnd.random() < 0.25 else firm
        acronym = _acronym(firm)
        body.append(f"The content was amplified by a marketing firm called {spelled} ({acronym}), which did not "
                    "answer questions.")
        if rnd.random() < 0.5:
            body.append(f"{acronym} had registered several of the domains used in the campaign.")
    if rnd.random() < 0.3:
        body.append(rnd.choice(DENIED).format(actor=_cap(actor)))
    body += rnd.sample(FILLERS, rnd.randint(2, 5))
    lines = [*rnd.sample(CHROME_TOP, 2), "", title, "",
             f"By {rnd.choice(REPORTERS)} | {published.strftime('%B')} {published.day}, {published.year}", "",
             *body, "", *rnd.sample(CHROME_BOTTOM, 2)]
    return {"text": "\n".join(lines), "title": title, "published": published.isoformat(),
            "url": f"https://news.example.org/{published:%Y/%m}/story-{seed}-{n}"}


def articles(count: int, seed: int = 0) -> Iterator[dict[str, str]]:
    for n in range(count):
        yield article(n, seed)


def write_jsonl(path: Path, count: int, seed: int = 0) -> Path:
    """`count` articles of corpus `seed`, one JSON object per line, for `kg ingest`."""
    with path.open("w", encoding="utf-8") as f:
        for a in articles(count, seed):
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("count", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    write_jsonl(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
