"""One reading per passage: which of two nested reports stands for the words they share.

hearsay keeps nested reports ("X said Y wanted to endorse Z": X's report holds Y's), linked
by ``parent_id``. A reader who wants each passage once (PolNeAR's annotation gives every
token to one attribution) needs one of the two. The likelier one by the scorer is often
wrong in regular ways: "said the party was fine, and urged calm" (the outer content runs over
a second report of its own: the inner one stands), "wanted to endorse Sanders" (the
infinitive is what was wanted: the outer one stands). A small logistic model over the pair
(``pair_features``), trained by ``bench/train_attribution.py`` on train's out-of-fold
candidates, makes the choice; without its weights the likelier one wins."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hearsay.attribution_rules import Candidate, SegmentContext

BIAS = "bias"


def _bucket(value: float, limits: Sequence[float]) -> str:
    for limit in limits:
        if value <= limit:
            return str(limit)
    return "more"


def holds(outer: Candidate, inner: Candidate, ctx: SegmentContext) -> bool:
    """Whether ``inner``'s cue lies in ``outer``'s content."""
    if inner.cue is None or inner is outer:
        return False
    cue = ctx.doc[inner.cue[0]].idx
    return outer.content[0] <= cue < outer.content[1]


def pair_features(inner: Candidate, outer: Candidate, ctx: SegmentContext) -> list[str]:
    """Sparse features of a nested pair, read as "the inner report stands"."""
    doc = ctx.doc
    gap = _bucket(inner.score - outer.score, (-0.4, -0.2, -0.1, -0.05, 0.0, 0.05, 0.1, 0.2, 0.4))
    feats = [
        f"rules={inner.rule}_{outer.rule}",
        f"inner_rule={inner.rule}",
        f"outer_rule={outer.rule}",
        f"gap={gap}",
        f"inner_extent={inner.extent}",
        f"outer_extent={outer.extent}",
        f"outer_quotes={bool(outer.quotes)}",
    ]
    if inner.cue_head is not None:
        cue = doc[inner.cue_head]
        governed = outer.cue_head is not None and any(
            a.i == outer.cue_head for a in cue.ancestors
        )
        feats += [
            f"inner_dep={cue.dep_}_{governed}",
            f"inner_dep_rule={cue.dep_}_{outer.rule}",
            f"inner_lemma={cue.lemma_.lower()}",
        ]
        if outer.cue_head is not None:
            feats.append(f"outer_lemma={doc[outer.cue_head].lemma_.lower()}")
    outer_len = max(1, outer.content[1] - outer.content[0])
    share = (inner.content[1] - inner.content[0]) / outer_len
    feats += [
        f"share={_bucket(share, (0.2, 0.4, 0.6, 0.8, 0.95))}",
        f"same_end={abs(inner.content[1] - outer.content[1]) <= 2}",
    ]
    if inner.cue is not None:
        # Where in the outer content the inner report begins.
        at = (doc[inner.cue[0]].idx - outer.content[0]) / outer_len
        feats.append(f"cue_at={_bucket(at, (0.1, 0.3, 0.6))}")
    return feats


def inner_stands(
    inner: Candidate, outer: Candidate, ctx: SegmentContext, weights: dict[str, float]
) -> bool:
    if not weights:
        return inner.score > outer.score
    z = weights.get(BIAS, 0.0) + sum(
        weights.get(f, 0.0) for f in pair_features(inner, outer, ctx)
    )
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) > 0.5


def nested_pair(
    a: Candidate, b: Candidate, ctx: SegmentContext
) -> tuple[Candidate, Candidate] | None:
    """(inner, outer) when one of the two reports holds the other's cue; of two that hold
    each other's ("X said Y, according to Z"), the wider one is the outer."""
    a_holds_b, b_holds_a = holds(a, b, ctx), holds(b, a, ctx)
    if a_holds_b and b_holds_a:
        wider_a = a.content[1] - a.content[0] >= b.content[1] - b.content[0]
        return (b, a) if wider_a else (a, b)
    if a_holds_b:
        return b, a
    if b_holds_a:
        return a, b
    return None


def primary_readings(
    candidates: Sequence[Candidate], ctx: SegmentContext, weights: dict[str, float]
) -> set[int]:
    """Indices of the candidates that stand when each passage gets one reading: greedy from
    the likeliest; a candidate nested with exactly one kept one replaces it when the pair
    model prefers it."""
    kept: list[int] = []
    for index in sorted(range(len(candidates)), key=lambda i: -candidates[i].score):
        cand = candidates[index]
        pairs = [(k, nested_pair(cand, candidates[k], ctx)) for k in kept]
        clashes = [(k, pair) for k, pair in pairs if pair is not None]
        if not clashes:
            kept.append(index)
            continue
        if len(clashes) != 1:
            continue
        other, (inner, outer) = clashes[0]
        if inner_stands(inner, outer, ctx, weights) == (inner is cand):
            kept[kept.index(other)] = index
    return set(kept)
