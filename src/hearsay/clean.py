"""The clean stage: strip page chrome from a document and keep what was removed, with reasons.

HTML goes through trafilatura (forum comments kept), then the same line rules as text captures;
text captures go through the line rules of :mod:`hearsay.clean_rules` and the repeat rules of
:mod:`hearsay.clean_text`. Either way ``Document.text`` has one paragraph per line, and every
line dropped is in ``Document.removed`` so a user can see it.

Choices the later stages rely on:
- Relative ages alone on a line ("4h", "2 days ago") stay in ``text``: the segmenter attaches
  them to the aggregator snippet they belong to (``clean_rules.is_relative_age``).
- A lead repeated after a dateline keeps the dateline copy, so the date survives in ``text``.
- For HTML with a comment section, ``Document.comments_start`` is the offset in ``text`` where
  the comments begin (the segmenter splits them into comment segments).
"""

from __future__ import annotations

import logging

from hearsay.boilerplate import load_lexicon
from hearsay.clean_html import clean_html
from hearsay.clean_text import clean_text
from hearsay.errors import SkipDocument
from hearsay.ingest_formats import looks_like_html
from hearsay.models import Document
from hearsay.settings import Settings

logger = logging.getLogger(__name__)


def clean(document: Document, settings: Settings | None = None) -> Document:
    """A copy of ``document`` with cleaned ``text``, ``removed`` lines and page metadata.

    Raises SkipDocument when nothing readable is left (an empty or broken page).
    """
    lexicon = load_lexicon(settings.boilerplate_files if settings else ())
    if _is_html(document):
        page = clean_html(document.raw, lexicon, url=document.url)
        update = {
            "text": page.text,
            "removed": page.removed,
            "comments_start": page.comments_start,
            "clean_method": page.method,
            "title": document.title or page.title,
            "published": document.published or page.published,
            "source": document.source or page.source,
            "url": document.url or page.url,
        }
    else:
        text, removed = clean_text(document.raw, lexicon)
        update = {"text": text, "removed": removed, "clean_method": "line rules"}
    if not str(update["text"]).strip():
        raise SkipDocument("no text left after cleaning (the page holds only chrome or is empty)")
    return document.model_copy(update=update)


def _is_html(document: Document) -> bool:
    if document.format == "html":
        return True
    # JSONL and WARC records are sniffed by ingest; a raw record is judged by its content here.
    return document.format in ("jsonl", "warc") and looks_like_html(document.raw)
