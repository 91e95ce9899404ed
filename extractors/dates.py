"""Relative and partial dates in a sentence resolved against the article's publication date."""
from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RX = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ABSOLUTE = re.compile(rf"\b{_MONTH_RX}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_ABSOLUTE_DMY = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH_RX}(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:on|last|this)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                      re.IGNORECASE)
_RELATIVE = re.compile(r"\b(yesterday|today|last week|earlier this week|last month)\b", re.IGNORECASE)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve_date(sentence: str, published: date | None) -> date | None:
    """The day a sentence says something happened, or None when it gives none or it cannot be placed."""
    for rx, order in ((_ABSOLUTE, "md"), (_ABSOLUTE_DMY, "dm")):
        m = rx.search(sentence)
        if m:
            mon, day = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
            month = _MONTHS[mon.lower().rstrip(".")[:4] if mon.lower().startswith("sept") else mon.lower()[:3]]
            if m.group(3):
                return _safe(int(m.group(3)), month, int(day))
            if published is None:
                return None
            found = _safe(published.year, month, int(day))
            if found and found > published:  # "Dec 30" in a January article is last year's
                found = _safe(published.year - 1, month, int(day))
            return found
    if published is None:
        return None
    m = _WEEKDAY.search(sentence)
    if m:
        back = (published.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
        return published - timedelta(days=back)
    m = _RELATIVE.search(sentence)
    if m:
        word = m.group(1).lower()
        days = {"yesterday": 1, "today": 0, "last week": 7, "earlier this week": 0, "last month": 30}[word]
        return published - timedelta(days=days)
    return None


_HEAD_DATES = (
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(rf"\b{_MONTH_RX}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(\d{{1,2}})\s+{_MONTH_RX}\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"),
)


def date_in_header(text: str, window: int = 400) -> date | None:
    """The publication date a page states near its top ("Sat. Nov 2nd, 2024", "22. 11. 2021")."""
    head = text[:window]
    best: tuple[int, date] | None = None
    for i, rx in enumerate(_HEAD_DATES):
        m = rx.search(head)
        if not m:
            continue
        g = m.groups()
        if i == 0:
            found = _safe(int(g[0]), int(g[1]), int(g[2]))
        elif i == 1:
            found = _safe(int(g[2]), _month(g[0]), int(g[1]))
        elif i == 2:
            found = _safe(int(g[2]), _month(g[1]), int(g[0]))
        else:
            found = _safe(int(g[2]), int(g[1]), int(g[0]))
        if found is not None and (best is None or m.start() < best[0]):
            best = (m.start(), found)
    return best[1] if best else None


def _month(name: str) -> int:
    low = name.lower().rstrip(".")
    return _MONTHS[low[:4] if low.startswith("sept") else low[:3]]
