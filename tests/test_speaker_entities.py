"""Speakers' entities: a pronoun through the clause before it, and a speaker phrase whose only
name describes it (hand-written documents)."""

from __future__ import annotations

import pytest

from hearsay.attribution import attributions_in_text
from hearsay.models import Attribution, Entity

pytest.importorskip("spacy")


def by_cue(text: str, cue: str) -> Attribution:
    (found,) = [a for a in attributions_in_text(text) if a.cue is not None and a.cue.text == cue]
    return found


def test_it_is_the_country_the_clause_before_was_about() -> None:
    text = (
        "Beijing did not send troops to the front last winter, but it said that the war had "
        "been provoked by NATO."
    )
    said = by_cue(text, "said")
    assert said.speaker is not None and said.speaker.text == "it"
    assert said.speaker.entity_id == Entity.make_id("GPE", "China")


@pytest.mark.parametrize(
    "speaker",
    [
        "Russia and China",
        "Russia's foreign minister",
        "Chinese officials",
        "a senior Chinese leader",
        "New York newspaper journalists",
    ],  # fmt: skip
)
def test_a_name_that_only_describes_the_speaker_is_not_its_entity(speaker: str) -> None:
    said = by_cue(f"{speaker} said on Monday that the talks in Geneva had failed.", "said")
    assert said.speaker is not None and said.speaker.text == speaker
    assert said.speaker.entity_id is None


@pytest.mark.parametrize(
    ("speaker", "entity"), [("China's leaders", "China"), ("US officials", "United States")]
)
def test_a_name_the_head_hangs_on_keeps_its_entity(speaker: str, entity: str) -> None:
    said = by_cue(f"{speaker} said on Monday that the talks in Geneva had failed.", "said")
    assert said.speaker is not None and said.speaker.entity_id == Entity.make_id("GPE", entity)


def test_rejected_accusations_are_not_the_rejecters() -> None:
    text = "Wang Yi rejected accusations that China was sending drones to the front."
    accusations = by_cue(text, "accusations")
    assert accusations.speaker is None or "Wang" not in accusations.speaker.text


def test_a_speaker_is_not_relayed_through_themself() -> None:
    text = "Chancellor Olaf Scholz has said repeatedly that he wants China to join the talks."
    found = attributions_in_text(text)
    nested = [a for a in found if a.parent_id is not None and a.speaker is not None]
    assert nested and all(a.speaker and a.speaker.entity_id for a in nested)
    assert all(not a.via for a in nested)


def test_not_this_but_that_says_that() -> None:
    said = by_cue("Ostland did not deny the report but said that the troops would stay.", "said")
    assert said.cue is not None and not said.cue.negated
    text = (
        "Ostland stayed out, not because it backs the war, but because it feared that Marvia "
        "would lose."
    )
    feared = by_cue(text, "feared")
    assert feared.cue is not None and not feared.cue.negated
    text = "But officials have not endorsed the plan, or admitted that it exists."
    admitted = by_cue(text, "admitted")
    assert admitted.cue is not None and admitted.cue.negated
