"""hearsay's faster stand-ins for spaCy pipes give exactly the stock pipes' tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402

from hearsay.fast_attributes import AttributeTable, install  # noqa: E402
from hearsay.fast_lemmas import WordIndex  # noqa: E402

# Written for this test: pronoun case, "n't", "there is", "gonna", "let's", modal verbs,
# "that" as a relative, spaces and a line break.
TEXT = (
    "She told him that they can't stay.  \"We're gonna win,\" he said, but there is doubt.\n\n"
    "Let's see what the ministers who met on Monday have done; I gave it to you."
)


def ruler_pipeline(patterns: list[dict[str, Any]]) -> Any:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp


def tagged(nlp: Any, words: list[str], tags: list[str], deps: list[str] | None = None) -> Doc:
    heads = [0] * len(words) if deps else None
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)


def attributes(doc: Doc) -> list[tuple[str, str, str, str, str, str]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


PATTERNS: list[dict[str, Any]] = [
    {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON", "MORPH": "PronType=Prs"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
    # a later pattern overrides an earlier one, attribute by attribute
    {
        "patterns": [[{"TAG": "PRP", "LOWER": {"IN": ["him", "her"]}}]],
        "attrs": {"MORPH": "Case=Acc"},
    },
    {"patterns": [[{"LOWER": {"REGEX": "^gon+$"}}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"TAG": {"NOT_IN": ["PRP", ""]}, "IS_SPACE": False}]], "attrs": {"NORM": "x"}},
]


def test_table_gives_what_the_ruler_gives() -> None:
    nlp = ruler_pipeline(PATTERNS)
    table = AttributeTable.from_ruler(nlp.vocab, nlp.get_pipe("attribute_ruler"))
    assert table is not None
    words = ["She", "told", "him", "gon", "na", " "]
    tags = ["PRP", "VBD", "PRP", "VBG", "TO", "_SP"]
    stock = nlp.get_pipe("attribute_ruler")(tagged(nlp, words, tags))
    ours = table(tagged(nlp, words, tags))
    assert attributes(ours) == attributes(stock)
    assert [t.norm_ for t in ours] == [t.norm_ for t in stock]
    she, told, him, gon, na, space = ours
    assert (she.pos_, str(she.morph)) == ("PRON", "PronType=Prs")
    assert (him.pos_, str(him.morph)) == ("PRON", "Case=Acc")  # pattern 3 overrides MORPH only
    assert (told.pos_, str(told.morph), told.norm_) == ("VERB", "Tense=Past", "x")
    assert (gon.lemma_, na.lemma_) == ("go", "to")  # two-token patterns, target by index
    assert space.norm_ == " " and space.pos_ == ""  # the space matches nothing


def test_tokens_no_pattern_matches_are_left_alone() -> None:
    nlp = ruler_pipeline(PATTERNS)
    table = AttributeTable.from_ruler(nlp.vocab, nlp.get_pipe("attribute_ruler"))
    assert table is not None
    doc = table(tagged(nlp, ["na", "gon"], ["", ""]))  # reversed: no window matches
    assert [(t.pos_, str(t.morph), t.lemma_) for t in doc] == [("", "", ""), ("", "", "")]
    assert len(table(Doc(nlp.vocab, words=[]))) == 0


@pytest.mark.parametrize(
    "pattern",
    [
        [{"TAG": "NN", "OP": "+"}],  # quantifiers
        [{"LENGTH": {">=": 3}}],  # comparison predicates
        [{"_": {"speaker": True}}],  # extension attributes
        [{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}],
    ],
)
def test_patterns_the_table_cannot_mirror_keep_the_stock_ruler(pattern: list[Any]) -> None:
    nlp = ruler_pipeline([*PATTERNS, {"patterns": [pattern], "attrs": {"POS": "NOUN"}}])
    assert AttributeTable.from_ruler(nlp.vocab, nlp.get_pipe("attribute_ruler")) is None
    assert install(nlp) is False
    assert nlp.pipe_names == ["attribute_ruler"]


def test_a_pattern_matching_every_token_and_an_empty_ruler() -> None:
    every = {"patterns": [[{}]], "attrs": {"NORM": "any"}}
    nlp = ruler_pipeline([PATTERNS[0], every])
    table = AttributeTable.from_ruler(nlp.vocab, nlp.get_pipe("attribute_ruler"))
    assert table is not None
    doc = table(tagged(nlp, ["She", "left"], ["PRP", "VBD"]))
    assert [(t.pos_, t.norm_) for t in doc] == [("PRON", "any"), ("", "any")]
    stock = nlp.get_pipe("attribute_ruler")(tagged(nlp, ["She", "left"], ["PRP", "VBD"]))
    assert [(t.pos_, t.norm_) for t in stock] == [(t.pos_, t.norm_) for t in doc]
    assert (
        AttributeTable.from_ruler(nlp.vocab, ruler_pipeline([]).get_pipe("attribute_ruler")) is None
    )


def test_word_index_is_the_same_list_with_a_fast_in() -> None:
    index = WordIndex(["meet", "say", "tell"])
    assert index == ["meet", "say", "tell"]
    assert "say" in index and "said" not in index and 3 not in index
    assert WordIndex([]) == [] and "" not in WordIndex([])


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any]:
    from hearsay.errors import ModelNotInstalledError
    from hearsay.nlp import load_pipeline
    from hearsay.settings import Settings

    name = Settings().spacy_model
    try:
        return load_pipeline(name, stock=True), load_pipeline(name)
    except ModelNotInstalledError:
        pytest.skip(f"spaCy pipeline {name} is not installed")


def test_hearsay_pipeline_parses_exactly_like_the_stock_one(pipelines: tuple[Any, Any]) -> None:
    stock, ours = pipelines
    assert "attribute_ruler" in stock.pipe_names and "attribute_ruler" not in ours.pipe_names
    a, b = stock(TEXT), ours(TEXT)
    assert attributes(b) == attributes(a)
    assert [t.head.i for t in b] == [t.head.i for t in a]
    assert [(e.text, e.label_) for e in b.ents] == [(e.text, e.label_) for e in a.ents]
    by_text = {t.text: t for t in b}
    assert (by_text["him"].pos_, by_text["him"].lemma_) == ("PRON", "he")
    assert str(by_text["him"].morph) == "Case=Acc|Gender=Masc|Number=Sing|Person=3|PronType=Prs"
    assert (by_text["n't"].pos_, by_text["n't"].lemma_) == ("PART", "not")
    assert by_text["ministers"].lemma_ == "minister"
    assert by_text["met"].lemma_ == "meet"


def test_hearsay_lemmatizer_indexes_are_sets(pipelines: tuple[Any, Any]) -> None:
    _, ours = pipelines
    table = ours.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(isinstance(words, WordIndex) for words in table.values())


def test_stock_pipes_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    from hearsay import nlp
    from hearsay.errors import ModelNotInstalledError
    from hearsay.settings import Settings

    monkeypatch.setattr(nlp, "_MODELS", {})
    monkeypatch.setenv("HEARSAY_STOCK_PIPES", "1")
    try:
        pipeline = nlp.load_pipeline(Settings().spacy_model)
    except ModelNotInstalledError:
        pytest.skip("spaCy pipeline not installed")
    assert {"attribute_ruler", "parser", "ner"} <= set(pipeline.pipe_names)
    table = pipeline.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert not any(isinstance(words, WordIndex) for words in table.values())


# Written for this test: people, places, organisations, dates and money across sentences,
# a name right before a line break, double spaces, and a one-word document.
NEWS = [
    "Angela Merkel met Emmanuel Macron in Paris on Tuesday, a spokesman for the German "
    "government said.  The two leaders discussed a $2 billion fund.\n\nBerlin",
    "The Federal Reserve raised rates by 0.25 percentage points on Wednesday.",
    "Reuters",
    "",
    "Senator Elizabeth Warren told NBC News that the Senate would vote in March, while "
    "Goldman Sachs said the Bank of England could follow.  Mr. Johnson declined to comment.",
]


def entities(doc: Doc) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    spans = [(e.start, e.end, e.label_) for e in doc.ents]
    return spans, [(t.ent_iob, t.ent_type_) for t in doc]


def batched_both_ways(stock: Any, ours: Any, texts: list[str]) -> Iterator[tuple[Any, Any]]:
    """The texts through both pipelines at batch sizes 1, 2 and 8 (a batch of one, a split
    batch, one batch for all), as (stock docs, hearsay docs)."""
    for batch_size in (1, 2, 8):
        yield (list(stock.pipe(texts, batch_size=batch_size)),
               list(ours.pipe(texts, batch_size=batch_size)))


def test_batched_entity_decoder_finds_the_stock_entities(pipelines: tuple[Any, Any]) -> None:
    stock, ours = pipelines
    assert "ner" in stock.pipe_names and "ner_batched" in ours.pipe_names
    for a, b in batched_both_ways(stock, ours, NEWS):
        assert [entities(d) for d in b] == [entities(d) for d in a]
    single = ours(NEWS[0])
    assert entities(single) == entities(stock(NEWS[0]))
    found = {(e.text, e.label_) for e in single.ents}
    assert ("Angela Merkel", "PERSON") in found and ("Paris", "GPE") in found
    assert all(t.ent_iob_ in ("B", "I", "O") for t in single)  # every token decided
    assert list(ours.pipe([""])) and len(ours("").ents) == 0


def test_batched_entity_decoder_keeps_preset_entities(pipelines: tuple[Any, Any]) -> None:
    from spacy.tokens import Span

    stock, ours = pipelines
    parsed = []
    for nlp in (stock, ours):
        doc = nlp.make_doc(NEWS[1])
        # "Federal Reserve" preset as a person: the model alone says "The Federal Reserve", ORG
        doc.set_ents([Span(doc, 1, 3, "PERSON")], default="unmodified")
        parsed.append(nlp(doc))
    a, b = parsed
    assert entities(b) == entities(a)
    assert (1, 3, "PERSON") in entities(b)[0] and (0, 3, "ORG") not in entities(b)[0]


def own_stock_pipeline() -> Any:
    """A freshly loaded stock pipeline of its own, for tests that alter its pipes."""
    from hearsay.settings import Settings

    try:
        return spacy.load(Settings().spacy_model)
    except OSError:
        pytest.skip("spaCy pipeline not installed")


def test_a_recognizer_with_unseen_labels_is_decoded_by_the_stock_pipe() -> None:
    from spacy.tokens import Span

    from hearsay.fast_decoding import BatchedDecoder, decodable, install

    nlp = own_stock_pipeline()
    ner = nlp.get_pipe("ner")
    assert decodable(ner)
    batched = BatchedDecoder(ner)
    doc = nlp.make_doc(NEWS[1])
    for name, component in nlp.pipeline:
        doc = doc if name == "ner" else component(doc)
    doc.set_ents([Span(doc, 0, 3, "HEARSAY_TEST")], default="unmodified")
    batched(doc)  # a preset label the model lacks: added as unseen, decoded by the stock pipe
    assert not decodable(ner) and "HEARSAY_TEST" in ner.labels
    assert doc.ents[0].label_ == "HEARSAY_TEST"
    assert install(nlp) is False and "ner" in nlp.pipe_names


# Written for this test: a run-on paragraph with no full stop (hearsay_long_sentences cuts it
# before the parser runs), a relative clause inside a report, a quotation, a heading glued to a
# line below, and an empty text.
RUN_ON = " ".join(
    f"the council said road {i} would close next week, and residents wrote that it must stay "
    "open because the bus depends on it"
    for i in range(30)
)
PROSE = [
    RUN_ON,
    "A hearing was held yesterday on the bill which the senator said she would block.",
    '"We will not back down," the union leader told a crowd of about 300 workers on Friday.',
    "BUDGET TALKS\nThe finance minister, who declined to comment, is expected to resign.",
    "",
    "Yes.",
]


def parse(doc: Doc) -> list[tuple[int, str, bool | None]]:
    return [(t.head.i, t.dep_, t.is_sent_start) for t in doc]


def test_batched_parser_gives_the_stock_parse(pipelines: tuple[Any, Any]) -> None:
    stock, ours = pipelines
    assert "parser" in stock.pipe_names and "parser_batched" in ours.pipe_names
    for a, b in batched_both_ways(stock, ours, PROSE):
        assert [parse(d) for d in b] == [parse(d) for d in a]
        assert [attributes(d) for d in b] == [attributes(d) for d in a]  # lemmas read deps
        assert [entities(d) for d in b] == [entities(d) for d in a]
    single = ours(PROSE[1])
    assert parse(single) == parse(stock(PROSE[1]))
    assert sum(t.dep_ == "ROOT" for t in single) == 1
    empty, stock_empty = ours(""), stock("")
    assert len(empty) == 0 and len(list(ours.pipe(["", "Yes.", ""]))) == 3
    assert empty.has_annotation("DEP") == stock_empty.has_annotation("DEP")


def test_batched_parser_keeps_the_sentence_starts_set_before_it(
    pipelines: tuple[Any, Any],
) -> None:
    from hearsay.long_sentences import MAX_SENTENCE_TOKENS

    _, ours = pipelines
    doc = ours.make_doc(RUN_ON)
    for name, component in ours.pipeline:
        if name == "parser_batched":
            break
        doc = component(doc)
    preset = [t.i for t in doc if t.is_sent_start]
    assert len(doc) > 2 * MAX_SENTENCE_TOKENS and preset  # the bound cut the run-on text
    doc = ours.get_pipe("parser_batched")(doc)
    starts = {s.start for s in doc.sents}
    assert set(preset) <= starts
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    assert all(t.head.sent.start == t.sent.start for t in doc)  # no arc crosses a cut


def test_batched_parser_with_preset_labels_and_a_beam_parser_left_stock() -> None:
    from hearsay.fast_decoding import BatchedDecoder, decodable, install

    nlp = own_stock_pipeline()
    parser = nlp.get_pipe("parser")
    assert decodable(parser)
    parsed = []
    for decode in (parser, BatchedDecoder(parser)):
        doc = nlp.make_doc(PROSE[1])
        for name, component in nlp.pipeline:
            if name == "parser":
                break
            doc = component(doc)
        doc[0].dep_ = "hearsay_test"  # a label the model lacks: the parser never adds one
        parsed.append(parse(decode(doc)))
    assert parsed[0] == parsed[1] and "hearsay_test" not in parser.labels
    assert decodable(parser)
    parser.cfg["beam_width"] = 4  # a beam search: only the stock pipe decodes it
    assert not decodable(parser)
    assert install(nlp, "parser") is False and "parser" in nlp.pipe_names
