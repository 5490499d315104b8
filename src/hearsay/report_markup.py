"""Laying overlapping spans over a text as properly nested HTML.

Spans over a document's text (segments, entity mentions, quotes with their speaker, cue,
hedges and chain, claim mentions, contradiction sides) overlap freely. ``mark_up_text`` lays
them out with one sweep over their boundaries, closing and reopening inner spans where two
cross, so the output always nests and the cost is O(n log n) in the number of spans.

Every text piece and attribute value is escaped here: the texts are hostile web captures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup


def escape_html(text: str) -> str:
    """HTML-escape ``text`` (quotes too) as a plain str, for the parts built here rather than
    in the template; faster than markupsafe on the hundreds of thousands of pieces of a big
    corpus because it makes no Markup object per piece."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def _attrs_html(attrs: Mapping[str, str | None]) -> str:
    return "".join(f' {name}="{escape_html(value)}"' for name, value in attrs.items() if value)


@dataclass(eq=False, slots=True)
class Span:
    """One marked stretch of a document's text, and the element that marks it."""

    start: int
    end: int
    rank: int
    tag: str  # "a" or "span"; blocks use ``block_open``
    attrs: dict[str, str | None]
    block_open: str | None = None  # a segment: its opening HTML (section + header)
    is_block: bool = False
    opened: bool = False  # its first piece is out; later pieces are continuations


def _nesting_key(span: Span) -> tuple[int, int, int, int]:
    # Blocks outermost; then the span reaching furthest, so inner spans close first.
    return (0 if span.is_block else 1, -span.end, span.rank, span.start)


def _open_html(span: Span, first: bool, inside_link: bool) -> tuple[str, str]:
    """The opening HTML of one fragment of ``span`` and the tag that will close it."""
    if span.block_open is not None:
        return span.block_open, "</div></section>"
    attrs = dict(span.attrs)
    tag = span.tag
    if not first:
        # A span split where another crossed it: only its first piece is the anchor; the
        # others name it so the page can light up the whole span when it is visited.
        attrs["data-part-of"] = attrs.pop("id", None)
        attrs["class"] = f"{attrs.get('class') or ''} cont".strip()
    if tag == "a" and inside_link:
        # Links cannot nest; the inner one becomes a span the page's script follows on click.
        tag = "span"
        attrs["data-href"] = attrs.pop("href", None)
    return f"<{tag}{_attrs_html(attrs)}>", f"</{tag}>"


def mark_up_text(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with every span wrapped in its element, crossings split properly.

    Spans reaching outside the text are clipped; empty ones are dropped. A span crossed by
    another is split: its first piece keeps the ``id``, later pieces get class ``cont`` and
    ``data-part-of`` naming it. Links never nest: an inner ``a`` becomes a ``span`` with
    ``data-href`` (the page's script follows it). ``spans`` are consumed (their ends clipped).
    """
    length = len(text)
    starts: dict[int, list[Span]] = defaultdict(list)
    points = {0, length}
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start >= end:
            continue
        span.start, span.end = start, end
        starts[start].append(span)
        points.add(start)
        points.add(end)

    out: list[str] = []
    stack: list[tuple[Span, str]] = []  # open spans with the tag that closes each
    open_links = 0
    position = 0
    for point in sorted(points):
        if point > position:
            piece = text[position:point]
            # Whitespace between segment blocks would only add blank lines.
            if stack or not piece.isspace():
                out.append(escape_html(piece))
            position = point
        beginning = starts.get(point, ())
        cut = len(stack)
        for index, (span, _) in enumerate(stack):
            if span.end <= point:
                cut = index
                break
        if any(s.is_block for s in beginning):
            # A block may not open inside an inline span: close those and reopen them inside.
            for index, (span, _) in enumerate(stack[:cut]):
                if not span.is_block:
                    cut = index
                    break
        reopen = []
        for span, closing in reversed(stack[cut:]):
            out.append(closing)
            open_links -= closing == "</a>"
            if span.end > point:
                reopen.append(span)
        del stack[cut:]
        for span in sorted([*reopen, *beginning], key=_nesting_key):
            html, closing = _open_html(span, not span.opened, open_links > 0)
            span.opened = True
            open_links += closing == "</a>"
            out.append(html)
            stack.append((span, closing))
    for _, closing in reversed(stack):
        out.append(closing)
    # Every text piece and attribute value above went through _esc.
    return Markup("".join(out))
