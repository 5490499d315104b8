"""The learned part of attribution: which candidates are real, and which lemmas can be cues.

A logistic regression over a few dozen sparse features of each candidate (its rule, cue lemma
and lean, the shape of speaker and content). It is trained on PolNeAR's training split by
``bench/train_attribution.py`` and shipped as plain JSON weights, so scoring needs neither
scikit-learn nor numpy. Without the weights file, every rule-found candidate is kept.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from hearsay.attribution_rules import (
    Candidate,
    SegmentContext,
    close_quotation,
    sentence_bounds,
    tokens_between,
)
from hearsay.content_extent import extent_features, extent_variants

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

logger = logging.getLogger(__name__)

MODEL_FILE = "data/attribution_model.json"
RELATIVE = {"who", "which", "that", "whom"}


@dataclass
class AttributionModel:
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    cue_lemmas: frozenset[str] = frozenset()
    cue_nouns: frozenset[str] = frozenset()
    lemma_rate: dict[str, float] = field(default_factory=dict)  # P(cue | verb lemma) in train
    extents: bool = False  # trained to choose among content extents (content_extent)
    speaker_weights: dict[str, float] = field(default_factory=dict)  # speaker_choice
    # A conditional logit choosing among a candidate's content extents (the keep-or-drop
    # probability is then read at the chosen one); without it, the likeliest extent wins.
    extent_weights: dict[str, float] = field(default_factory=dict)
    # Which of two nested reports stands for their passage (hearsay.nesting).
    nesting_weights: dict[str, float] = field(default_factory=dict)

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, data: dict[str, object]) -> AttributionModel:
        return cls(
            weights={str(k): float(v) for k, v in dict(data["weights"]).items()},  # type: ignore[call-overload]
            bias=float(data["bias"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            cue_lemmas=frozenset(data.get("cue_lemmas", [])),  # type: ignore[call-overload]
            cue_nouns=frozenset(data.get("cue_nouns", [])),  # type: ignore[call-overload]
            lemma_rate={str(k): float(v) for k, v in dict(data.get("lemma_rate", {})).items()},  # type: ignore[call-overload]
            extents=bool(data.get("extents", False)),
            speaker_weights={str(k): float(v)
                             for k, v in dict(data.get("speaker_weights", {})).items()},  # type: ignore[call-overload]
            extent_weights={str(k): float(v)
                            for k, v in dict(data.get("extent_weights", {})).items()},  # type: ignore[call-overload]
            nesting_weights={str(k): float(v)
                             for k, v in dict(data.get("nesting_weights", {})).items()},  # type: ignore[call-overload]
        )


_MODEL: AttributionModel | None = None


def install_model(model: AttributionModel) -> None:
    """Use ``model`` instead of the packaged weights in this process (benchmarks comparing
    freshly trained weights)."""
    global _MODEL
    _MODEL = model


def load_model() -> AttributionModel:
    """The packaged weights (once per process); an empty model if they are missing."""
    global _MODEL
    if _MODEL is None:
        try:
            text = resources.files("hearsay").joinpath(MODEL_FILE).read_text(encoding="utf-8")
            _MODEL = AttributionModel.from_json(json.loads(text))
        except (FileNotFoundError, KeyError, ValueError) as exc:
            logger.warning("attribution model not loaded (%s): keeping every candidate", exc)
            _MODEL = AttributionModel(threshold=0.0)
    return _MODEL


def _bucket(n: int) -> str:
    for limit in (1, 2, 3, 5, 8, 12, 20, 35, 60):
        if n <= limit:
            return str(limit)
    return "many"


def _rate_bucket(rate: float | None) -> str:
    if rate is None:
        return "none"
    for limit in (0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7):
        if rate <= limit:
            return str(limit)
    return "high"


def candidate_features(
    cand: Candidate, ctx: SegmentContext, model: AttributionModel, nested: bool
) -> list[str]:
    """Sparse string features of one candidate."""
    return fixed_features(cand, ctx, model, nested) + content_features(cand, ctx)


def content_features(cand: Candidate, ctx: SegmentContext) -> list[str]:
    """The features that change with the content's extent."""
    doc: Doc = ctx.doc
    feats = [f"kind={cand.kind}", f"kind_rule={cand.kind}_{cand.rule}",
             f"extent={cand.extent}", f"extent_rule={cand.extent}_{cand.rule}"]
    first_i, last_i = tokens_between(doc, cand.content[0], cand.content[1])
    content = doc[first_i:last_i] if last_i > first_i else None
    n_tokens = len(content) if content is not None else 0
    words = [t for t in content if not t.is_punct and not t.is_space] if content else []
    feats.append(f"len={_bucket(len(words))}")
    feats.append(f"len_rule={_bucket(len(words))}_{cand.rule}")
    feats.append(f"len_extent={_bucket(len(words))}_{cand.extent}")
    if content is not None and n_tokens:
        first = content[0]
        feats.append(f"first={first.lower_ if first.is_stop else first.pos_}")
        has_verb = any(t.pos_ in {"VERB", "AUX"} for t in content)
        feats.append(f"has_verb={has_verb}")
        feats.append(f"has_verb_rule={has_verb}_{cand.rule}")
        if content[-1].is_punct and content[-1].text in ".!?”\"":
            feats.append("ends_sentence")
    if cand.cue_head is not None:
        cue = doc[cand.cue_head]
        feats += [
            f"extent_lemma={cand.extent}_{cue.lemma_.lower()}",
            f"cue_pos={'before' if cue.idx < cand.content[0] else 'after'}",
        ]
        if content is not None and n_tokens and not cand.quotes:
            # What the report is about: "backed Mr. Rubio" (a person) and "backed the
            # plan" are attitudes; "made stops in Denver" is narration.
            root = content.root
            head = root.ent_type_ or root.pos_
            feats += [f"content_head={head}_{cand.rule}",
                      f"lemma_content_head={cue.lemma_.lower()}_{head}"]
        inner = _inner_report(content, cand, ctx) if content is not None else None
        if inner is not None:
            # "“...,” she said, but": a report of its own inside the content, by where it
            # stands (at the end, it usually closes another statement the parse ran on into).
            feats += [f"inner_report={inner}", f"inner_report_rule={inner}_{cand.rule}"]
    feats += extent_features(cand, ctx)
    return feats


def _inner_report(content: Span, cand: Candidate, ctx: SegmentContext) -> str | None:
    """Where (start, middle, end) the content holds a cue verb with its own subject that
    follows what it reports ("“A,” she said"). A report that opens its own clause ("said
    that the minister told reporters ...") is a nested report, not a sign of a bad extent."""
    n = len(content)
    for i, opens_clause in sorted(ctx.report_verbs.items()):
        if content.start <= i < content.end and i != cand.cue_head and not opens_clause:
            offset = i - content.start
            return "start" if offset < n / 3 else "end" if offset >= 2 * n / 3 else "middle"
    return None


def fixed_features(
    cand: Candidate, ctx: SegmentContext, model: AttributionModel, nested: bool
) -> list[str]:
    """The features of the rule, cue, speaker and addressee (the same for every extent)."""
    doc: Doc = ctx.doc
    feats = [f"rule={cand.rule}", f"nested={nested}", f"nested_rule={nested}_{cand.rule}"]
    if cand.cue_head is not None:
        cue = doc[cand.cue_head]
        lemma = cue.lemma_.lower()
        entry = ctx.lexicon.verbs.get(lemma)
        phrase = cand.rule in {"according", "phrase"}
        lean = entry.lean if entry else ("phrase" if phrase else "none")
        rate = model.lemma_rate.get(lemma)
        feats += [
            f"lemma={lemma}",
            f"lemma_rule={lemma}_{cand.rule}",
            f"lean={lean}",
            f"lean_rule={lean}_{cand.rule}",
            f"rate={_rate_bucket(rate)}",
            f"rate_rule={_rate_bucket(rate)}_{cand.rule}",
            f"cue_dep={cue.dep_}",
            f"cue_tag={cue.tag_}",
            f"cue_dep_rule={cue.dep_}_{cand.rule}",
        ]
        if any(c.dep_ == "neg" for c in cue.children):
            feats.append("negated")
        if doc[sentence_bounds(cue)[1] - 1].text == "?":
            feats.append("question")
        if cue.dep_ in {"amod", "compound"} or cue.pos_ == "NOUN":
            feats.append("cue_nominal")
    else:
        feats.append("no_cue")
    if cand.speaker is not None:
        span = doc[cand.speaker[0] : cand.speaker[1]]
        root = span.root
        feats += [
            "speaker",
            f"spk_pos={root.pos_}",
            f"spk_ent={root.ent_type_ or 'none'}",
            f"spk_len={_bucket(len(span))}",
            f"spk_rule={root.pos_}_{cand.rule}",
        ]
        if root.lower_ in RELATIVE:
            feats.append("spk_relative")
        if root.lower_ in {"it", "this", "that"}:
            feats.append("spk_it")
    else:
        feats.append(f"no_speaker_rule={cand.rule}")
    if cand.addressee is not None:
        feats.append("addressee")
    return feats


def candidate_variants(
    cand: Candidate, ctx: SegmentContext, model: AttributionModel
) -> list[tuple[str, tuple[int, int]]]:
    """The candidate's own content extent first, then the alternatives (content_extent)
    when the model was trained to choose among them."""
    own = (cand.extent, cand.content)
    if not model.extents:
        return [own]
    cand.rule_content = cand.content
    return [own, *extent_variants(cand, ctx)]


def score_candidates(
    candidates: list[Candidate], ctx: SegmentContext, model: AttributionModel
) -> None:
    """Fill each candidate's ``score`` with the model's probability, after choosing the
    likeliest of its content extents."""
    for cand in candidates:
        if not model.weights:
            cand.score = 1.0
            continue
        fixed = fixed_features(cand, ctx, model, cand.parent is not None)
        best: tuple[float, str, tuple[int, int]] | None = None
        variants = candidate_variants(cand, ctx, model)
        if model.extent_weights and len(variants) > 1:
            ranked = []
            for extent, content in variants:
                cand.extent, cand.content = extent, content
                feats = content_features(cand, ctx)
                ranked.append((sum(model.extent_weights.get(f, 0.0) for f in feats), feats,
                               extent, content))
            _, feats, extent, content = max(ranked, key=lambda r: r[0])
            cand.extent, cand.content = extent, _closed(ctx, cand, content)
            cand.score = model.probability(fixed + feats)
            continue
        for extent, content in variants:
            cand.extent, cand.content = extent, content
            score = model.probability(fixed + content_features(cand, ctx))
            if best is None or score > best[0]:
                best = (score, extent, content)
        assert best is not None
        cand.score, cand.extent, cand.content = best[0], best[1], _closed(ctx, cand, best[2])


def _closed(ctx: SegmentContext, cand: Candidate, content: tuple[int, int]) -> tuple[int, int]:
    """A chosen extent that stops inside a quotation it opens takes the closing mark."""
    return content if cand.quotes else close_quotation(ctx.text, *content)
