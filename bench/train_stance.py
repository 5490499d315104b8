"""Train hearsay's stance model on Fake News Challenge (FNC-1) data and ship it.

    .venv/bin/python bench/train_stance.py                  # all of train -> shipped model
    .venv/bin/python bench/train_stance.py --split heldout  # 80% of Body IDs -> /tmp model
    .venv/bin/python bench/train_stance.py --short-into M.npz  # retrain only the short-text part

Reads ../shared/bench-data/fnc1/{train_bodies,train_stances}.csv. Sentence embeddings are cached
in /tmp/hearsay-stance-cache (never in the repository); a cold run embeds ~33k sentences with
all-MiniLM-L6-v2 on one CPU thread (about 10 minutes), a warm run takes a few minutes.
"""

from __future__ import annotations

# isort: off
# First: sets OMP_NUM_THREADS and HF_HUB_OFFLINE before numpy and torch load.
from stance_data import (
    CACHE_DIR,
    EMERGENT_CSV,
    FNC_DIR,
    EmbeddingCache,
    Pair,
    heldout_body_ids,
    read_emergent,
    read_fnc,
)
# isort: on

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hearsay.stance_features import (
    claim_masked,
    document_frequencies,
    load_lexicon,
    novel_words,
)
from hearsay.stance_model import (
    FNC_LABELS,
    RELATED_LABELS,
    SHORT_LABELS,
    BoostedTrees,
    NetworkEnsemble,
    SentenceEncoder,
    ShortTextClassifier,
    StanceClassifier,
    build_views,
    char_terms,
    feature_matrix,
    load_classifier,
    masked_inputs,
    network_inputs,
    save_classifier,
    short_dense,
)
from hearsay.stance_polarity import orientation_differs

MODEL_OUT = Path(__file__).resolve().parents[1] / "src" / "hearsay" / "data" / "stance_model.npz"


def fnc_features(
    bodies: dict[str, str], pairs: Sequence[Pair], cache: EmbeddingCache, idf: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Scalar features and embedding blocks of every pair, embedding what the cache lacks."""
    headlines = list(dict.fromkeys(p.headline for p in pairs))
    texts = [bodies[b] for b in dict.fromkeys(p.body_id for p in pairs)]
    cache.ensure_views(headlines, texts)
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
        relatedness=trees_from_sklearn(relatedness),
        related_stance=related_stance,
        scalar_networks=scalar_networks,
        scalar_trees=trees_from_sklearn(scalar_trees),
        meta={"trained_with_sklearn": sklearn.__version__, "trained_on_pairs": int(len(y))},
    )


def trees_from_sklearn(model: Any) -> BoostedTrees:
    """A fitted HistGradientBoostingClassifier as flat numpy arrays (hearsay's own format).

    Reads the fitted trees (``_predictors``: one ``TreePredictor`` per iteration and class,
    each a structured array of nodes) once, at training time; inference never needs sklearn.
    """
    predictors = model._predictors
    names = ("feature", "threshold", "missing_left", "left", "right", "value")
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names}
    roots = np.zeros((len(predictors), len(predictors[0])), dtype=np.int32)
    offset = depth = 0
    for i, iteration in enumerate(predictors):
        for k, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits cannot be exported")
            own = np.arange(len(nodes)) + offset
            leaf = nodes["is_leaf"].astype(bool)  # a leaf points to itself
            parts["feature"].append(np.where(leaf, 0, nodes["feature_idx"]))
            parts["threshold"].append(nodes["num_threshold"])
            parts["missing_left"].append(nodes["missing_go_to_left"].astype(bool))
            parts["left"].append(np.where(leaf, own, nodes["left"].astype(np.int64) + offset))
            parts["right"].append(np.where(leaf, own, nodes["right"].astype(np.int64) + offset))
            parts["value"].append(np.where(leaf, nodes["value"], 0.0))
            roots[i, k] = offset
            depth = max(depth, int(nodes["depth"].max()))
            offset += len(nodes)
    trees = BoostedTrees(
        feature=np.concatenate(parts["feature"]).astype(np.int32),
        threshold=np.concatenate(parts["threshold"]).astype(np.float64),
        missing_left=np.concatenate(parts["missing_left"]),
        left=np.concatenate(parts["left"]).astype(np.int32),
        right=np.concatenate(parts["right"]).astype(np.int32),
        value=np.concatenate(parts["value"]).astype(np.float64),
        roots=roots,
        baseline=np.asarray(model._baseline_prediction, dtype=np.float64).reshape(-1),
        depth=depth,
    )
    return trees


# The short-text logistic regression's inverse regularisation. 0.5 with the character n-grams
# (1.0 before them): chosen on the inner validations of bench/emergent_cv.py --inner.
SHORT_C = 0.5


def train_short_classifier(
    novel: Sequence[str],
    scalars: np.ndarray,
    blocks: np.ndarray,
    extra: np.ndarray,
    labels: np.ndarray,
    masked: np.ndarray,
    masked_texts: Sequence[str],
) -> ShortTextClassifier:
    """Agree / disagree / discuss of a claim against one short text (a headline, a sentence).

    ``extra`` holds ``short_dense`` rows (the mention rules' reading of each pair), ``masked``
    the embeddings of their ``claim_masked`` texts, ``masked_texts`` those texts (their
    character n-grams join the words in the logistic regression, at C = SHORT_C).
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    squashed = np.sign(scalars) * np.log1p(np.abs(scalars))
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"[^ ]+", lowercase=False
    ).fit(novel)
    classifier = ShortTextClassifier(
        vocabulary={str(t): int(i) for t, i in vectorizer.vocabulary_.items()},
        word_idf=vectorizer.idf_.astype(np.float64),
        word_coef=np.zeros(0),
        dense_coef=np.zeros(0),
        intercept=np.zeros(0),
        scalar_mean=squashed.mean(axis=0),
        scalar_scale=squashed.std(axis=0) + 1e-6,
        networks=train_networks(network_inputs(scalars, blocks), labels, len(SHORT_LABELS)),
        masked_networks=train_networks(
            masked_inputs(scalars, extra, masked), labels, len(SHORT_LABELS)
        ),
    )
    chars = TfidfVectorizer(analyzer=char_terms, min_df=2, sublinear_tf=True).fit(masked_texts)
    dense = classifier.dense_inputs(scalars, extra)
    inputs = hstack(
        [vectorizer.transform(novel), csr_matrix(dense), chars.transform(masked_texts)]
    ).tocsr()
    logistic = LogisticRegression(C=SHORT_C, max_iter=3000, class_weight="balanced")
    logistic.fit(inputs, labels)
    terms, dense_end = len(vectorizer.vocabulary_), len(vectorizer.vocabulary_) + dense.shape[1]
    classifier.word_coef = logistic.coef_[:, :terms].astype(np.float64)
    classifier.dense_coef = logistic.coef_[:, terms:dense_end].astype(np.float64)
    classifier.char_coef = logistic.coef_[:, dense_end:].astype(np.float64)
    classifier.char_vocabulary = {str(t): int(i) for t, i in chars.vocabulary_.items()}
    classifier.char_idf = chars.idf_.astype(np.float64)
    classifier.intercept = logistic.intercept_.astype(np.float64)
    return classifier


def emergent_short_classifier(
    path: Path, cache: EmbeddingCache, idf: dict[str, float]
) -> ShortTextClassifier:
    """The short-text classifier, trained on all Emergent claim/headline pairs."""
    rows = read_emergent(path)
    claims = [r.claim for r in rows]
    headlines = [r.headline for r in rows]
    labels = np.array([SHORT_LABELS.index(r.stance) for r in rows])
    cache.ensure_views(claims, headlines)
    lexicon = load_lexicon()
    claim_views, body_views = build_views(claims, headlines, cache, lexicon)
    pairs = list(zip(claims, headlines, strict=True))
    scalars, blocks = feature_matrix([(claim_views[c], body_views[h]) for c, h in pairs], idf)
    novel = [
        novel_words(c, h, lexicon, not orientation_differs(c, h, lexicon))
        for c, h in zip(claims, headlines, strict=True)
    ]
    extra = np.stack([short_dense(c, h, lexicon) for c, h in zip(claims, headlines, strict=True)])
    masked_texts = [claim_masked(c, h) for c, h in zip(claims, headlines, strict=True)]
    return train_short_classifier(
        novel,
        scalars,
        blocks,
        extra,
        labels,
        masked_embeddings(claims, headlines, cache),
        masked_texts,
    )


def masked_embeddings(
    claims: Sequence[str], texts: Sequence[str], cache: EmbeddingCache
) -> np.ndarray:
    """Embeddings of the ``claim_masked`` texts, one row per pair (cached like the rest)."""
    masked = [claim_masked(c, t) for c, t in zip(claims, texts, strict=True)]
    cache.ensure(masked)
    return np.stack([cache[m] for m in masked])


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
    parser.add_argument(
        "--short-into",
        type=Path,
        metavar="MODEL",
        help="only (re)train the Emergent short-text classifier of an existing model file and "
        "write the result to --out (default: the shipped model)",
    )
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    if args.short_into:
        classifier = load_classifier(args.short_into)
        cache = EmbeddingCache(SentenceEncoder())
        classifier.short_stance = emergent_short_classifier(args.emergent, cache, classifier.idf)
        classifier.meta["short_text"] = "emergent/train.csv"
        out = args.out or MODEL_OUT
        save_classifier(classifier, out)
        print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
        return 0
    bodies, pairs = read_fnc(args.bodies, args.stances)
    if args.split == "heldout":
        held = heldout_body_ids(bodies)
        train = [p for p in pairs if p.body_id not in held]
        out = args.out or CACHE_DIR / "stance_model_heldout.npz"
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
