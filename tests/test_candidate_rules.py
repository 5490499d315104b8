"""Candidate rules added for reports the rules used to miss entirely (found among PolNeAR
train's unmatched gold attributions); whether the scorer keeps each is measured by
bench/train_attribution.py, so these tests read the candidates before scoring."""

from __future__ import annotations

from typing import Any

from test_speaker_choice import context


def candidates(text: str) -> list[tuple[str, str, str, str | None]]:
    """(rule, cue, content, speaker) of every candidate in ``text``."""
    doc, ctx, cands = context(text)

    def words(span: Any) -> str | None:
        return doc[span[0] : span[1]].text if span is not None else None

    return [
        (c.rule, words(c.cue) or "", ctx.text[c.content[0] : c.content[1]], words(c.speaker))
        for c in cands
    ]


def test_a_relative_clause_reports_on_the_noun_it_modifies() -> None:
    found = candidates("The council finally passed the zoning plan the tenants' union opposed.")
    assert ("antecedent", "opposed", "the zoning plan", "the tenants' union") in found


def test_a_participle_with_an_agent_reports_on_its_noun() -> None:
    found = candidates("The harbour levy, opposed by the fishing cooperative, took effect.")
    assert ("antecedent", "opposed", "The harbour levy", "the fishing cooperative") in found


def test_a_relative_clause_whose_subject_is_the_pronoun_names_the_speaker() -> None:
    # "officials who said ...": the noun is who speaks, not what is spoken about.
    found = candidates("Officials who opposed the levy met the mayor on Friday.")
    assert not [c for c in found if c[0] == "antecedent"]


def test_said_so_and_said_no_have_the_proform_as_content() -> None:
    found = candidates("After most residents said so in the spring survey, the route changed.")
    assert ("proform", "said", "so", "most residents") in found
    found = candidates("Asked whether the ferry would run on time, the harbour master said no.")
    assert ("proform", "said", "no", "the harbour master") in found


def test_asked_if_reports_the_question() -> None:
    found = candidates("The reporter asked the minister if the bridge would reopen before winter.")
    assert ("ccomp", "asked", "if the bridge would reopen before winter", "The reporter") in found


def test_of_two_reported_clauses_the_one_on_the_cue_line_is_the_content() -> None:
    # A heading glued to the line below: the parser hangs the heading's clause off "said".
    text = (
        "Mayor Okafor is stepping up his campaign against the levy in the final week\n"
        "Okafor, in Lagos, said Tuesday that the levy was a disgrace."
    )
    said = [c for c in candidates(text) if c[1] == "said"]
    assert [c[2] for c in said] == ["that the levy was a disgrace"]


def test_a_when_clause_with_its_own_infinitive_is_not_parenthetical() -> None:
    found = candidates("Two years after the council vowed to repair the pier, nothing was done.")
    vowed = [c for c in found if c[1] == "vowed"]
    assert [(c[0], c[2]) for c in vowed] == [("object", "to repair the pier")]


def test_a_lone_name_before_a_colon_opening_the_text_speaks() -> None:
    # The small tagger reads "Okafor" here as a common noun; the line still names a speaker.
    found = candidates("Okafor: Harbour Levy Will Stay Until Spring.\n\nThe mayor spoke on Monday.")
    assert [c for c in found if c[0] == "headline" and c[3] == "Okafor"]


def test_a_discourse_word_before_a_colon_does_not_speak() -> None:
    found = candidates("However: the harbour levy will stay until the spring.")
    assert not [c for c in found if c[0] == "headline"]


def test_a_transcript_speaker_alone_on_a_line_says_the_next_line() -> None:
    text = "MENSAH:\nWell, the levy was never meant to last.\nOKAFOR:\nIt will stay until spring.\n"
    found = [c for c in candidates(text) if c[0] == "headline"]
    assert ("MENSAH", "Well, the levy was never meant to last.") in [(c[3], c[2]) for c in found]


def test_a_clause_on_the_line_above_is_not_the_cue_content() -> None:
    # The parser hangs the question above off "denounced" as its reported clause.
    text = (
        "“What does this say about your town that this is your mayor?”\n"
        "Several council members, including Ada Mensah and Kofi Boateng, have since denounced "
        "Okafor’s comments."
    )
    denounced = [c for c in candidates(text) if "denounced" in c[1]]
    assert [c[2] for c in denounced] == ["Okafor’s comments"]


def test_drawing_criticism_from_someone_is_their_reaction_to_the_subject() -> None:
    found = candidates("The harbour plan has drawn sharp criticism from the fishing cooperative.")
    assert [c for c in found if c[1].startswith("drawn")] == [
        ("received", "drawn sharp criticism from", "The harbour plan", "the fishing cooperative")
    ]
    found = candidates("Okafor has the support of most dock workers.")
    assert ("received", "has the support of", "Okafor", "most dock workers") in found
    assert [c for c in found if c[0] != "received"] == []
