"""The visible text of an HTML page, one line per block element, without trafilatura.

Used three ways: to list what trafilatura dropped (so a user can see it), as the fallback when
trafilatura finds nothing in broken HTML, and as the text of listing pages, where the content is
the whole run of items that trafilatura tends to cut down to one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Never visible.
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object",
                  "canvas", "map")
# Page furniture around the content of a listing or collection page.
CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "button", "select", "dialog")
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1",
        "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead",
        "tbody", "tfoot", "tr", "caption", "blockquote", "pre", "form", "figure",
        "figcaption", "address", "hr", "details", "summary", "fieldset", "legend", "center"
    }
)
_CELL_TAGS = frozenset(("td", "th"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000\r\f\v]+")
_INVISIBLE_CHARS = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def parse_html(html: str) -> HtmlElement | None:
    """lxml's lenient parse of a page, or None when nothing can be made of it."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        # ValueError: a str with an XML encoding declaration; retry without it.
        try:
            return lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
        except (ParserError, ValueError):
            return None


def drop_subtrees(root: HtmlElement, tags: tuple[str, ...]) -> None:
    """Remove every ``tags`` element (with its content) under ``root``, keeping tails."""
    for element in root.xpath("|".join(f".//{tag}" for tag in tags)) if tags else ():
        if element.getparent() is not None:
            element.drop_tree()


def visible_lines(root: HtmlElement, drop: tuple[str, ...] = INVISIBLE_TAGS) -> list[str]:
    """The page's visible text, one line per block element, with ``drop`` subtrees left out.

    ``root`` is changed (the dropped subtrees are removed); pass a copy to keep it.
    """
    return [line for line, _ in located_lines(root, drop)]


def located_lines(root: HtmlElement, drop: tuple[str, ...] = INVISIBLE_TAGS
                  ) -> list[tuple[str, int | None]]:
    """:func:`visible_lines`, each with the source line of the element its text starts in."""
    from lxml import etree

    drop_subtrees(root, drop)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return _lines(root, ())


def element_lines(root: HtmlElement, skip: tuple[str, ...] = INVISIBLE_TAGS) -> list[str]:
    """The visible text under ``root``, one line per block element, ``skip`` subtrees left out.

    Unlike :func:`visible_lines` this leaves ``root`` as it was.
    """
    return [line for line, _ in _lines(root, skip)]


def _lines(root: HtmlElement, skip: tuple[str, ...]) -> list[tuple[str, int | None]]:
    from lxml import etree

    pieces: list[tuple[str, int | None]] = []
    walk = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        tag = element.tag if isinstance(element.tag, str) else ""
        at = element.sourceline
        if event in ("comment", "pi"):
            if element.tail and element is not root:
                pieces.append((element.tail, at))  # an HTML comment is invisible, its tail not
            continue
        if event == "start":
            if tag in skip:
                walk.skip_subtree()  # the end event still comes and adds the tail
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                pieces.append(("\n", at))
            elif tag in _CELL_TAGS:
                pieces.append((" ", at))
            if element.text:
                pieces.append((element.text, at))
        else:
            if tag in _BLOCK_TAGS:
                pieces.append(("\n", at))
            if element.tail and element is not root:
                pieces.append((element.tail, at))
    return _join_pieces(pieces)


def _join_pieces(pieces: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """Lines from text pieces, each with the source line of its first visible piece."""
    lines: list[tuple[str, int | None]] = []
    current: list[str] = []
    first: int | None = None

    def close() -> None:
        line = _SPACES.sub(" ", _INVISIBLE_CHARS.sub("", "".join(current))).strip()
        if line:
            lines.append((line, first))

    for text, at in pieces:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i > 0:
                close()
                current, first = [], None
            if first is None and part.strip():
                first = at
            current.append(part)
    close()
    return lines


def page_lines(html: str) -> list[str]:
    """All visible lines of a page (menus included), or [] when it cannot be parsed."""
    root = parse_html(html)
    return visible_lines(root) if root is not None else []
