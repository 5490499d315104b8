"""Known wrong cases of the attribution stage, each with a short (fictional) input: unbalanced
quotation marks, headings glued to the next line, datelines, "citing" a reason rather than a
source, "that" as a speaker, content extents, and the user-extendable word lists."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from hearsay.cues import AttributionWords, load_cues
from hearsay.errors import SettingsError
from hearsay.models import Attribution
from hearsay.quotes import quote_spans
from hearsay.settings import Settings


def attributions(text: str) -> list[Attribution]:
    pytest.importorskip("spacy")
    from hearsay.attribution import attributions_in_text

    return attributions_in_text(text)


def by_cue(found: list[Attribution], cue: str) -> Attribution:
    matching = [a for a in found if a.cue and a.cue.text == cue]
    assert len(matching) == 1, [(a.cue.text if a.cue else None, a.content.text) for a in found]
    return matching[0]


# Unbalanced quotation marks: logged with the document position, the quote kept with what
# is known.


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "The mayor said: “We will rebuild the bridge before winter.\n\nNothing else was said."
    with caplog.at_level(logging.INFO, logger="hearsay.quotes"):
        spans = quote_spans(text, offset=1000)
    assert [text[s.start : s.end] for s in spans] == [
        "“We will rebuild the bridge before winter."
    ]
    assert spans[0].unbalanced
    assert any("document offset 1016" in r.getMessage() for r in caplog.records)


def test_a_long_unclosed_run_is_left_out(caplog: pytest.LogCaptureFixture) -> None:
    text = "He said “" + "and on " * 200 + "\n\nThe end."
    with caplog.at_level(logging.INFO, logger="hearsay.quotes"):
        assert quote_spans(text) == []
    assert any("left out" in r.getMessage() for r in caplog.records)


def test_a_short_stray_mark_is_no_quote() -> None:
    assert quote_spans("He said “no.\n\nThen he left.") == []


def test_the_statement_of_an_unclosed_quote_is_still_attributed() -> None:
    text = ("Mayor Lina Okafor said: “The levee will hold through the storm and the pumps "
            "will run.\n\nThe storm reached the coast at night.")
    said = by_cue(attributions(text), "said")
    assert said.speaker is not None and said.speaker.text == "Mayor Lina Okafor"
    assert said.content.text.startswith("“The levee will hold through the storm")
    assert said.content.end <= text.index("\n")


def test_an_unclosed_quote_over_its_cue_is_kept_without_a_speaker() -> None:
    text = "“The levee will hold through the storm, Mayor Lina Okafor said on Tuesday."
    found = attributions(text)
    assert [(a.speaker, a.content.start) for a in found] == [(None, 0)]


# Headings glued to the next sentence.


def test_a_heading_above_the_cue_is_not_the_speaker() -> None:
    text = "Harbour Works in the North\nOfficials said the new pier was unsafe."
    said = by_cue(attributions(text), "said")
    assert said.speaker is not None and said.speaker.text == "Officials"
    assert said.content.text == "the new pier was unsafe"


def test_a_heading_with_no_speaker_below_leaves_the_speaker_empty() -> None:
    text = "Harbour Works in the North\nsaid the new pier was unsafe."
    said = by_cue(attributions(text), "said")
    assert said.speaker is None


def test_told_reporters_after_a_glued_heading_line() -> None:
    text = (
        "4h\n"
        "Kyiv Daily on MSNKyiv rules out Beijing as postwar guarantor, Ivanenko explains why\n"
        "Kyiv does not consider Beijing a possible guarantor after the war, since such "
        "guarantees can only be given by countries that are actually helping, President of "
        "Ukraine Petro Ivanenko told reporters on August 20."
    )
    told = by_cue(attributions(text), "told")
    assert told.speaker is not None and told.speaker.text.endswith("Petro Ivanenko")
    assert told.content.text.startswith("Kyiv does not consider Beijing")
    assert told.addressee is not None and told.addressee.text == "reporters"


# Speakers.


def test_a_dateline_is_not_part_of_the_speaker() -> None:
    text = ("CLEVELAND, July 19 (UPI) — Former Attorney General Mara Quist told reporters that "
            "the law was broken.")
    told = by_cue(attributions(text), "told")
    assert told.speaker is not None
    assert told.speaker.text == "Former Attorney General Mara Quist"


def test_that_as_a_speaker_is_what_it_stands_for() -> None:
    text = "The paper ran her letter under a headline that said the party had lost its way."
    said = by_cue(attributions(text), "said")
    assert said.speaker is not None and said.speaker.text == "a headline"


def test_citing_a_reason_is_not_a_source() -> None:
    text = "The agency reported, citing low economic growth, that the plan had failed."
    reported = by_cue(attributions(text), "reported")
    assert reported.speaker is not None and reported.speaker.text == "The agency"
    assert reported.via == []
    assert reported.content.text == "that the plan had failed"


def test_citing_a_source_keeps_the_reporter_in_the_chain() -> None:
    text = "The agency reported, citing informed sources, that the plan had failed."
    reported = by_cue(attributions(text), "reported")
    assert reported.speaker is not None and reported.speaker.text == "informed sources"
    assert [link.text for link in reported.via] == ["The agency"]


def test_the_benchmark_gives_the_outer_reporter_as_polnear_does() -> None:
    import sys

    bench = Path(__file__).resolve().parents[1] / "bench"
    sys.path.insert(0, str(bench))
    try:
        from attribution import to_record  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(bench))
    text = "The agency reported, citing informed sources, that the plan had failed."
    record = to_record(text, by_cue(attributions(text), "reported"))
    assert record["speaker_text"] == "The agency"
    assert text[record["speaker"][0] : record["speaker"][1]] == "The agency"


# Content extents chosen by the scorer.


def test_indirect_content_takes_the_whole_verb_phrase() -> None:
    text = "A new poll of likely voters shows the mayor within two points of her rival."
    shows = by_cue(attributions(text), "shows")
    assert shows.content.text == "the mayor within two points of her rival"


# The word lists are a packaged JSON file that users extend through ``cues_files``.


def test_packaged_word_lists() -> None:
    words = load_cues().words
    assert "reportedly" in words.hedges
    assert "twitter" in words.platforms
    assert "readout" in words.channels
    assert "summit" in words.occasions


def test_users_extend_the_word_lists(tmp_path: Path) -> None:
    extra = tmp_path / "my_words.json"
    extra.write_text(json.dumps({"hedges": ["Purportedly-ish"], "platforms": ["mastodon"]}),
                     encoding="utf-8")
    words = load_cues(Settings(cues_files=(str(extra),))).words
    assert "purportedly-ish" in words.hedges and "mastodon" in words.platforms
    assert "reportedly" in words.hedges  # the packaged words stay


def test_a_user_word_list_that_is_not_json_is_refused(tmp_path: Path) -> None:
    extra = tmp_path / "broken.json"
    extra.write_text("hedges: maybe", encoding="utf-8")
    with pytest.raises(SettingsError):
        AttributionWords.load((str(extra),))


def test_a_user_platform_becomes_a_channel(tmp_path: Path) -> None:
    extra = tmp_path / "platforms.json"
    extra.write_text(json.dumps({"platforms": ["bluesky"]}), encoding="utf-8")
    pytest.importorskip("spacy")
    from hearsay.attribution import attribute
    from hearsay.entities import extract_mentions, load_aliases
    from hearsay.nlp import parse_text

    settings = Settings(cues_files=(str(extra),))
    text = "Mayor Lina Okafor wrote on Bluesky that the bridge would reopen in May."
    parsed = parse_text(text, settings)
    found = attribute(parsed, extract_mentions(parsed, load_aliases(settings)),
                      load_cues(settings))
    wrote = by_cue(found, "wrote")
    assert wrote.channel == "Bluesky"


# Reporting chains carry over to the next sentence of the same report.


def test_the_chain_carries_to_the_same_speaker_quoted_next() -> None:
    text = (
        "According to a statement from the Harbour Board, Lina Okafor assured its members "
        "that the pier would be rebuilt within a year. Okafor was quoted as saying: “We will "
        "not let the town down, whatever the cost turns out to be.”"
    )
    found = attributions(text)
    assured = by_cue(found, "assured")
    quoted = by_cue(found, "was quoted as saying")
    assert assured.via and "Harbour Board" in assured.via[0].text
    assert [link.text for link in quoted.via] == [link.text for link in assured.via]
    assert quoted.parent_id == assured.parent_id is not None


def test_the_chain_does_not_carry_to_another_speaker() -> None:
    text = (
        "According to a statement from the Harbour Board, Lina Okafor assured its members "
        "that the pier would be rebuilt within a year. Tomas Brell was quoted as saying: "
        "“Nobody believes that the pier will ever be rebuilt.”"
    )
    quoted = by_cue(attributions(text), "was quoted as saying")
    assert quoted.via == [] and quoted.parent_id is None


def test_a_name_and_a_colon_before_a_quotation_is_its_speaker() -> None:
    text = ("The pollster was blunt.\nMichael Brell, a pollster at the institute: “At long last "
            "the contests have ended, and the numbers are in.”")
    (quote,) = [a for a in attributions(text) if a.kind == "direct"]
    assert quote.speaker is not None
    assert quote.speaker.text == "Michael Brell, a pollster at the institute"


def test_a_colon_after_a_sentence_names_nobody() -> None:
    text = ("The pollster was blunt about what comes next for all of the candidates in the "
            "race: “At long last the contests have ended, and the numbers are in.”")
    for found in attributions(text):
        assert found.speaker is None or "blunt" not in found.speaker.text


# "Name: headline" lines report the named speaker's words with only a colon for a cue.


def headline_rule(text: str) -> list[tuple[str, str]]:
    pytest.importorskip("spacy")
    from hearsay.attribution_rules import SegmentContext, headline_candidates
    from hearsay.nlp import parse_text

    (segment,) = parse_text(text).parses
    ctx = SegmentContext.build(segment.doc, load_cues(), frozenset())
    return [
        (segment.doc[c.speaker[0] : c.speaker[1]].text if c.speaker else "",
         ctx.text[c.content[0] : c.content[1]])
        for c in headline_candidates(ctx)
    ]


def test_a_name_and_a_colon_heading_a_line_report_the_rest_of_it() -> None:
    text = ("Maria Okafor: Harbour Tax Will Sink the Fishing Fleet.\n\n"
            "The councillor spoke at the harbour on Monday.")
    assert headline_rule(text) == [("Maria Okafor", "Harbour Tax Will Sink the Fishing Fleet.")]


@pytest.mark.parametrize(
    "text",
    [
        "He said: the harbour tax will sink the fishing fleet.",  # no name: the colon rule's
        "The plan was simple: raise the tax and wait.",  # a sentence before the colon
        "Maria Okafor: “The harbour tax will sink the fleet.”",  # a quotation: the orphan's
        "The councillor, Maria Okafor: Tax.",  # too short, and not at the line's start
    ],
)
def test_colons_that_head_no_headline(text: str) -> None:
    assert headline_rule(text) == []


def adjective_rule(text: str) -> list[tuple[str, str, str]]:
    pytest.importorskip("spacy")
    from hearsay.attribution_rules import SegmentContext, adjective_candidates
    from hearsay.nlp import parse_text

    (segment,) = parse_text(text).parses
    ctx = SegmentContext.build(segment.doc, load_cues(), frozenset())
    return [
        (segment.doc[c.speaker[0] : c.speaker[1]].text if c.speaker else "",
         ctx.text[c.content[0] : c.content[1]], c.lean)
        for c in adjective_candidates(ctx)
    ]


def test_a_stance_adjective_reports_its_complement() -> None:
    assert adjective_rule("The fishermen have been critical of the harbour tax.") == [
        ("The fishermen", "the harbour tax", "accusing")
    ]
    assert adjective_rule("Okafor is confident that the council will drop the tax.") == [
        ("Okafor", "that the council will drop the tax", "asserting")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The fishermen were critical.",  # no complement
        "The harbour is full of boats.",  # not a stance adjective
        "A critical report on the harbour came out.",  # attributive, not after a copula
    ],
)
def test_adjectives_that_report_nothing(text: str) -> None:
    assert adjective_rule(text) == []


# A direct quote broken by its cue keeps its quotations as fragments.


def test_a_quote_broken_by_its_cue_has_the_quotations_as_fragments() -> None:
    text = "“The dam will hold,” the engineer said on Tuesday. “We checked it twice.”"
    found = attributions(text)
    quote = by_cue(found, "said")
    assert quote.kind == "direct"
    assert [f.text for f in quote.fragments] == ["“The dam will hold,”", "“We checked it twice.”"]
    assert all(text[f.start : f.end] == f.text for f in quote.fragments)


def test_a_single_quotation_has_no_fragments() -> None:
    found = attributions("“The dam will hold,” the engineer said.")
    assert by_cue(found, "said").fragments == []


def test_a_negated_cue_is_marked() -> None:
    found = attributions(
        "Officials have not publicly endorsed the plan, or admitted that the port was closed. "
        "The mayor said the port was open."
    )
    assert by_cue(found, "admitted").cue.negated  # type: ignore[union-attr]
    assert by_cue(found, "have not publicly endorsed").cue.negated  # type: ignore[union-attr]
    assert not by_cue(found, "said").cue.negated  # type: ignore[union-attr]


def test_a_refused_report_is_negated() -> None:
    found = attributions(
        "The ministry has refused to condemn the blockade or even describe it as a siege."
    )
    describe = [a for a in found if a.cue and a.cue.text.startswith("describe")]
    assert describe and all(a.cue.negated for a in describe if a.cue)
    refused = [a for a in found if a.cue and "refused" in a.cue.text]
    assert refused and not any(a.cue.negated for a in refused if a.cue)


def test_first_person_speakers_in_a_signed_comment_carry_its_author() -> None:
    pytest.importorskip("spacy")
    from hearsay import attribution, entities
    from hearsay.models import Document
    from hearsay.nlp import Parser
    from hearsay.segment import segment

    text = (
        "Vell bridge fire megathread\n"
        "Posted by riverwatch · 6h\n"
        "Tarn blames Oskovan saboteurs for the fire. Oskova blames old wiring.\n"
        "ferry_anna · 5h\n"
        "I think the wiring was replaced last spring.\n"
        "Reply\n"
    )
    settings = Settings()
    document = segment(Document(id="f1", source_path="f1.txt", raw=text, text=text), settings)
    (parsed,) = list(Parser(settings).parse([document]))
    mentions = entities.extract_mentions(parsed, entities.load_aliases(settings))
    found = attribution.attribute(parsed, mentions, attribution.load_cues(settings))
    think = by_cue(found, "think")
    assert think.speaker is not None and think.speaker.text == "I"
    assert think.speaker.author == "ferry_anna"


def test_a_nested_report_by_the_same_speaker_has_no_chain_to_itself() -> None:
    found = attributions(
        "Minister Oru told envoy Kallas that Ostland did not want to see Marvia lose. "
        "The Herald reported that Lind said the port was closed."
    )
    assert [v.text for v in by_cue(found, "said").via] == ["The Herald"]
    for a in found:
        if a.speaker is not None:
            assert a.speaker.text not in [v.text for v in a.via]
