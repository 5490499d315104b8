"""Cleaning a plain-text capture: drop chrome lines and repeated lines, keep the reasons.

Repeated lines: a title or lead paragraph captured twice keeps its first copy. When the repeat
differs by a prefix, as in a lead that reappears after a dateline ("Hongkong (12/09 – 20.00)
<lead>"), the longer copy is kept and the bare one dropped, wherever it stands: the dateline is
what gives the document its date, so it must survive in ``text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hearsay.boilerplate import Lexicon
from hearsay.clean_rules import TAIL_RULES, chrome_reason, words
from hearsay.models import RemovedLine

# A repeat must be at least this long to be dropped: short lines ("Yes", "lol") recur as content.
MIN_REPEAT_CHARS = 25
MIN_REPEAT_WORDS = 4
# A lead repeated inside a longer line is only matched when it is this long (a sentence or more).
MIN_CONTAINED_CHARS = 60
_KEY_EDGE = 40
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_BODY_LINE_WORDS = 12


@dataclass
class _Line:
    text: str
    raw_start: int
    raw_end: int
    number: int  # 1-based line number in the input
    reason: str | None = None


def normalise_line(line: str) -> str:
    """Invisible characters out, every run of spaces (no-break too) one plain space."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def repeat_key(line: str) -> str:
    """What two copies of a line share when one has curly and the other straight quotes."""
    return " ".join(line.translate(_QUOTES).casefold().split())


def clean_text(raw: str, lexicon: Lexicon) -> tuple[str, list[RemovedLine]]:
    """The cleaned text of a text capture and the lines removed from it, each with its reason.

    Each removed line says where it was: ``raw_start``/``raw_end`` and ``raw_line`` in ``raw``,
    and ``text_offset``, the place in the cleaned text it stood before.
    """
    lines = list(_lines_of(raw))
    for line in lines:
        if line.text:
            line.reason = chrome_reason(line.text, lexicon)
    _mark_tail_labels(lines, lexicon)
    _mark_repeats(lines)
    return _assemble(lines)


def _lines_of(raw: str) -> Iterator[_Line]:
    position = 0
    for number, line in enumerate(raw.split("\n"), start=1):
        start = position + len(line) - len(line.lstrip())
        yield _Line(normalise_line(line), start, max(start, position + len(line.rstrip())), number)
        position += len(line) + 1


def _mark_tail_labels(lines: list[_Line], lexicon: Lexicon) -> None:
    """A lone label after the last paragraph of text ("Information") is chrome."""
    for line in reversed(lines):
        if not line.text or line.reason:
            continue
        if len(words(line.text)) >= _BODY_LINE_WORDS:
            return
        line.reason = chrome_reason(line.text, lexicon, TAIL_RULES)
        if line.reason is None:
            return


def _mark_repeats(lines: list[_Line]) -> None:
    kept = [line for line in lines if line.text and line.reason is None]
    first_seen: set[str] = set()
    for line in kept:
        key = repeat_key(line.text)
        long_enough = len(key) >= MIN_REPEAT_CHARS and len(key.split()) >= MIN_REPEAT_WORDS
        if key in first_seen and long_enough:
            line.reason = "repeated line"
        first_seen.add(key)
    _mark_contained_repeats([line for line in kept if line.reason is None])


def _mark_contained_repeats(kept: list[_Line]) -> None:
    """Drop a line whose whole text reappears at the start or end of a longer line."""
    by_tail: dict[str, list[_Line]] = {}
    by_head: dict[str, list[_Line]] = {}
    for line in kept:
        key = repeat_key(line.text)
        if len(key) >= MIN_CONTAINED_CHARS:
            by_tail.setdefault(key[-_KEY_EDGE:], []).append(line)
            by_head.setdefault(key[:_KEY_EDGE], []).append(line)
    for longer in kept:
        key = repeat_key(longer.text)
        candidates = by_tail.get(key[-_KEY_EDGE:], []) + by_head.get(key[:_KEY_EDGE], [])
        for shorter in candidates:
            short_key = repeat_key(shorter.text)
            if shorter is longer or shorter.reason or len(short_key) >= len(key):
                continue
            if key.endswith(short_key):
                prefix = key[: len(key) - len(short_key)]
                shorter.reason = ("repeated lead (kept the copy with the dateline)"
                                  if _looks_like_dateline(prefix)
                                  else "repeated line (kept the longer copy)")
            elif key.startswith(short_key):
                shorter.reason = "repeated line (kept the longer copy)"


_DATELINE = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\(|—|–|--", re.I
)


def _looks_like_dateline(prefix: str) -> bool:
    """A short lead-in with a date, a time or a dash: "Hongkong (12/09 – 20.00)", "KYIV —"."""
    return len(prefix) <= 80 and bool(_DATELINE.search(prefix))


def _assemble(lines: list[_Line]) -> tuple[str, list[RemovedLine]]:
    removed: list[RemovedLine] = []
    out: list[str] = []
    length = 0  # of "\n".join(out)
    for line in lines:
        if line.reason:
            removed.append(RemovedLine(
                text=line.text, reason=line.reason, raw_start=line.raw_start,
                raw_end=line.raw_end, raw_line=line.number,
                text_offset=length + 1 if out else 0,  # where the next kept line starts
            ))
        elif line.text or (out and out[-1]):
            length += len(line.text) + (1 if out else 0)
            out.append(line.text)
    text = "\n".join(out).strip("\n")
    for dropped in removed:  # a line removed after the last paragraph stands at the very end
        if dropped.text_offset is not None and dropped.text_offset > len(text):
            dropped.text_offset = len(text)
    return text, removed
