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


REPORT_WITH_COMMENTS = """\
Oskova rejects bridge claims
OSSA, May 2 (Riverline Press) - Oskova on Tuesday rejected claims that it had set the bridge on fire, according to a statement from the foreign ministry.
The ministry said the accusations were baseless, officials told reporters on Wednesday.

Comments
riverwatch · 6h
lol of course they deny it
ferry_anna · 5h
I crossed that bridge last week and I don't think anyone could have set that fire by accident.
old_pilot · 2h
Has anyone seen the fire brigade's report? Source?
"""


def test_a_report_with_a_comment_section_is_judged_by_the_report() -> None:
    comments_start = REPORT_WITH_COMMENTS.index("Comments")
    doc = genre_of(REPORT_WITH_COMMENTS, comments_start=comments_start)
    assert doc.genre == "news_report"
    assert any("comment section" in e for e in doc.genre_evidence)
    kinds = [(s.kind, s.author) for s in doc.segments if s.start >= comments_start]
    assert kinds == [
        ("title", None),
        ("comment", "riverwatch"),
        ("comment", "ferry_anna"),
        ("comment", "old_pilot"),
    ]
    assert all(s.kind != "post" for s in doc.segments)
    # Without the clean stage's mark the replies outvote the report, as before.
    assert genre_of(REPORT_WITH_COMMENTS).genre == "forum_thread"


def test_forum_controls_removed_from_the_comment_section_do_not_count_for_the_page() -> None:
    comments_start = REPORT_WITH_COMMENTS.index("Comments")
    controls = [
        RemovedLine(text="Reply Share Report", reason="forum controls", text_offset=offset)
        for offset in range(comments_start + 10, comments_start + 14)
    ]
    doc = genre_of(REPORT_WITH_COMMENTS, comments_start=comments_start, removed=controls)
    assert doc.genre == "news_report"
    assert not any("forum" in e for e in doc.genre_evidence)  # not even as the runner-up
    unplaced = [line.model_copy(update={"text_offset": None}) for line in controls]
    doc = genre_of(REPORT_WITH_COMMENTS, comments_start=comments_start, removed=unplaced)
    assert any("against forum_thread" in e for e in doc.genre_evidence)


def test_an_opening_post_above_its_replies_keeps_the_page_a_thread() -> None:
    text = (
        "Bridge fire megathread\n"
        "riverwatch · 6h\n"
        "So who set it? I don't buy the wiring story at all.\n"
        "ferry_anna · 5h\n"
        "I crossed that bridge last week and the wiring looked new.\n"
        "old_pilot · 2h\n"
        "lol you crossed it, you didn't inspect it.\n"
    )
    doc = genre_of(text, comments_start=text.index("ferry_anna"))
    assert doc.genre == "forum_thread"
    assert [s.kind for s in doc.segments] == ["title", "post", "comment", "comment"]
