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

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from hearsay.stance_features import (  # noqa: E402
    document_frequencies,
    load_lexicon,
    novel_words,
)
from hearsay.stance_model import (  # noqa: E402
    FNC_LABELS,
    RELATED_LABELS,
    SHORT_LABELS,
    NetworkEnsemble,
    SentenceEncoder,
    ShortTextClassifier,
    StanceClassifier,
    build_views,
    feature_matrix,
    network_inputs,
    save_classifier,
    split_sentences,
)

FNC_DIR = Path("../shared/bench-data/fnc1")
CACHE_DIR = Path(os.environ.get("HEARSAY_STANCE_CACHE", "/tmp/hearsay-stance-cache"))
MODEL_OUT = Path(__file__).resolve().parents[1] / "src" / "hearsay" / "data" / "stance_model.pkl"
EMERGENT_CSV = Path("../shared/bench-data/emergent/train.csv")
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


def train_networks(
    inputs: np.ndarray,
    labels: np.ndarray,
    classes: int,
    members: int = 3,
    epochs: int = 20,
    hidden: int = 256,
) -> NetworkEnsemble:
    """An ensemble of small networks; class weights pull toward rare classes ("disagree")."""
    import torch

    mean = inputs.mean(axis=0)
    scale = inputs.std(axis=0) + 1e-6
    x = torch.tensor((inputs - mean) / scale, dtype=torch.float32)
    y = torch.tensor(labels, dtype=torch.long)
    counts = np.bincount(labels, minlength=classes).astype(float)
    weight = torch.tensor(
        (counts.sum() / (classes * np.maximum(counts, 1.0))) ** 0.5, dtype=torch.float32
    )
    layers = []
    for member in range(members):
        torch.manual_seed(member)
        first, second = torch.nn.Linear(x.shape[1], hidden), torch.nn.Linear(hidden, classes)
        network = torch.nn.Sequential(
            torch.nn.Dropout(0.2), first, torch.nn.ReLU(), torch.nn.Dropout(0.4), second
        )
        optimiser = torch.optim.AdamW(network.parameters(), lr=1e-3, weight_decay=1e-2)
        network.train()
        for _ in range(epochs):
            order = torch.randperm(len(x))
            for start in range(0, len(x), 64):
                batch = order[start : start + 64]
                loss = torch.nn.functional.cross_entropy(network(x[batch]), y[batch], weight=weight)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
        layers.append(
            tuple(
                t.detach().numpy().copy()
                for t in (first.weight, first.bias, second.weight, second.bias)
            )
        )
    return NetworkEnsemble(mean=mean, scale=scale, layers=layers)  # type: ignore[arg-type]


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
    related_stance = train_networks(
        network_inputs(scalars[related], blocks[related]), stance_y, len(RELATED_LABELS)
    )
    no_block = np.zeros((int(related.sum()), 0), dtype=np.float32)
    scalar_networks = train_networks(
        network_inputs(scalars[related], no_block), stance_y, len(RELATED_LABELS)
    )
    # "disagree" is rare (about 6% of related pairs): weigh classes toward balance.
    counts = np.bincount(stance_y, minlength=len(RELATED_LABELS)).astype(float)
    weights = (counts.sum() / (len(RELATED_LABELS) * counts)) ** 0.5
    scalar_trees = HistGradientBoostingClassifier(
        max_iter=300, learning_rate=0.05, random_state=0
    ).fit(scalars[related], stance_y, sample_weight=weights[stance_y])
    return StanceClassifier(
        idf=idf,
        relatedness=relatedness,
        related_stance=related_stance,
        scalar_networks=scalar_networks,
        scalar_trees=scalar_trees,
        meta={"sklearn": sklearn.__version__, "trained_on_pairs": int(len(y))},
    )


def train_short_classifier(
    novel: Sequence[str], scalars: np.ndarray, blocks: np.ndarray, labels: np.ndarray
) -> ShortTextClassifier:
    """Agree / disagree / discuss of a claim against one short text (a headline, a sentence)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    squashed = np.sign(scalars) * np.log1p(np.abs(scalars))
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"[^ ]+", lowercase=False
    ).fit(novel)
    # The pruned-term list is only for inspection and would triple the shipped file.
    vectorizer.stop_words_ = None
    classifier = ShortTextClassifier(
        vectorizer=vectorizer,
        logistic=None,
        scalar_mean=squashed.mean(axis=0),
        scalar_scale=squashed.std(axis=0) + 1e-6,
        networks=train_networks(network_inputs(scalars, blocks), labels, len(SHORT_LABELS)),
    )
    classifier.logistic = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(
        classifier.logistic_inputs(novel, scalars), labels
    )
    return classifier


def emergent_short_classifier(
    path: Path, cache: EmbeddingCache, idf: dict[str, float]
) -> ShortTextClassifier:
    """The short-text classifier, trained on all Emergent claim/headline pairs."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    claims = [r["claimHeadline"] for r in rows]
    headlines = [r["articleHeadline"] for r in rows]
    labels = np.array(
        [SHORT_LABELS.index(EMERGENT_TO_FNC[r["articleHeadlineStance"]]) for r in rows]
    )
    cache.ensure(claims + [s for h in headlines for s in split_sentences(h)])
    lexicon = load_lexicon()
    claim_views, body_views = build_views(claims, headlines, cache, lexicon)
    scalars, blocks = feature_matrix(
        [(claim_views[c], body_views[h]) for c, h in zip(claims, headlines, strict=True)], idf
    )
    novel = [novel_words(c, h, lexicon) for c, h in zip(claims, headlines, strict=True)]
    return train_short_classifier(novel, scalars, blocks, labels)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--bodies", type=Path, default=FNC_DIR / "train_bodies.csv")
    parser.add_argument("--stances", type=Path, default=FNC_DIR / "train_stances.csv")
    parser.add_argument("--split", choices=["all", "heldout"], default="all")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--emergent",
        type=Path,
        default=EMERGENT_CSV,
        help="Emergent claim/headline pairs for the short-text classifier (skipped if absent)",
    )
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
    if args.split == "all" and args.emergent.is_file():
        classifier.short_stance = emergent_short_classifier(args.emergent, cache, idf)
        classifier.meta["short_text"] = "emergent/train.csv"
    print(f"training: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_classifier(classifier, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
