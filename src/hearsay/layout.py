"""The visible layout of a cleaned text: paragraphs with offsets, and what each one looks like.

The segmenter and the genre scorer both read a document as a list of ``Block``s: one paragraph
each (one line in most captures; a run of hard-wrapped lines in plain-text captures), with
character offsets into ``document.text`` so every segment cut from it points at exact text.
The tests here are about *shape* (a relative age alone on a line, a title, a section heading,
a photo caption), not about meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]+")

# "4h", "12 min", "3 days ago", "an hour ago", "yesterday": the ages aggregator and forum pages
# print next to a result or a comment.
RELATIVE_AGE = (
    r"(?:\d{1,3}\s?(?:s|sec|secs|m|min|mins|h|hr|hrs|d|w|wk|mo|y|yr)\b(?:\s+ago)?"
    r"|\d{1,3}\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
    r"|(?:an?|one)\s+(?:second|minute|hour|day|week|month|year)\s+ago"
    r"|yesterday|just\s+now)"
)
_AGE_LINE = re.compile(rf"^[·•|–—-]?\s*(?P<age>{RELATIVE_AGE})\s*[·•|–—-]?$", re.IGNORECASE)

_TERMINAL = tuple(".!?…")
_CLOSING = "\"'”’»)]"

# A photo credit at the end of a caption: "(Jane Roe/Agency via AP)", "Photo: X", "X / Scanpix
# nuotrauka", "Foto: X", "Photograph: X". The words are deliberately multilingual.
_CREDIT_WORDS = (
    r"photo|photos|photograph|foto|fotó|image|picture|pool|nuotrauka|nuotr\.|bild|crédit|credit"
    r"|getty images|via ap|afp|epa|scanpix|reuters|shutterstock|archives?"
)
# Substrings one of which every credit above contains (a cheap test before the regex).
_CREDIT_HINTS = (
    "photo", "foto", "image", "picture", "pool", "nuotr", "bild", "crédit", "credit",
    "getty", "via ap", "afp", "epa", "scanpix", "reuters", "shutterstock", "archive",
)  # fmt: skip
_CREDIT = re.compile(
    rf"(?:\((?:[^()]*?)(?:{_CREDIT_WORDS})(?:[^()]*)\)\s*$"
    rf"|\b(?:{_CREDIT_WORDS})\s*(?::|by)\s+[A-Z][^.]{{0,80}}$"
    rf"|\s/\s*[A-Z][\w.-]*(?:\s+[\w.-]+){{0,3}}\s*$"
    rf"|\b(?:nuotrauka|nuotr\.|foto|photo)\s*$)",
    re.IGNORECASE,
)
_CREDIT_TAIL = 160
# Captions are short: a paragraph longer than this is running text whatever it ends with.
MAX_CAPTION_CHARS = 400
# "Russian President X, center, ...", "(L)", "(R)": how captions name who stands where.
_POSITION = re.compile(r",\s*(?:left|right|centre|center|second left|second right),|\((?:L|R|C)\)")
# Present-tense verbs captions use to describe a picture.
_PHOTO_VERBS = re.compile(
    r"\b(?:meets?|arrives?|arrive|attends?|speaks?|walks?|gestures?|poses?|shakes? hands"
    r"|(?:is|are) seen|looks? on|pictured|listens?|sits?|stands?|waves?|greets?|holds?|inspects?"
    r"|visits?|leaves?|talks?|smiles?|delivers?|addresses|salutes?|lays?|rests?|moored|docked"
    r"|sails?|burns?|lies|lie)\b",
    re.IGNORECASE,
)
# Letters that mark a line as written in a language other than English.
FOREIGN_LETTERS = re.compile(
    r"[ąčęėįšųūžłńśźżőűřěůňťďșțğşıāēīōĀĒĪŌĄČĘĖĮŠŲŪŽŁŃŚŹŻŐŰŘĚŮŇŤĎȘȚĞŞ"
    r"\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)
_LATIN_ACCENTS = re.compile(r"[àâäçéèêëîïôöùûüÿñßæœåøÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÑÆŒÅØ]")


@dataclass(frozen=True)
class Block:
    """One paragraph of the cleaned text; ``text == document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return self.text.split()


def blocks_of(text: str) -> list[Block]:
    """The paragraphs of ``text``: one per line, except runs of hard-wrapped lines, joined."""
    lines: list[tuple[int, int, int]] = []  # (start, end, blank lines seen before)
    position = 0
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        gap = text.count("\n", position, start)
        lines.append((start, start + len(stripped), gap))
        position = start + len(stripped)
    paragraphs: list[list[tuple[int, int, int]]] = []
    for run in _runs_between_blank_lines(lines):
        if _hard_wrapped(text, run):
            paragraphs.append(run)
        else:
            paragraphs.extend([line] for line in run)
    return [
        Block(i, run[0][0], run[-1][1], text[run[0][0] : run[-1][1]])
        for i, run in enumerate(paragraphs)
    ]


def _runs_between_blank_lines(
    lines: list[tuple[int, int, int]],
) -> list[list[tuple[int, int, int]]]:
    runs: list[list[tuple[int, int, int]]] = []
    for line in lines:
        if runs and line[2] <= 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _hard_wrapped(text: str, run: list[tuple[int, int, int]]) -> bool:
    """A run of 3+ lines of similar width that break mid-sentence: one paragraph, wrapped."""
    if len(run) < 3:
        return False
    widths = [end - start for start, end, _ in run[:-1]]
    if max(end - start for start, end, _ in run) > 100:
        return False
    in_band = sum(1 for w in widths if 40 <= w <= 100)
    mid_sentence = sum(1 for start, end, _ in run[:-1] if not text[start:end].endswith(_TERMINAL))
    return in_band >= 0.7 * len(widths) and mid_sentence >= 0.5 * len(widths)


def relative_age(text: str) -> str | None:
    """The age printed alone on a line ("4h", "3 days ago"), else None."""
    match = _AGE_LINE.match(text.strip())
    return match.group("age") if match else None


def ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSING).endswith(_TERMINAL)


def looks_like_title(text: str) -> bool:
    """A headline: short, one line, no final full stop, not starting in lowercase."""
    words = text.split()
    if not 1 <= len(words) <= 25 or len(text) > 200 or "\n" in text:
        return False
    if text[0].islower() or relative_age(text):
        return False
    return not text.rstrip(_CLOSING).endswith((".", "…", ",", ";"))


def looks_like_heading(text: str) -> bool:
    """A section heading inside a body: a short quoted line, a short question or Title Case."""
    words = text.split()
    if not 1 <= len(words) <= 10 or len(text) > 90 or not looks_like_title(text):
        return False
    if not (text[0].isalpha() or text[0] in "\"“«'‘") or not any(
        len(w) > 2 and w.isalpha() for w in words
    ):
        return False  # "1 Like", "- Joined", "2025": counters and list debris, not headings
    if text[0] in "\"“«'‘" and text.rstrip()[-1] in "\"”»'’":
        return True
    if text.endswith(("?", ":")):
        return True
    if len(words) <= 5 and text[0].isupper() and not ends_sentence(text):
        return True  # "Key judgements", "Bad news for China": a short sentence-case label
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return len(words) >= 2 and capitalised / len(words) >= 0.6


def has_photo_credit(text: str) -> bool:
    # A credit closes its line: reading the tail keeps this cheap on long paragraphs, and the
    # regex runs only when a credit word (or a " / " separator) is there at all.
    tail = text[-_CREDIT_TAIL:]
    folded = tail.lower()
    if " /" not in tail and not any(word in folded for word in _CREDIT_HINTS):
        return False
    return bool(_CREDIT.search(tail))


def caption_cues(text: str) -> list[str]:
    """Why a line reads as a photo caption (empty if it does not)."""
    cues: list[str] = []
    if len(text) > MAX_CAPTION_CHARS:
        return cues
    if has_photo_credit(text):
        cues.append("photo credit")
    if _POSITION.search(text):
        cues.append("who stands where")
    if 20 <= len(text) <= 260 and not ends_sentence(text) and _PHOTO_VERBS.search(text):
        cues.append("present-tense picture description")
    return cues


def foreign_letter_count(text: str) -> int:
    """Letters that English does not use (ą, ė, š, Cyrillic, ...); accented Latin counts half."""
    return len(FOREIGN_LETTERS.findall(text)) + len(_LATIN_ACCENTS.findall(text)) // 2
