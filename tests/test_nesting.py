"""Which of two nested reports stands for their passage (hearsay.nesting)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from hearsay.attribution_rules import Candidate
from hearsay.nesting import BIAS, nested_pair, primary_readings

TEXT = "The mayor said the council wanted to close the harbour by June."


def _ctx() -> Any:
    spacy = pytest.importorskip("spacy")
    return SimpleNamespace(doc=spacy.blank("en")(TEXT), text=TEXT)


def _chars(ctx: Any, phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def _token(ctx: Any, word: str) -> int:
    return next(t.i for t in ctx.doc if t.text == word)


def _pair(ctx: Any, outer_score: float, inner_score: float) -> list[Candidate]:
    said, wanted = _token(ctx, "said"), _token(ctx, "wanted")
    outer = Candidate(cue=(said, said + 1), cue_head=said, rule="ccomp", score=outer_score,
                      content=_chars(ctx, "the council wanted to close the harbour by June"))
    inner = Candidate(cue=(wanted, wanted + 1), cue_head=wanted, rule="object",
                      score=inner_score, content=_chars(ctx, "to close the harbour by June"))
    return [outer, inner]


def test_the_report_holding_the_other_cue_is_the_outer_one() -> None:
    ctx = _ctx()
    outer, inner = _pair(ctx, 0.9, 0.6)
    assert nested_pair(outer, inner, ctx) == (inner, outer)
    assert nested_pair(inner, outer, ctx) == (inner, outer)


def test_without_a_pair_model_the_likelier_report_stands() -> None:
    ctx = _ctx()
    assert primary_readings(_pair(ctx, 0.9, 0.6), ctx, {}) == {0}
    assert primary_readings(_pair(ctx, 0.5, 0.8), ctx, {}) == {1}


def test_the_pair_model_can_prefer_the_less_likely_report() -> None:
    ctx = _ctx()
    # A model that always reads the inner report as the one that stands.
    assert primary_readings(_pair(ctx, 0.9, 0.6), ctx, {BIAS: 3.0}) == {1}
    assert primary_readings(_pair(ctx, 0.5, 0.8), ctx, {BIAS: -3.0}) == {0}


def test_reports_of_different_passages_both_stand() -> None:
    ctx = _ctx()
    outer, inner = _pair(ctx, 0.9, 0.6)
    inner.content = _chars(ctx, "The mayor")  # no longer inside, and holds no other cue
    inner.cue = None
    assert primary_readings([outer, inner], ctx, {BIAS: 3.0}) == {0, 1}
