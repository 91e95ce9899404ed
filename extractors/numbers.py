"""Counts as written in news: digits, thousands separators, number words, 'million'."""
from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12, "dozen": 12,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

WORD = (r"(?:a\s+dozen|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four"
        r"|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?:\s+(?:hundred|thousand)(?:\s+and)?"
        r"(?:\s+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five|six|seven"
        r"|eight|nine|ten|eleven|twelve))?)*)")
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:million|billion|thousand|m\b|k\b))?"
NUMBER = rf"(?:{DIGITS}|{WORD})"
NUMBER_RE = re.compile(rf"\b{NUMBER}\b", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """The integer a count phrase names, or None: '1,000' 1000, 'twenty-one' 21, '5.2 million' 5200000."""
    s = text.strip().lower().replace("\u2009", "").replace("\xa0", " ")
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(million|billion|thousand|m|k)?", s)
    if m:
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        scale = {"million": 1e6, "m": 1e6, "billion": 1e9, "thousand": 1e3, "k": 1e3}.get(m.group(3) or "", 1)
        return round(value * scale)
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", s.replace(" and ", " ")):
        if word in ("a", "and"):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None
