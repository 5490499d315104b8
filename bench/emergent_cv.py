"""Emergent (Ferreira & Vlachos 2016): stance of an article headline toward a rumoured claim.

    .venv/bin/python bench/emergent_cv.py

5-fold cross-validation grouped by claim (no claim in both train and test of a fold) over
../shared/bench-data/emergent/train.csv (for / against / observing). hearsay's stance features
and the short-text classifier are retrained on each fold's training part; prints accuracy,
per-class F1 and macro-F1 next to the published figure.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from train_stance import (  # noqa: E402
    EMERGENT_CSV,
    EMERGENT_TO_FNC,
    EmbeddingCache,
    train_short_classifier,
)

from hearsay.stance import SHORT_TEXT_RULES_WEIGHT, mention_stance  # noqa: E402
from hearsay.stance_features import (  # noqa: E402
    document_frequencies,
    load_lexicon,
    novel_words,
)
from hearsay.stance_model import (  # noqa: E402
    SHORT_LABELS,
    SentenceEncoder,
    build_views,
    feature_matrix,
)

PEERS = (("Ferreira & Vlachos 2016, logistic regression", 73.0),)


def read_emergent(path: Path) -> list[tuple[str, str, str, str]]:
    """(claim, headline, FNC label, claim id) rows."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            (
                r["claimHeadline"],
                r["articleHeadline"],
                EMERGENT_TO_FNC[r["articleHeadlineStance"]],
                r["claimId"],
            )
            for r in csv.DictReader(handle)
        ]


def grouped_folds(groups: Sequence[str], k: int = 5, seed: int = 7) -> list[np.ndarray]:
    """k test-index arrays; every group (claim) falls in exactly one."""
    unique = sorted(set(groups))
    rng = np.random.default_rng(seed)
    rng.shuffle(unique)
    fold_of = {g: i % k for i, g in enumerate(unique)}
    assigned = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(assigned == i) for i in range(k)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--data", type=Path, default=EMERGENT_CSV)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    rows = read_emergent(args.data)
    claims = [r[0] for r in rows]
    headlines = [r[1] for r in rows]
    labels = np.array([SHORT_LABELS.index(r[2]) for r in rows])
    cache = EmbeddingCache(SentenceEncoder())
    started = time.perf_counter()
    lexicon = load_lexicon()
    claim_views, body_views = build_views(
        claims, headlines, _CacheFor(cache, claims, headlines), lexicon
    )
    novel = [novel_words(c, h, lexicon) for c, h in zip(claims, headlines, strict=True)]
    rules = np.array([_rule_probabilities(c, h) for c, h in zip(claims, headlines, strict=True)])
    predicted = np.empty_like(labels)
    model_only = np.empty_like(labels)
    for test in grouped_folds([r[3] for r in rows], args.folds):
        train = np.setdiff1d(np.arange(len(rows)), test)
        idf = document_frequencies(
            sorted({claims[i] for i in train}) + [headlines[i] for i in train]
        )
        scalars, blocks = feature_matrix(
            [(claim_views[claims[i]], body_views[headlines[i]]) for i in range(len(rows))], idf
        )
        classifier = train_short_classifier(
            [novel[i] for i in train], scalars[train], blocks[train], labels[train]
        )
        probabilities = classifier.predict_proba(
            [novel[i] for i in test], scalars[test], blocks[test]
        )
        model_only[test] = probabilities.argmax(axis=1)
        # As hearsay.stance does for short texts: the model averaged with the mention rules.
        weight = SHORT_TEXT_RULES_WEIGHT
        predicted[test] = ((1 - weight) * probabilities + weight * rules[test]).argmax(axis=1)
    seconds = time.perf_counter() - started
    accuracy = 100.0 * float((predicted == labels).mean())
    f1 = {}
    for i, label in enumerate(SHORT_LABELS):
        tp = int(((predicted == i) & (labels == i)).sum())
        denominator = int((predicted == i).sum() + (labels == i).sum())
        f1[label] = 200.0 * tp / denominator if denominator else 0.0
    names = {"agree": "for", "disagree": "against", "discuss": "observing"}
    print(
        f"Emergent, {args.folds}-fold CV grouped by claim: {len(rows)} pairs, "
        f"{len(set(r[3] for r in rows))} claims, {seconds:.0f}s"
    )
    print(f"{'system':<48} {'accuracy':>8}")
    print(f"{'hearsay (model + mention rules, as shipped)':<48} {accuracy:8.1f}")
    alone = 100.0 * float((model_only == labels).mean())
    print(f"{'hearsay model alone':<48} {alone:8.1f}")
    print(
        f"{'hearsay mention rules alone (no training)':<48} "
        f"{100.0 * float((rules.argmax(axis=1) == labels).mean()):8.1f}"
    )
    for name, figure in PEERS:
        print(f"{name:<48} {figure:8.1f}")
    print(
        "per-class F1: "
        + "  ".join(f"{names[k]} {v:.1f}" for k, v in f1.items())
        + f"   macro-F1 {sum(f1.values()) / len(f1):.1f}"
    )
    return 0


def _rule_probabilities(claim: str, headline: str) -> list[float]:
    """mention_stance's scores in SHORT_LABELS order (relays and questions are "discuss")."""
    _, scores = mention_stance(claim, headline, None)
    return [scores["asserts"], scores["disputes"], scores["relays"] + scores["questions"]]


class _CacheFor:
    """The embedding cache as a mapping, filled for every text the views will ask for."""

    def __init__(self, cache: EmbeddingCache, claims: Sequence[str], bodies: Sequence[str]):
        from hearsay.stance_features import split_sentences

        cache.ensure(
            list(
                dict.fromkeys(
                    [*claims, *(s for b in dict.fromkeys(bodies) for s in split_sentences(b))]
                )
            )
        )
        self.cache = cache

    def __getitem__(self, text: str) -> np.ndarray:
        return self.cache[text]


if __name__ == "__main__":
    raise SystemExit(main())
