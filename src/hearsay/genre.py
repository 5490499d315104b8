"""The genre of a document, decided from features a reader would point at, with the evidence.

Every feature is a count: lexicon features count regular-expression matches per paragraph
(``data/genre.json``: "We assess", "highly likely", "according to", "I don't think", ...);
layout features count paragraphs of a shape (outlet labels, relative ages alone on a line,
lowercase conversational replies, a dateline, section headings). Each genre's score is the sum
of weight × min(count, cap) over the features, with weights and caps in the same data file, so
a user can tune them. The best genre wins if it reaches the threshold; otherwise "other".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from hearsay.aggregator import OutletLexicon, reporter_credit
from hearsay.article import DATELINE_WINDOW
from hearsay.datafiles import load_lexicon
from hearsay.dateline import find_dateline
from hearsay.errors import SettingsError
from hearsay.forum import (
    EarlierText,
    comment_header,
    is_reply_control,
    outside_quotes,
    speaks_as_i,
    starts_in_lowercase,
)
from hearsay.layout import Block, caption_cues, looks_like_heading, looks_like_title, relative_age
from hearsay.models import Document, Genre

GENRES: tuple[Genre, ...] = (
    "news_report",
    "analysis",
    "intelligence_assessment",
    "forum_thread",
    "aggregator_digest",
    "official_statement",
)
_SCARE_QUOTE = re.compile(r"[“\"]([^”\"\n]{1,40})[”\"]")
# The genre is read from the first paragraphs up to this many characters: enough for any
# genre cue, and it bounds the cost on book-length inputs.
MAX_GENRE_CHARS = 60_000
_ASKING = re.compile(r"\b(?:anyone|anybody|someone|somebody)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass
class Feature:
    """How often a feature occurs, with a few of its occurrences as a reader would quote them."""

    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, example: str) -> None:
        self.count += 1
        example = " ".join(example.split())
        if len(example) > 40:
            example = example[:37].rstrip() + "..."
        if example not in self.examples and len(self.examples) < 3:
            self.examples.append(example)


@dataclass(frozen=True)
class LexiconFeature:
    name: str
    pattern: re.Pattern[str]  # the lexicon's patterns as one alternation: one pass per paragraph
    outside_quotes: bool
    first_blocks: int | None = None  # read only the document's first N paragraphs
    # Case-insensitive lexicons run, lowercased, over lowercased text: Python's IGNORECASE
    # matching is about three times slower than plain matching.
    lowercase: bool = True


@dataclass(frozen=True)
class GenreRules:
    """Lexicons, weights and caps from ``data/genre.json`` (plus the user's files)."""

    threshold: float
    lexicons: tuple[LexiconFeature, ...]
    weights: dict[str, dict[str, float]]
    caps: dict[str, int]
    # A genre can win only if one of these features was seen (no thread without a reply).
    requires: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_files: tuple[str, ...] = ()) -> GenreRules:
        return _load_rules(extra_files)


@lru_cache(maxsize=8)
def _load_rules(extra_files: tuple[str, ...]) -> GenreRules:
    data: dict[str, Any] = load_lexicon("genre.json", extra_files)
    lexicons = []
    for name, spec in data.get("lexicons", {}).items():
        if name.startswith("_"):
            continue
        lowercase = bool(spec.get("ignore_case", True))
        patterns = [
            _lowercase_literals(p) if lowercase else p for p in spec.get("patterns", []) if p
        ]
        if not patterns:
            continue  # an empty lexicon would match everywhere
        try:
            pattern = _one_pattern(patterns, re.MULTILINE)
        except re.error as exc:
            raise SettingsError(f"genre lexicon {name!r} has a bad pattern: {exc}") from exc
        lexicons.append(
            LexiconFeature(
                name,
                pattern,
                bool(spec.get("outside_quotes", False)),
                spec.get("first_blocks"),
                lowercase,
            )
        )
    features = data.get("features", {})
    return GenreRules(
        threshold=float(data.get("threshold", 2.0)),
        lexicons=tuple(lexicons),
        weights={n: dict(f.get("weights", {})) for n, f in features.items()},
        caps={n: int(f.get("cap", 5)) for n, f in features.items()},
        requires={
            g: frozenset(names)
            for g, names in data.get("requires", {}).items()
            if not g.startswith("_")
        },
    )


def _lowercase_literals(pattern: str) -> str:
    """``pattern`` with its letters lowercased, escapes (\\S, \\W, \\B, \\D) left as written."""
    out: list[str] = []
    escaped = False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return "".join(out)


def _one_pattern(patterns: list[str], flags: int) -> re.Pattern[str]:
    """All of a lexicon's patterns as one regex; a shared leading \\b is tested only once,
    so the alternatives are tried at word starts only (several times faster on long texts)."""
    bounded = [p[2:] for p in patterns if p.startswith("\\b")]
    others = [p for p in patterns if not p.startswith("\\b")]
    parts = [f"(?:{p})" for p in others]
    if bounded:
        parts.insert(0, "\\b(?:" + "|".join(f"(?:{p})" for p in bounded) + ")")
    return re.compile("|".join(parts), flags)


@dataclass(frozen=True)
class GenreVerdict:
    genre: Genre
    evidence: list[str]
    scores: dict[str, float]


def measure(
    document: Document, blocks: list[Block], rules: GenreRules, outlets: OutletLexicon
) -> dict[str, Feature]:
    """Every feature's count over the document's paragraphs (and what cleaning removed)."""
    features: dict[str, Feature] = {}
    blocks = [b for b in blocks if b.start < MAX_GENRE_CHARS]

    def feature(name: str) -> Feature:
        return features.setdefault(name, Feature())

    for block in blocks:
        text = block.text[:MAX_GENRE_CHARS]
        own = outside_quotes(text)
        variants = {
            (False, False): text,
            (True, False): own,
            (False, True): text.lower(),
            (True, True): own.lower(),
        }
        for lexicon in rules.lexicons:
            if lexicon.first_blocks is not None and block.index >= lexicon.first_blocks:
                continue
            target = variants[(lexicon.outside_quotes, lexicon.lowercase)]
            # Quote the text as written when lowercasing kept the length (it almost always does).
            written = text if len(target) == len(text) else target
            for m in lexicon.pattern.finditer(target):
                feature(lexicon.name).add(written[m.start() : m.end()])
    _layout_features(blocks, outlets, feature)
    for line in document.removed:
        reason = line.reason.lower()
        if outlets.is_chrome(line.text) or "aggregator" in reason:
            feature("aggregator chrome").add(line.text)
        elif "forum" in reason or is_reply_control(line.text):
            feature("forum controls").add(line.text)
    return {name: f for name, f in features.items() if f.count}


def _layout_features(blocks: list[Block], outlets: OutletLexicon, feature: Any) -> None:
    earlier = EarlierText(blocks)
    for i, block in enumerate(blocks):
        text = block.text[:MAX_GENRE_CHARS]
        own = outside_quotes(text)
        age = relative_age(text)
        if age:
            feature("relative ages").add(age)
            continue
        label = outlets.label(text)
        if label:
            feature("outlet labels").add(label.outlet + (f" on {label.via}" if label.via else ""))
        if outlets.is_chrome(text):
            feature("aggregator chrome").add(text)
        credit = reporter_credit(text)
        if credit:
            feature("reporter credits").add(text[credit.start :])
        if text.endswith(("…", "...")) or (text.count("“") > text.count("”") and text[0] != "“"):
            feature("truncated snippets").add(text[-40:])
        if is_reply_control(text):
            feature("forum controls").add(text)
            continue
        header = comment_header(text)
        if header:
            feature("comment headers").add(text)
            continue
        if i > 0 and speaks_as_i(text):
            feature("conversational lines").add(text)
        if starts_in_lowercase(text):
            feature("lowercase starts").add(text)
        if i > 0 and earlier.quotes_earlier(block):
            feature("quoted replies").add(text)
        # A question alone on a short line heads an FAQ answer ("Can I get a refund?"): it is
        # neither a reader's question in a thread nor a rhetorical one in running text.
        faq = looks_like_title(text) and text.endswith("?") and len(block.words) <= 15
        for question in [] if faq and i > 0 else _questions(own):
            # "Has anyone tried ...?", "Can I ...?": asked of readers who answer, as in a thread.
            # Without a first or second person it is put to the reader for effect.
            if speaks_as_i(question) or _ASKING.search(question):
                feature("direct questions").add(question)
            else:
                feature("rhetorical questions").add(question)
        if 0 < i < len(blocks) - 1 and looks_like_heading(text) and not caption_cues(text):
            feature("section headings").add(text)
        if len(block.words) >= 15:
            for m in _SCARE_QUOTE.finditer(text):
                if len(m.group(1).split()) <= 3:
                    feature("scare quotes").add(m.group())
        if {"photo credit", "who stands where"} & set(caption_cues(text)):
            feature("photo captions").add(text)
        dateline = find_dateline(text) if i < DATELINE_WINDOW else None
        if dateline:
            feature("dateline").add(text[: dateline.end])


def _questions(text: str) -> list[str]:
    """Each sentence ending in a question mark (searched from the marks: linear in the text)."""
    found = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() == "?":
            sentence = text[start : m.end()].strip()
            if len(sentence.split()) >= 2 and "/" not in sentence.split()[-1]:  # not "com/?"
                found.append(sentence)
        start = m.end()
    return found


def decide(features: dict[str, Feature], rules: GenreRules) -> GenreVerdict:
    """The best-scoring genre and the evidence for it."""
    scores: dict[str, float] = {g: 0.0 for g in GENRES}
    contributions: dict[str, list[tuple[float, str]]] = {g: [] for g in GENRES}
    for name, feat in features.items():
        cap = rules.caps.get(name, 5)
        for genre, weight in rules.weights.get(name, {}).items():
            if genre not in scores:
                continue
            value = weight * min(feat.count, cap)
            scores[genre] += value
            contributions[genre].append((value, _describe(name, feat)))
    for genre, needed in rules.requires.items():
        if genre in scores and needed.isdisjoint(features):
            scores[genre] = min(scores[genre], 0.0)
    best: Genre = max(GENRES, key=lambda g: scores[g])
    runner_up = max((g for g in GENRES if g != best), key=lambda g: scores[g])
    if scores[best] < rules.threshold:
        return GenreVerdict(
            "other",
            [
                f"no genre reached the threshold {rules.threshold:g}; "
                f"best was {best} ({scores[best]:.1f})"
            ],
            scores,
        )
    evidence = [text for value, text in sorted(contributions[best], reverse=True) if value > 0]
    evidence.append(f"score {scores[best]:.1f} against {runner_up} {scores[runner_up]:.1f}")
    return GenreVerdict(best, evidence, scores)


def _describe(name: str, feat: Feature) -> str:
    examples = ", ".join(f"“{e}”" for e in feat.examples)
    return f"{name}: {examples} ({feat.count})" if examples else f"{name} ({feat.count})"


def classify(
    document: Document,
    blocks: list[Block],
    rules: GenreRules,
    outlets: OutletLexicon,
) -> GenreVerdict:
    return decide(measure(document, blocks, rules, outlets), rules)


def scores_table(verdict: GenreVerdict) -> Iterable[tuple[str, float]]:
    return sorted(verdict.scores.items(), key=lambda kv: -kv[1])
