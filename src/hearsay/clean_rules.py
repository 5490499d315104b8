"""Line rules for text captures: which lines are page chrome, and why.

Each rule looks at one line and returns a reason, or None when the line may be content. The
rules only fire on short lines made entirely of chrome words (or a known chrome shape:
breadcrumb, category strip, photo credit), because losing a real sentence is worse than keeping
a menu: a short forum comment ("lol this", "Link?") is content.

Relative ages ("4h", "2 days ago") alone on a line are NOT removed: on an aggregator page they
belong to the next snippet, and the segment stage attaches them (``Segment.relative_time``,
recognised by ``hearsay.layout.relative_age``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hearsay.boilerplate import Lexicon

LineRule = Callable[[str, Lexicon], str | None]

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
_SENTENCE_PUNCT = re.compile(r"[.!?;,:\"“”„«»()]")
_QUESTION = re.compile(r"[?!]")
_BREADCRUMB_SPLIT = re.compile(r"\s*[»›→]\s*|\s+[>/|]\s+")
_STRIP = " \t•·|›»→←<>«-–—…*#▸►▶✓✔"
_STOPWORDS = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "as",
        "is", "are", "was", "were", "be", "and", "or", "but", "not", "no", "it", "its",
        "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his",
        "her", "their", "our", "your", "has", "have", "had", "will", "would", "can",
        "could", "may", "might", "than", "then", "so", "if", "when", "while", "after",
        "before", "over", "under", "about", "into", "says", "said"
    }
)


def words(line: str) -> list[str]:
    """The lowercase words of a line, without punctuation."""
    return [w.casefold() for w in _WORD.findall(line)]


def bare(line: str) -> str:
    """A line lowercased, with whitespace collapsed and bullets and arrows trimmed."""
    return " ".join(line.casefold().split()).strip(_STRIP)


def navigation(line: str, lexicon: Lexicon) -> str | None:
    tokens = words(line)
    if bare(line) in lexicon.navigation:
        return "navigation"
    if (0 < len(tokens) <= 6 and not _QUESTION.search(line)
            and all(t in lexicon.navigation for t in tokens)):
        return "navigation"
    return None


def download_print(line: str, lexicon: Lexicon) -> str | None:
    tokens = words(line)
    if not 0 < len(tokens) <= 8 or line.rstrip().endswith((".", "?", "!")):
        return None
    if not any(t in lexicon.download_print for t in tokens):
        return None
    allowed = lexicon.download_print | lexicon.download_filler
    if all(t in allowed or t.replace(".", "").isdigit() for t in tokens):
        return "download/print link"
    return None


def share_buttons(line: str, lexicon: Lexicon) -> str | None:
    tokens = words(line)
    if not 0 < len(tokens) <= 8 or _QUESTION.search(line):
        return None
    if any(t in lexicon.share_triggers for t in tokens) and all(
        t in lexicon.share or t in lexicon.share_triggers for t in tokens
    ):
        return "share buttons"
    return None


def forum_controls(line: str, lexicon: Lexicon) -> str | None:
    tokens = words(line)
    if 0 < len(tokens) <= 6 and not _QUESTION.search(line) and all(
        t in lexicon.forum_controls for t in tokens
    ):
        return "forum controls"
    return None


def aggregator_chrome(line: str, lexicon: Lexicon) -> str | None:
    if bare(line).rstrip(":").strip() in lexicon.aggregator:
        return "aggregator chrome"
    return None


def form_prompt(line: str, lexicon: Lexicon) -> str | None:
    if bare(line).replace(" :", ":") in lexicon.form_prompts:
        return "form prompt"
    return None


def cookie_notice(line: str, lexicon: Lexicon) -> str | None:
    low = line.casefold()
    if len(words(line)) <= 60 and any(p in low for p in lexicon.cookie_phrases):
        return "cookie notice"
    return None


def subscription_prompt(line: str, lexicon: Lexicon) -> str | None:
    text = bare(line)
    if len(words(line)) <= 16 and text.startswith(lexicon.promo_phrases):
        return "subscription prompt"
    return None


def photo_credit(line: str, lexicon: Lexicon) -> str | None:
    """A credit-only line: "ZUMA Press / Scanpix", "Photo: J. Doe", "(AP Photo/Jane Roe)"."""
    text = line.strip()
    tokens = words(text)
    if not 0 < len(tokens) <= 12 or len(text) > 120 or text.endswith((".", "?", "!", ":")):
        return None
    low = bare(text)
    if low.startswith(lexicon.credit_prefixes):
        return "photo credit"
    known = lexicon.photo_words | lexicon.credit_agencies
    has_photo_word = any(t in lexicon.photo_words for t in tokens)
    names_only = all(t in known or t in ("by", "of") or _capitalised(text, t) for t in tokens)
    if not names_only:
        return None
    wrapped = text.startswith("(") and text.endswith(")")
    slashed = "/" in text and any(t in lexicon.credit_agencies for t in tokens)
    if has_photo_word or (slashed and len(tokens) <= 6) or (wrapped and slashed):
        return "photo credit"
    return None


def _capitalised(text: str, token: str) -> bool:
    """The token appears in the line with a capital first letter (a name), not lowercase."""
    for match in _WORD.finditer(text):
        if match.group().casefold() == token:
            return match.group()[0].isupper()
    return False


def breadcrumb(line: str, lexicon: Lexicon) -> str | None:
    """"Home » World » Asia" or "Home › A headline": a trail of links, not a sentence."""
    if len(words(line)) > 30:
        return None
    parts = [p for p in _BREADCRUMB_SPLIT.split(line.strip()) if p.strip()]
    if len(parts) < 2:
        return None
    if bare(parts[0]) in lexicon.breadcrumb_roots:
        return "breadcrumb"
    short = all(len(words(p)) <= 5 and not _SENTENCE_PUNCT.search(p) for p in parts)
    if len(parts) >= 3 and short and re.search(r"[»›→]", line):
        return "breadcrumb"
    return None


def category_strip(line: str, lexicon: Lexicon) -> str | None:
    """A run of section names: "Asia China Crime Defence Economy Europe News Politics"."""
    if _SENTENCE_PUNCT.search(line.replace("&", " ")):
        return None
    raw_tokens = [t for t in re.split(r"[\s|•·/]+", line.strip()) if t]
    tokens = [t for t in raw_tokens if t not in ("&", "and")]
    if not 4 <= len(tokens) <= 40:
        return None
    if not all(t[0].isupper() or t[0].isdigit() for t in tokens):
        return None
    lowered = [t.casefold() for t in tokens]
    if any(t in _STOPWORDS for t in lowered):
        return None
    if sum(t in lexicon.sections for t in lowered) >= 0.5 * len(tokens):
        return "category strip"
    return None


def tail_label(line: str, lexicon: Lexicon) -> str | None:
    """A lone section label after the text ("Information", "Tags"): only at the very end."""
    if bare(line).rstrip(":") in lexicon.tail_labels:
        return "trailing label"
    return None


LINE_RULES: tuple[LineRule, ...] = (
    navigation,
    download_print,
    share_buttons,
    forum_controls,
    aggregator_chrome,
    form_prompt,
    cookie_notice,
    subscription_prompt,
    photo_credit,
    breadcrumb,
    category_strip,
)
TAIL_RULES: tuple[LineRule, ...] = (tail_label,)


def chrome_reason(line: str, lexicon: Lexicon, rules: tuple[LineRule, ...] = LINE_RULES
                  ) -> str | None:
    """Why ``line`` is page chrome, or None if it may be content."""
    for rule in rules:
        reason = rule(line, lexicon)
        if reason:
            return reason
    return None
