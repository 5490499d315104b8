"""The segment stage: a document's genre, with the evidence, and its segments.

``segment(document)`` reads the cleaned text as paragraphs (``layout.blocks_of``), decides the
genre (``genre.classify``) and cuts segments the way that genre is laid out:

- forum_thread → the post, then one ``comment`` per reply (``forum.forum_segments``);
- aggregator_digest → one ``snippet`` per result with its outlet, aggregator and age
  (``aggregator.aggregator_segments``);
- every other genre → an article: the ``title`` (the first line when it reads as a headline),
  ``caption``s, a ``dateline`` cut from the paragraph it opens, and ``body`` paragraphs.
  Section headings inside an article are ``title`` segments too: the first title segment is
  the document's title, later ones head their sections. Keeping headings out of ``body`` keeps
  rhetorical headings ("Bad news for China?") from being read as claims.

Every segment's ``text[start:end]`` is exactly its text, stripped. Relative ages alone on a
line ("4h") are metadata: never inside a segment, attached as ``relative_time``. The stage
also fills ``title`` and ``published`` (with ``published_evidence``) when the document has
none. It never raises on odd input: if a layout rule fails, the document falls back to one
body segment per paragraph and the evidence says so.
"""

from __future__ import annotations

import logging
from typing import Literal

from hearsay.aggregator import OutletLexicon, aggregator_segments
from hearsay.dateline import find_dateline, published_line, resolve_date
from hearsay.forum import forum_segments
from hearsay.genre import GenreRules, classify
from hearsay.layout import (
    Block,
    blocks_of,
    caption_cues,
    ends_sentence,
    foreign_letter_count,
    has_photo_credit,
    looks_like_heading,
    looks_like_title,
    relative_age,
)
from hearsay.models import Document, Segment, SegmentKind, content_id
from hearsay.settings import Settings

logger = logging.getLogger(__name__)

# An article paragraph's role; "age" lines ("4h") are metadata, not segments.
ArticleKind = Literal["title", "body", "caption", "age"]

# How many leading paragraphs may hold a dateline or a "Published:" line.
_DATELINE_WINDOW = 6
_PUBLISHED_WINDOW = 8


def segment(document: Document, settings: Settings | None = None) -> Document:
    """A copy of ``document`` with genre, genre evidence, segments, title and date filled in."""
    settings = settings or Settings()
    result = document.model_copy(deep=True)
    text = result.text
    if not text.strip():
        result.genre, result.genre_evidence, result.segments = "other", ["empty text"], []
        return result
    rules = GenreRules.load(tuple(settings.extra.get("genre_files", ())))
    outlets = OutletLexicon.load(tuple(settings.extra.get("outlets_files", ())))
    blocks = blocks_of(text)
    verdict = classify(result, blocks, rules, outlets)
    result.genre, result.genre_evidence = verdict.genre, verdict.evidence
    try:
        if verdict.genre == "forum_thread":
            segments = forum_segments(result.id, blocks)
        elif verdict.genre == "aggregator_digest":
            segments = aggregator_segments(result.id, blocks, outlets)
        else:
            segments = article_segments(result, blocks)
    except Exception as exc:  # a layout rule tripped on odd input: keep the text, say so
        logger.warning(
            "segmenting %s by layout failed (%s); one segment per paragraph",
            result.source_path,
            exc,
        )
        result.genre_evidence.append(f"layout rules failed ({exc}); one segment per paragraph")
        segments = [
            _make(result.id, "body", b.start, b.end) for b in blocks if not relative_age(b.text)
        ]
    result.segments = sorted(segments, key=lambda s: s.start)
    if result.title is None:
        title = next((s for s in result.segments if s.kind == "title"), None)
        if title is not None and title.start == result.segments[0].start:
            result.title = text[title.start : title.end]
    if result.published is None:
        _date_document(result, blocks)
    return result


def _make(
    document_id: str,
    kind: SegmentKind,
    start: int,
    end: int,
    outlet: str | None = None,
    relative_time: str | None = None,
) -> Segment:
    return Segment(
        id=content_id(document_id, kind, start, end),
        kind=kind,
        start=start,
        end=end,
        outlet=outlet,
        relative_time=relative_time,
    )


def article_segments(document: Document, blocks: list[Block]) -> list[Segment]:
    """Title, captions, dateline and body paragraphs of a report, analysis or statement."""
    kinds = _article_kinds(document, blocks)
    segments: list[Segment] = []
    dateline_seen = False
    pending_age: str | None = None
    for block, kind in zip(blocks, kinds, strict=True):
        if kind == "age":
            # An age line dates the paragraph it sits under (or, at the top, the one below).
            if segments and segments[-1].relative_time is None:
                segments[-1].relative_time = relative_age(block.text)
            else:
                pending_age = relative_age(block.text)
            continue
        start = block.start
        if kind == "body" and not dateline_seen and block.index < _DATELINE_WINDOW:
            dateline = find_dateline(block.text)
            if dateline:
                dateline_seen = True
                segments.append(
                    _make(
                        document.id,
                        "dateline",
                        block.start,
                        block.start + dateline.end,
                        outlet=dateline.agency,
                    )
                )
                start = block.start + dateline.body_start
        segments.append(_make(document.id, kind, start, block.end, relative_time=pending_age))
        pending_age = None
    return segments


def _article_kinds(document: Document, blocks: list[Block]) -> list[ArticleKind]:
    kinds: list[ArticleKind] = []
    for i, block in enumerate(blocks):
        text = block.text
        if relative_age(text):
            kinds.append("age")
        elif i == 0 and (looks_like_title(text) or text == document.title):
            kinds.append("title")
        elif _strong_caption(text):
            kinds.append("caption")
        elif 0 < i < len(blocks) - 1 and looks_like_heading(text):
            kinds.append("title")
        else:
            kinds.append("body")
    # Second pass: lines next to a caption that read as part of it (a caption in another
    # language, or its English rendering without a final full stop) are captions too.
    changed = True
    while changed:
        changed = False
        for i, block in enumerate(blocks):
            if kinds[i] not in ("body", "title") or i == 0:
                continue
            beside = [kinds[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
            if "caption" in beside and _caption_companion(block.text):
                kinds[i] = "caption"
                changed = True
    for i, block in enumerate(blocks):
        if kinds[i] == "body" and _weak_caption(block.text) and 0 < i < len(blocks) - 1:
            kinds[i] = "caption"
    return kinds


def _strong_caption(text: str) -> bool:
    """A caption by its credit or by who-stands-where (",left,"), not by wording alone."""
    cues = caption_cues(text)
    if not ({"photo credit", "who stands where"} & set(cues)):
        return False
    # A long paragraph of reporting that happens to end in "(Reuters)" is not a caption.
    return len(text) <= 400 and (not ends_sentence(text) or has_photo_credit(text))


def _caption_companion(text: str) -> bool:
    if len(text) > 300 or ends_sentence(text) and not foreign_letter_count(text) >= 3:
        return False
    return foreign_letter_count(text) >= 3 or bool(caption_cues(text)) or len(text.split()) >= 6


def _weak_caption(text: str) -> bool:
    """A sentence-case picture description between paragraphs, with no final full stop."""
    words = text.split()
    if len(words) < 7 or looks_like_heading(text) or ends_sentence(text):
        return False
    return "present-tense picture description" in caption_cues(text)


def _date_document(document: Document, blocks: list[Block]) -> None:
    """Fill ``published`` from a "Published:" line, else from the dateline, else removed lines."""
    for block in blocks[:_PUBLISHED_WINDOW]:
        found = published_line(block.text)
        if found:
            document.published = found.value.isoformat()
            document.published_evidence = found.text
            return
    dateline_segment = next((s for s in document.segments if s.kind == "dateline"), None)
    if dateline_segment is not None:
        text = document.text
        dateline_text = text[dateline_segment.start : dateline_segment.end]
        dateline = find_dateline(text[dateline_segment.start :])
        if dateline and dateline.date_text:
            context = text[: dateline_segment.start] + " " + text[dateline_segment.end :]
            resolved = resolve_date(dateline.date_text, context)
            if resolved:
                value, note = resolved
                document.published = value.isoformat()
                document.published_evidence = dateline_text + (f" [{note}]" if note else "")
                return
    for line in document.removed:
        found = published_line(line.text)
        if found:
            document.published = found.value.isoformat()
            document.published_evidence = f"{found.text} [removed line]"
            return
