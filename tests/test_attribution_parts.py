"""The attribution stage's model-free parts: quotation marks, the cue lexicon, dates,
anonymous speakers, hedges. No spaCy needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hearsay.attribution_model import load_model
from hearsay.chains import CONDITIONAL_HEDGE
from hearsay.circumstances import resolve_date
from hearsay.cues import load_cues
from hearsay.errors import SettingsError
from hearsay.quotes import is_statement, quote_spans
from hearsay.settings import Settings
from hearsay.speakers import is_anonymous


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will stay" and left.', ['"we will stay"']),
        ("He said “we will stay” and left.", ["“we will stay”"]),
        ("Er sagte „wir bleiben“ und ging.", ["„wir bleiben“"]),
        ("Il a dit «nous restons» et il est parti.", ["«nous restons»"]),
        ("Old wires wrote ``we will stay,'' he said.", ["`we will stay,'"]),
        ("“One” and “two”.", ["“One”", "“two”"]),
    ],
)
def test_quotation_marks_of_every_kind(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_a_quote_over_paragraphs_is_one_span() -> None:
    text = "“The first part goes on.\n\n“The second part ends it,” she said."
    assert quoted(text) == ["“The first part goes on.\n\n“The second part ends it,”"]


@pytest.mark.parametrize(
    "text",
    [
        "He said “we will stay and left.",  # never closed
        "We will stay” he said.",  # never opened
        "“Open\n\nNo quote opens this paragraph.",
        '"' * 7,
        "",
    ],
)
def test_unbalanced_marks_yield_sound_spans(text: str) -> None:
    for span in quote_spans(text):
        assert span.closed and 0 <= span.start < span.end <= len(text)
    # A mark never closed keeps its quote to the end of the paragraph, marked as such.
    (unclosed,) = quote_spans("He said “we will stay and left.")
    assert unclosed.unbalanced
    assert quoted("We will stay” he said.") == []


def test_scare_quotes_and_titles_are_not_statements() -> None:
    scare = "They refuse to call it a “war.”"
    title = "Intro\n“The World According to Someone”\nBody text follows."
    speech = "“We will stay,” she said."
    assert not is_statement(quote_spans(scare)[0], scare)
    assert not is_statement(quote_spans(title)[0], title)
    assert is_statement(quote_spans(speech)[0], speech)


def test_packaged_cues_and_their_leans() -> None:
    cues = load_cues(Settings())
    assert cues.verb_lean("say") == "neutral"
    assert cues.verb_lean("claim") == "doubting"
    assert cues.verb_lean("deny") == "denying"
    assert cues.verb_lean("reject") == "denying"
    assert cues.verb_lean("assure") == "asserting"
    assert cues.verb_lean("warn") == "warning"
    assert cues.phrase_lean(("according", "to")) == "neutral"
    assert cues.lean_of("was quoted as saying") == "neutral"
    assert cues.verb_lean("swim") is None


def test_users_extend_and_override_the_lexicon(tmp_path: Path) -> None:
    extra = tmp_path / "my_cues.tsv"
    extra.write_text("# mine\nopine\tneutral\tverb\nsay\tasserting\nas stated by\tneutral\n")
    cues = load_cues(Settings(cues_files=(str(extra),)))
    assert cues.verb_lean("opine") == "neutral"
    assert cues.verb_lean("say") == "asserting"
    assert cues.phrase_lean(("as", "stated", "by")) == "neutral"


def test_a_broken_lexicon_line_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("just-one-column\n")
    with pytest.raises(SettingsError):
        load_cues(Settings(cues_files=(str(bad),)))
    with pytest.raises(SettingsError):
        load_cues(Settings(cues_files=(str(tmp_path / "missing.tsv"),)))


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("July 2, 2025", None, "2025-07-02"),
        ("2 July 2025", None, "2025-07-02"),
        ("Sept. 7, 2022", None, "2022-09-07"),
        ("on August 20", "2025-08-22", "2025-08-20"),
        ("on August 20", None, None),
        ("Tuesday", "2025-07-03", "2025-07-01"),
        ("in February 2023", None, "2023-02"),
        ("February 30, 2023", None, None),
        ("last spring", "2025-07-03", None),
    ],
)
def test_dates_resolve_to_iso(text: str, published: str | None, expected: str | None) -> None:
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    ("words", "anonymous"),
    [
        ("informed sources", True),
        ("some EU officials", True),
        ("experts", True),
        ("a senior official", True),
        ("an unnamed diplomat", True),
        ("Hart , the CSIS expert", False),
        ("Kremlin spokesman Dmitry Peskov", False),
        ("the Chinese foreign minister", False),
        ("Li", False),
    ],
)
def test_anonymous_speakers(words: str, anonymous: bool) -> None:
    assert is_anonymous(words.split()) is anonymous


def test_conditional_hedges() -> None:
    text = 'If this report is not the information "canard" that it seems, then much changed.'
    match = CONDITIONAL_HEDGE.search(text)
    assert match is not None and match.group(0).startswith("If this report is not")
    assert CONDITIONAL_HEDGE.search("If the weather holds, the ships sail.") is None


def test_the_shipped_model_is_small_and_complete() -> None:
    model = load_model()
    assert model.weights and 0.0 < model.threshold < 1.0
    assert "rule=quote" in model.weights
    size = Path(__file__).resolve().parents[1] / "src/hearsay/data/attribution_model.json"
    assert size.stat().st_size < 20 * 1024 * 1024
