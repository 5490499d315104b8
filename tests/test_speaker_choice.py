"""The speaker chooser: which phrases compete to be a cue's speaker, and how weights decide
among them (the trained weights themselves are measured by bench/train_attribution.py)."""

from __future__ import annotations

from typing import Any

import pytest

from hearsay.attribution_model import load_model
from hearsay.attribution_rules import Candidate, SegmentContext
from hearsay.cues import load_cues
from hearsay.quote_attachment import segment_candidates
from hearsay.speaker_choice import NOBODY, candidate_options, choose_speakers


def context(text: str) -> tuple[Any, SegmentContext, list[Candidate]]:
    pytest.importorskip("spacy")
    from hearsay.nlp import parse_text
    from hearsay.settings import Settings

    doc = parse_text(text, Settings()).parses[0].doc
    model = load_model()
    ctx = SegmentContext.build(doc, load_cues(), model.cue_lemmas, model.cue_nouns)
    return doc, ctx, segment_candidates(ctx)


def by_cue(doc: Any, cands: list[Candidate], cue: str) -> Candidate:
    found = [c for c in cands if c.cue and doc[c.cue[0] : c.cue[1]].text == cue]
    assert len(found) == 1, [(c.cue and doc[c.cue[0] : c.cue[1]].text) for c in cands]
    return found[0]


TEXT = (
    "The senator spoke to farmers in Ames on Monday. "
    "In addition to stating that tariffs hurt growers, Marta Olsen has said the bill is dead."
)


def test_options_are_the_phrases_around_the_cue_and_nobody() -> None:
    doc, ctx, cands = context(TEXT)
    cand = by_cue(doc, cands, "stating")
    heads, features = candidate_options(cand, ctx)
    words = {doc[h].text for h in heads if h != NOBODY}
    # The speaker may sit in the same sentence or the one before it ...
    assert {"Olsen", "senator", "farmers"} <= words
    # ... but never inside what was said.
    assert "tariffs" not in words and "growers" not in words
    assert heads[-1] == NOBODY and features[-1][0] == "nobody"
    assert len(heads) == len(features)


def test_weights_decide_and_no_weights_keep_the_rules_speaker() -> None:
    doc, ctx, cands = context(TEXT)
    cand = by_cue(doc, cands, "stating")
    before = cand.speaker
    choose_speakers([cand], ctx, {})
    assert cand.speaker == before
    # A weight on being a proper name in the same sentence makes the name win.
    choose_speakers([cand], ctx, {"ent=PERSON": 5.0, "where=before_same": 1.0})
    assert cand.speaker is not None
    assert doc[cand.speaker[0] : cand.speaker[1]].text == "Marta Olsen"
    choose_speakers([cand], ctx, {"nobody": 50.0})
    assert cand.speaker is None


def test_the_shipped_chooser_finds_the_main_clause_speaker() -> None:
    from hearsay.attribution import attributions_in_text

    found = attributions_in_text(TEXT)
    stated = [a for a in found if a.cue is not None and a.cue.text == "stating"]
    assert stated and stated[0].speaker is not None
    assert stated[0].speaker.text == "Marta Olsen"


def test_the_extent_ranker_picks_the_extent_its_weights_favour() -> None:
    from dataclasses import replace

    from hearsay.attribution_model import candidate_variants, score_candidates

    doc, ctx, cands = context(
        "The union criticized the deal that the port authority signed with Kessa last week."
    )
    cand = by_cue(doc, cands, "criticized")
    own = (cand.extent, cand.content)
    names = [name for name, _ in candidate_variants(cand, ctx, load_model())]
    cand.extent, cand.content = own
    assert len(names) > 1, names
    for wanted in names:
        cand.extent, cand.content = own
        model = replace(load_model(), extent_weights={f"extent={wanted}": 50.0})
        score_candidates([cand], ctx, model)
        assert cand.extent == wanted
        assert 0.0 <= cand.score <= 1.0
