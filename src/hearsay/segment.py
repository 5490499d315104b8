"""The segment stage: a document's genre, with the evidence, and its segments.

``segment(document)`` reads the cleaned text as paragraphs (``layout.blocks_of``), decides the
genre (``genre.classify``) and cuts segments the way that genre is laid out:

- forum_thread → the post, then one ``comment`` per reply (``forum.forum_segments``);
- a page with a comment section (``Document.comments_start``) → its genre is read from the
  text above the comments, which is cut as that genre is; every reply below is a ``comment``
  (``forum.comment_segments``). Only when the text above reads as a thread's opening post
  (or as no genre at all) is the whole page a forum thread;
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
none: a "Published: 5 March 2027" line near the top first, then the dateline (its year, if
missing, read from the document's other dates), then a date line cleaning removed. It never
raises on odd input: if a layout rule fails, the document falls back to one body segment per
paragraph and the evidence says so.

Settings (optional; the pipeline may call ``segment(document)`` alone): ``genre_files``
and ``outlets_files`` add the user's JSON files to ``data/genre.json`` (genre rules)
and ``data/outlets.json`` (outlet and aggregator names).
"""

from __future__ import annotations

import logging

from hearsay.aggregator import OutletLexicon, aggregator_segments
from hearsay.article import article_segments, make_segment
from hearsay.dateline import find_dateline, published_line, resolve_date
from hearsay.forum import comment_segments, forum_segments
from hearsay.genre import GenreRules, GenreVerdict, classify
from hearsay.layout import Block, blocks_of, relative_age
from hearsay.models import Document, RemovedLine
from hearsay.settings import Settings

logger = logging.getLogger(__name__)

# How many leading paragraphs may hold a "Published:" line.
_PUBLISHED_WINDOW = 8


def segment(document: Document, settings: Settings | None = None) -> Document:
    """A copy of ``document`` with genre, genre evidence, segments, title and date filled in."""
    settings = settings or Settings()
    result = document.model_copy(deep=True)
    text = result.text
    if not text.strip():
        result.genre, result.genre_evidence, result.segments = "other", ["empty text"], []
        return result
    rules = GenreRules.load(settings.genre_files)
    outlets = OutletLexicon.load(settings.outlets_files)
    blocks = blocks_of(text)
    verdict, comment_blocks = _genre_of(result, blocks, rules, outlets)
    result.genre, result.genre_evidence = verdict.genre, verdict.evidence
    try:
        main_blocks = blocks[: len(blocks) - len(comment_blocks)]
        if verdict.genre == "forum_thread":
            segments = forum_segments(result.id, blocks)
        elif verdict.genre == "aggregator_digest":
            segments = aggregator_segments(result.id, main_blocks, outlets)
        else:
            segments, title_at = article_segments(result, main_blocks)
            if result.title is None and title_at is not None:
                title = segments[title_at]
                result.title = text[title.start : title.end]
        if comment_blocks and verdict.genre != "forum_thread":
            segments += comment_segments(result.id, comment_blocks)
    except Exception as exc:  # a layout rule tripped on odd input: keep the text, say so
        logger.warning(
            "segmenting %s by layout failed (%s); one segment per paragraph",
            result.source_path,
            exc,
        )
        result.genre_evidence.append(f"layout rules failed ({exc}); one segment per paragraph")
        segments = [
            make_segment(result.id, "body", b.start, b.end)
            for b in blocks
            if not relative_age(b.text)
        ]
    result.segments = sorted(segments, key=lambda s: s.start)
    if result.title is None and result.segments and result.segments[0].kind == "title":
        first = result.segments[0]  # a forum thread's or a digest's heading
        result.title = text[first.start : first.end]
    if result.published is None:
        _date_document(result, blocks)
    return result


def _genre_of(
    document: Document, blocks: list[Block], rules: GenreRules, outlets: OutletLexicon
) -> tuple[GenreVerdict, list[Block]]:
    """The genre, and the comment section's paragraphs when it is read apart from the page.

    A page with a comment section (``comments_start``, set by clean) is judged by the part
    above it: a news report does not become a forum thread because readers argue under it.
    When that part reads as a thread's opening post (or as nothing in particular), the page
    is a thread and is judged whole, as before.
    """
    start = document.comments_start
    if start is None or start <= 0:
        return classify(document, blocks, rules, outlets), []
    above = [b for b in blocks if b.start < start]
    comments = blocks[len(above) :]
    if not above or not comments:
        return classify(document, blocks, rules, outlets), []
    page_part = document.model_copy(
        update={"removed": [r for r in document.removed if _stood_above(r, start)]}
    )
    verdict = classify(page_part, above, rules, outlets)
    if verdict.genre in ("forum_thread", "other"):
        return classify(document, blocks, rules, outlets), []
    verdict.evidence.append(
        f"read from the text above the comment section ({len(comments)} paragraphs of "
        "comments are kept as comment segments)"
    )
    return verdict, comments


def _stood_above(line: RemovedLine, comments_start: int) -> bool:
    """A removed line placed before the comment section (unplaced lines count as the page's)."""
    return line.text_offset is None or line.text_offset < comments_start


def _date_document(document: Document, blocks: list[Block]) -> None:
    """Fill ``published`` from a "Published:" line, else from the dateline, else removed lines."""
    for block in blocks[:_PUBLISHED_WINDOW]:
        found = published_line(block.text)
        if found:
            document.published = found.value.isoformat()
            document.published_evidence = found.text
            return
    text = document.text
    for dateline_segment in (s for s in document.segments if s.kind == "dateline"):
        dateline = find_dateline(text[dateline_segment.start :])
        if not dateline or not dateline.date_text:
            continue
        context = text[: dateline_segment.start] + " " + text[dateline_segment.end :]
        resolved = resolve_date(dateline.date_text, context)
        if resolved:
            value, note = resolved
            document.published = value.isoformat()
            evidence = text[dateline_segment.start : dateline_segment.end]
            document.published_evidence = evidence + (f" [{note}]" if note else "")
            return
    for line in document.removed:
        found = published_line(line.text)
        if found:
            document.published = found.value.isoformat()
            document.published_evidence = f"{found.text} [removed line]"
            return
