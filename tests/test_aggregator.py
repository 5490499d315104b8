"""Outlet labels on aggregator pages, and reporter credits."""

from __future__ import annotations

import pytest

from hearsay.aggregator import OutletLexicon, reporter_credit

LEXICON = OutletLexicon.load()


def test_glued_label_splits_outlet_aggregator_and_headline() -> None:
    line = "Keld Courier on MSNTarn rules out talks, minister explains why"
    label = LEXICON.label(line)
    assert label is not None
    assert (label.outlet, label.via, label.age) == ("Keld Courier", "MSN", None)
    assert label.rest is not None and line[label.rest :].startswith("Tarn rules out talks")


@pytest.mark.parametrize(
    ("line", "outlet", "via", "age"),
    [
        ("Reuters · 2h", "Reuters", None, "2h"),
        ("The Morning Ledger — 3 days ago", "The Morning Ledger", None, "3 days ago"),
        ("Valley Times on Yahoo News", "Valley Times", "Yahoo News", None),
        ("Reuters", "Reuters", None, None),
        ("Reuters 5h", "Reuters", None, "5h"),
    ],
)
def test_labels_on_their_own_line(line: str, outlet: str, via: str | None, age: str | None) -> None:
    label = LEXICON.label(line)
    assert label is not None and label.rest is None
    assert (label.outlet, label.via, label.age) == (outlet, via, age)


@pytest.mark.parametrize(
    "line",
    [
        "Tarn's minister spoke on MSNBC about the fire.",
        "The minister appeared on MSN last week, aides said.",
        "Oskova said on Monday the fire was an accident.",
        "Vell bridge fire",
        "4h",
    ],
)
def test_not_labels(line: str) -> None:
    assert LEXICON.label(line) is None


def test_reporter_credit_closing_a_snippet() -> None:
    text = "Neither side has published the report. Tarn Today's Mira Olsen reports."
    credit = reporter_credit(text)
    assert credit is not None
    assert (credit.outlet, credit.author) == ("Tarn Today", "Mira Olsen")
    assert reporter_credit("Mira Olsen reports on the fire for Tarn Today.") is None


def test_result_tabs_and_digest_chrome() -> None:
    assert LEXICON.is_chrome("All News Images Videos")
    assert LEXICON.is_chrome("Digest more")
    assert not LEXICON.is_chrome("All news is local")
