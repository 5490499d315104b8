"""Train hearsay's stance model on Fake News Challenge (FNC-1) data and ship it.

    .venv/bin/python bench/train_stance.py                  # all of train -> shipped model
    .venv/bin/python bench/train_stance.py --split heldout  # 80% of Body IDs -> /tmp model

Reads ../shared/bench-data/fnc1/{train_bodies,train_stances}.csv. Sentence embeddings are cached
in /tmp/hearsay-stance-cache (never in the repository); a cold run embeds ~33k sentences with
all-MiniLM-L6-v2 on one CPU thread (about 10 minutes), a warm run takes a few minutes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from hearsay.stance_features import document_frequencies, load_lexicon  # noqa: E402
from hearsay.stance_model import (  # noqa: E402
    FNC_LABELS,
    RELATED_LABELS,
    SHORT_LABELS,
    SentenceEncoder,
    StanceClassifier,
    build_views,
    feature_matrix,
    save_classifier,
    split_sentences,
)

FNC_DIR = Path("../shared/bench-data/fnc1")
CACHE_DIR = Path(os.environ.get("HEARSAY_STANCE_CACHE", "/tmp/hearsay-stance-cache"))
MODEL_OUT = Path(__file__).resolve().parents[1] / "src" / "hearsay" / "data" / "stance_model.pkl"
HELDOUT_SEED = 1234
HELDOUT_FRACTION = 0.2


@dataclass(frozen=True)
class Pair:
    headline: str
    body_id: str
    stance: str | None  # None when the file has no Stance column


def read_fnc(bodies_csv: Path, stances_csv: Path) -> tuple[dict[str, str], list[Pair]]:
    csv.field_size_limit(sys.maxsize)
    with open(bodies_csv, encoding="utf-8", newline="") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    with open(stances_csv, encoding="utf-8", newline="") as handle:
        pairs = [
            Pair(row["Headline"], row["Body ID"], row.get("Stance") or None)
            for row in csv.DictReader(handle)
        ]
    return bodies, pairs


def heldout_body_ids(body_ids: Iterable[str]) -> set[str]:
    """A fixed 20% of Body IDs: the evaluation part, never seen in training."""
    ordered = sorted(set(body_ids), key=int)
    random.Random(HELDOUT_SEED).shuffle(ordered)
    return set(ordered[: round(len(ordered) * HELDOUT_FRACTION)])


class EmbeddingCache:
    """Text → embedding, kept in /tmp between runs so re-training does not re-embed."""

    def __init__(self, encoder: SentenceEncoder, directory: Path = CACHE_DIR) -> None:
        self.encoder = encoder
        self.path = directory / "minilm.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.is_file():
            with np.load(self.path) as data:
                keys, matrix = data["keys"], data["vectors"]
            self.vectors = dict(zip(keys.tolist(), matrix, strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def ensure(self, texts: Sequence[str], chunk: int = 2048) -> None:
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self.vectors))
        started = time.perf_counter()
        for i in range(0, len(missing), chunk):
            part = missing[i : i + chunk]
            for text, vector in zip(part, self.encoder.encode(part), strict=True):
                self.vectors[self.key(text)] = vector
            self.save()
            done = i + len(part)
            rate = done / (time.perf_counter() - started)
            print(f"  embedded {done}/{len(missing)} texts ({rate:.0f}/s)", file=sys.stderr)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors))
        matrix = np.stack(list(self.vectors.values())).astype(np.float32)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=matrix)
        tmp.replace(self.path)

    def __getitem__(self, text: str) -> np.ndarray:
        return self.vectors[self.key(text)]


def fnc_features(
    bodies: dict[str, str], pairs: Sequence[Pair], cache: EmbeddingCache, idf: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Scalar features and embedding blocks of every pair, embedding what the cache lacks."""
    headlines = list(dict.fromkeys(p.headline for p in pairs))
    texts = [bodies[b] for b in dict.fromkeys(p.body_id for p in pairs)]
    cache.ensure(headlines + [s for t in texts for s in split_sentences(t)])
    claim_views, body_views = build_views(headlines, texts, cache, load_lexicon())
    return feature_matrix(
        [(claim_views[p.headline], body_views[bodies[p.body_id]]) for p in pairs], idf
    )


def fnc_idf(bodies: dict[str, str], pairs: Sequence[Pair]) -> dict[str, float]:
    body_ids = set(p.body_id for p in pairs)
    return document_frequencies(
        [bodies[b] for b in sorted(body_ids)] + sorted({p.headline for p in pairs})
    )


def train_classifier(
    scalars: np.ndarray, blocks: np.ndarray, labels: Sequence[str], idf: dict[str, float]
) -> StanceClassifier:
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier

    y = np.array([FNC_LABELS.index(label) for label in labels])
    related = y != FNC_LABELS.index("unrelated")
    relatedness = HistGradientBoostingClassifier(
        max_iter=300, learning_rate=0.1, max_leaf_nodes=31, random_state=0
    ).fit(scalars, related.astype(int))
    stance_y = y[related]
    # "disagree" is rare (about 6% of related pairs): weigh classes toward balance.
    counts = np.bincount(stance_y, minlength=len(RELATED_LABELS)).astype(float)
    weights = (counts.sum() / (len(RELATED_LABELS) * counts)) ** 0.5
    related_stance = HistGradientBoostingClassifier(
        max_iter=500,
        learning_rate=0.08,
        max_leaf_nodes=31,
        l2_regularization=1.0,
        random_state=0,
    ).fit(np.hstack([scalars[related], blocks[related]]), stance_y, sample_weight=weights[stance_y])
    return StanceClassifier(
        idf=idf,
        relatedness=relatedness,
        related_stance=related_stance,
        meta={"sklearn": sklearn.__version__, "trained_on_pairs": int(len(y))},
    )


def train_short_classifier(scalars: np.ndarray, blocks: np.ndarray, labels: np.ndarray) -> Any:
    """Agree / disagree / discuss of a claim against one short text (a headline, a sentence)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    counts = np.bincount(labels, minlength=len(SHORT_LABELS)).astype(float)
    weights = (counts.sum() / (len(SHORT_LABELS) * np.maximum(counts, 1.0))) ** 0.5
    return HistGradientBoostingClassifier(
        max_iter=300,
        learning_rate=0.05,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        random_state=0,
    ).fit(np.hstack([scalars, blocks]), labels, sample_weight=weights[labels])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--bodies", type=Path, default=FNC_DIR / "train_bodies.csv")
    parser.add_argument("--stances", type=Path, default=FNC_DIR / "train_stances.csv")
    parser.add_argument("--split", choices=["all", "heldout"], default="all")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    bodies, pairs = read_fnc(args.bodies, args.stances)
    if args.split == "heldout":
        held = heldout_body_ids(bodies)
        train = [p for p in pairs if p.body_id not in held]
        out = args.out or CACHE_DIR / "stance_model_heldout.pkl"
    else:
        train = pairs
        out = args.out or MODEL_OUT
    cache = EmbeddingCache(SentenceEncoder())
    started = time.perf_counter()
    idf = fnc_idf(bodies, train)
    scalars, blocks = fnc_features(bodies, train, cache, idf)
    print(f"features of {len(train)} pairs: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    started = time.perf_counter()
    classifier = train_classifier(scalars, blocks, [p.stance or "" for p in train], idf)
    classifier.meta["split"] = args.split
    print(f"training: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_classifier(classifier, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
