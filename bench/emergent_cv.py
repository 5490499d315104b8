"""Emergent (Ferreira & Vlachos 2016): stance of an article headline toward a rumoured claim.

    .venv/bin/python bench/emergent_cv.py
    .venv/bin/python bench/emergent_cv.py --cross           # also the cross-encoder (unused)
    .venv/bin/python bench/emergent_cv.py --inner [--held N] [--cross]  # how settings were chosen
    .venv/bin/python bench/emergent_cv.py ... --save P.npz  # keep the probabilities for re-blending

5-fold cross-validation grouped by claim (no claim in both train and test of a fold) over
../shared/bench-data/emergent/train.csv (for / against / observing). hearsay's stance features
and the short-text classifier are retrained on each fold's training part (nothing is tuned on
the test folds); prints accuracy, per-class F1 and macro-F1 next to the published figure.
"""

from __future__ import annotations

# isort: off
# First: sets OMP_NUM_THREADS and HF_HUB_OFFLINE before numpy and torch load.
from stance_data import (
    EMERGENT_CSV,
    EmbeddingCache,
    EmergentPair,
    grouped_folds,
    read_emergent,
)
# isort: on

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from train_stance import masked_embeddings, train_short_classifier

from hearsay.stance import mention_stance, rules_weight
from hearsay.stance_features import (
    claim_masked,
    document_frequencies,
    load_lexicon,
    novel_words,
)
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
    parser.add_argument(
        "--inner",
        action="store_true",
        help="evaluate on a fifth of the claims of each outer fold's training part (never a "
        "test fold) and print the blend weights side by side: how the weights were chosen",
    )
    parser.add_argument(
        "--held",
        type=int,
        default=0,
        help="with --inner: which fifth of the training claims is held out (0-4; 0, 1 and 2 "
        "were averaged to choose the claim-masked network)",
    )
    parser.add_argument(
        "--cross",
        action="store_true",
        help="also fine-tune bench/short_cross_encoder.py per fold and show it alone and blended "
        "with the short-text classifier (hearsay does not use it)",
    )
    parser.add_argument(
        "--save",
        type=Path,
        help="write the evaluated pairs' labels and probabilities (classifier, rules, "
        "cross-encoder) to this .npz, to compare other blend weights without retraining",
    )
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    rows = read_emergent(args.data)
    started = time.perf_counter()
    data = _Data(rows, args.cross)
    groups = [r.claim_id for r in rows]
    splits = []
    for test in grouped_folds(groups, args.folds):
        train = np.setdiff1d(np.arange(len(rows)), test)
        if args.inner:
            held = train[grouped_folds([groups[i] for i in train], args.folds)[args.held]]
            train, test = np.setdiff1d(train, held), held
        splits.append((train, test))
    parts = [data.fold(train, test) for train, test in splits]
    tested = np.concatenate([test for _, test in splits])
    labels = data.labels[tested]
    words = np.concatenate([words for words, _ in parts])
    cross = np.concatenate([cross for _, cross in parts]) if args.cross else None
    rules = data.rules[tested]
    if args.save is not None:
        arrays = {"rows": tested, "labels": labels, "words": words, "rules": rules}
        if cross is not None:
            arrays["cross"] = cross
        np.savez(args.save, **arrays)
    seconds = time.perf_counter() - started
    where = "inner validation (held-out claims of the training folds)" if args.inner else "CV"
    print(
        f"Emergent, {args.folds}-fold {where} grouped by claim: {len(labels)} pairs, "
        f"{len({groups[i] for i in tested})} claims, {seconds:.0f}s"
    )
    blends = {0.0: words}
    if cross is not None:
        blends.update({w: (1 - w) * words + w * cross for w in (0.25, 0.5)})
    if args.inner:
        print("cross-encoder weight: rules weight -> accuracy (macro-F1)")
        for cross_weight, model in blends.items():
            figures = []
            for weight in (0.0, 0.2, 0.3, 0.4, 0.5):
                predicted = ((1 - weight) * model + weight * rules).argmax(axis=1)
                accuracy, f1 = _scores(predicted, labels)
                figures.append(f"{weight:.1f}: {accuracy:.1f} ({_macro(f1):.1f})")
            per_pair = data.rules_weights[tested][:, None]
            shipped = ((1 - per_pair) * model + per_pair * rules).argmax(axis=1)
            accuracy, f1 = _scores(shipped, labels)
            figures.append(f"as shipped (rules_weight): {accuracy:.1f} ({_macro(f1):.1f})")
            print(f"  {cross_weight:.2f}:  " + "  ".join(figures))
        return 0
    # As hearsay.stance does for short texts: the model averaged with the mention rules, at
    # the weight rules_weight gives each pair.
    weight = data.rules_weights[tested][:, None]
    predicted = ((1 - weight) * words + weight * rules).argmax(axis=1)
    accuracy, f1 = _scores(predicted, labels)
    print(f"{'system':<48} {'accuracy':>8}")
    systems = [
        ("hearsay (model + mention rules, as shipped)", accuracy),
        ("hearsay model alone", _scores(words.argmax(axis=1), labels)[0]),
        ("hearsay mention rules alone (no training)", _scores(rules.argmax(axis=1), labels)[0]),
    ]
    if cross is not None:
        systems.append(("cross-encoder alone", _scores(cross.argmax(axis=1), labels)[0]))
        for cross_weight, model in list(blends.items())[1:]:
            blended = ((1 - weight) * model + weight * rules).argmax(axis=1)
            name = f"as shipped, cross-encoder averaged in at {cross_weight:.2f}"
            systems.append((name, _scores(blended, labels)[0]))
    for name, figure in (*systems, *PEERS):
        print(f"{name:<48} {figure:8.1f}")
    names = {"agree": "for", "disagree": "against", "discuss": "observing"}
    recall = {
        names[label]: 100.0 * float((predicted[labels == i] == i).mean())
        for i, label in enumerate(SHORT_LABELS)
    }
    print(
        "per-class F1: "
        + "  ".join(f"{names[k]} {v:.1f}" for k, v in f1.items())
        + f"   macro-F1 {_macro(f1):.1f}"
    )
    print("per-class accuracy (recall): " + "  ".join(f"{k} {v:.1f}" for k, v in recall.items()))
    confusion = np.zeros((3, 3), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    print("confusion (rows gold for/against/observing, columns predicted):")
    print("\n".join("  " + " ".join(f"{n:5d}" for n in row) for row in confusion))
    return 0


class _Data:
    """Everything about the pairs that no training touches, computed once."""

    def __init__(self, rows: Sequence[EmergentPair], cross: bool = False) -> None:
        self.claims = [r.claim for r in rows]
        self.headlines = [r.headline for r in rows]
        self.labels = np.array([SHORT_LABELS.index(r.stance) for r in rows])
        cache = EmbeddingCache(SentenceEncoder()).ensure_views(self.claims, self.headlines)
        self.masked = masked_embeddings(self.claims, self.headlines, cache)
        pairs = zip(self.claims, self.headlines, strict=True)
        self.masked_texts = [claim_masked(c, h) for c, h in pairs]
        lexicon = load_lexicon()
        self.claim_views, self.body_views = build_views(self.claims, self.headlines, cache, lexicon)
        self.pairs = list(zip(self.claims, self.headlines, strict=True))
        self.novel = [
            novel_words(c, h, lexicon, not orientation_differs(c, h, lexicon))
            for c, h in self.pairs
        ]
        self.extra = np.stack([short_dense(c, h, lexicon) for c, h in self.pairs])
        self.rules = np.array([_rule_probabilities(c, h) for c, h in self.pairs])
        self.rules_weights = np.array([rules_weight(c, h, lexicon) for c, h in self.pairs])
        self.states = None
        if cross:
            from short_cross_encoder import LAYERS, TOP_LAYERS, LowerStates, PackagedMiniLM

            self.states = LowerStates(self.pairs, LAYERS - TOP_LAYERS, PackagedMiniLM())

    def fold(self, train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """The short-text classifier's probabilities of ``test`` and, with ``cross``, the
        cross-encoder's; both trained on ``train`` only."""
        idf = document_frequencies(
            sorted({self.claims[i] for i in train}) + [self.headlines[i] for i in train]
        )
        scalars, blocks = feature_matrix(
            [(self.claim_views[c], self.body_views[h]) for c, h in self.pairs], idf
        )
        novel = self.novel
        classifier = train_short_classifier(
            [novel[i] for i in train],
            scalars[train],
            blocks[train],
            self.extra[train],
            self.labels[train],
            self.masked[train],
            [self.masked_texts[i] for i in train],
        )
        words = classifier.predict_proba(
            [novel[i] for i in test],
            scalars[test],
            blocks[test],
            self.extra[test],
            self.masked[test],
            [self.masked_texts[i] for i in test],
        )
        if self.states is None:
            return words, None
        from short_cross_encoder import predict_cross, train_cross

        return words, predict_cross(self.states, test, train_cross(self.states, train, self.labels))


def _scores(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, dict[str, float]]:
    """Accuracy and per-class F1 (percent)."""
    f1 = {}
    for i, label in enumerate(SHORT_LABELS):
        tp = int(((predicted == i) & (labels == i)).sum())
        denominator = int((predicted == i).sum() + (labels == i).sum())
        f1[label] = 200.0 * tp / denominator if denominator else 0.0
    return 100.0 * float((predicted == labels).mean()), f1


def _macro(f1: dict[str, float]) -> float:
    return sum(f1.values()) / len(f1)


def _rule_probabilities(claim: str, headline: str) -> list[float]:
    """mention_stance's scores in SHORT_LABELS order (relays and questions are "discuss")."""
    _, scores = mention_stance(claim, headline, None)
    return [scores["asserts"], scores["disputes"], scores["relays"] + scores["questions"]]


if __name__ == "__main__":
    raise SystemExit(main())
