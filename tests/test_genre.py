"""Genre from features, with the evidence a reader can check, and user-tunable rules."""

# One line is one paragraph in these captures, as in the real thing: long lines are the fixture.
# ruff: noqa: E501

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hearsay.models import Document, RemovedLine
from hearsay.segment import segment
from hearsay.settings import Settings


def genre_of(text: str, settings: Settings | None = None, **fields: object) -> Document:
    document = Document(id="d", source_path="t.txt", text=text, **fields)  # type: ignore[arg-type]
    return segment(document, settings)


ASSESSMENT = """\
Oskova's intentions on the Vell river
We assess it is highly likely that the Oskovan navy will keep patrolling the river through the summer. It is unlikely that Ossa will agree to observers.
There is a roughly even chance of a further incident before the harvest; we judge that neither side wants one.
"""

STATEMENT = """\
Statement by the Ministry of Foreign Affairs of Tarn
The Ministry categorically rejects the allegations published in Ossa today.
Tarn reaffirms its commitment to the peaceful settlement of disputes and calls on all parties to show restraint.
"""


def test_estimative_language_makes_an_intelligence_assessment() -> None:
    doc = genre_of(ASSESSMENT)
    assert doc.genre == "intelligence_assessment"
    first = doc.genre_evidence[0]
    assert first.startswith("estimative judgements:") and "“We assess”" in first


def test_statement_markers_make_an_official_statement() -> None:
    doc = genre_of(STATEMENT)
    assert doc.genre == "official_statement"
    assert any(e.startswith("statement headers:") for e in doc.genre_evidence)


def test_a_statement_quoted_in_a_news_report_does_not_make_it_one() -> None:
    text = (
        "Oskova rejects bridge claims\n"
        "OSSA, May 2 (Riverline Press) - Oskova on Tuesday rejected claims that it had set the "
        "bridge on fire, according to a statement from the foreign ministry.\n"
        "The ministry said in a statement that it strongly condemns the accusations, officials "
        "told reporters on Wednesday.\n"
    )
    assert genre_of(text).genre == "news_report"


def test_aggregator_chrome_removed_by_cleaning_still_counts() -> None:
    text = (
        "Vell bridge fire\n"
        "Tarn said on Monday the fire was arson.\n"
        "Oskova said the bridge was condemned years ago.\n"
    )
    plain = genre_of(text)
    with_chrome = genre_of(text, removed=[RemovedLine(text="Digest more", reason="chrome")])
    assert plain.genre != "aggregator_digest"
    assert with_chrome.genre == "aggregator_digest"
    assert "aggregator chrome: “Digest more” (1)" in with_chrome.genre_evidence


def test_evidence_ends_with_the_score_against_the_runner_up() -> None:
    doc = genre_of(ASSESSMENT)
    assert doc.genre_evidence[-1].startswith("score ")
    assert " against " in doc.genre_evidence[-1]


def test_quotes_do_not_make_a_news_report_a_forum_thread() -> None:
    text = (
        "Ferry captain describes the fire\n"
        'KELD, May 2 (Riverline Press) - "I saw the flames from my wheelhouse," the captain said.\n'
        '"You could not get near it," he told reporters on Tuesday.\n'
        '"I don\'t think anyone will cross that bridge again," he added.\n'
    )
    assert genre_of(text).genre == "news_report"


def test_user_genre_file_adds_patterns_and_weights(tmp_path: Path) -> None:
    text = "Quarterly bulletin\nThe harbour master notes three groundings this quarter.\n"
    assert genre_of(text).genre == "other"
    extra = tmp_path / "genre.json"
    extra.write_text(
        json.dumps(
            {
                "lexicons": {"harbour notices": {"patterns": ["\\bharbour master notes\\b"]}},
                "features": {"harbour notices": {"cap": 1, "weights": {"official_statement": 5.0}}},
                # lists extend the packaged ones: this feature may now decide the genre too
                "requires": {"official_statement": ["harbour notices"]},
            }
        ),
        encoding="utf-8",
    )
    settings = Settings(genre_files=(str(extra),))
    doc = genre_of(text, settings)
    assert doc.genre == "official_statement"
    assert doc.genre_evidence[0] == "harbour notices: “harbour master notes” (1)"


def test_a_genre_needs_one_of_its_own_features() -> None:
    # Second person and questions alone (a how-to page) do not make a forum thread.
    text = (
        "How to plan a river crossing\n"
        "Do you know the tide tables? You should check them before you set out.\n"
        "Have you packed a spare oar? Your boat will thank you.\n"
        "Are you ready? You will need a life jacket for every passenger.\n"
    )
    assert genre_of(text).genre != "forum_thread"


def test_missing_user_genre_file_is_a_settings_error(tmp_path: Path) -> None:
    from hearsay.errors import SettingsError

    with pytest.raises(SettingsError):
        genre_of("text", Settings(genre_files=(str(tmp_path / "nope.json"),)))


def test_bad_user_pattern_is_a_settings_error(tmp_path: Path) -> None:
    from hearsay.errors import SettingsError

    extra = tmp_path / "bad.json"
    extra.write_text(json.dumps({"lexicons": {"broken": {"patterns": ["(unclosed"]}}}))
    with pytest.raises(SettingsError, match="broken"):
        genre_of("text", Settings(genre_files=(str(extra),)))
