"""Quotation-mark spans in a text: straight, curly, « », „ “, across paragraphs.

Newspapers continue a quote over several paragraphs by opening each new paragraph with a
quotation mark and closing only the last one; such runs become one span marked as
continuing. An opening mark never closed in its paragraph is logged (at INFO, with its position
in the document) and its quote is kept up to the end of the paragraph when that is short, so
the statement is still attributed with what is known; a longer run is left out rather than
guessed (textacy bails out on unbalanced marks altogether), so one stray mark never swallows a
page. A closing mark without an opening one is logged and ignored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

OPENERS = {"“": "”", "„": "“", "«": "»", "‟": "”"}
CLOSERS = {"”", "»"}
STRAIGHT = '"'
# A quote longer than this without a closing mark is treated as broken, not as a statement.
MAX_UNCLOSED_CHARS = 4000
# An unclosed quote is kept to the end of its paragraph when the rest is at most this long.
MAX_UNBALANCED_CHARS = 600
MIN_UNBALANCED_WORDS = 4

_WORD = re.compile(r"\w+")
_DOUBLE_APOSTROPHE = re.compile(r"''(?=(\w)?)")


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted stretch: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    continues_previous: bool = False  # opens a paragraph that continues the last quote
    unbalanced: bool = False  # never closed: runs to the end of its paragraph

    def words(self, text: str) -> int:
        return len(_WORD.findall(text[self.inner_start : self.inner_end]))


def _straight_opens(text: str, i: int) -> bool:
    """Whether a straight quote at ``i`` opens: after a space/start, before a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    return before.isspace() or before in "([{—–-:/" or i == 0


def _single_marks(text: str) -> str:
    """Old newswire writes quotes as ``...'' or ''...'': read them as one mark each (the
    second character becomes a space, so offsets stay put)."""
    if "''" not in text and "``" not in text:
        return text
    text = text.replace("``", ' "')
    # An opening pair sits before a word: keep the mark next to it.
    return _DOUBLE_APOSTROPHE.sub(lambda m: ' "' if m.group(1) else '" ', text)


def _unclosed(
    text: str, open_at: int, end: int, offset: int, why: str, continues: bool = False
) -> QuoteSpan | None:
    """The quote an unbalanced opening mark starts, up to ``end`` (its paragraph's end), when
    that is short enough to be one statement; logged either way. A quote continued from an
    earlier paragraph that never closes is left out (its earlier part is already kept)."""
    if continues:
        logger.info(
            "unbalanced quotation mark at document offset %d (%s): a continued quote, left out",
            offset + open_at, why,
        )
        return None
    while end > open_at and text[end - 1].isspace():
        end -= 1
    inner = text[open_at + 1 : end]
    keep = len(inner) <= MAX_UNBALANCED_CHARS and len(_WORD.findall(inner)) >= MIN_UNBALANCED_WORDS
    logger.info(
        "unbalanced quotation mark at document offset %d (%s): %s", offset + open_at, why,
        "quote kept to the end of the paragraph" if keep else "left out",
    )
    if not keep:
        return None
    return QuoteSpan(open_at, end, open_at + 1, end, True, False, unbalanced=True)


def find_quotes(text: str, offset: int = 0) -> list[QuoteSpan]:
    """Every quotation span in ``text``, in order, outermost only (``offset``: where the
    text starts in its document, for the log)."""
    text = _single_marks(text)
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    expected_close: str = ""
    continues = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and open_at is not None:
            # A paragraph break inside an open quote: the quote continues only if the next
            # paragraph opens with a quotation mark, else the opening mark was unbalanced.
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in OPENERS or text[j] == STRAIGHT):
                end = i
                while end > open_at and text[end - 1].isspace():
                    end -= 1
                spans.append(QuoteSpan(open_at, end, open_at + 1, end, False, continues))
                open_at, continues = j, True
                expected_close = OPENERS.get(text[j], STRAIGHT)
                i = j + 1
                continue
            why = "no closing mark in its paragraph"
            unclosed = _unclosed(text, open_at, i, offset, why, continues)
            if unclosed is not None:
                spans.append(unclosed)
            open_at = None
            continues = False
        elif open_at is None:
            if ch in OPENERS or (ch == STRAIGHT and _straight_opens(text, i)):
                open_at = i
                expected_close = OPENERS.get(ch, STRAIGHT)
            elif ch in CLOSERS or ch == STRAIGHT:
                logger.debug("closing quotation mark at document offset %d without an opening "
                             "one", offset + i)
        elif ch == expected_close or ch in CLOSERS:
            spans.append(QuoteSpan(open_at, i + 1, open_at + 1, i, True, continues))
            open_at = None
            continues = False
        elif ch in OPENERS and ch != expected_close:
            # Two opening marks in a row in one paragraph: the first was never closed.
            logger.info("unbalanced quotation mark at document offset %d: reopened at %d",
                        offset + open_at, offset + i)
            open_at = i
            expected_close = OPENERS[ch]
            continues = False
        if open_at is not None and i - open_at > MAX_UNCLOSED_CHARS:
            logger.info("unbalanced quotation mark at document offset %d runs on for too long: "
                        "left out", offset + open_at)
            open_at = None
            continues = False
        i += 1
    if open_at is not None:
        unclosed = _unclosed(text, open_at, n, offset, "the text ends inside the quote", continues)
        if unclosed is not None:
            spans.append(unclosed)
    return spans


def merge_continued(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Join multi-paragraph runs (unclosed paragraph, then a continuing one) into one span."""
    merged: list[QuoteSpan] = []
    for span in spans:
        if span.continues_previous and merged and not merged[-1].closed:
            first = merged.pop()
            span = QuoteSpan(
                first.start, span.end, first.inner_start, span.inner_end, span.closed,
                first.continues_previous,
            )
        merged.append(span)
    # A trailing unclosed paragraph that nobody continued is a broken quote: drop it.
    return [s for s in merged if s.closed]


def quote_spans(text: str, offset: int = 0) -> list[QuoteSpan]:
    """Quotation spans, multi-paragraph quotes joined (``offset``: the text's start in its
    document, for the log)."""
    return merge_continued(find_quotes(text, offset))


def is_statement(span: QuoteSpan, text: str, min_words: int = 4) -> bool:
    """A quote that can be a statement, not a title, scare quote or quoted term.

    "refer to it as a “war”" quotes a word; a statement has a few words and usually a clause.
    """
    inner = text[span.inner_start : span.inner_end].strip()
    if _is_heading(span, text):
        return False
    if span.words(text) >= min_words:
        return True
    # Short but complete utterances: "“No,” she said." / "“We will win!”"
    return bool(inner) and inner[-1] in ",.!?" and span.words(text) >= 1 and inner[0].isupper()


def _is_heading(span: QuoteSpan, text: str, max_words: int = 12) -> bool:
    """A quoted line standing alone, short and without a full stop: a title or subheading
    ("“The World According to Putin”" on its own line)."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    alone = not text[line_start : span.start].strip() and not text[span.end : line_end].strip(
        " \t.")
    inner = text[span.inner_start : span.inner_end].strip()
    return alone and span.words(text) <= max_words and not inner.endswith((".", "!", "?", ","))
