"""A day without a year ("on March 14") takes the year the text was just talking about when the
document has no date of its own; the document's date still wins when there is one."""

from __future__ import annotations

from functools import cache

import pytest

from hearsay.circumstances import date_of, resolve_date, text_before, year_written_before
from hearsay.models import Document, Segment
from hearsay.nlp import ParsedDocument, parse_text

SAID = "On March 14, Vera Lind said the treaty would pass."


@cache
def _parse(text: str) -> ParsedDocument:
    return parse_text(text)


def statement_date(text: str, published: str | None = None, before: str = "") -> str | None:
    """The date of the statement cued "said" in ``text``, parsed as one segment (``before``:
    the running text ahead of it, as attribute() hands it over)."""
    (parse,) = _parse(text).parses
    (said,) = [t for t in parse.doc if t.lower_ == "said"]
    return date_of(said, (0, 0), published, before)


def segmented(*paragraphs: tuple[str, str]) -> Document:
    """A document of (segment kind, text) paragraphs, a blank line apart."""
    text, segments = "", []
    for index, (kind, paragraph) in enumerate(paragraphs):
        start = len(text) + (2 if text else 0)
        text = f"{text}\n\n{paragraph}" if text else paragraph
        segments.append(Segment(id=str(index), kind=kind, start=start, end=len(text)))
    return Document(id="d", source_path="d.txt", text=text, segments=segments)


def said_last(document: Document) -> str | None:
    """The date of the "said" statement that ends ``document``, with the text before it."""
    last = document.segments[-1]
    return statement_date(document.text[last.start : last.end],
                          before=text_before(document, last))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("The talks opened in August 2022.\n\nOn", 2022),
        ("Lind spoke on July 2, 2025, in Ysk. Later", 2025),
        ("The vote of 12 May 2024 failed.", 2024),
        ("The file 2023-11-05 was leaked.", 2023),
        ("By the second half of 2021, the front had moved.", 2021),
        ("In 2019 the talks failed; in summer 2020 they resumed.", 2020),
        ("The alliance has grown since 2019.", None),
        ("A force of 2000 soldiers crossed the border.", None),
        ("Turnout fell by 12 percent in 2,020 villages.", None),
        ("Nothing here says when.", None),
    ],
)
def test_the_year_last_written_as_a_date_or_period(text: str, year: int | None) -> None:
    assert year_written_before(text) == year


def test_only_the_last_paragraphs_before_the_date_count() -> None:
    # The date's own paragraph and the three before it.
    filler = "\n\n".join(["The delegations met again."] * 2)
    assert year_written_before(f"Talks began in 2021.\n\n{filler}\n\nOn") == 2021
    assert year_written_before(f"Talks began in 2021.\n\n{filler}\n\nMore.\n\nOn") is None


def test_a_context_year_fills_a_day_without_a_year_only() -> None:
    assert resolve_date("on March 14", None, 2021) == "2021-03-14"
    assert resolve_date("March 14, 2019", None, 2021) == "2019-03-14"
    assert resolve_date("on March 14", "2024-05-02", 2021) == "2024-03-14"
    assert resolve_date("on Tuesday", None, 2021) is None
    assert resolve_date("on February 30", None, 2021) is None


def test_year_from_the_preceding_paragraph() -> None:
    text = f"The parliament of Marvia debated the border treaty in March 2021.\n\n{SAID}"
    assert statement_date(text) == "2021-03-14"


def test_year_from_a_segment_before() -> None:
    document = segmented(("body", "The parliament of Marvia debated the treaty in March 2021."),
                         ("body", "The vote was close."), ("body", SAID))  # fmt: skip
    assert said_last(document) == "2021-03-14"
    too_far = segmented(("body", "The parliament of Marvia debated the treaty in March 2021."),
                        *[("body", "The vote was close.")] * 3, ("body", SAID))  # fmt: skip
    assert said_last(too_far) is None


def test_a_snippet_takes_no_year_from_the_snippet_above() -> None:
    """On an aggregator page the snippet above may be another outlet's, years apart."""
    above = "Marvia lost ground in the second half of 2021."
    assert said_last(segmented(("snippet", above), ("snippet", SAID))) is None
    assert said_last(segmented(("snippet", above), ("body", SAID))) is None
    assert said_last(segmented(("body", above), ("snippet", SAID))) is None


def test_no_year_written_before_leaves_the_date_null() -> None:
    assert statement_date(f"The parliament of Marvia debated the border treaty.\n\n{SAID}") is None


def test_a_year_after_the_date_is_not_used() -> None:
    text = "On March 14, Vera Lind said the treaty would pass in 2023."
    assert statement_date(text) is None
    assert said_last(segmented(("body", "The parliament of Marvia met."), ("body", text))) is None


def test_the_document_date_wins_as_before() -> None:
    text = f"The parliament of Marvia debated the border treaty in March 2021.\n\n{SAID}"
    assert statement_date(text, "2024-05-02") == "2024-03-14"


def test_a_weekday_needs_the_document_date() -> None:
    text = ("The parliament of Marvia debated the border treaty in March 2021.\n\n"
            "On Tuesday, Vera Lind said the treaty would pass.")
    assert statement_date(text) is None
    assert statement_date(text, "2024-05-02") == "2024-04-30"
