"""What kind of page an HTML capture is (article, forum thread, listing), judged by its shape.

The judgement decides which text of the page hearsay keeps (see :mod:`hearsay.clean_html`):
trafilatura's main block for an article, the whole content region for a listing, where
trafilatura tends to keep one item of many and drop the item headlines.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hearsay.html_text import CHROME_TAGS, INVISIBLE_TAGS, drop_subtrees, visible_lines

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# A listing: trafilatura kept less than this share of the words of the page's content region...
LISTING_SHARE = 0.5
# ... or the region is mostly a run of similar items and trafilatura lost most item headlines.
ITEMS_SHARE = 0.3
ITEM_HEADLINES_KEPT = 0.5
MIN_ITEMS = 4
# A forum thread where trafilatura kept less than this share probably lost the replies.
THREAD_SHARE = 0.3
_FORUM_URL = re.compile(
    r"forum|thread|topic|/t/|/questions?/|discussion|community|/comments/|/r/|viewtopic"
    r"|showthread|/boards?/|/discuss|answers|/q/",
    re.I,
)
_ARTICLE_SCHEMA = re.compile(r"NewsArticle|\"Article\"|BlogPosting|schema\.org/Article\b")
_MAIN_DROP = (*INVISIBLE_TAGS, "nav", "form", "button", "select", "dialog")
_HEADLINE_PATH = ".//h1|.//h2|.//h3|.//h4|.//h5|.//a"
_WORD = re.compile(r"\w+")


@dataclass
class Region:
    """The content region of a page: its lines, and the headlines of a run of similar items."""

    lines: list[str] = field(default_factory=list)
    item_headlines: list[str] = field(default_factory=list)
    item_words: int = 0
    declares_article: bool = False

    @property
    def words(self) -> int:
        return sum(count_words(line) for line in self.lines)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def content_region(root: HtmlElement) -> Region:
    """``<main>`` without menus and forms, else the body without header, footer and sidebars.

    ``root`` is left as it was.
    """
    declared = " ".join(root.xpath('//script[@type="application/ld+json"]/text()|//@itemtype'))
    for node, drop in _region_candidates(root):
        region = copy.deepcopy(node)
        drop_subtrees(region, drop)
        headlines, item_words = _repeated_items(region)
        lines = visible_lines(region, ())
        if lines:
            return Region(lines, headlines, item_words, bool(_ARTICLE_SCHEMA.search(declared)))
    return Region(declares_article=bool(_ARTICLE_SCHEMA.search(declared)))


def _region_candidates(root: HtmlElement) -> list[tuple[HtmlElement, tuple[str, ...]]]:
    main = root.xpath('//main|//*[@role="main"]')
    candidates = [(main[0], _MAIN_DROP)] if main else []
    return [*candidates, (root, INVISIBLE_TAGS + CHROME_TAGS)]


def _repeated_items(region: HtmlElement) -> tuple[list[str], int]:
    """The headlines of the largest run of 4+ sibling elements of one tag and class."""
    best: tuple[int, list[HtmlElement]] = (0, [])
    for parent in region.iter():
        if not isinstance(parent.tag, str):
            continue
        groups: dict[tuple[str, str | None], list[HtmlElement]] = defaultdict(list)
        for child in parent:
            if isinstance(child.tag, str):
                groups[(child.tag, child.get("class"))].append(child)
        for items in groups.values():
            if len(items) >= MIN_ITEMS:
                size = sum(count_words(" ".join(item.itertext())) for item in items)
                if size > best[0]:
                    best = (size, items)
    headlines = [h for h in (_headline(item) for item in best[1]) if h]
    if len(headlines) < MIN_ITEMS:
        return [], 0
    return headlines, best[0]


def _headline(item: HtmlElement) -> str | None:
    """An item's first heading or link of three words or more."""
    for element in item.xpath(_HEADLINE_PATH):
        text = " ".join(" ".join(element.itertext()).split())
        if len(text.split()) >= 3:
            return text
    return None


def forum_url(url: str | None) -> bool:
    """The address reads as a thread's ("/t/", "viewtopic", "/threads/", "/questions/")."""
    return bool(url and _FORUM_URL.search(url))


def page_kind(url: str | None, region: Region, kept_text: str) -> str:
    """"article", "forum" or "listing", given the text trafilatura kept of the page."""
    region_words = region.words
    share = count_words(kept_text) / region_words if region_words else 1.0
    if forum_url(url):
        return "forum" if share < THREAD_SHARE else "article"
    if region.declares_article:
        return "article"
    if share < LISTING_SHARE:
        return "listing"
    if region.item_headlines and region.item_words >= ITEMS_SHARE * region_words:
        flat = " ".join(kept_text.split())
        kept = sum(" ".join(h.split()) in flat for h in region.item_headlines)
        if kept < ITEM_HEADLINES_KEPT * len(region.item_headlines):
            return "listing"
    return "article"
