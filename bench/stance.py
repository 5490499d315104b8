"""Fake News Challenge (FNC-1) benchmark for hearsay's stance model.

    .venv/bin/python bench/stance.py --split heldout
        honest figure: a model trained on 80% of train's Body IDs scores the other 20%
    .venv/bin/python bench/stance.py --split topic
        harder: whole stories (connected related headline/body pairs) held out
    .venv/bin/python bench/stance.py --bodies B.csv --stances S.csv --pred OUT.csv
        the shipped model (trained on ALL of FNC train) labels any FNC-format files

Writes ``Headline,Body ID,Stance`` (agree / disagree / discuss / unrelated) when --pred is
given; when the stances file has gold labels, prints the FNC score, per-class F1, macro-F1,
the confusion matrix and pairs per second (embedding included), next to the 2017 figures.
"""

from __future__ import annotations

# isort: off
# First: sets OMP_NUM_THREADS and HF_HUB_OFFLINE before numpy and torch load.
from stance_data import (
    CACHE_DIR,
    FNC_DIR,
    EmbeddingCache,
    Pair,
    heldout_body_ids,
    read_fnc,
    topic_split,
)
# isort: on

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from train_stance import fnc_features, fnc_idf, train_classifier

from hearsay.stance_model import (
    FNC_LABELS,
    SentenceEncoder,
    StanceClassifier,
    StanceModel,
    load_classifier,
    save_classifier,
)

# FNC-1 competition test set, 2017: FNC score, and macro-F1 as recomputed by Hanselowski et al.
# (COLING 2018, "A Retrospective Analysis of the Fake News Challenge Stance-Detection Task").
PEERS_TEST = (
    ("SOLAT in the SWEN (winner)", 82.02, 58.2),
    ("Athene", 81.97, 60.4),
    ("UCL Machine Reading", 81.72, 58.3),
    ("official baseline", 75.20, None),
)


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The official FNC-1 score as a percentage of the best possible score."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 + (0.75 if g != "unrelated" else 0.0)
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
            if g != "unrelated" and g == p:
                score += 0.75
    return 100.0 * score / best if best else 0.0


def per_class_f1(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    f1 = {}
    for label in FNC_LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label != g)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label != p)
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1


def print_report(
    gold: Sequence[str], predicted: Sequence[str], seconds: float, note: str, embedded: bool
) -> None:
    score = fnc_score(gold, predicted)
    f1 = per_class_f1(gold, predicted)
    macro = 100.0 * sum(f1.values()) / len(f1)
    print(f"\n{note}")
    timed = "embedding included" if embedded else "embeddings cached: features and model only"
    print(f"pairs: {len(gold)}   pairs/s: {len(gold) / seconds:.1f} ({timed})\n")
    print(f"{'system':<52} {'FNC score':>9} {'macro-F1':>9}")
    print(f"{'hearsay (this run)':<52} {score:9.2f} {macro:9.2f}")
    for name, peer_score, peer_macro in PEERS_TEST:
        shown = f"{peer_macro:9.1f}" if peer_macro is not None else f"{'-':>9}"
        print(f"{name + ' [2017, competition test]':<52} {peer_score:9.2f} {shown}")
    print("\nper-class F1: " + "  ".join(f"{k} {100 * v:.1f}" for k, v in f1.items()))
    print("\nconfusion (rows gold, columns predicted):")
    print(f"{'':>10}" + "".join(f"{label:>10}" for label in FNC_LABELS))
    for g in FNC_LABELS:
        row = [
            sum(1 for a, b in zip(gold, predicted, strict=True) if a == g and b == p)
            for p in FNC_LABELS
        ]
        print(f"{g:>10}" + "".join(f"{n:>10}" for n in row))


def heldout_classifier(
    bodies: dict[str, str], train: list[Pair], split: str = "heldout"
) -> StanceClassifier:
    """The model trained on the training side of a split (cached in /tmp once trained)."""
    path = CACHE_DIR / f"stance_model_{split}.npz"
    if path.is_file():
        return load_classifier(path)
    print(f"training the {split} model on {len(train)} pairs...", file=sys.stderr)
    cache = EmbeddingCache(SentenceEncoder())
    idf = fnc_idf(bodies, train)
    scalars, blocks = fnc_features(bodies, train, cache, idf)
    classifier = train_classifier(scalars, blocks, [p.stance or "" for p in train], idf)
    classifier.meta["split"] = split
    path.parent.mkdir(parents=True, exist_ok=True)
    save_classifier(classifier, path)
    return classifier


def predict(
    model: StanceModel,
    bodies: dict[str, str],
    pairs: Sequence[Pair],
    cache: EmbeddingCache | None,
) -> list[str]:
    if cache is None:
        probabilities = model.predict([(p.headline, bodies[p.body_id]) for p in pairs])
    else:  # re-runs: embeddings from /tmp, so only features and trees are timed
        assert model._classifier is not None
        scalars, blocks = fnc_features(bodies, pairs, cache, model._classifier.idf)
        probabilities = model._classifier.probabilities(scalars, blocks)
    return [FNC_LABELS[i] for i in np.argmax(probabilities, axis=1)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bodies", type=Path, default=FNC_DIR / "train_bodies.csv")
    parser.add_argument("--stances", type=Path, default=FNC_DIR / "train_stances.csv")
    parser.add_argument("--pred", type=Path, help="write predictions to this CSV")
    parser.add_argument(
        "--split",
        choices=["none", "heldout", "topic"],
        default="none",
        help="heldout: score train's held-out 20%% of Body IDs with a model trained on the rest; "
        "topic: hold out 20%% of topics (no body or headline of a related pair shared)",
    )
    parser.add_argument("--model", type=Path, help="a stance model file (default: shipped)")
    parser.add_argument(
        "--embedding-cache",
        action="store_true",
        help="reuse sentence embeddings cached in /tmp (faster re-runs; pairs/s then excludes "
        "embedding)",
    )
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    bodies, pairs = read_fnc(args.bodies, args.stances)
    if args.split == "topic":
        train, pairs = topic_split(bodies, pairs)
        classifier = heldout_classifier(bodies, train, "topic")
        note = (
            f"topic split: {len(pairs)} pairs whose headline and body both belong to held-out "
            "topics (connected related pairs); model trained on the other topics only. Few "
            "unrelated pairs survive the split, so the class mix differs from FNC's."
        )
    elif args.split == "heldout":
        held = heldout_body_ids(bodies)
        classifier = heldout_classifier(bodies, [p for p in pairs if p.body_id not in held])
        pairs = [p for p in pairs if p.body_id in held]
        note = (
            f"held-out split: {len(held)} of {len(bodies)} Body IDs (seed fixed in "
            "train_stance.py), model trained on the other Body IDs only"
        )
    else:
        classifier = load_classifier(args.model)
        note = f"model: {args.model or 'shipped hearsay/data/stance_model.npz'}"
        if (
            classifier.meta.get("split") == "all"
            and args.stances.resolve() == (FNC_DIR / "train_stances.csv").resolve()
        ):
            note += (
                "\nWARNING: the shipped model was trained on ALL of FNC train: scoring it on "
                "train is NOT an evaluation (use --split heldout)"
            )
    model = StanceModel(encoder=SentenceEncoder(), use_short=False)
    model._classifier = classifier
    model.warm_up()
    cache = EmbeddingCache(model._encoder) if args.embedding_cache else None  # type: ignore[arg-type]
    started = time.perf_counter()
    predicted = predict(model, bodies, pairs, cache)
    seconds = time.perf_counter() - started
    if args.pred:
        with open(args.pred, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Headline", "Body ID", "Stance"])
            writer.writerows(
                [p.headline, p.body_id, s] for p, s in zip(pairs, predicted, strict=True)
            )
        print(f"wrote {len(predicted)} predictions to {args.pred}")
    if all(p.stance in FNC_LABELS for p in pairs):
        print_report([p.stance or "" for p in pairs], predicted, seconds, note, cache is None)
    else:
        print(f"no gold labels: {len(pairs)} pairs in {seconds:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
