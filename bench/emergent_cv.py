"""Emergent (Ferreira & Vlachos 2016): stance of an article headline toward a rumoured claim.

    .venv/bin/python bench/emergent_cv.py

5-fold cross-validation grouped by claim (no claim in both train and test of a fold) over
../shared/bench-data/emergent/train.csv (for / against / observing). hearsay's stance features
and the short-text classifier are retrained on each fold's training part (nothing is tuned on
the test folds); prints accuracy, per-class F1 and macro-F1 next to the published figure.
"""

from __future__ import annotations

# isort: off
# First: sets OMP_NUM_THREADS and HF_HUB_OFFLINE before numpy and torch load.
from stance_data import EMERGENT_CSV, EmbeddingCache, grouped_folds, read_emergent
# isort: on

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from train_stance import train_short_classifier

from hearsay.stance import SHORT_TEXT_RULES_WEIGHT, mention_stance
from hearsay.stance_features import document_frequencies, load_lexicon, novel_words
from hearsay.stance_model import (
    SHORT_LABELS,
    SentenceEncoder,
    build_views,
    feature_matrix,
    short_dense,
)
from hearsay.stance_polarity import orientation_differs

PEERS = (("Ferreira & Vlachos 2016, logistic regression", 73.0),)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[1])
    parser.add_argument("--data", type=Path, default=EMERGENT_CSV)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    rows = read_emergent(args.data)
    claims = [r.claim for r in rows]
    headlines = [r.headline for r in rows]
    labels = np.array([SHORT_LABELS.index(r.stance) for r in rows])
    started = time.perf_counter()
    cache = EmbeddingCache(SentenceEncoder()).ensure_views(claims, headlines)
    lexicon = load_lexicon()
    claim_views, body_views = build_views(claims, headlines, cache, lexicon)
    pairs = list(zip(claims, headlines, strict=True))
    novel = [novel_words(c, h, lexicon, not orientation_differs(c, h, lexicon)) for c, h in pairs]
    extra = np.stack([short_dense(c, h, lexicon) for c, h in pairs])
    rules = np.array([_rule_probabilities(c, h) for c, h in pairs])
    predicted = np.empty_like(labels)
    model_only = np.empty_like(labels)
    for test in grouped_folds([r.claim_id for r in rows], args.folds):
        train = np.setdiff1d(np.arange(len(rows)), test)
        idf = document_frequencies(
            sorted({claims[i] for i in train}) + [headlines[i] for i in train]
        )
        scalars, blocks = feature_matrix([(claim_views[c], body_views[h]) for c, h in pairs], idf)
        classifier = train_short_classifier(
            [novel[i] for i in train], scalars[train], blocks[train], extra[train], labels[train]
        )
        probabilities = classifier.predict_proba(
            [novel[i] for i in test], scalars[test], blocks[test], extra[test]
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
        f"{len({r.claim_id for r in rows})} claims, {seconds:.0f}s"
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


if __name__ == "__main__":
    raise SystemExit(main())
