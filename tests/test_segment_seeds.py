"""The five seed captures as an analyst reads them (skipped when ../shared is absent).

Each seed is segmented twice: as captured (segment must cope with chrome left in) and, once
the clean stage is available, after cleaning. No seed text is stored here; the expectations
are about structure: genre, the number and kind of segments, outlets, languages and dates.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hearsay.language import detect_languages
from hearsay.models import Document, content_id
from hearsay.segment import segment
from hearsay.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed corpus not available")

GENRES = {
    "000": "analysis",
    "001": "intelligence_assessment",
    "002": "forum_thread",
    "003": "aggregator_digest",
    "004": "news_report",
}


def as_captured(document: Document) -> Document:
    return document


def cleaned(document: Document) -> Document:
    clean = pytest.importorskip("hearsay.clean")
    return clean.clean(document)  # type: ignore[no-any-return]


PREPARE: list[Callable[[Document], Document]] = [as_captured, cleaned]


def seed(prefix: str, prepare: Callable[[Document], Document]) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*"))
    raw = path.read_text(encoding="utf-8")
    document = Document(id=content_id(raw), source_path=str(path), raw=raw, text=raw)
    return detect_languages(segment(prepare(document)), Settings())


@pytest.mark.parametrize("prepare", PREPARE)
@pytest.mark.parametrize("prefix", sorted(GENRES))
def test_seed_genres(prefix: str, prepare: Callable[[Document], Document]) -> None:
    document = seed(prefix, prepare)
    assert document.genre == GENRES[prefix], document.genre_evidence
    for s in document.segments:
        piece = document.text[s.start : s.end]
        assert piece and piece == piece.strip()


@pytest.mark.parametrize("prepare", PREPARE)
def test_thread_is_a_post_and_its_comments(prepare: Callable[[Document], Document]) -> None:
    document = seed("002", prepare)
    kinds = [s.kind for s in document.segments]
    assert kinds.count("post") == 1 and kinds[0] == "post"
    assert kinds.count("comment") >= 12
    # the line quoting the post is kept with the reply under it, not as a comment of its own
    quoting = [s for s in document.segments if document.text[s.start] == "…"]
    assert len(quoting) == 1 and "\n" in document.text[quoting[0].start : quoting[0].end]


@pytest.mark.parametrize("prepare", PREPARE)
def test_every_aggregator_snippet_is_its_own_segment(
    prepare: Callable[[Document], Document],
) -> None:
    document = seed("003", prepare)
    snippets = [s for s in document.segments if s.kind == "snippet"]
    assert len(snippets) == 12  # eleven plain results and one labelled headline + description
    labelled = [s for s in snippets if s.via]
    assert len(labelled) == 1
    assert (labelled[0].outlet, labelled[0].via, labelled[0].relative_time) == (
        "RBC Ukraine",
        "MSN",
        "4h",
    )
    text = document.text[labelled[0].start : labelled[0].end]
    assert text.startswith("Ukraine rules out") and "MSN" not in text
    credited = [s for s in snippets if s.author]
    assert [(s.outlet, s.author) for s in credited] == [("CNN", "Will Ripley")]
    assert all(document.text[s.start : s.end] != "4h" for s in document.segments)


@pytest.mark.parametrize("prepare", PREPARE)
def test_lithuanian_caption_is_flagged_and_kept(prepare: Callable[[Document], Document]) -> None:
    document = seed("001", prepare)
    captions = [s for s in document.segments if s.kind == "caption"]
    assert [s.language for s in captions][:2] == ["lt", "en"]
    assert document.language == "en"


@pytest.mark.parametrize("prepare", PREPARE)
def test_dateline_gives_the_report_its_date(prepare: Callable[[Document], Document]) -> None:
    document = seed("004", prepare)
    datelines = [s for s in document.segments if s.kind == "dateline"]
    assert len(datelines) == 1
    assert document.published == "2022-09-12"
    assert document.published_evidence is not None
    assert document.published_evidence.startswith("Hongkong (12/09")
    assert [s.kind for s in document.segments].count("caption") == 1
