"""Who said what: one short (fictional) passage in, the expected attribution out.

These run the real stage (spaCy parse, entities, rules and the trained scorer) through the
bare-string API, the way ``hearsay.attributions(text)`` does.
"""

from __future__ import annotations

import pytest

from hearsay.attribution import attributions_in_text
from hearsay.models import Attribution

pytest.importorskip("spacy")


def only(found: list[Attribution], cue: str) -> Attribution:
    matching = [a for a in found if a.cue and a.cue.text == cue]
    assert len(matching) == 1, [(a.cue.text if a.cue else None, a.content.text) for a in found]
    return matching[0]


def test_direct_quote_with_speaker_and_cue() -> None:
    text = "“The bridge will reopen in May,” Mayor Lina Okafor said on Tuesday."
    found = attributions_in_text(text)
    said = only(found, "said")
    assert said.kind == "direct"
    assert said.content.text == "“The bridge will reopen in May,”"
    assert said.speaker is not None and said.speaker.text == "Mayor Lina Okafor"
    assert said.cue is not None and said.cue.lean == "neutral"
    assert text[said.content.start : said.content.end] == said.content.text
    assert said.id == Attribution.make_id(said.document_id, said.content.start, said.content.end)


def test_indirect_quote_with_addressee() -> None:
    text = "Defence Minister Arvo Tamm told reporters that the convoy had been turned back."
    told = only(attributions_in_text(text), "told")
    assert told.kind == "indirect"
    assert told.content.text == "that the convoy had been turned back"
    assert told.speaker is not None and told.speaker.text == "Defence Minister Arvo Tamm"
    assert told.addressee is not None and told.addressee.text == "reporters"


@pytest.mark.parametrize(
    ("sentence", "cue", "lean"),
    [
        ("The harbour company claimed that the leak was harmless.", "claimed", "doubting"),
        ("The ministry denied that troops had crossed the river.", "denied", "denying"),
        ("Governor Tess Arden warned that the dam could fail.", "warned", "warning"),
        ("The envoy assured the council that the talks would resume.", "assured", "asserting"),
    ],
)
def test_cue_lean(sentence: str, cue: str, lean: str) -> None:
    found = only(attributions_in_text(sentence), cue)
    assert found.cue is not None and found.cue.lean == lean


def test_quote_continues_after_its_cue() -> None:
    text = "“We are ready,” Okafor said. “The pumps are working and the roads are open.”"
    found = attributions_in_text(text)
    assert len(found) == 1
    assert found[0].kind == "direct"
    assert found[0].content.text.endswith("the roads are open.”")
    assert found[0].content.text.startswith("“We are ready,”")


def test_colon_introduced_quote() -> None:
    text = "The harbour master said: “We will not close the port this winter.”"
    found = only(attributions_in_text(text), "said")
    assert found.kind == "direct"
    assert found.content.text == "“We will not close the port this winter.”"


def test_quote_over_two_paragraphs_is_one_statement() -> None:
    text = (
        "“The levee held for three nights and the town owes that to its volunteers.\n\n"
        "“Next year we will build it higher,” the mayor said."
    )
    found = attributions_in_text(text)
    assert len(found) == 1
    assert found[0].content.start == 0
    assert found[0].content.text.endswith("higher,”")


def test_pronoun_speaker_resolves_to_the_named_speaker() -> None:
    text = (
        "Lina Okafor said the dam was safe. "
        "“We will rebuild the north quay before the storms,” she added."
    )
    found = attributions_in_text(text)
    named = only(found, "said")
    added = only(found, "added")
    assert named.speaker is not None and named.speaker.entity_id
    assert added.speaker is not None and added.speaker.text == "she"
    assert added.speaker.entity_id == named.speaker.entity_id


def test_according_to_a_document_becomes_the_chain() -> None:
    text = (
        "According to a statement from the Harbour Authority, Okafor assured residents "
        "that “the water in the bay is clean again.”"
    )
    found = attributions_in_text(text)
    outer = only(found, "According to")
    inner = only(found, "assured")
    assert outer.speaker is not None and "Harbour Authority" in outer.speaker.text
    assert inner.parent_id == outer.id
    assert [link.text for link in inner.via] == [outer.speaker.text]
    assert inner.kind == "mixed"


def test_citing_sources_puts_them_in_the_chain() -> None:
    text = "The Valdren Courier reported, citing informed sources, that the envoy had resigned."
    found = only(attributions_in_text(text), "reported")
    assert found.speaker is not None and found.speaker.text == "informed sources"
    assert found.speaker.anonymous
    assert [link.text for link in found.via] == ["The Valdren Courier"]


def test_vague_speakers_are_anonymous() -> None:
    found = only(attributions_in_text("Some officials said the talks had stalled."), "said")
    assert found.speaker is not None and found.speaker.anonymous
    named = only(attributions_in_text("Arvo Tamm said the talks had stalled."), "said")
    assert named.speaker is not None and not named.speaker.anonymous


def test_hedge_on_the_attribution() -> None:
    text = "The envoy reportedly told the council that the deal was dead."
    found = only(attributions_in_text(text), "told")
    assert [h.text for h in found.hedges] == ["reportedly"]
    hedge = found.hedges[0]
    assert text[hedge.start : hedge.end] == "reportedly"


def test_channel_occasion_and_date() -> None:
    tweet = only(attributions_in_text("Okafor wrote on Twitter that the bridge was safe."),
                 "wrote")
    assert tweet.channel == "Twitter"
    text = "During a closed meeting on March 3, 2024, Okafor said that the deal was off."
    meeting = only(attributions_in_text(text), "said")
    assert meeting.date == "2024-03-03"
    assert meeting.occasion is not None and "closed meeting" in meeting.occasion


def test_statement_linked_to_the_report_that_carries_it() -> None:
    text = (
        "The claim that the harbour would close, allegedly made by envoy Mara Lind, "
        "surprised the town. The Valdren Courier reported that Lind made this statement "
        "during a closed meeting with Governor Tess Arden on July 2, 2025."
    )
    found = attributions_in_text(text)
    report = only(found, "reported")
    claim = only(found, "claim")
    assert claim.parent_id == report.id
    assert [link.text for link in claim.via] == ["The Valdren Courier"]
    assert claim.date == "2025-07-02"
    assert claim.addressee is not None and "Tess Arden" in claim.addressee.text
    assert any(h.text.startswith("allegedly") for h in claim.hedges)


@pytest.mark.parametrize(
    "text",
    [
        "The river rose two metres overnight.",
        "The film “Silent Harbour” opened on Friday to a full house.",
        "“The Harbour Question”\nThe river rose two metres overnight.",
        "",
    ],
)
def test_no_statement(text: str) -> None:
    assert attributions_in_text(text) == []


def test_scare_quotes_are_not_statements() -> None:
    text = "Officials in Valdren refuse to call the flooding a “disaster.”"
    for found in attributions_in_text(text):
        assert found.kind != "direct"
        assert found.content.text != "“disaster.”"


@pytest.mark.parametrize(
    "text",
    [
        "He said “the bridge is safe and then nothing more.",
        "She said the bridge is safe” and left.",
        "“" * 50 + " she said.",
        "“A very long quotation " + "that goes on and on " * 400 + "ends here,” she said.",
        "“The mayor told us ‘the levee will hold’ and we believed her,” a resident said.",
    ],
)
def test_bad_quotation_marks_do_not_crash(text: str) -> None:
    for found in attributions_in_text(text):
        assert 0 <= found.content.start < found.content.end <= len(text)
