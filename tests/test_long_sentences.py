"""The bound on sentence length: run-on text is cut into sentences the stages can afford,
ordinary prose is left as the parser reads it."""

from __future__ import annotations

import pytest

from hearsay.long_sentences import MAX_SENTENCE_TOKENS

pytest.importorskip("spacy")

RUN_ON = " ".join(
    f"officials said that the minister told reporters the plan number {i} was dead, and critics "
    "claimed otherwise"
    for i in range(120)
)


def test_a_run_on_paragraph_is_cut_into_bounded_sentences_at_commas() -> None:
    from hearsay.nlp import parse_text

    doc = parse_text(RUN_ON).parses[0].doc
    sentences = list(doc.sents)
    assert len(doc) > 5 * MAX_SENTENCE_TOKENS
    assert max(len(s) for s in sentences) <= MAX_SENTENCE_TOKENS
    # the cuts fall after a comma where there is one
    assert all(s[0].i == 0 or doc[s[0].i - 1].text in {",", "."} for s in sentences)


def test_the_run_on_paragraph_still_yields_its_attributions() -> None:
    from hearsay.attribution import attributions_in_text

    found = attributions_in_text(RUN_ON)
    said = [a for a in found if a.cue is not None and a.cue.text == "said"]
    assert len(said) >= 100
    assert all(a.speaker is not None and a.speaker.text == "officials" for a in said[:10])


def test_ordinary_prose_is_not_touched() -> None:
    from hearsay.long_sentences import bound_sentences
    from hearsay.nlp import parse_text

    text = "The mayor said the bridge would reopen. " * 60
    doc = parse_text(text).parses[0].doc
    before = [t.is_sent_start for t in doc]
    bound_sentences(doc)
    assert [t.is_sent_start for t in doc] == before
