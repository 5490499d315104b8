"""Claim extraction: what a document reports and what it asserts in its own voice."""

from __future__ import annotations

import re

import pytest

from hearsay.claim_lexicon import claim_lexicon
from hearsay.claim_text import (
    NamedSpan,
    claim_core,
    is_whole,
    lead_clause,
    stem,
    text_features,
    whole_wording,
)
from hearsay.claims import extract_claims, proposition_problem
from hearsay.models import (
    Attribution,
    ChainLink,
    ClaimMention,
    Cue,
    Document,
    Entity,
    EntityMention,
    Segment,
    Speaker,
    TextSpan,
)
from hearsay.nlp import Parser, parse_text
from hearsay.settings import Settings

spacy = pytest.importorskip("spacy")


def names(document_id: str, text: str, *found: tuple[str, str]) -> list[EntityMention]:
    """An EntityMention for every occurrence of each (name, type)."""
    return [
        EntityMention(
            document_id=document_id,
            start=m.start(),
            end=m.end(),
            text=name,
            type=type_,
            canonical=name,
        )  # fmt: skip
        for name, type_ in found
        for m in re.finditer(re.escape(name), text)
    ]


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def attribution(
    document_id: str, text: str, content: str, speaker: str, cue: str, via: list[str] = (), **kw
) -> Attribution:  # type: ignore[assignment]
    c0, c1 = span(text, content)
    s0, s1 = span(text, speaker)
    q0, q1 = span(text, cue)
    return Attribution(
        id=Attribution.make_id(document_id, c0, c1),
        document_id=document_id,
        kind=kw.pop("kind", "indirect"),
        speaker=Speaker(text=speaker, start=s0, end=s1),
        cue=Cue(text=cue, start=q0, end=q1, lean=kw.pop("lean", "neutral")),
        content=TextSpan(text=content, start=c0, end=c1),
        via=[ChainLink(text=v) for v in via],
        **kw,
    )


OWN_VOICE = (
    "The View From Ostland\n"
    "Ostland cannot afford a military defeat of Marvia in the border war.\n"
    "Frankly, the Marvian army has lost the northern passes.\n"
    "Time will show how close these hypotheses were to the truth.\n"
    "What do you think about the border war?\n"
    "Will Ostland send tanks to Marvia?\n"
    "Why is this so important for Marvia?\n"
    "It rained all week.\n"
)


def test_own_voice_claims_skip_headings_filler_and_questions_to_the_reader() -> None:
    parsed = parse_text(OWN_VOICE)
    mentions = names(parsed.document.id, OWN_VOICE, ("Ostland", "GPE"), ("Marvia", "GPE"))
    claims = extract_claims(parsed, [], mentions)
    assert [(c.text, c.stance) for c in claims] == [
        ("Ostland cannot afford a military defeat of Marvia in the border war.", "asserts"),
        ("the Marvian army has lost the northern passes.", "asserts"),  # "Frankly," trimmed
        ("Will Ostland send tanks to Marvia?", "questions"),  # a yes/no question about actors
    ]
    for claim in claims:
        assert OWN_VOICE[claim.start : claim.end] == claim.text
        assert claim.attribution_id is None and claim.speaker is None


def test_own_voice_doubt_and_denial_frames() -> None:
    text = (
        "It is unlikely that Ostland and Marvia will sign an alliance this year.\n"
        "There is little evidence that Marvia moved troops to the border.\n"
        "It is not true that Ostland closed its embassy in Marvia.\n"
        "Ostland and Marvia held talks on Monday.\n"
    )
    parsed = parse_text(text)
    mentions = names(parsed.document.id, text, ("Ostland", "GPE"), ("Marvia", "GPE"))
    assert [c.stance for c in extract_claims(parsed, [], mentions)] == [
        "questions",
        "questions",
        "disputes",
        "asserts",
    ]


def test_nothing_to_claim_in_chrome_and_small_talk() -> None:
    text = "Home » World » Europe\nShare this on Facebook\nThanks for reading!\nIt rained all week."
    assert extract_claims(parse_text(text), [], []) == []


def test_reported_claim_keeps_speaker_and_reporting_chain() -> None:
    text = (
        "According to a statement from the Ostland parliament, Minister Vera Lind assured "
        "members that Ostland supports Marvia on every issue."
    )
    parsed = parse_text(text)
    doc_id = parsed.document.id
    reported = attribution(
        doc_id, text, "Ostland supports Marvia on every issue", "Minister Vera Lind", "assured",
        via=["a statement from the Ostland parliament"],
    )  # fmt: skip
    claims = extract_claims(parsed, [reported], names(doc_id, text, ("Ostland", "GPE")))
    assert len(claims) == 1  # the rest of the sentence is the report itself, not a claim
    claim = claims[0]
    assert claim.text == "Ostland supports Marvia on every issue"
    assert (claim.stance, claim.attribution_id) == ("relays", reported.id)
    assert claim.speaker == "Minister Vera Lind"
    assert claim.via == ["a statement from the Ostland parliament"]


def test_a_report_of_support_and_the_remark_after_the_dash_are_two_claims() -> None:
    text = (
        "According to the Ostland parliament, a senior Marvian leader voiced explicit support "
        "for the war — claims that are not included in the Marvian readout."
    )
    parsed = parse_text(text)
    doc_id = parsed.document.id
    reported = attribution(
        doc_id, text, "explicit support for the war — claims that are not included in the "
        "Marvian readout", "a senior Marvian leader", "voiced", via=["the Ostland parliament"],
    )  # fmt: skip
    claims = extract_claims(parsed, [reported], names(doc_id, text, ("Marvian", "NORP")))
    assert [(c.text, c.speaker, c.stance) for c in claims] == [
        # No proposition in "explicit support for the war": the claim is the whole report,
        # and the parliament is who makes it.
        (
            "a senior Marvian leader voiced explicit support for the war",
            "the Ostland parliament",
            "relays",
        ),
        ("claims that are not included in the Marvian readout.", None, "asserts"),
    ]


def test_outer_report_of_an_inner_statement_is_not_a_second_claim() -> None:
    text = "The Herald reported that Lind said Ostland would reopen the border."
    parsed = parse_text(text)
    doc_id = parsed.document.id
    outer = attribution(
        doc_id, text, "Lind said Ostland would reopen the border", "The Herald", "reported"
    )
    inner = attribution(
        doc_id, text, "Ostland would reopen the border", "Lind", "said", parent_id=outer.id
    )
    claims = extract_claims(parsed, [outer, inner], names(doc_id, text, ("Ostland", "GPE")))
    assert [c.attribution_id for c in claims] == [inner.id]


def test_a_nested_cue_without_a_proposition_leaves_the_claim_to_the_outer_report() -> None:
    text = "Minister Oru told envoy Kallas that Ostland did not want to see Marvia lose the war."
    parsed = parse_text(text)
    doc_id = parsed.document.id
    outer = attribution(
        doc_id, text, "that Ostland did not want to see Marvia lose the war", "Minister Oru",
        "told",
    )
    inner = attribution(
        doc_id, text, "to see Marvia lose the war", "Ostland", "did not want",
        via=["Minister Oru"], parent_id=outer.id,
    )
    claims = extract_claims(parsed, [outer, inner], names(doc_id, text, ("Ostland", "GPE")))
    assert [(c.attribution_id, c.text) for c in claims] == [
        (outer.id, "that Ostland did not want to see Marvia lose the war")
    ]


def test_what_a_speaker_sees_an_object_as_is_the_speakers_claim() -> None:
    # "Some analysts see X as Y": the speaker's claim that X is Y, not the document's own
    # sentence about analysts; the speaker is vague, the mention still names it.
    text = (
        "Some analysts see the growing partnership between Ostland and Marvia as a mainly "
        "pragmatic one, based on calculations that can easily shift."
    )
    parsed = parse_text(text)
    doc_id = parsed.document.id
    content = (
        "the growing partnership between Ostland and Marvia as a mainly pragmatic one, based "
        "on calculations that can easily shift"
    )
    seen = attribution(doc_id, text, content, "Some analysts", "see", lean="believing")
    mentions = names(doc_id, text, ("Ostland", "GPE"), ("Marvia", "GPE"))
    claims = extract_claims(parsed, [seen], mentions)
    assert [(c.text, c.speaker, c.stance, c.attribution_id) for c in claims] == [
        (content, "Some analysts", "relays", seen.id)
    ]


@pytest.mark.parametrize(
    ("sentence", "content", "speaker", "cue"),
    [
        ("Officials in Kessel consider Marvia a reliable partner.", "Marvia a reliable partner",
         "Officials in Kessel", "consider"),
        ("The minister described the border closure as a provocation by Ostland.",
         "the border closure as a provocation by Ostland", "The minister", "described"),
        ("Analysts called the Ostland deal a turning point.", "the Ostland deal a turning point",
         "Analysts", "called"),
    ],
)  # fmt: skip
def test_a_small_clause_after_a_reporting_verb_is_reported(
    sentence: str, content: str, speaker: str, cue: str
) -> None:
    parsed = parse_text(sentence)
    doc_id = parsed.document.id
    report = attribution(doc_id, sentence, content, speaker, cue)
    mentions = names(doc_id, sentence, ("Ostland", "GPE"), ("Marvia", "GPE"))
    claims = extract_claims(parsed, [report], mentions)
    assert [(c.text, c.speaker) for c in claims] == [(content, speaker)]


def test_a_small_clause_after_a_negated_or_non_reporting_verb_is_read_whole() -> None:
    # "does not consider <Marvia a partner>": the content alone would say the opposite of what
    # Ostland holds, so the sentence is the claim. "making" reports nothing.
    text = (
        "Ostland does not consider Marvia a reliable partner after the war.\n"
        "Kessel closed its ports, making Marvia the only route to the sea.\n"
    )
    parsed = parse_text(text)
    doc_id = parsed.document.id
    negated = attribution(
        doc_id, text, "Marvia a reliable partner after the war", "Ostland", "does not consider",
        lean="believing",
    )  # fmt: skip
    negated.cue.negated = True  # type: ignore[union-attr]
    making = attribution(doc_id, text, "Marvia the only route to the sea", "Kessel", "making")
    mentions = names(doc_id, text, ("Ostland", "GPE"), ("Marvia", "GPE"), ("Kessel", "GPE"))
    claims = extract_claims(parsed, [negated, making], mentions)
    assert [(c.text, c.speaker) for c in claims] == [
        ("Ostland does not consider Marvia a reliable partner after the war.", None),
        ("Kessel closed its ports, making Marvia the only route to the sea.", None),
    ]


def test_a_reported_wh_question_is_no_claim() -> None:
    # An open question has nothing that could be true or false: no claim, and the frame
    # around it ("Analysts wonder") is not the document's own claim either.
    text = "Analysts wonder how far Ostland will go to shield Marvia."
    parsed = parse_text(text)
    doc_id = parsed.document.id
    asked = attribution(
        doc_id, text, "how far Ostland will go to shield Marvia", "Analysts", "wonder"
    )
    found = names(doc_id, text, ("Ostland", "GPE"), ("Marvia", "GPE"))
    assert extract_claims(parsed, [asked], found) == []


def test_a_content_without_a_predicate_of_its_own_is_read_with_its_report() -> None:
    # "Marvia a reliable partner ..., since partners must pay" has a finite verb, but only in
    # the clause that leans on "regard": the claim is what the minister told reporters.
    text = (
        "Ostland does not regard Marvia a reliable partner after the war, since partners must "
        "pay their dues, the minister told reporters."
    )
    parsed = parse_text(text)
    doc_id = parsed.document.id
    told = (
        "Ostland does not regard Marvia a reliable partner after the war, since partners must "
        "pay their dues"
    )
    outer = attribution(doc_id, text, told, "the minister", "told")
    inner = attribution(
        doc_id, text, told.removeprefix("Ostland does not regard "), "Ostland",
        "does not regard", via=["the minister"], parent_id=outer.id,
    )  # fmt: skip
    found = names(doc_id, text, ("Ostland", "GPE"), ("Marvia", "GPE"))
    claims = extract_claims(parsed, [outer, inner], found)
    assert [(c.attribution_id, c.speaker, c.text) for c in claims] == [
        (outer.id, "the minister", told)
    ]


def test_a_noun_phrase_read_as_a_report_leaves_the_sentence_to_the_document() -> None:
    text = "So far, Ostland has not sent heavy weapons to Marvia that could provoke the alliance."
    parsed = parse_text(text)
    doc_id = parsed.document.id
    sent = attribution(
        doc_id, text, "heavy weapons to Marvia that could provoke the alliance", "Ostland",
        "has not sent",
    )  # fmt: skip
    found = names(doc_id, text, ("Ostland", "GPE"), ("Marvia", "GPE"))
    claims = extract_claims(parsed, [sent], found)
    assert [(c.text, c.speaker, c.attribution_id) for c in claims] == [(text, None, None)]


@pytest.mark.parametrize(
    ("sentence", "stretch", "problem"),
    [
        ("Analysts wonder how far Ostland will go.", "how far Ostland will go", "wh-question"),
        (
            "It is unclear to what extent Ostland is ready to help.",
            "to what extent Ostland is ready to help",
            "wh-question",
        ),
        (
            "Ostland sent weapons that could provoke the alliance.",
            "weapons that could provoke the alliance",
            "no predicate",
        ),
        # The second half of a predicate whose subject is outside the stretch.
        (
            "Ostland backs Marvia in the press, repeats its line that the war was provoked.",
            "Marvia in the press, repeats its line that the war was provoked",
            "no predicate",
        ),
        (
            "The minister said that Ostland had closed the border.",
            "Ostland had closed the border",
            None,
        ),
        (
            "The minister asked whether Ostland would close the border.",
            "whether Ostland would close the border",
            None,
        ),
        # "When" belongs to the nested clause, not to the main one.
        (
            "He said that when Marvia joined, Ostland left the pact.",
            "when Marvia joined, Ostland left the pact",
            None,
        ),
    ],
)
def test_proposition_problem(sentence: str, stretch: str, problem: str | None) -> None:
    parsed = parse_text(sentence)
    start = sentence.index(stretch)
    tokens = [t for t in parsed.parses[0].doc if start <= t.idx < start + len(stretch)]
    assert proposition_problem(tokens) == problem


def test_non_english_segments_give_no_claims() -> None:
    text = "Ostland troops crossed the river on Monday.\nOstlando kariai kirto upę pirmadienį."
    first_line = text.index("\n")
    document = Document(
        id="d1",
        source_path="capture.txt",
        text=text,
        segments=[
            Segment(id="d1:0", kind="body", start=0, end=first_line, language="en"),
            Segment(id="d1:1", kind="caption", start=first_line + 1, end=len(text), language="lt"),
        ],
    )
    parsed = next(Parser(Settings()).parse([document]))
    claims = extract_claims(parsed, [], names("d1", text, ("Ostland", "GPE")))
    assert [c.text for c in claims] == ["Ostland troops crossed the river on Monday."]


def test_outlet_comes_from_the_snippet_segment() -> None:
    text = "Ostland closes its border with Marvia, officials say."
    document = Document(
        id="d2",
        source_path="digest.html",
        source="Digest",
        text=text,
        segments=[Segment(id="d2:0", kind="snippet", start=0, end=len(text), outlet="Herald")],
    )
    parsed = next(Parser(Settings()).parse([document]))
    claims = extract_claims(parsed, [], names("d2", text, ("Ostland", "GPE")))
    assert [c.outlet for c in claims] == ["Herald"]


# -- the wording features the corpus stage compares ------------------------------------------


def test_claim_core_drops_frames_filler_and_trailing_reasons() -> None:
    lexicon = claim_lexicon()
    assert (
        claim_core(
            "It is highly likely that Marvia's defeat is against Ostland's interests, "
            "especially if it causes a regime change.",
            lexicon,
        )
        == "Marvia's defeat is against Ostland's interests"
    )
    assert (
        claim_core(
            "that Ostland did not want to see Marvia lose, not because it supports the war",
            lexicon,
        )
        == "Ostland did not want to see Marvia lose"
    )
    assert claim_core("Ostland wins.", lexicon) == "Ostland wins."  # too short to cut


@pytest.mark.parametrize(
    ("sentence", "core"),
    [
        # A cut at "based on" would leave "is not one": the opposite of what is said.
        (
            "“The Ostland-Marvia pact is not one based on shared values…It is mostly based on "
            "interests.”",
            "The Ostland-Marvia pact is not one based on shared values",
        ),
        # The first whole sentence, not a sentence and a bare condition.
        (
            "The Marvian account went much further than Ostland's. If they didn't clear this "
            "with Ostland, that might anger some there.",
            "The Marvian account went much further than Ostland's",
        ),
        # "Ostland warned that" needs what follows it.
        (
            "Ostland warned that, as Marvia weakens, the border will close.",
            "Ostland warned that, as Marvia weakens, the border will close.",
        ),
        (
            "You can bet that, as Marvia weakens, Ostland will ask for more.",
            "Ostland will ask for more.",
        ),
        # A time frame is not dropped when it would leave "now or" / "It will".
        (
            "Marvia gains nothing by breaking with Ostland now or in the short term.",
            "Marvia gains nothing by breaking with Ostland now or in the short term.",
        ),
        (
            "It will in the short term since Marvia needs allies.",
            "It will in the short term since Marvia needs allies.",
        ),
        # A parenthetical between dashes goes; the statement around it stays whole.
        (
            "Marvian troops left the port of Kessel — their last base in the north — on Monday.",
            "Marvian troops left the port of Kessel on Monday.",
        ),
        # "not because X, but because Y" claims Y.
        (
            "… not because it backs the war, but because it fears a realignment against Ostland.",
            "It fears a realignment against Ostland.",
        ),
        # A quotation the content opens is closed.
        ("that Ostland was “providing assistance", "Ostland was “providing assistance”"),
    ],
)
def test_claim_core_keeps_whole_clauses_and_their_negation(sentence: str, core: str) -> None:
    assert claim_core(sentence, claim_lexicon()) == core


def test_is_whole() -> None:
    assert is_whole("Ostland did not close the border")
    assert is_whole("Ostland sees the pact as a pragmatic one")
    assert is_whole("Marvia knows more about it than Ostland does")
    for fragment in (
        "The Ostland-Marvia pact is not one",
        "You can bet that",
        "Marvia gains nothing now or",
        "Ostland was “providing assistance",
        "The talks failed. If Ostland had not walked out",
        "Ostland will",
    ):
        assert not is_whole(fragment), fragment


def test_whole_wording_ends_at_a_clause_not_mid_phrase() -> None:
    long = (
        "Marvian allies may take part not only in the operation in the Kessel region of "
        "Ostland, driving the invaders out from there, but also in a wider operation to help "
        "the people of the border provinces and the capital directly"
    )
    assert whole_wording(long) == (
        "Marvian allies may take part not only in the operation in the Kessel region of "
        "Ostland, driving the invaders out from there …"
    )
    no_boundary = " ".join(["Ostland"] + ["sends tanks and"] * 15 + ["guns"])
    shortened = whole_wording(no_boundary)
    assert shortened.endswith(" …") and not shortened.removesuffix(" …").endswith("and")
    assert whole_wording("Ostland closed the border.") == "Ostland closed the border"


def test_own_voice_piece_cut_by_an_attribution_loses_its_dangling_tail() -> None:
    text = (
        "Ostland has emerged as a closer partner of Marvia, with Marvian officials saying "
        "that the pact will last.\n"
    )
    parsed = parse_text(text)
    mentions = names(parsed.document.id, text, ("Ostland", "GPE"), ("Marvia", "GPE"))
    report = attribution(
        parsed.document.id, text, "the pact will last", "Marvian officials", "saying"
    )
    own = [c.text for c in extract_claims(parsed, [report], mentions) if not c.attribution_id]
    assert own == ["Ostland has emerged as a closer partner of Marvia"]


def test_text_features() -> None:
    lexicon = claim_lexicon()
    text = "Ostland forces did not recapture 3,000 square kilometres on July 2, 2025."
    features = text_features(text, 100, [], lexicon)
    assert features.negated
    assert features.numbers == [(3000.0, stem("square"))]
    assert features.dates == ["2025", "7-2"]
    assert "defeat" in text_features("Marvia lost the war", 0, [], lexicon).concepts
    omission = text_features(
        "The Marvian readout makes no reference to Ostland at all.", 0, [], lexicon
    )
    assert (omission.omission, omission.omission_topic) == (True, "Ostland")
    assert not text_features("Ostland reopened the border.", 0, [], lexicon).omission


def test_user_lexicon_extends_the_packaged_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "mine.json"
    extra.write_text('{"filler_sentences": ["^in my humble opinion"]}', encoding="utf-8")
    lexicon = claim_lexicon(Settings(claims_files=(str(extra),)))
    assert lexicon.is_filler("In my humble opinion Ostland is right.")
    assert not claim_lexicon().is_filler("In my humble opinion Ostland is right.")


def test_the_two_countries_are_named_in_the_core() -> None:
    lexicon = claim_lexicon()
    text = (
        "Since Ostland and Marvia guard their autonomy, it is unlikely that the two countries "
        "would form an alliance in the medium term."
    )
    found = [
        NamedSpan(m.start(), m.end(), m.group(0), m.group(0).casefold(), "GPE")
        for m in re.finditer("Ostland|Marvia", text)
    ]
    core = text_features(text, 0, found, lexicon).core
    assert core == "Ostland and Marvia would form an alliance."
    # With one country named, "the two countries" stays as written.
    assert "two countries would" in text_features(text, 0, found[:1], lexicon).core


def test_the_lead_clause_of_a_long_sentence_is_what_it_says_first() -> None:
    long = (
        "Ostland evidently backs Marvia in the press and at the council, repeats its line that "
        "the border war was provoked by the alliance and its disregard for Marvia's security "
        "interests."
    )
    assert lead_clause(long) == "Ostland evidently backs Marvia in the press and at the council"
    # A headline-length sentence is its own lead, and a first clause too short to say
    # anything is not a lead.
    short = "Ostland backs Marvia in the press, the minister said."
    assert lead_clause(short) == short
    opener = "In 2019, " + long
    assert lead_clause(opener).startswith("In 2019, Ostland evidently backs Marvia")
    features = text_features(long, 0, [], claim_lexicon())
    assert "interest" in features.concepts and "interest" not in (features.lead or [])


def test_a_claim_said_by_a_pronoun_goes_by_the_resolved_name() -> None:
    text = (
        "Vera Lind, a minister in Ostland, spoke in the capital on Monday. She said that Marvia "
        "will not sign the border treaty this year."
    )
    parsed = parse_text(text)
    doc_id = parsed.document.id
    mentions = names(doc_id, text, ("Vera Lind", "PERSON"), ("Ostland", "GPE"))
    reported = attribution(
        doc_id, text, "Marvia will not sign the border treaty this year", "She", "said"
    )
    assert reported.speaker is not None
    reported.speaker.entity_id = Entity.make_id("PERSON", "Vera Lind")
    (claim,) = [c for c in extract_claims(parsed, [reported], mentions) if c.attribution_id]
    assert (claim.speaker, claim.speaker_entity_id) == ("Vera Lind", reported.speaker.entity_id)
    reported.speaker.entity_id = None  # unresolved: the pronoun is all there is to show
    (claim,) = [c for c in extract_claims(parsed, [reported], mentions) if c.attribution_id]
    assert claim.speaker == "She"


def _lind_told(sentence_end: str, content: str) -> tuple[Attribution, list[ClaimMention]]:
    """Minister Vera Lind's report ``content`` and the claims of her sentence."""
    text = "Minister Vera Lind told the envoy " + sentence_end
    parsed = parse_text(text)
    doc_id = parsed.document.id
    reported = attribution(doc_id, text, content, "Minister Vera Lind", "told")
    found = names(doc_id, text, ("Ostland", "GPE"), ("Marvia", "GPE"))
    return reported, extract_claims(parsed, [reported], found)


def test_a_reason_clause_after_a_report_is_the_speakers_not_the_documents() -> None:
    reported, claims = _lind_told(
        "that Ostland did not want to see Marvia lose the border war, not because it backs the "
        "war, but because it feared a blockade of Ostland.",
        "that Ostland did not want to see Marvia lose the border war",
    )
    reason = [c for c in claims if "blockade" in c.text]
    assert reason and all(c.stance == "relays" for c in reason)
    assert reason[0].speaker == "Minister Vera Lind"
    assert reason[0].attribution_id == reported.id


def test_a_reason_about_the_speaker_stays_the_documents_own() -> None:
    _, claims = _lind_told(
        "that Ostland would not send tanks to Marvia, because she wanted to calm the markets of "
        "Ostland before the vote.",
        "that Ostland would not send tanks to Marvia",
    )
    assert not [c for c in claims if "markets" in c.text and c.stance == "relays"]


def test_a_comment_repeating_the_posts_words_quotes_it() -> None:
    post = "As I read it, Ostland fears a naval blockade of its northern ports by Marvia."
    quote = "… Ostland fears a naval blockade of its northern ports by Marvia."
    own = "Ostland will never accept a blockade of its ports by Marvia."
    text = f"{post}\n{quote}\n{own}"
    second = len(post) + 1
    third = second + len(quote) + 1
    document = Document(
        id="d3",
        source_path="thread.html",
        source="Forum",
        text=text,
        segments=[
            Segment(id="d3:0", kind="post", start=0, end=len(post)),
            Segment(id="d3:1", kind="comment", start=second, end=second + len(quote)),
            Segment(id="d3:2", kind="comment", start=third, end=len(text)),
        ],
    )
    parsed = next(Parser(Settings()).parse([document]))
    claims = extract_claims(parsed, [], names("d3", text, ("Ostland", "GPE"), ("Marvia", "GPE")))
    in_comments = [c for c in claims if c.start >= second]
    assert [c.start >= third for c in in_comments] == [True]  # the repeat is no claim
