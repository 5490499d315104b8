"""The circumstances of a statement: the channel it went out on, the occasion, and the date.

"wrote on Twitter", "in a readout", "told Bloomberg" (a channel); "during a closed meeting with
EU Foreign Minister Kaja Kallas" (an occasion); "on July 2, 2025" (a date, as ISO when it can
be resolved — a weekday needs the document's date, a day or a month without a year the
document's date or a date written shortly before it). A statement that goes on with the one
before ("..., he added") went out on the same channel, the same day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hearsay.aggregator import OutletLexicon
from hearsay.cues import AttributionWords, attribution_words
from hearsay.dateline import MONTH
from hearsay.models import Attribution, Document, Segment

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MEDIA_ORGS_HINT = frozenset({"ORG"})
# Cues that go on with the speaker's statement before: "Lind added", "he continued".
CONTINUING_CUES = frozenset({"added", "adds", "adding", "continued", "continues", "went on",
                             "goes on"})
CARRY_REACH = 1200  # characters between a statement and the one it goes on with

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?(?:,?\s+(\d{4}))?"
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
# A month alone, as a date entity gives it: "August", "in mid-August", "early Aug.", "at the end
# of May". Case matters, and nothing else may stand in the phrase: "they may meet", "march on"
# and "May they meet" are no months, nor is "Jan" without its period (as often a name). "since",
# "by" and "until" bound a span, "last" and "next" count from a date, so none of them is taken.
_MONTH_ALONE = re.compile(
    r"(?:(?i:in|during|at|early|late|mid|the\s+(?:start|beginning|middle|end)\s+of)(?:\s+|\s*-\s*))*"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?=\.))\.?"
)
# How far after the document's date a year-less date may fall and keep the document's year:
# news reports statements already made, so "on December 28" in a text of January 10 is last
# December, but a week's grace lets "talks on January 12" in that text stay in this January.
SCHEDULED_DAYS = 7
# How near the next year must be for a year-less month to read as the text having crossed into
# it ("In December 2021 ... On January 5" is 2022-01-05): at most this many months on, so at
# least 12 - ROLLOVER_MONTHS back; between the two, a look back is as likely as a step on.
ROLLOVER_MONTHS = 3
# Words after the written date that say the text is looking back from it, so stays in its year.
_LOOKING_BACK = re.compile(
    r"\b(?i:earlier|previously|before\s+(?:that|then)|prior\s+to\s+(?:that|this)|back\s+in|ago)\b"
)

# Where a year-less date ("on August 20") may find its year in the text before it: its own
# paragraph and YEAR_PARAGRAPHS before that, at most YEAR_REACH characters back.
YEAR_PARAGRAPHS = 3
YEAR_REACH = 3000
SEPARATE_VOICES = frozenset({"post", "comment", "snippet"})  # segment kinds
# Prepositions whose date bounds a span ("has said since March 3", "until August") rather
# than say when a statement was made.
SPAN_BOUNDS = frozenset({"since", "until", "till", "by", "before", "after", "from", "through",
                         "throughout"})
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?![\d,.]?\d)(?!\s*(?:%|per\s*cent|percent))"
# A year written as part of a date or a period: "August 2022", "July 2, 2025", "2 July 2025",
# "2022-08-20", "in 2022", "during 2021", "early 2023", "summer 2022". "since 2019", "by 2030"
# and "from 2014" bound a span rather than say when, so they set no year.
_WRITTEN_YEARS = (
    re.compile(
        rf"(?:\b(?P<month>{MONTH})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{MONTH})\.?,?\s+"
        rf"|\b(?i:in|during|early|late|mid-?|spring|summer|autumn|fall|winter)\s+){_YEAR}\b"
    ),
    re.compile(rf"\b{_YEAR}-(?P<month>\d{{2}})-\d{{2}}\b"),
    # "the second half of 2022", but not a count: "a force of 2000 soldiers".
    re.compile(rf"\b(?i:of)\s+{_YEAR}\b(?!\s+[a-z])"),
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class WrittenDate:
    """The date or period last written before a year-less date, which lends it its year: the
    year, the month when one is written with it ("December 2021", "3 December 2021"; not "in
    2021" or "summer 2021"), and whether the text after it looks back ("Earlier, ...")."""

    year: int
    month: int | None = None
    looks_back: bool = False

    def year_of(self, month: int) -> int:
        """The year of ``month`` written without one after this date: the same year, unless
        the month falls early in the next year, at most ROLLOVER_MONTHS on from this one, and
        the text does not look back ("In December 2021 ... On January 5" is 2022). "On December
        3, 2021 ... Earlier, on March 2" stays in 2021, and so does "In August 2022 ... On March
        3": seven months on or five back, a step on is no likelier than a look back."""
        if (
            self.month is not None
            and not self.looks_back
            and self.month - month >= 12 - ROLLOVER_MONTHS
        ):
            return self.year + 1
        return self.year


def resolve_date(
    text: str, published: str | None = None, context: WrittenDate | None = None
) -> str | None:
    """ISO date (or YYYY-MM) of "July 2, 2025", "2 July 2025", "on Tuesday" (with a document
    date to count back from), "in February 2023", "in August"; None when it cannot be resolved.

    A day or a month without a year takes the year of ``published``, or the year before when
    it would fall more than SCHEDULED_DAYS after it (a month from its first day): news reports
    statements already made, so "on December 28" in a text of January 10 is last December.
    Without a document date it takes the year of ``context``, the date the text was just
    talking about (see :func:`date_written_before` and :meth:`WrittenDate.year_of`). The
    document's date wins: news writes the year out for dates outside the year of publication
    and leaves it off within it, while the last year written may be background ("the 2014
    annexation ... on May 9"). A weekday, "yesterday" and "today" need the full document date;
    a year alone is not enough. A month alone must be written as one (see ``_MONTH_ALONE``)."""
    anchor = _parse_iso(published) if published else None
    stripped = text.strip()
    lowered = stripped.lower()
    match = _ISO.search(lowered)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    for pattern, month_group, day_group in ((_MONTH_DAY_YEAR, 1, 2), (_DAY_MONTH_YEAR, 2, 1)):
        for match in pattern.finditer(lowered):
            if match.group(month_group) not in MONTHS:
                continue
            month = MONTHS[match.group(month_group)]
            day = int(match.group(day_group))
            if match.group(3):
                return _safe_date(int(match.group(3)), month, day)
            year = _year_without_one(month, day, anchor, context)
            return None if year is None else _safe_date(year, month, day)
    match = _MONTH_YEAR.search(lowered)
    if match and match.group(1) in MONTHS:
        return f"{int(match.group(2)):04d}-{MONTHS[match.group(1)]:02d}"
    match = _MONTH_ALONE.fullmatch(stripped)
    if match:
        month = MONTHS[match.group("month").lower()]
        year = _year_without_one(month, 1, anchor, context)
        return None if year is None else f"{year:04d}-{month:02d}"
    for word, index in WEEKDAYS.items():
        if re.search(rf"\b{word}\b", lowered) and anchor is not None:
            back = (anchor.weekday() - index) % 7
            return (anchor - dt.timedelta(days=back)).isoformat()
    if anchor is not None and re.search(r"\byesterday\b", lowered):
        return (anchor - dt.timedelta(days=1)).isoformat()
    if anchor is not None and re.search(r"\btoday\b", lowered):
        return anchor.isoformat()
    return None


def _year_without_one(
    month: int, day: int, anchor: dt.date | None, context: WrittenDate | None
) -> int | None:
    if anchor is None:
        return context.year_of(month) if context else None
    # Counted on from the 1st, so February 29 of a common year compares as March 1.
    date = dt.date(anchor.year, month, 1) + dt.timedelta(days=day - 1)
    return anchor.year - 1 if (date - anchor).days > SCHEDULED_DAYS else anchor.year


def date_written_before(text: str) -> WrittenDate | None:
    """The date or period last written in ``text`` (the document up to a year-less date), in
    its last paragraph and the YEAR_PARAGRAPHS before it: "In August 2022 ... On August 20"
    reads 2022-08-20. None when no year is written there; a year after the date never counts,
    since the caller hands over only the text before it."""
    window = text[-YEAR_REACH:]
    breaks = list(_PARAGRAPH_BREAK.finditer(window))
    if len(breaks) > YEAR_PARAGRAPHS:
        window = window[breaks[-YEAR_PARAGRAPHS - 1].end() :]
    last: re.Match[str] | None = None
    for pattern in _WRITTEN_YEARS:
        for match in pattern.finditer(window):
            if last is None or match.start() > last.start():
                last = match
    if last is None:
        return None
    written = last.groupdict()
    month_text = written.get("month") or written.get("month2")
    month = None
    if month_text:
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
    return WrittenDate(
        year=int(last.group("year")),
        month=month if month is not None and 1 <= month <= 12 else None,
        looks_back=_LOOKING_BACK.search(window, last.end()) is not None,
    )


def text_before(document: Document, segment: Segment) -> str:
    """The running text just before ``segment`` where a year-less date in it may find its year:
    the YEAR_PARAGRAPHS segments before it, one paragraph each. A forum post, a comment or an
    aggregator snippet speaks for itself (the snippet above may be another outlet's, of another
    year), so it takes nothing from around it and gives nothing to the text after it."""
    if segment.kind in SEPARATE_VOICES:
        return ""
    paragraphs: list[str] = []
    earlier = sorted((s for s in document.segments if s.end <= segment.start),
                     key=lambda s: s.start, reverse=True)
    for other in earlier[:YEAR_PARAGRAPHS]:
        if other.kind in SEPARATE_VOICES:
            break
        paragraphs.append(" ".join(document.text[other.start : other.end].split()))
    return "".join(f"{paragraph}\n\n" for paragraph in reversed(paragraphs))


def _parse_iso(value: str) -> dt.date | None:
    match = _ISO.search(value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _phrase(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


def cue_modifiers(cue: Token, content: tuple[int, int]) -> list[Token]:
    """Prepositional and temporal modifiers of the cue outside its content (token indices)."""
    found: list[Token] = []
    stack = [cue]
    seen = {cue.i}
    while stack:
        head = stack.pop()
        for child in head.children:
            if child.i in seen or content[0] <= child.idx < content[1]:
                continue
            seen.add(child.i)
            if child.dep_ in {"prep", "npadvmod", "tmod", "advmod", "agent"}:
                found.append(child)
            elif child.dep_ in {"conj", "xcomp", "advcl"} and child.pos_ == "VERB":
                continue
    return found


def channel_of(
    cue: Token,
    content: tuple[int, int],
    addressee: Span | None,
    words: AttributionWords | None = None,
) -> str | None:
    """ "on Twitter", "in a statement", "in a readout", "told Bloomberg"."""
    words = words or attribution_words()
    platforms, channels = words.platforms, words.channels
    for modifier in cue_modifiers(cue, content):
        if modifier.dep_ != "prep" or modifier.lower_ not in {"on", "in", "via", "through"}:
            continue
        pobj = next((c for c in modifier.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        phrase = _phrase(pobj).lower()
        head = pobj.lemma_.lower()
        if phrase in platforms or head in platforms or pobj.lower_ in platforms:
            return pobj.text if pobj.pos_ == "PROPN" else _phrase(pobj)
        if head in channels or pobj.lower_ in channels:
            return _phrase(pobj)
    if addressee is not None and cue.lemma_.lower() in {"tell", "speak"}:
        root = addressee.root
        if root.ent_type_ == "ORG" or root.lower_ in platforms or _outlet(addressee.text):
            return addressee.text
    return None


def _outlet(name: str) -> bool:
    """A news outlet hearsay knows by name ("told Bloomberg", which the model reads as the
    person Bloomberg)."""
    folded = name.casefold()
    return folded.removeprefix("the ") in OutletLexicon.load().outlets


def occasion_of(
    cue: Token, content: tuple[int, int], words: AttributionWords | None = None
) -> tuple[str | None, Token | None]:
    """ "during a closed meeting with ... on July 2, 2025" and its head token."""
    occasions = (words or attribution_words()).occasions
    for modifier in cue_modifiers(cue, content):
        if modifier.dep_ != "prep" or modifier.lower_ not in {"during", "at", "on", "in", "after",
                                                               "before", "ahead"}:
            continue
        pobj = next((c for c in modifier.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if pobj.lemma_.lower() in occasions or pobj.lower_ in occasions:
            return cue.doc[modifier.i : modifier.right_edge.i + 1].text, modifier
    return None, None


def occasion_partner(preposition: Token) -> Span | None:
    """ "during a closed meeting with EU Foreign Minister Kaja Kallas": whom the meeting was
    with (the statement's likely addressee), without a trailing date."""
    for token in preposition.subtree:
        if token.dep_ == "prep" and token.lower_ == "with":
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if pobj is None:
                return None
            doc = pobj.doc
            start, end = pobj.left_edge.i, pobj.i + 1
            for child in pobj.children:
                if child.i > pobj.i and child.dep_ in {"appos", "compound", "flat"}:
                    end = max(end, child.right_edge.i + 1)
            return doc[start:end]
    return None


def date_of(
    cue: Token, content: tuple[int, int], published: str | None, before: str = "",
    text: str | None = None,
) -> str | None:
    """The date of the statement from DATE entities among the cue's modifiers (and the
    occasion's), e.g. "on Thursday", "on July 2, 2025".

    ``before``: the running text just before the cue's segment (:func:`text_before`). When the
    document has no date, a day or a month without a year takes its year from the date last
    written before it there or earlier in the segment ("In August 2022 ... On August 20, Li
    said"; see :meth:`WrittenDate.year_of` for the step into the next year). ``text``: the
    segment's text when the caller has it (spaCy rebuilds ``doc.text`` on every access)."""
    doc = cue.doc
    for modifier in cue_modifiers(cue, content):
        if modifier.dep_ == "prep" and modifier.lower_ in SPAN_BOUNDS:
            continue  # "has said since March 3": when a span began or ends, not when
        # Contiguous DATE-tagged tokens of the modifier (cheaper than Span.ents).
        words: list[Token] = []
        for token in doc[modifier.left_edge.i : modifier.right_edge.i + 1]:
            if token.ent_type_ == "DATE":
                words.append(token)
            elif words:
                break
        if not words:
            continue
        phrase = "".join(t.text_with_ws for t in words)
        resolved = resolve_date(phrase, published)
        if resolved is None and published is None:
            segment_text = doc.text if text is None else text
            written = date_written_before(before + segment_text[: words[0].idx])
            resolved = resolve_date(phrase, None, written) if written else None
        if resolved:
            return resolved
    return None


def carry_circumstances(found: list[Attribution]) -> None:
    """A statement that goes on with its speaker's statement before — cued "added" or
    "continued", or by the same verb again ("wrote on Twitter ... he wrote") — takes that
    statement's channel and date when it names none of its own (in place). Another speaker's
    statement in between ends the run, unless it holds this one ("According to the Duma, Li
    ...") or is held in the speaker's own words."""
    ordered = sorted((a for a in found if a.cue is not None), key=_cue_start)
    for index, attribution in enumerate(ordered):
        speaker, cue = attribution.speaker, attribution.cue
        if speaker is None or not speaker.entity_id or cue is None:
            continue
        run = _run_before(ordered, index, speaker.entity_id)
        wording = cue.text.casefold()
        if run and (wording in CONTINUING_CUES or any(
            a.cue is not None and a.cue.text.casefold() == wording for a in run
        )):
            attribution.channel = attribution.channel or run[0].channel
            attribution.date = attribution.date or run[0].date


def _run_before(ordered: list[Attribution], index: int, entity_id: str) -> list[Attribution]:
    """The speaker's statements just before ``ordered[index]``, nearest first, up to another
    speaker's or CARRY_REACH characters back."""
    current = ordered[index]
    own = [a for a in ordered[:index] if a.speaker and a.speaker.entity_id == entity_id]
    run: list[Attribution] = []
    for before in reversed(ordered[:index]):
        if _cue_start(current) - _cue_start(before) > CARRY_REACH:
            break
        if any(a is before for a in own):
            run.append(before)
            current = before
        elif not (_holds(before, current.content.start)
                  or any(_holds(a, _cue_start(before)) for a in own)):
            break
    return run


def _holds(attribution: Attribution, offset: int) -> bool:
    return attribution.content.start <= offset < attribution.content.end


def _cue_start(attribution: Attribution) -> int:
    return attribution.cue.start if attribution.cue is not None else attribution.content.start
