"""What the stance benchmarks and the training script share: the environment, the data files
(FNC-1, Emergent), the splits, and the sentence-embedding cache in /tmp.

Imported first by bench/stance.py, bench/emergent_cv.py and bench/train_stance.py (run from the
repository root, so the default data paths ``../shared/bench-data/...`` resolve).
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# One thread per process on the shared machine, and no network for the sentence encoder.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from hearsay.stance_features import split_sentences  # noqa: E402
from hearsay.stance_model import SentenceEncoder  # noqa: E402

FNC_DIR = Path("../shared/bench-data/fnc1")
EMERGENT_CSV = Path("../shared/bench-data/emergent/train.csv")
CACHE_DIR = Path(os.environ.get("HEARSAY_STANCE_CACHE", "/tmp/hearsay-stance-cache"))
EMERGENT_TO_FNC = {"for": "agree", "against": "disagree", "observing": "discuss"}
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


@dataclass(frozen=True)
class EmergentPair:
    claim: str
    headline: str
    stance: str  # FNC label: agree / disagree / discuss
    claim_id: str


def read_emergent(path: Path = EMERGENT_CSV) -> list[EmergentPair]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            EmergentPair(
                r["claimHeadline"],
                r["articleHeadline"],
                EMERGENT_TO_FNC[r["articleHeadlineStance"]],
                r["claimId"],
            )
            for r in csv.DictReader(handle)
        ]


def heldout_body_ids(body_ids: Iterable[str]) -> set[str]:
    """A fixed 20% of Body IDs: the evaluation part, never seen in training."""
    ordered = sorted(set(body_ids), key=int)
    random.Random(HELDOUT_SEED).shuffle(ordered)
    return set(ordered[: round(len(ordered) * HELDOUT_FRACTION)])


def topic_split(bodies: dict[str, str], pairs: Sequence[Pair]) -> tuple[list[Pair], list[Pair]]:
    """Train / test pairs sharing no topic: neither a body nor a headline of a related pair.

    Topics are the connected components of related (headline, body) pairs; a fixed 20% of them
    is held out, and unrelated pairs that would cross the boundary are dropped. This is the
    harder, new-story setting the competition test set is closer to.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for p in pairs:
        root("h" + p.headline)
        root("b" + p.body_id)
        if p.stance not in (None, "unrelated"):
            parent[root("h" + p.headline)] = root("b" + p.body_id)
    topics = sorted({root("b" + b) for b in bodies})
    random.Random(HELDOUT_SEED).shuffle(topics)
    held = set(topics[: round(len(topics) * HELDOUT_FRACTION)])
    train, test = [], []
    for p in pairs:
        body_held, headline_held = root("b" + p.body_id) in held, root("h" + p.headline) in held
        if body_held and headline_held:
            test.append(p)
        elif not body_held and not headline_held:
            train.append(p)
    return train, test


def grouped_folds(groups: Sequence[str], k: int = 5, seed: int = 7) -> list[np.ndarray]:
    """k test-index arrays; every group (an Emergent claim) falls in exactly one."""
    unique = sorted(set(groups))
    rng = np.random.default_rng(seed)
    rng.shuffle(unique)
    fold_of = {g: i % k for i, g in enumerate(unique)}
    assigned = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(assigned == i) for i in range(k)]


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

    def ensure_views(self, claims: Iterable[str], bodies: Iterable[str]) -> EmbeddingCache:
        """Embed every claim and every sentence of the bodies that the cache lacks."""
        sentences = (s for b in dict.fromkeys(bodies) for s in split_sentences(b))
        self.ensure(list(dict.fromkeys([*claims, *sentences])))
        return self

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors))
        matrix = np.stack(list(self.vectors.values())).astype(np.float32)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=matrix)
        tmp.replace(self.path)

    def __getitem__(self, text: str) -> np.ndarray:
        return self.vectors[self.key(text)]
