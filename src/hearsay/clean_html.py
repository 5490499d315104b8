"""Cleaning an HTML page: trafilatura for articles and threads, the page's own text for listings.

trafilatura finds the one main block of an article well, but on a listing page (a news index,
a collection of products or courses) it keeps one item of many, and on some forum threads only
the first post. So the page is first judged by shape (:func:`hearsay.page_shape.page_kind`):
for a listing, or a thread where trafilatura kept too little, the text is the visible text of
the page's content region (``<main>``, else the body without header, footer, menus and forms);
otherwise it is trafilatura's main text, then its comment section (``comments_start``).
The same line rules as for text captures then drop leftover chrome ("Share", "Read more").
Every visible line of the page that did not make it into the text is listed as removed.
Measured on WCXB with ``bench/extract.py``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from hearsay.boilerplate import Lexicon
from hearsay.clean_text import clean_text, normalise_line, repeat_key
from hearsay.html_comments import post_headers, with_post_headers
from hearsay.html_text import parse_html, visible_lines
from hearsay.models import RemovedLine
from hearsay.page_shape import Region, content_region, forum_url, page_kind

logger = logging.getLogger(__name__)

# Removed-line lists stop here on huge pages; the rest is summarised in one entry.
MAX_REMOVED_LINES = 400
# A text gets comment headers only when at least this many of its posts were found.
MIN_THREAD_HEADERS = 2


@dataclass
class PageText:
    """What cleaning made of one page."""

    text: str
    removed: list[RemovedLine] = field(default_factory=list)
    comments_start: int | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    method: str = "trafilatura"


@dataclass
class _Trafilatura:
    main: str = ""
    comments: str = ""
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


def clean_html(html: str, lexicon: Lexicon, url: str | None = None) -> PageText:
    """The cleaned text of a page; empty ``text`` when nothing readable is in it."""
    root = parse_html(html)
    region = content_region(root) if root is not None else Region()
    found = _run_trafilatura(html, url)
    kind = page_kind(url or found.url, region, f"{found.main}\n{found.comments}")
    comments_start: int | None = None
    # Listing items carry bylines too, but they are not posts of a thread (a thread of short
    # posts can read as a listing by its shape: its address tells).
    threaded = kind != "listing" or forum_url(url or found.url)
    posts = post_headers(root) if root is not None and threaded else []
    if kind != "article" or not found.main.strip():
        method = f"page text ({kind} page)" if found.main.strip() else "page text (fallback)"
        thread = with_post_headers([region.lines], posts, (MIN_THREAD_HEADERS,))
        text, removed = clean_text("\n".join(thread.parts[0]), lexicon)
    else:
        method = "trafilatura"
        # Headers go into the main text only when it holds a thread (two posts or more): one
        # author element beside an article is its byline. Every comment gets its header.
        thread = with_post_headers([found.main.split("\n"), found.comments.split("\n")],
                                   posts, (MIN_THREAD_HEADERS, 1))
        text, removed = clean_text("\n".join(thread.parts[0]), lexicon)
        comments, removed_comments = clean_text("\n".join(thread.parts[1]), lexicon)
        removed += removed_comments
        if comments:
            comments_start = len(text) + 2 if text else 0
            text = f"{text}\n\n{comments}" if text else comments
    replaced = [
        RemovedLine(text=normalise_line(line), reason=f"comment header (written as “{header}”)")
        for _, line, header in thread.replaced
    ]
    removed = replaced + removed
    if root is not None:
        listed = {repeat_key(line.text) for line in removed}
        removed = _dropped_page_lines(visible_lines(root), text, listed) + removed
    return PageText(text=text, removed=removed, comments_start=comments_start,
                    title=found.title, published=found.published, source=found.source,
                    url=found.url, method=method)


def _run_trafilatura(html: str, url: str | None) -> _Trafilatura:
    import trafilatura

    try:
        found = trafilatura.bare_extraction(html, url=url, include_comments=True,
                                            with_metadata=True)
    except Exception:  # trafilatura on hostile markup: fall back to the page text
        logger.warning("trafilatura failed on %s; using the page text", url or "a page",
                       exc_info=True)
        return _Trafilatura()
    if found is None:
        return _Trafilatura()
    return _Trafilatura(
        main=getattr(found, "text", None) or "",
        comments=getattr(found, "comments", None) or "",
        title=getattr(found, "title", None) or None,
        published=getattr(found, "date", None) or None,
        source=getattr(found, "sitename", None) or None,
        url=getattr(found, "url", None) or None,
    )


def _dropped_page_lines(page: list[str], text: str, listed: set[str]) -> list[RemovedLine]:
    """Visible lines of the page that are nowhere in the cleaned text (nor already listed)."""
    kept = repeat_key(text)
    seen = set(listed)
    dropped: list[RemovedLine] = []
    for line in page:
        key = repeat_key(line)
        if key in seen or key in kept:
            continue
        seen.add(key)
        dropped.append(RemovedLine(text=line, reason="html boilerplate"))
    if len(dropped) > MAX_REMOVED_LINES:
        extra = len(dropped) - MAX_REMOVED_LINES
        dropped = dropped[:MAX_REMOVED_LINES]
        dropped.append(RemovedLine(text=f"... and {extra} more lines",
                                   reason="html boilerplate"))
    return dropped
