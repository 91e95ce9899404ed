"""Generated articles for the crash, API and load tests: varied texts from templates, deterministic per number.

Each names known actors (gazetteer entries) and sometimes an invented firm that the resolver has to mint,
with takedown counts, attributions (asserted, hedged or denied) and a dateline, so every extractor works.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

ACTORS = ("the Internet Research Agency", "Russia's GRU", "the Social Design Agency", "Spamouflage",
          "Inter-Services Public Relations", "the Belarusian KGB", "Doppelganger")
REMOVERS = (("Meta", ("Facebook", "Instagram")), ("Google", ("YouTube",)), ("TikTok", ("TikTok",)),
            ("Microsoft", ("LinkedIn",)), ("OpenAI", ("ChatGPT",)))
RESEARCHERS = ("Graphika", "the Stanford Internet Observatory", "the Digital Forensic Research Lab")
TARGETS = ("Ukraine", "France", "Mali", "Germany", "Moldova", "Nigeria", "the United States", "Israel")
ASSETS = ("accounts", "pages", "groups", "channels")
FIRMS = ("Brightwater Media", "Northgate Strategies", "Veltris Digital", "Calder Communications",
         "Oakhurst Analytics", "Maren Publicity")
LEADS = ("said on {day} it had removed", "announced that it took down", "reported that it had deleted")
CLAIMS = ("{researcher} attributed the network to {actor}.",
          "According to {researcher}, the campaign was likely run by {actor}.",
          "{researcher} said the accounts were probably linked to {actor}.")
FILLERS = ("The posts praised local officials and criticised foreign aid programmes.",
           "Several of the pages used profile pictures generated with artificial intelligence.",
           "The operators posed as independent journalists and local activists.",
           "Most of the content was in English and French, with some posts in Russian.",
           "Few of the posts drew more than a handful of genuine replies.")


def _capital(s: str) -> str:
    return s[0].upper() + s[1:]


def article(n: int) -> dict[str, str]:
    """Article number n: JSON Lines fields (text, title, published); the same n gives the same article."""
    rnd = random.Random(n)
    actor, target = rnd.choice(ACTORS), rnd.choice(TARGETS)
    remover, platforms = rnd.choice(REMOVERS)
    platform = rnd.choice(platforms)
    count, asset = rnd.randint(3, 900), rnd.choice(ASSETS)
    published = date(2021, 1, 1) + timedelta(days=rnd.randint(0, 1400))
    day = published.strftime("%A")
    title = f"{remover} removes {count} {platform} {asset} in a campaign aimed at {target} (report {n})"
    lines = [title, "", f"{published.strftime('%B')} {published.day}, {published.year}", "",
             (f"{remover} {rnd.choice(LEADS).format(day=day)} {count} {platform} {asset} that targeted "
             f"audiences in {target}."),
             _capital(rnd.choice(CLAIMS).format(researcher=rnd.choice(RESEARCHERS), actor=actor))]
    if rnd.random() < 0.5:
        firm = rnd.choice(FIRMS)
        if rnd.random() < 0.25:  # another spelling: the resolver's clustering has to join them
            firm += rnd.choice((" Ltd", " Group", " LLC"))
        lines.append(f"The content was amplified by a marketing firm called {firm}, which did not answer "
                     "questions.")
    if rnd.random() < 0.4:
        lines.append(f"{_capital(actor)} denied any involvement in the campaign.")
    lines += rnd.sample(FILLERS, 2)
    lines.append(f"Case reference {n}.")
    return {"text": "\n".join(lines), "title": title, "published": published.isoformat()}


def write_jsonl(path: Path, count: int, start: int = 0) -> Path:
    """`count` articles from number `start` on, one JSON object per line, for `kg ingest`."""
    with path.open("w", encoding="utf-8") as f:
        for n in range(start, start + count):
            f.write(json.dumps(article(n)) + "\n")
    return path
