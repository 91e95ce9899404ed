"""A takedown timeline as inline SVG: one dot per dated takedown on a time axis, sized by its largest figure.

Server-rendered so it shows without JavaScript; the dots carry <title> tooltips and link to the takedown.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, PAD = 720, 120, 40


@dataclass
class Point:
    date: dt.date
    label: str
    count: int
    href: str


def _x(d: dt.date, first: dt.date, last: dt.date) -> float:
    span = (last - first).days or 1
    return PAD + (WIDTH - 2 * PAD) * (d - first).days / span


def timeline_svg(points: list[Point]) -> str:
    """The SVG for `points` (those without a date are left out by the caller); empty string for none."""
    if not points:
        return ""
    points = sorted(points, key=lambda p: p.date)
    first, last = points[0].date, points[-1].date
    if first == last:
        first, last = first - dt.timedelta(days=180), last + dt.timedelta(days=180)
    top = max(p.count for p in points) or 1
    axis = HEIGHT - 30
    parts = [(f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
              f'aria-label="Takedowns over time" xmlns="http://www.w3.org/2000/svg">'),
             f'<line x1="{PAD}" y1="{axis}" x2="{WIDTH - PAD}" y2="{axis}" class="axis"/>']
    for year in range(first.year, last.year + 2):
        d = dt.date(year, 1, 1)
        if first <= d <= last:
            x = _x(d, first, last)
            parts.append(f'<line x1="{x:.1f}" y1="{axis}" x2="{x:.1f}" y2="{axis + 5}" class="axis"/>'
                         f'<text x="{x:.1f}" y="{axis + 18}" text-anchor="middle">{year}</text>')
    for p in points:
        x = _x(p.date, first, last)
        r = 4 + 10 * math.sqrt(p.count / top)
        tip = escape(f"{p.date.isoformat()}: {p.label} ({p.count:,} removed)")
        parts.append(f'<a href="{escape(p.href)}"><circle class="takedown" cx="{x:.1f}" cy="{axis - 25}" '
                     f'r="{r:.1f}"><title>{tip}</title></circle></a>')
    if first.year == last.year:
        parts.append(f'<text x="{PAD}" y="{axis + 18}">{first.isoformat()}</text>'
                     f'<text x="{WIDTH - PAD}" y="{axis + 18}" text-anchor="end">{last.isoformat()}</text>')
    parts.append("</svg>")
    return "".join(parts)
