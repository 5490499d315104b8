"""Language per segment: non-English captions are flagged and kept, short lines are left open."""

from __future__ import annotations

import pytest

from hearsay.language import detect_languages, guess_language
from hearsay.models import Document, Segment
from hearsay.settings import Settings

SETTINGS = Settings()


def document(*pieces: tuple[str, str]) -> Document:
    text, segments, position = "", [], 0
    for kind, piece in pieces:
        start = position
        text += piece + "\n"
        position = len(text)
        segments.append(Segment(id=str(start), kind=kind, start=start, end=start + len(piece)))  # type: ignore[arg-type]
    return Document(id="d", source_path="t", text=text, segments=segments)


LITHUANIAN_CAPTION = "Užsienio reikalų ministrai susitiko Vilniuje aptarti laivybos saugumo"
FRENCH_CAPTION = "Le navire de recherche amarré au port de Keld, au lendemain de la collision"
GERMAN_CAPTION = "Die Außenminister beider Länder trafen sich am Montag in der Hauptstadt"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (LITHUANIAN_CAPTION, "lt"),
        (LITHUANIAN_CAPTION + " Keld Press / Pool nuotrauka", "lt"),  # English credit mixed in
        (FRENCH_CAPTION, "fr"),
        (GERMAN_CAPTION, "de"),
        ("The foreign ministers met in Keld on Monday to discuss shipping safety.", "en"),
        ("i dont think anyone will cross that bridge again tbh", "en"),
    ],
)
def test_language_of_a_segment(text: str, code: str) -> None:
    language, score = guess_language(text, SETTINGS)
    assert language == code
    assert score is not None and 0 < score <= 1


@pytest.mark.parametrize(
    "text", ["4h", "Share on X", "Velin Strait collision", "Bad news?", "12:40"]
)
def test_short_or_uncertain_english_lines_get_no_language(text: str) -> None:
    # None: the English pipeline still reads them; a short headline must not come out French.
    assert guess_language(text, SETTINGS) == (None, None)


def test_short_line_with_letters_english_does_not_use_is_flagged() -> None:
    assert guess_language("Atsisiųsti PDF", SETTINGS)[0] == "lt"
    assert guess_language("Spausdinti", SETTINGS) == (None, None)  # could be anything


def test_document_language_is_the_majority_by_characters() -> None:
    doc = document(
        ("title", "Ministers meet over the strait collision"),
        ("body", "The foreign ministers of both countries met on Monday and agreed to talk again."),
        ("caption", LITHUANIAN_CAPTION),
        ("body", "Officials said the next meeting would take place in the spring."),
    )
    result = detect_languages(doc, SETTINGS)
    assert [s.language for s in result.segments] == ["en", "en", "lt", "en"]
    assert result.language == "en"
    assert doc.segments[2].language is None  # the input is not changed


def test_restricting_the_language_set_is_a_setting() -> None:
    only_english_and_french = Settings(languages=("en", "fr"))
    assert guess_language(LITHUANIAN_CAPTION, only_english_and_french)[0] in ("fr", "en")
    assert guess_language(FRENCH_CAPTION, only_english_and_french)[0] == "fr"


def test_no_segments_and_empty_text() -> None:
    empty = Document(id="e", source_path="t", text="")
    assert detect_languages(empty, SETTINGS).language is None
    bare = Document(id="b", source_path="t", text="The ministers met in Keld on Monday morning.")
    assert detect_languages(bare, SETTINGS).language == "en"
