"""Articles (reports, analyses, assessments, statements): title, captions, datelines, body.

An article opens with a *preamble* — everything before the first paragraph of running text:
mastheads ("KNA | Kestravan News Agency"), labels ("PRESS RELEASE"), the headline, a byline,
date lines, a photo caption. The headline is the title-like line nearest to the running text
(skipping bylines, date lines, captions and mastheads) when it has a few words, else the
longest title-like line of the preamble. Later short heading-like lines head sections and are
``title`` segments too; the document's own title is the one ``article_segments`` reports.

Captions are found by a photo credit ("(Photo: X/Agency)", "X / Scanpix nuotrauka") or by
who-stands-where (", left,"); a line beside a caption that reads as part of it (the same
caption in another language, its English rendering without a final full stop) joins it.
A sentence-case line without a final full stop that describes a picture in the present tense
("presidents meet for talks ...") between two paragraphs is a caption as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from hearsay.dateline import find_dateline, published_line
from hearsay.layout import (
    Block,
    caption_cues,
    ends_sentence,
    foreign_letter_count,
    has_photo_credit,
    looks_like_heading,
    looks_like_title,
    relative_age,
)
from hearsay.models import Document, Segment, SegmentKind, content_id

# A paragraph's role; "age" lines ("4h") are metadata, never segments.
ArticleKind = Literal["title", "body", "caption", "dateline", "age"]

_BYLINE = re.compile(
    r"^By\s+(?P<author>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})"
    r"(?:\s*(?:,|\||·|—|-|and\b)\s*[^\n]{0,60})?$"
)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
_MASTHEAD = re.compile(r"\s[|·•]\s")
# How many leading paragraphs may open with a dateline.
DATELINE_WINDOW = 10


@dataclass
class ArticleLayout:
    kinds: list[ArticleKind]
    title_index: int | None
    authors: dict[int, str] = field(default_factory=dict)


def byline_author(text: str) -> str | None:
    m = _BYLINE.match(text.strip())
    return m.group("author") if m else None


def is_date_line(text: str) -> bool:
    """ "Published: 5 March 2027", "Updated 2 hours ago", a line that is only a date."""
    return bool(_UPDATED.match(text) and len(text) <= 80) or published_line(text) is not None


def _running_text(block: Block) -> bool:
    return (len(block.words) >= 15 and ends_sentence(block.text)) or bool(find_dateline(block.text))


def layout(document: Document, blocks: list[Block]) -> ArticleLayout:
    kinds: list[ArticleKind | None] = [None] * len(blocks)
    authors: dict[int, str] = {}
    for i, block in enumerate(blocks):
        text = block.text
        if relative_age(text):
            kinds[i] = "age"
        elif is_date_line(text):
            kinds[i] = "dateline"
        elif author := byline_author(text):
            kinds[i], authors[i] = "body", author
        elif _strong_caption(text):
            kinds[i] = "caption"
    preamble_end = next(
        (i for i, b in enumerate(blocks) if kinds[i] is None and _running_text(b)), len(blocks)
    )
    title_index = _choose_title(document, blocks, kinds, preamble_end)
    if title_index is not None:
        kinds[title_index] = "title"
    for i, block in enumerate(blocks):
        if kinds[i] is not None:
            continue
        after_title = title_index is not None and i > title_index
        heading = looks_like_heading(block.text) and not _MASTHEAD.search(block.text)
        # A heading heads something: the paragraph after it is running text.
        heads_text = i + 1 < len(blocks) and len(blocks[i + 1].words) >= 15
        if after_title and heading and heads_text:
            kinds[i] = "title"
        else:
            kinds[i] = "body"
    final: list[ArticleKind] = [k or "body" for k in kinds]
    _join_captions(blocks, final, title_index)
    return ArticleLayout(final, title_index, authors)


def _choose_title(
    document: Document,
    blocks: list[Block],
    kinds: list[ArticleKind | None],
    preamble_end: int,
) -> int | None:
    if document.title:
        for i, block in enumerate(blocks[: max(preamble_end, 1)]):
            if block.text == document.title.strip():
                return i
    candidates = [
        i
        for i in range(min(preamble_end, len(blocks)))
        if kinds[i] is None
        and looks_like_title(blocks[i].text)
        and not _MASTHEAD.search(blocks[i].text)
    ]
    if not candidates:
        return None
    nearest = candidates[-1]
    between = range(nearest + 1, preamble_end)
    if len(blocks[nearest].words) >= 4 and all(
        kinds[j] is not None or _MASTHEAD.search(blocks[j].text) for j in between
    ):
        return nearest
    return max(candidates, key=lambda i: (len(blocks[i].text), -i))


def _join_captions(blocks: list[Block], kinds: list[ArticleKind], title: int | None) -> None:
    changed = True
    while changed:
        changed = False
        for i, block in enumerate(blocks):
            if kinds[i] not in ("body", "title") or i == title:
                continue
            beside = [kinds[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
            if "caption" in beside and _caption_companion(block.text):
                kinds[i] = "caption"
                changed = True
    for i, block in enumerate(blocks):
        if kinds[i] == "body" and 0 < i < len(blocks) - 1 and _weak_caption(block.text):
            kinds[i] = "caption"


def _strong_caption(text: str) -> bool:
    """A caption by its credit or by who-stands-where (", left,"), not by wording alone."""
    cues = caption_cues(text)
    if not ({"photo credit", "who stands where"} & set(cues)):
        return False
    # A long paragraph of reporting that happens to end in "(Reuters)" is not a caption.
    return len(text) <= 400 and (not ends_sentence(text) or has_photo_credit(text))


def _caption_companion(text: str) -> bool:
    foreign = foreign_letter_count(text) >= 3
    if len(text) > 300 or (ends_sentence(text) and not foreign):
        return False
    return foreign or bool(caption_cues(text)) or len(text.split()) >= 6


def _weak_caption(text: str) -> bool:
    """A sentence-case picture description with no final full stop."""
    if len(text.split()) < 7 or looks_like_heading(text) or ends_sentence(text):
        return False
    return "present-tense picture description" in caption_cues(text)


def make_segment(
    document_id: str,
    kind: SegmentKind,
    start: int,
    end: int,
    outlet: str | None = None,
    author: str | None = None,
    relative_time: str | None = None,
) -> Segment:
    return Segment(
        id=content_id(document_id, kind, start, end),
        kind=kind,
        start=start,
        end=end,
        outlet=outlet,
        author=author,
        relative_time=relative_time,
    )


def article_segments(document: Document, blocks: list[Block]) -> tuple[list[Segment], int | None]:
    """The segments of an article and the index (into them) of the document's title."""
    plan = layout(document, blocks)
    segments: list[Segment] = []
    title_segment: int | None = None
    dateline_seen = False
    pending_age: str | None = None
    for block, kind in zip(blocks, plan.kinds, strict=True):
        if kind == "age":
            # An age line dates the paragraph above it (at the very top, the one below).
            if segments and segments[-1].relative_time is None:
                segments[-1].relative_time = relative_age(block.text)
            else:
                pending_age = relative_age(block.text)
            continue
        start = block.start
        if kind == "body" and not dateline_seen and block.index < DATELINE_WINDOW:
            dateline = find_dateline(block.text)
            if dateline:
                dateline_seen = True
                end = block.start + dateline.end
                segments.append(
                    make_segment(document.id, "dateline", block.start, end, outlet=dateline.agency)
                )
                start = block.start + dateline.body_start
        if block.index == plan.title_index:
            title_segment = len(segments)
        segments.append(
            make_segment(
                document.id,
                kind,
                start,
                block.end,
                author=plan.authors.get(block.index),
                relative_time=pending_age,
            )
        )
        pending_age = None
    return segments, title_segment
