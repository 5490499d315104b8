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
import re
from dataclasses import dataclass, field

from hearsay.boilerplate import Lexicon
from hearsay.clean_text import clean_text, normalise_line, repeat_key
from hearsay.html_comments import post_headers, with_post_headers
from hearsay.html_text import located_lines, parse_html
from hearsay.models import RemovedLine
from hearsay.page_shape import Region, content_region, forum_url, page_kind

logger = logging.getLogger(__name__)

# Removed-line lists stop here on huge pages; the rest is summarised in one entry.
MAX_REMOVED_LINES = 400
# A removed line's characters are looked for this far after the source line it starts on.
_SOURCE_WINDOW = 5000
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
        removed = _in_text(removed, 0)
    else:
        method = "trafilatura"
        # Headers go into the main text only when it holds a thread (two posts or more): one
        # author element beside an article is its byline. Every comment gets its header.
        thread = with_post_headers([found.main.split("\n"), found.comments.split("\n")],
                                   posts, (MIN_THREAD_HEADERS, 1))
        text, removed = clean_text("\n".join(thread.parts[0]), lexicon)
        removed = _in_text(removed, 0)
        comments, removed_comments = clean_text("\n".join(thread.parts[1]), lexicon)
        if comments:
            comments_start = len(text) + 2 if text else 0
            text = f"{text}\n\n{comments}" if text else comments
        removed += _in_text(removed_comments, comments_start or len(text))
    removed = _replaced_by_headers(thread.replaced, text) + removed
    if root is not None:
        page = located_lines(root)
        listed = {repeat_key(line.text) for line in removed}
        removed = _dropped_page_lines(page, text, listed) + removed
        _place_in_page(removed, page, html, text)
    return PageText(text=text, removed=removed, comments_start=comments_start,
                    title=found.title, published=found.published, source=found.source,
                    url=found.url, method=method)


def _replaced_by_headers(replaced: list[tuple[int, str, str]], text: str) -> list[RemovedLine]:
    """The author cards a written header replaced, each placed where its header stands."""
    lines: list[RemovedLine] = []
    cursor, last_header = 0, None
    for _, line, header in replaced:
        if header != last_header:
            found = text.find(header, cursor)
            cursor = found + 1 if found != -1 else cursor
            last_header = header
        lines.append(RemovedLine(
            text=normalise_line(line), reason=f"comment header (written as “{header}”)",
            text_offset=cursor - 1 if cursor > 0 else None,
        ))
    return lines


def _in_text(removed: list[RemovedLine], shift: int) -> list[RemovedLine]:
    """Lines removed from trafilatura's text: their raw places point into that text, not the
    page (they are found again by :func:`_place_in_page`); text offsets move by ``shift``."""
    return [
        line.model_copy(update={
            "raw_start": None, "raw_end": None, "raw_line": None,
            "text_offset": None if line.text_offset is None else line.text_offset + shift,
        })
        for line in removed
    ]


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


def _dropped_page_lines(page: list[tuple[str, int | None]], text: str, listed: set[str]
                        ) -> list[RemovedLine]:
    """Visible lines of the page that are nowhere in the cleaned text (nor already listed),
    each placed before the kept line that follows it on the page."""
    kept = repeat_key(text)
    places = _TextLines(text)
    seen = set(listed)
    dropped: list[RemovedLine] = []
    for line, source_line in page:
        key = repeat_key(line)
        if places.advance_past(key) or key in seen or key in kept:
            continue
        seen.add(key)
        dropped.append(RemovedLine(text=line, reason="html boilerplate", raw_line=source_line,
                                   text_offset=places.offset))
    if len(dropped) > MAX_REMOVED_LINES:
        extra = len(dropped) - MAX_REMOVED_LINES
        dropped = dropped[:MAX_REMOVED_LINES]
        dropped.append(RemovedLine(text=f"... and {extra} more lines",
                                   reason="html boilerplate"))
    return dropped


class _TextLines:
    """The cleaned text's lines, walked in page order to place what was dropped between them."""

    LOOKAHEAD = 30

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.keys: list[str] = []
        position = 0
        for line in text.split("\n"):
            self.starts.append(position)
            self.keys.append(repeat_key(line))
            position += len(line) + 1
        self.size = len(text)
        self.next = 0  # index of the first text line not yet met on the page

    @property
    def offset(self) -> int:
        """Where a line dropped here stands: at the start of the next kept line."""
        return self.starts[self.next] if self.next < len(self.starts) else self.size

    def advance_past(self, key: str) -> bool:
        """Whether a page line with this key is one of the next kept lines (then step past)."""
        if not key:
            return False
        for i in range(self.next, min(self.next + self.LOOKAHEAD, len(self.keys))):
            if key == self.keys[i] or (len(key) >= 20 and key in self.keys[i]):
                self.next = i + 1
                return True
        return False


def _place_in_page(removed: list[RemovedLine], page: list[tuple[str, int | None]], html: str,
                   text: str) -> None:
    """Fill in where each removed line is in the page source (its line, and its characters when
    the source holds the text as shown) and, if still unknown, in the cleaned text."""
    source_lines: dict[str, list[int]] = {}
    for line, source_line in page:
        if source_line is not None:
            source_lines.setdefault(repeat_key(line), []).append(source_line)
    line_starts = [0, *(m.end() for m in re.finditer("\n", html))]
    for dropped in removed:
        if dropped.raw_line is None:
            found = source_lines.get(repeat_key(dropped.text))
            dropped.raw_line = found.pop(0) if found else None
        if dropped.raw_line is not None and dropped.raw_line <= len(line_starts) and dropped.text:
            start = line_starts[dropped.raw_line - 1]
            at = html.find(dropped.text, start, start + _SOURCE_WINDOW)
            if at != -1:
                dropped.raw_start, dropped.raw_end = at, at + len(dropped.text)
        if dropped.text_offset is None:
            dropped.text_offset = len(text)
