"""The example corpus (examples/corpus, fictional) reads as the genres it was written as."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from hearsay import ingest
from hearsay.language import detect_languages
from hearsay.models import Document
from hearsay.segment import segment
from hearsay.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SETTINGS = Settings()

GENRES = {
    "01_meridian_wire_report.txt": "news_report",
    "02_kna_coast_guard_report.txt": "news_report",
    "03_sentinel_review_analysis.txt": "analysis",
    "04_did_assessment.txt": "intelligence_assessment",
    "05_harbourtalk_thread.html": "forum_thread",
    "06_velin_strait_digest.txt": "aggregator_digest",
    "07_kestrava_mfa_statement.html": "official_statement",
    "08_calvoria_mfa_press_release.txt": "official_statement",
    "09_wire_records.jsonl#1": "news_report",
    "09_wire_records.jsonl#2": "news_report",
    "09_wire_records.jsonl#3": "news_report",
    "10_tidewatch_forum_capture.txt": "forum_thread",
}


def prepared() -> dict[str, Document]:
    """Every corpus document, cleaned when the clean stage exists, else as captured."""
    try:
        from hearsay.clean import clean
    except ImportError:
        clean = None
    documents: dict[str, Document] = {}
    for item in ingest.read_inputs([str(CORPUS)], SETTINGS):
        assert isinstance(item, Document), item
        if clean is not None:
            item = clean(item)
        elif item.format == "html":
            continue  # HTML needs the clean stage
        else:
            item = item.model_copy(update={"text": item.raw})
        documents[Path(item.source_path).name] = detect_languages(segment(item), SETTINGS)
    return documents


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    return prepared()


@pytest.mark.parametrize("name", sorted(GENRES))
def test_genre(corpus: dict[str, Document], name: str) -> None:
    if name not in corpus:
        pytest.skip("HTML documents need the clean stage")
    assert corpus[name].genre == GENRES[name], corpus[name].genre_evidence


def test_every_document_is_a_known_file(corpus: dict[str, Document]) -> None:
    assert set(corpus) <= set(GENRES)


def test_digest_results_carry_their_outlets(corpus: dict[str, Document]) -> None:
    digest = corpus["06_velin_strait_digest.txt"]
    snippets = [s for s in digest.segments if s.kind == "snippet"]
    assert len(snippets) == 10
    assert [s.outlet for s in snippets] == [
        None,
        None,
        "Meridian Wire",
        "The Ysk Chronicle",
        "Northlight News",
        "The Continental",  # from "The Continental's Mara Quill reports."
        "Bluewater Times",
        None,
        "KNA",
        "Atlas Daily",
    ]
    assert {s.outlet for s in snippets if s.via == "MSN"} == {
        "The Ysk Chronicle",
        "Northlight News",
        "KNA",
    }


def test_forum_capture_has_a_post_and_eight_comments(corpus: dict[str, Document]) -> None:
    kinds = Counter(s.kind for s in corpus["10_tidewatch_forum_capture.txt"].segments)
    assert (kinds["post"], kinds["comment"]) == (1, 8)


def test_html_forum_page_is_a_post_and_its_comments(corpus: dict[str, Document]) -> None:
    if "05_harbourtalk_thread.html" not in corpus:
        pytest.skip("HTML documents need the clean stage")
    kinds = Counter(s.kind for s in corpus["05_harbourtalk_thread.html"].segments)
    assert kinds["post"] == 1 and kinds["comment"] >= 8


def test_french_caption_is_flagged(corpus: dict[str, Document]) -> None:
    assessment = corpus["04_did_assessment.txt"]
    captions = [s.language for s in assessment.segments if s.kind == "caption"]
    assert "fr" in captions and "en" in captions
    assert assessment.language == "en"


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("01_meridian_wire_report.txt", "2027-03-02"),  # dateline, year from the caption
        ("02_kna_coast_guard_report.txt", "2027-02-27"),  # "Published:" line
        ("08_calvoria_mfa_press_release.txt", "2027-03-02"),  # "Ysk, 2 March 2027"
        ("09_wire_records.jsonl#3", "2027-03-02"),  # "Halvsund (02/03 – 18.30)"
    ],
)
def test_dates(corpus: dict[str, Document], name: str, published: str) -> None:
    assert corpus[name].published == published
