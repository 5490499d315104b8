"""Datelines and the dates a document gives for itself.

A dateline opens a news story with where (and often when) it was filed: "WASHINGTON, March 3
(Reuters) -", "MOSCOW, 5 March 2024 —", "KYIV (AP) —", "Hongkong (12/09 – 20.00)". A date
without a year, or a numeric one that reads both as day/month and month/day, is resolved
against the full dates elsewhere in the document (a caption's "Sept. 7, 2022"): the reading
closest to them wins, and the evidence says where the year came from. Nothing is guessed when
the document holds no year at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_YEAR = r"(?:1[89]|20)\d{2}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_MONTH = (
    rf"(?:(?:{MONTH}\.?\s+{_DAY}|{_DAY}\s+(?:of\s+)?{MONTH}\.?)(?:,?\s+{_YEAR})?"
    rf"|{_YEAR}-\d{{2}}-\d{{2}})"
)

_FULL_DATES = [
    re.compile(
        rf"\b(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})\b"
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})\.?,?\s+(?P<year>{_YEAR})\b"
    ),
    re.compile(rf"\b(?P<year>{_YEAR})-(?P<nmonth>\d{{1,2}})-(?P<day>\d{{1,2}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\.(?P<nmonth>\d{{1,2}})\.(?P<year>{_YEAR})\b"),
]
_PARTIAL_DATE = re.compile(
    rf"(?:(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?:of\s+)?(?P<month2>{MONTH}))"
    rf"(?:\.?,?\s+(?P<year>{_YEAR}))?"
)
_NUMERIC_DATE = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<year>\d{4}|\d{2}))?")

_PLACE_CAPS = r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}"
_PLACE_ANY = r"[A-Z][\w.'’-]+(?:[ -][A-Z][\w.'’-]+){0,3}"
_AGENCY = r"[A-Z][\w&.'’ -]{0,40}?"
_DASH = r"\s*[-–—]{1,2}\s*"
_DATELINES = [
    # Hongkong (12/09 – 20.00)
    re.compile(
        rf"^(?P<place>{_PLACE_ANY})\s*\((?P<numeric>\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?)"
        rf"(?:\s*[-–—,]\s*\d{{1,2}}[.:]\d{{2}})?\)(?:{_DASH}|\s*:\s*|\s+)"
    ),
    # WASHINGTON, March 3 (Reuters) -
    re.compile(
        rf"^(?P<place>{_PLACE_ANY}),\s*(?P<date>{_DAY_MONTH})\s*\((?P<agency>{_AGENCY})\){_DASH}"
    ),
    # MOSCOW, Sept. 12 /TASS/.
    re.compile(
        rf"^(?P<place>{_PLACE_CAPS}),\s*(?P<date>{_DAY_MONTH})\.?\s*/(?P<agency>[A-Z][\w-]+)/\.?\s*"
    ),
    # MOSCOW, 5 March 2024 —
    re.compile(rf"^(?P<place>{_PLACE_ANY}),\s*(?P<date>{_DAY_MONTH}){_DASH}"),
    # KYIV (AP) —
    re.compile(rf"^(?P<place>{_PLACE_CAPS})\s*\((?P<agency>{_AGENCY})\){_DASH}"),
    # KYIV —
    re.compile(rf"^(?P<place>{_PLACE_CAPS}),?\s+[-–—]{{1,2}}\s+"),
]
_PUBLISHED_LINE = re.compile(
    r"^(?:first\s+)?(?:published|posted|date|dated|issued|released|publication\s+date)"
    r"(?:\s+(?:on|at))?\s*:?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"


@dataclass(frozen=True)
class FoundDate:
    """A calendar date in a text, with the characters it was read from."""

    value: date
    text: str
    start: int


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of a paragraph; offsets are relative to that paragraph."""

    end: int  # end of the dateline proper, separators excluded
    body_start: int  # where the story itself starts
    place: str
    agency: str | None
    date_text: str | None


def month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def full_dates(text: str) -> list[FoundDate]:
    """Every date with day, month and year in ``text``, in order of appearance."""
    found: dict[int, FoundDate] = {}
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            if any(f.start <= m.start() < f.start + len(f.text) for f in found.values()):
                continue
            groups = m.groupdict()
            month = int(groups["nmonth"]) if groups.get("nmonth") else month_number(groups["month"])
            value = _safe_date(int(groups["year"]), month, int(groups["day"]))
            if value:
                found[m.start()] = FoundDate(value, m.group(), m.start())
    return [found[k] for k in sorted(found)]


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening ``paragraph``, if it has one and a story follows it."""
    for pattern in _DATELINES:
        m = pattern.match(paragraph)
        if not m:
            continue
        groups = m.groupdict()
        end = m.end()
        while end > 0 and paragraph[end - 1] in " \t-–—:":
            end -= 1
        if m.end() >= len(paragraph) or not paragraph[m.end()].strip():
            continue  # a dateline is followed by the story, not by nothing
        return Dateline(
            end=end,
            body_start=m.end(),
            place=groups["place"],
            agency=(groups.get("agency") or "").strip() or None,
            date_text=groups.get("numeric") or groups.get("date"),
        )
    return None


def _readings(date_text: str) -> tuple[list[tuple[int, int]], int | None]:
    """(month, day) readings of a dateline's date and its year when printed."""
    exact = full_dates(date_text)
    if exact:
        return [(exact[0].value.month, exact[0].value.day)], exact[0].value.year
    numeric = _NUMERIC_DATE.fullmatch(date_text.strip())
    if numeric:
        a, b = int(numeric.group("a")), int(numeric.group("b"))
        year = numeric.group("year")
        readings = [(b, a), (a, b)]  # day/month first: the usual reading outside the US
        valid = [(mo, d) for mo, d in readings if 1 <= mo <= 12 and 1 <= d <= 31]
        full_year = None
        if year:
            full_year = int(year) if len(year) == 4 else 2000 + int(year)
        return list(dict.fromkeys(valid)), full_year
    partial = _PARTIAL_DATE.search(date_text)
    if not partial:
        return [], None
    month = partial.group("month") or partial.group("month2")
    day = partial.group("day") or partial.group("day2")
    year = partial.group("year")
    return [(month_number(month), int(day))], int(year) if year else None


def resolve_date(date_text: str, context: str) -> tuple[date, str] | None:
    """The calendar date a dateline means, and a note on how it was read.

    ``context`` is the rest of the document: its full dates settle a missing year and a
    day/month vs month/day reading (the reading closest to them wins).
    """
    readings, year = _readings(date_text)
    if not readings:
        return None
    anchors = full_dates(context)
    if year is not None:
        candidates = [(d, "") for mo, dd in readings if (d := _safe_date(year, mo, dd))]
        if not candidates:
            return None
        if len(candidates) == 1 or not anchors:
            return candidates[0]
        return min(candidates, key=lambda c: _distance(c[0], anchors))
    if anchors:
        options: list[tuple[int, int, date, FoundDate]] = []
        for rank, (mo, dd) in enumerate(readings):
            for anchor in anchors:
                for y in (anchor.value.year - 1, anchor.value.year, anchor.value.year + 1):
                    d = _safe_date(y, mo, dd)
                    if d:
                        options.append((abs((d - anchor.value).days), rank, d, anchor))
        if options:
            _, _, best, anchor = min(options, key=lambda o: (o[0], o[1]))
            return best, f"year from “{anchor.text}”"
    return None  # no year anywhere in the document: nothing is guessed


def _distance(value: date, anchors: list[FoundDate]) -> int:
    return min(abs((value - a.value).days) for a in anchors)


def published_line(line: str) -> FoundDate | None:
    """The date of a "Published: 12 March 2023" line, or of a line that is only a date.

    "Updated ..." lines and relative ages ("3 hours ago") give no publication date.
    """
    stripped = line.strip()
    if len(stripped) > 80:
        return None
    m = _PUBLISHED_LINE.match(stripped)
    candidate = m.group("rest") if m else stripped
    dates = full_dates(candidate)
    if not dates:
        return None
    if not m:
        # A bare date line: nothing but an optional weekday, the date and an optional time.
        rest = candidate.replace(dates[0].text, " ", 1)
        rest = re.sub(rf"^{_PLACE_ANY},", " ", rest.strip())  # "Ysk, 2 March 2027"
        rest = re.sub(rf"{_WEEKDAY}|{_TIME}|[,|·•–—-]|\bat\b", " ", rest)
        if rest.strip():
            return None
    return FoundDate(dates[0].value, stripped, 0)
