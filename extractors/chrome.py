"""Page chrome (navigation, teasers, comment and share widgets) masked out of article text.

Chrome is replaced by spaces rather than cut, so every offset into the masked text is an offset
into the text as read, which is what mentions and evidence must point at.
"""
from __future__ import annotations

import re

# A line that starts a block of chrome running to the end of the page.
_TAIL = re.compile(
    r"^\s*(read next|read more|related( articles| stories| posts)?|more from|more stories|recommended"
    r"( for you)?|you may also like|most (read|popular)|trending( now)?|leave a (reply|comment)"
    r"|\d+ comments?|comments|would you like to comment.*|join the conversation|sign up for.*newsletter.*"
    r"|subscribe to.*newsletter.*|ready to see it in action\??|about the author|tags?:.*)\s*$",
    re.IGNORECASE,
)
# A single line of chrome inside the article.
_LINE = re.compile(
    r"^\s*(share( this( article| story| post)?)?( on \w+)?|source link|advertisement|skip to (main )?content"
    r"|print|email|follow us.*|sign in|log in|register|subscribe|listen to (this )?article.*"
    r"|(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? \w+\.? \d{1,2}(st|nd|rd|th)?,? \d{4}"
    r"|\d{1,2}\. ?\d{1,2}\. ?\d{4}|\d{1,2} min(ute)? read)\s*$",
    re.IGNORECASE,
)
# Ignore a tail marker in the first part of the text: a short article may say "Related" in its body.
_MIN_TAIL_FRACTION = 0.4


def chrome_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the text that are page chrome."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        body = line.strip()
        if not body:
            continue
        if _TAIL.match(body) and start >= _MIN_TAIL_FRACTION * len(text):
            ranges.append((start, len(text)))
            break
        if _LINE.match(body):
            ranges.append((start, end))
    return ranges


def mask_chrome(text: str) -> str:
    """The text with chrome replaced by spaces (newlines kept), same length as the input."""
    ranges = chrome_ranges(text)
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        for i in range(start, end):
            if chars[i] not in "\n\r":
                chars[i] = " "
    return "".join(chars)
