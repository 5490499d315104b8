"""What the stance model looks at: a claim against a text, turned into numbers.

The text (an article body, a headline or one sentence) is split into sentences; each sentence is
compared with the claim (embedding cosine, word and character overlap, numbers) and counted for
cue words (refuting, denying, hedging, reporting, asserting, negation) from the packaged lexicon.
Cue words count most where the text talks about the claim, so they are also counted in the
sentences most similar to it. No model is loaded here: embeddings are passed in.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

CUE_CATEGORIES = (
    "refuting",
    "denying",
    "hedging",
    "doubt",
    "reporting",
    "asserting",
    "negation",
    "falsity",
    "doubting_cues",
    "endorsing_cues",
    "denying_cues",
)
# Lists the stance rules read but the model does not count: what flips a statement's
# orientation ("not", "rules out"), bad outcomes ("defeat"), predicates of harm ("against
# China's interests"), and frames a document doubts or denies a statement with.
RULE_CATEGORIES = (
    "polarity_negators",
    "negative_outcome",
    "negative_valence",
    "doubt_frames",
    "denial_frames",
)
# Lists the short-text model reads as a headline's frame (``stance_framing``): named sources,
# reporting verbs, hedges, plans and forecasts, pointers to media.
FRAMING_CATEGORIES = (
    "headline_sources",
    "headline_reporting",
    "headline_hedges",
    "headline_prospect",
    "headline_media",
    "debunking",
)
# How many of the sentences most similar to the claim count as "where the text talks about it".
TOP_SENTENCES = 3
MAX_SENTENCES = 80  # longer bodies are cut: the stance is nearly always stated early

_STOPWORD_LIST = """
a about above after again against all am an and any are as at be because been before being
below between both but by can did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while
who whom why will with you your yours yourself yourselves s t would also said says
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and a capital, digit or opening quote; blank lines always end one.
_SENTENCE_END = re.compile(r"([.!?][\"'”’)\]]*)\s+(?=[A-Z0-9\"'“‘(\[])|\n\s*\n|\n(?=[A-Z\"“])")
_QUOTES = re.compile(r"[\"“”]")
# A period after these does not end a sentence ("Mr. Cooper", "U.S. officials").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Mt|No|Vol|vs|etc|"
    r"Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\.[A-Za-z])\.$"
)


@dataclass(frozen=True)
class Lexicon:
    """Cue-word lists by category, each compiled to one pattern."""

    words: Mapping[str, tuple[str, ...]]
    patterns: Mapping[str, re.Pattern[str]]

    def count(self, text_lower: str) -> np.ndarray:
        return np.array(
            [len(self.patterns[c].findall(text_lower)) for c in CUE_CATEGORIES], dtype=np.float32
        )

    def has(self, category: str, text_lower: str) -> bool:
        return self.patterns[category].search(text_lower) is not None


_ANY_WORDS = r"(?:[\w'’-]+\s+){0,2}?"


def _compile(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!x)x")
    parts = []
    for word in alternatives:
        # "*" stands for up to two words: "against * interests" ~ "against China's interests"
        pieces = [
            _ANY_WORDS if piece == "*" else re.escape(piece).replace("'", "['’]") + r"\s+"
            for piece in word.split()
        ]
        escaped = "".join(pieces).removesuffix(r"\s+")
        # "n't" is glued to its verb, so it has no word boundary before it
        left = "" if word[0] in "'’" or word.startswith("n'") else r"\b"
        parts.append(left + escaped + r"\b")
    return re.compile("|".join(parts))


def load_lexicon(extra_files: Sequence[str | Path] = ()) -> Lexicon:
    """The packaged cue lexicon, with the lists of any ``extra_files`` (same JSON shape) added."""
    return _load_lexicon(tuple(str(f) for f in extra_files))


@lru_cache(maxsize=8)
def _load_lexicon(extra_files: tuple[str, ...]) -> Lexicon:
    packaged = resources.files("hearsay.data").joinpath("stance_lexicon.json").read_text("utf-8")
    # Every list in the file is a category: CUE_CATEGORIES are counted as features, the
    # RULE_CATEGORIES are read by the stance rules, the FRAMING_CATEGORIES by stance_framing.
    merged: dict[str, list[str]] = {
        c: [] for c in (*CUE_CATEGORIES, *RULE_CATEGORIES, *FRAMING_CATEGORIES)
    }
    for raw in [packaged, *(Path(f).read_text(encoding="utf-8") for f in extra_files)]:
        data = json.loads(raw)
        for category, words in data.items():
            if isinstance(words, list):
                merged.setdefault(category, []).extend(str(w) for w in words)
    return Lexicon(
        words={c: tuple(ws) for c, ws in merged.items()},
        patterns={c: _compile(ws) for c, ws in merged.items()},
    )


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in _STOPWORDS]


def split_sentences(text: str, limit: int = MAX_SENTENCES) -> list[str]:
    """Sentences of ``text`` (at most ``limit``); a text without end punctuation is one."""
    pieces: list[str] = []
    for piece in _split_at_ends(text):
        if pieces and _ABBREVIATION.search(pieces[-1]) and "\n" not in pieces[-1][-2:]:
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    sentences = [p for p in pieces if p and _TOKEN.search(p.lower())]
    return sentences[:limit] if sentences else ([text.strip()] if text.strip() else [])


def _split_at_ends(text: str) -> list[str]:
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1) if match.group(1) else match.start()
        pieces.append(text[start:end].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return pieces


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def _char_ngrams(text: str, n: int = 4) -> set[str]:
    squeezed = " ".join(tokens(text))
    return {squeezed[i : i + n] for i in range(max(len(squeezed) - n + 1, 0))}


@dataclass
class TextView:
    """A claim or a body, prepared once so it can be compared with many others cheaply."""

    text: str
    sentences: list[str]
    embeddings: np.ndarray  # (len(sentences), dim), unit length; a claim has one row
    sentence_words: list[set[str]]
    words: set[str]
    word_counts: dict[str, int]
    cues: np.ndarray  # (len(sentences), len(CUE_CATEGORIES))
    quotes: np.ndarray  # quote marks per sentence
    questions: np.ndarray  # question marks per sentence
    numbers: set[str]


def make_view(
    text: str, sentences: list[str], embeddings: np.ndarray, lexicon: Lexicon
) -> TextView:
    sentence_words = [set(content_tokens(s)) for s in sentences]
    counts: dict[str, int] = {}
    for word in content_tokens(text):
        counts[word] = counts.get(word, 0) + 1
    lowered = [s.lower() for s in sentences]
    cues = (
        np.stack([lexicon.count(s) for s in lowered])
        if sentences
        else np.zeros((0, len(CUE_CATEGORIES)), dtype=np.float32)
    )
    return TextView(
        text=text,
        sentences=sentences,
        embeddings=_rows(embeddings, len(sentences)),
        sentence_words=sentence_words,
        words=set(counts),
        word_counts=counts,
        cues=cues,
        quotes=np.array([len(_QUOTES.findall(s)) for s in sentences], dtype=np.float32),
        questions=np.array([s.count("?") for s in sentences], dtype=np.float32),
        numbers=_numbers(text),
    )


def _rows(embeddings: np.ndarray, count: int) -> np.ndarray:
    matrix = np.asarray(embeddings, dtype=np.float32)
    width = matrix.shape[-1] if matrix.ndim and matrix.shape[-1] else 384
    return matrix.reshape(count, width) if count else np.zeros((0, width), dtype=np.float32)


def _tfidf_cosine(a: Mapping[str, int], b: Mapping[str, int], idf: Mapping[str, float]) -> float:
    default = idf.get("", 1.0)
    common = set(a) & set(b)
    if not common:
        return 0.0
    dot = sum(a[w] * b[w] * idf.get(w, default) ** 2 for w in common)
    na = math.sqrt(sum((c * idf.get(w, default)) ** 2 for w, c in a.items()))
    nb = math.sqrt(sum((c * idf.get(w, default)) ** 2 for w, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def _weighted_containment(claim: set[str], other: set[str], idf: Mapping[str, float]) -> float:
    default = idf.get("", 1.0)
    total = sum(idf.get(w, default) for w in claim)
    return sum(idf.get(w, default) for w in claim & other) / total if total else 0.0


SCALAR_NAMES: tuple[str, ...] = (
    "sim_max",
    "sim_mean",
    "sim_top3",
    "sim_std",
    "sim_first",
    "sim_centroid",
    "sim_above_05",
    "best_position",
    "tfidf_cosine",
    "word_containment",
    "word_containment_idf",
    "best_containment_idf",
    "best_char4_containment",
    "best_jaccard",
    "claim_numbers",
    "claim_numbers_missing",
    "claim_negated",
    "best_negated",
    "negation_mismatch",
    "claim_question",
    "top_questions",
    "top_quotes",
    "body_quote_rate",
    "body_sentences_log",
    "body_words_log",
    "claim_words",
    *(f"claim_{c}" for c in CUE_CATEGORIES),
    *(f"top_{c}" for c in CUE_CATEGORIES),
    *(f"lead_{c}" for c in CUE_CATEGORIES),
    *(f"rate_{c}" for c in CUE_CATEGORIES),
)
EMBEDDING_PARTS = ("claim", "focus", "product", "difference")


def pair_features(
    claim: TextView, body: TextView, idf: Mapping[str, float]
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Scalar features (``SCALAR_NAMES``), the embedding block of one claim/body pair, and the
    indexes of the body's sentences most similar to the claim (best first).

    The embedding block is [claim, focus, claim*focus, |claim-focus|], where focus is the body's
    sentences averaged with weights peaked on the ones most similar to the claim.
    """
    c = claim.embeddings[0]
    n = len(body.sentences)
    if n == 0:
        zeros = np.zeros(len(SCALAR_NAMES), dtype=np.float32)
        return zeros, np.concatenate([c, np.zeros_like(c), np.zeros_like(c), np.abs(c)]), []
    sims = body.embeddings @ c
    order = np.argsort(-sims)
    top = order[:TOP_SENTENCES]
    best = int(order[0])
    centroid = body.embeddings.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    weights = np.exp((sims - sims.max()) * 10.0)
    focus = (weights[:, None] * body.embeddings).sum(axis=0) / weights.sum()
    focus = focus / (float(np.linalg.norm(focus)) or 1.0)

    claim_words = claim.words
    best_words = body.sentence_words[best]
    claim_numbers = claim.numbers
    claim_neg = float(claim.cues[:, CUE_CATEGORIES.index("negation")].sum() > 0)
    best_neg = float(body.cues[top, CUE_CATEGORIES.index("negation")].sum() > 0)
    lead = body.cues[:3]
    union = claim_words | best_words
    scalars = [
        float(sims.max()),
        float(sims.mean()),
        float(sims[top].mean()),
        float(sims.std()),
        float(sims[0]),
        float(centroid @ c) / norm,
        float((sims > 0.5).mean()),
        best / n,
        _tfidf_cosine(claim.word_counts, body.word_counts, idf),
        len(claim_words & body.words) / len(claim_words) if claim_words else 0.0,
        _weighted_containment(claim_words, body.words, idf),
        _weighted_containment(claim_words, best_words, idf),
        _containment(_char_ngrams(claim.text), _char_ngrams(body.sentences[best])),
        len(claim_words & best_words) / len(union) if union else 0.0,
        float(len(claim_numbers)),
        float(len(claim_numbers - body.numbers)),
        claim_neg,
        best_neg,
        float(claim_neg != best_neg),
        float(claim.questions.sum() > 0),
        float(body.questions[top].sum()),
        float(body.quotes[top].sum()),
        float(body.quotes.sum()) / n,
        math.log1p(n),
        math.log1p(sum(body.word_counts.values())),
        float(len(claim_words)),
        *claim.cues.sum(axis=0).tolist(),
        *body.cues[top].sum(axis=0).tolist(),
        *lead.sum(axis=0).tolist(),
        *(body.cues.sum(axis=0) / n).tolist(),
    ]
    block = np.concatenate([c, focus, c * focus, np.abs(c - focus)])
    return np.asarray(scalars, dtype=np.float32), block.astype(np.float32), top.tolist()


def _containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def novel_words(
    claim: str, text: str, lexicon: Lexicon, same_orientation: bool | None = None
) -> str:
    """The text with the claim's words masked ("_") and a token per new cue word appended.

    What a short text adds to a claim ("hoax", "reportedly", "?") carries its stance; the topic
    words it shares with the claim do not, so a bag of these words generalises across claims.
    With ``same_orientation`` known (``stance_polarity.orientation_differs``), polarity words
    ("not", "lose", "cannot") are replaced by one token saying whether the two statements
    agree in orientation: "did not want Russia to lose" adds no "not" to "cannot afford
    Russia's defeat".
    """
    claim_words = set(tokens(claim))
    shown = [t if t not in claim_words else "_" for t in _NOVEL_TOKEN.findall(text.lower())]
    claim_lower, text_lower = claim.lower(), text.lower()
    categories: tuple[str, ...] = CUE_CATEGORIES
    if same_orientation is not None:
        polar = _polarity_words(lexicon)
        shown = [t for t in shown if t not in polar]
        shown.append("SAME_ORIENTATION" if same_orientation else "FLIPPED_ORIENTATION")
        categories = tuple(c for c in CUE_CATEGORIES if c != "negation")
    for category in categories:
        pattern = lexicon.patterns[category]
        in_claim = {m.group(0) for m in pattern.finditer(claim_lower)}
        new = sum(1 for m in pattern.finditer(text_lower) if m.group(0) not in in_claim)
        shown.extend([f"CUE_{category}"] * min(new, 2))
    return " ".join(shown)


def claim_masked(claim: str, text: str) -> str:
    """The text with every word the claim shares (by a crude stem) replaced by one "_".

    Embedded, this is what a headline says around the claim ("Report: _ ?", "_ is a hoax")
    without the topic, so a model over it learns headline framing that carries across
    stories instead of the stories themselves. Runs of masked words collapse to one "_".
    """
    claim_stems = {_stem(t) for t in tokens(claim)}
    shown = [t if _stem(t.lower()) not in claim_stems else "_" for t in _MASK_TOKEN.findall(text)]
    return _MASKED_RUN.sub("_", " ".join(shown))


def _stem(word: str) -> str:
    """One common suffix off, then the first six letters: "beheads" and "beheaded" meet."""
    for suffix in ("ing", "ed", "es", "s", "ly", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


_MASK_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[^\sA-Za-z0-9]")
_MASKED_RUN = re.compile(r"(?:_ )+_")


def _polarity_words(lexicon: Lexicon) -> frozenset[str]:
    """Single-word negators, negations and bad outcomes, with either apostrophe."""
    words = {
        w
        for category in ("negation", "polarity_negators", "negative_outcome")
        for w in lexicon.words.get(category, ())
        if " " not in w
    }
    return frozenset(words | {w.replace("'", "’") for w in words})


_NOVEL_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[?:\"“”]")


def document_frequencies(texts: Iterable[str]) -> dict[str, float]:
    """Smoothed idf of content words over ``texts``; key "" holds the idf of an unseen word."""
    df: dict[str, int] = {}
    total = 0
    for text in texts:
        total += 1
        for word in set(content_tokens(text)):
            df[word] = df.get(word, 0) + 1
    idf = {w: math.log((1 + total) / (1 + d)) + 1.0 for w, d in df.items() if d >= 2}
    idf[""] = math.log(1 + total) + 1.0
    return idf
