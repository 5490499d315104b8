"""Reading and scoring attribution sets in the PolNeAR JSONL layout (see bench-data/README.md).

A predicted and a gold quote match when their word-token overlap covers at least half of the
tokens of each (gold tokens are those of its fragments). Matching is one-to-one, greedy by
overlap. "Who said what" counts a matched pair whose speaker is right: the same string, or the
same head word (the syntactic root of each speaker span); both speakers absent is right too.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+")
_STRIP = re.compile(r"^[\W_]+|[\W_]+$")

HeadOf = Callable[[int, int], str]  # (start, end) of a speaker span -> its head word


def load_jsonl(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
            if limit and len(records) >= limit:
                break
    return records


def word_starts(text: str) -> list[int]:
    return [m.start() for m in _WORD.finditer(text)]


def tokens_in(starts: Sequence[int], fragments: Sequence[Sequence[int]]) -> set[int]:
    """Indices of the word tokens that start inside any fragment."""
    import bisect

    found: set[int] = set()
    for start, end in fragments:
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        found.update(range(lo, hi))
    return found


def fragments_of(quote: dict[str, Any]) -> list[list[int]]:
    return quote.get("quote_fragments") or [quote["quote"]]


def normalise(text: str | None) -> str:
    return " ".join(_STRIP.sub("", w) for w in (text or "").lower().split()).strip()


def default_head(text: str) -> str:
    """Fallback head word without a parse: the last word before a comma or "of"/"who"."""
    words = [w for w in re.split(r"[\s]+", text.split(",")[0]) if w]
    head = ""
    for word in words:
        if word.lower() in {"of", "who", "at", "from", "for", "in", "with"} and head:
            break
        head = word
    return normalise(head)


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_right: int = 0
    gold_by_kind: Counter[str] = field(default_factory=Counter)
    found_by_kind: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def prf(hit: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = 100.0 * hit / pred if pred else 0.0
        r = 100.0 * hit / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def quote_prf(self) -> tuple[float, float, float]:
        return self.prf(self.matched, self.pred, self.gold)

    @property
    def who_prf(self) -> tuple[float, float, float]:
        return self.prf(self.speaker_right, self.pred, self.gold)

    def kind_recall(self) -> dict[str, float]:
        return {
            kind: 100.0 * self.found_by_kind[kind] / total
            for kind, total in sorted(self.gold_by_kind.items())
            if total
        }


def match_document(
    text: str,
    gold: Sequence[dict[str, Any]],
    pred: Sequence[dict[str, Any]],
    tally: Tally,
    head_of: HeadOf | None = None,
) -> list[tuple[int, int]]:
    """Score one document into ``tally``; returns the matched (gold, pred) index pairs."""
    starts = word_starts(text)
    gold_tokens = [tokens_in(starts, fragments_of(q)) for q in gold]
    pred_tokens = [tokens_in(starts, fragments_of(q)) for q in pred]
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold_tokens):
        if not g:
            continue
        for pi, p in enumerate(pred_tokens):
            shared = len(g & p)
            if shared and shared >= 0.5 * len(g) and shared >= 0.5 * len(p):
                pairs.append((shared, gi, pi))
    pairs.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append((gi, pi))
    tally.gold += len(gold)
    tally.pred += len(pred)
    tally.matched += len(matches)
    for q in gold:
        tally.gold_by_kind[q.get("kind", "?")] += 1
    for gi, pi in matches:
        tally.found_by_kind[gold[gi].get("kind", "?")] += 1
        if speaker_right(text, gold[gi], pred[pi], head_of):
            tally.speaker_right += 1
    return matches


def speaker_right(
    text: str, gold: dict[str, Any], pred: dict[str, Any], head_of: HeadOf | None
) -> bool:
    g_span, p_span = gold.get("speaker"), pred.get("speaker")
    if not g_span or not p_span:
        return not g_span and not p_span
    g_text = normalise(text[g_span[0] : g_span[1]])
    p_text = normalise(text[p_span[0] : p_span[1]])
    if not g_text or not p_text:
        return False
    if g_text == p_text:
        return True
    if head_of is not None:
        g_head = normalise(head_of(g_span[0], g_span[1]))
        p_head = normalise(head_of(p_span[0], p_span[1]))
    else:
        g_head = default_head(text[g_span[0] : g_span[1]])
        p_head = default_head(text[p_span[0] : p_span[1]])
    return bool(g_head) and (p_text == g_head or p_head == g_head)
