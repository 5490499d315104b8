"""The seed captures read as an analyst would: every quote of the 2022 report, the Wang Yi -
Kallas statement in the analysis and the forum post, with chains and hedges.

The seeds live outside the repository (../shared/corpora/seeds); these tests skip without them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hearsay.models import Attribution

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seeds"


def seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("seed corpus not present")
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} not present")
    return paths[0]


def seed(prefix: str) -> list[Attribution]:
    from hearsay.attribution import attributions_in_text

    return attributions_in_text(seed_path(prefix).read_text(encoding="utf-8"))


def by_cue(found: list[Attribution], cue: str, speaker: str | None = None) -> list[Attribution]:
    return [
        a
        for a in found
        if a.cue is not None
        and a.cue.text == cue
        and (speaker is None or (a.speaker is not None and speaker in a.speaker.text))
    ]


@pytest.fixture(scope="module")
def report_2022() -> list[Attribution]:
    return seed("004")


def test_li_via_the_state_duma(report_2022: list[Attribution]) -> None:
    (duma,) = by_cue(report_2022, "According to", "State Duma")
    (assured,) = by_cue(report_2022, "assured", "Li")
    assert assured.parent_id == duma.id
    assert [link.text for link in assured.via] == [duma.speaker.text if duma.speaker else ""]
    assert assured.cue is not None and assured.cue.lean == "asserting"
    assert "China understands and supports Russia" in assured.content.text


def test_li_quoted_and_continued(report_2022: list[Attribution]) -> None:
    (quoted,) = by_cue(report_2022, "was quoted as saying", "Li")
    assert quoted.kind == "direct"
    assert quoted.content.text.startswith("“We see that the United States")
    added = [a for a in by_cue(report_2022, "added", "he") if "Ukrainian issue" in a.content.text]
    assert len(added) == 1
    assert added[0].speaker is not None and quoted.speaker is not None
    assert added[0].speaker.entity_id == quoted.speaker.entity_id


def test_li_via_xinhua(report_2022: list[Attribution]) -> None:
    xinhua = [a for a in by_cue(report_2022, "According to") + by_cue(report_2022, "according to")
              if a.speaker is not None and "Xinhua" in a.speaker.text]
    assert len(xinhua) == 2
    (criticized,) = by_cue(report_2022, "criticized", "Li")
    assert [link.text for link in criticized.via] == ["Xinhua"]


def test_brian_hart_and_hal_brands(report_2022: list[Attribution]) -> None:
    hart = by_cue(report_2022, "wrote", "Hart")
    assert len(hart) == 2 and all(a.kind == "direct" for a in hart)
    assert len({a.speaker.entity_id for a in hart if a.speaker}) == 1
    (brands,) = by_cue(report_2022, "wrote", "Hal Brands")
    assert brands.channel == "Twitter"
    assert brands.speaker is not None and brands.speaker.text.endswith("Johns Hopkins University")
    he_wrote = [a for a in by_cue(report_2022, "wrote", "he") if "You can bet" in a.content.text]
    assert he_wrote and he_wrote[0].speaker is not None
    assert he_wrote[0].speaker.entity_id == brands.speaker.entity_id


def test_a_quoted_term_is_not_a_statement(report_2022: list[Attribution]) -> None:
    assert not [a for a in report_2022 if a.content.text.strip("“”.\" ") == "war"]


def test_wang_yi_statement_in_the_analysis() -> None:
    found = seed("000")
    (statement,) = [a for a in found if a.cue is not None and a.cue.text == "statement"]
    assert statement.speaker is not None and "Wang Yi" in statement.speaker.text
    assert "Beijing cannot afford Russia's military defeat" in statement.content.text
    assert [link.text for link in statement.via] == ["The South China Morning Post"]
    assert statement.date == "2025-07-02"
    assert statement.addressee is not None and "Kaja Kallas" in statement.addressee.text
    hedges = [h.text for h in statement.hedges]
    assert hedges[0] == "allegedly made by"
    assert any(h.startswith("If this report is not") for h in hedges)
    sources = [a for a in found if a.speaker is not None and a.speaker.anonymous]
    assert any("informed sources" in a.speaker.text for a in sources if a.speaker)


def test_wang_yi_told_kallas_in_the_forum_post() -> None:
    found = seed("002")
    (told,) = by_cue(found, "told", "Wang Yi")
    assert told.addressee is not None and "Kaja Kallas" in told.addressee.text
    assert told.content.text.startswith("that Beijing did not want to see Russia lose")
    (rejected,) = by_cue(found, "rejected", "Wang")
    assert rejected.cue is not None and rejected.cue.lean == "denying"
    (claiming,) = by_cue(found, "claiming", "Wang")
    assert claiming.cue is not None and claiming.cue.lean == "doubting"


def test_zelenskyy_told_reporters_in_the_aggregator_page() -> None:
    found = seed("003")
    (told,) = by_cue(found, "told", "Zelenskyy")
    assert told.addressee is not None and told.addressee.text == "reporters"
    assert told.content.text.startswith("Ukraine does not consider China")
    assert told.speaker is not None and told.speaker.entity_id is not None


def seed_as_built(prefix: str) -> list[Attribution]:
    """The seed through the build's own path: read, cleaned, segmented, parsed by segment."""
    path = seed_path(prefix)
    from hearsay import attribution, entities
    from hearsay.ingest import read_inputs
    from hearsay.models import Document
    from hearsay.nlp import Parser
    from hearsay.pipeline import analyse_document
    from hearsay.settings import Settings

    settings = Settings()
    (document,) = [d for d in read_inputs([str(path)], settings) if isinstance(d, Document)]
    document = analyse_document(document, settings)
    (parsed,) = list(Parser(settings).parse([document]))
    mentions = entities.extract_mentions(parsed, entities.load_aliases(settings))
    return attribution.attribute(parsed, mentions, attribution.load_cues(settings))


def test_the_statement_keeps_its_chain_when_the_report_opens_the_next_paragraph() -> None:
    found = seed_as_built("000")
    (statement,) = [a for a in found if a.cue is not None and a.cue.text == "statement"]
    assert statement.speaker is not None and "Wang Yi" in statement.speaker.text
    assert [link.text for link in statement.via] == ["The South China Morning Post"]
    assert statement.date == "2025-07-02"
    assert statement.addressee is not None and "Kaja Kallas" in statement.addressee.text
