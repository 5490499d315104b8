"""Pronouns back to the actor a clause before was about (coref.pronoun_antecedent)."""

from __future__ import annotations

import re

import pytest

from hearsay.coref import pronoun_antecedent
from hearsay.models import EntityMention
from hearsay.nlp import parse_text

pytest.importorskip("spacy")


def antecedent(text: str, pronoun: str, *names: tuple[str, str], quoted: str = "") -> str | None:
    """The canonical name ``pronoun`` (its last occurrence) resolves to in ``text``."""
    parsed = parse_text(text)
    (parse,) = parsed.parses
    mentions = [
        EntityMention(document_id=parsed.document.id, start=m.start(), end=m.end(), text=name,
                      type=type_, canonical=name)
        for name, type_ in names
        for m in re.finditer(re.escape(name), text)
    ]  # fmt: skip
    at = [m.start() for m in re.finditer(rf"\b{pronoun}\b", text)][-1]
    (token,) = [t for t in parse.doc if t.idx + parse.offset == at]
    spans = [(text.index(quoted), text.index(quoted) + len(quoted))] if quoted else []
    found = pronoun_antecedent(parse, token.i, mentions, spans)
    return found.canonical if found is not None else None


def test_it_is_the_subject_of_the_higher_clause_not_the_nearest_name() -> None:
    text = (
        "Ostland did not want to see Marvia lose the border war, not because it backs the war, "
        "but because it feared a shift of the alliance against the north."
    )
    assert antecedent(text, "it", ("Ostland", "GPE"), ("Marvia", "GPE")) == "Ostland"


def test_it_in_the_next_sentence_and_never_a_person() -> None:
    text = (
        "Minister Vera Lind said Ostland backs Marvia in the talks and blames the northern "
        "alliance for the war. It speaks out against new sanctions on Marvia."
    )
    found = antecedent(text, "It", ("Vera Lind", "PERSON"), ("Ostland", "GPE"), ("Marvia", "GPE"))
    assert found == "Ostland"


def test_they_through_the_possessor_of_a_group() -> None:
    text = (
        "Ostland's top political echelon had been told that Marvia would attack; however, they "
        "could not foresee the scale of the war."
    )
    assert antecedent(text, "they", ("Ostland", "GPE"), ("Marvia", "GPE")) == "Ostland"


def test_a_clause_about_something_else_blocks_the_nearest_name() -> None:
    text = (
        "Ostland hosted the talks last week. The Vardo summit was more than a meeting of two "
        "leaders. It signaled a new course."
    )
    assert antecedent(text, "It", ("Ostland", "GPE"), ("Vardo", "GPE")) is None


def test_empty_it_stands_for_nothing() -> None:
    text = "Ostland backs Marvia in the talks. But it’s important to see why the talks failed."
    assert antecedent(text, "it", ("Ostland", "GPE"), ("Marvia", "GPE")) is None


def test_subjects_inside_a_quotation_are_not_antecedents() -> None:
    text = "“Tomas Berg will resign before the vote,” Vera Lind wrote, and she added more."
    quote = "“Tomas Berg will resign before the vote,”"
    names = (("Tomas Berg", "PERSON"), ("Vera Lind", "PERSON"))
    assert antecedent(text, "she", *names, quoted=quote) == "Vera Lind"
