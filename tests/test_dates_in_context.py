"""A day or a month without a year ("on March 14", "in August") takes the document's year, or the
year before when that would put it well after the document; with no document date, the year
the text was just talking about, or the next one when the text has just crossed into it."""

from __future__ import annotations

from functools import cache

import pytest

from hearsay.circumstances import (
    WrittenDate,
    date_of,
    date_written_before,
    resolve_date,
    text_before,
)
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
    written = date_written_before(text)
    assert (written.year if written else None) == year


def test_only_the_last_paragraphs_before_the_date_count() -> None:
    # The date's own paragraph and the three before it.
    filler = "\n\n".join(["The delegations met again."] * 2)
    assert date_written_before(f"Talks began in 2021.\n\n{filler}\n\nOn") == WrittenDate(2021)
    assert date_written_before(f"Talks began in 2021.\n\n{filler}\n\nMore.\n\nOn") is None


def test_a_context_year_fills_a_day_without_a_year_only() -> None:
    in_2021 = WrittenDate(2021)
    assert resolve_date("on March 14", None, in_2021) == "2021-03-14"
    assert resolve_date("March 14, 2019", None, in_2021) == "2019-03-14"
    assert resolve_date("on March 14", "2024-05-02", in_2021) == "2024-03-14"
    assert resolve_date("on Tuesday", None, in_2021) is None
    assert resolve_date("on February 30", None, in_2021) is None


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


# 1. Not after the document: a year-less date more than SCHEDULED_DAYS past the document's date
# belongs to the year before.


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on December 28", "2025-01-10", "2024-12-28"),
        ("on January 12", "2025-01-10", "2025-01-12"),  # two days on: a scheduled event
        ("on January 17", "2025-01-10", "2025-01-17"),  # seven days on, the last that keeps it
        ("on January 18", "2025-01-10", "2024-01-18"),
        ("on February 29", "2025-01-10", "2024-02-29"),  # 2025 has none; 2024 does
        ("on March 14", "2024-05-02", "2024-03-14"),
        ("December 28, 2025", "2025-01-10", "2025-12-28"),  # a written year is never moved
        ("in December", "2025-01-10", "2024-12"),
        ("in January", "2025-01-10", "2025-01"),
        ("in February", "2025-01-10", "2024-02"),
        ("in February", "2025-01-28", "2025-02"),  # February 1 is four days on
    ],
)
def test_a_year_less_date_is_not_put_after_the_document(
    text: str, published: str, expected: str
) -> None:
    assert resolve_date(text, published) == expected


def test_a_statement_of_late_december_in_a_january_article() -> None:
    text = "On December 28, Vera Lind said the treaty would pass."
    assert statement_date(text, "2025-01-10") == "2024-12-28"
    assert statement_date(text, "2025-12-30") == "2025-12-28"


# 2. No document date: the text may cross into the next year after the date it last wrote.


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Troops massed on the border in December 2021.\n\nOn", WrittenDate(2021, 12)),
        ("The talks collapsed on 3 November 2020. Then", WrittenDate(2020, 11)),
        ("The memo is dated 2023-10-05. On", WrittenDate(2023, 10)),
        ("In summer 2022 the talks resumed.", WrittenDate(2022)),
        ("On December 3, 2021, the talks collapsed. Earlier,", WrittenDate(2021, 12, True)),
        ("In December 2021, as she had said two weeks ago,", WrittenDate(2021, 12, True)),
        ("Previously, in December 2021, the talks collapsed.", WrittenDate(2021, 12)),
    ],
)
def test_the_month_of_the_date_written_and_what_follows_it(
    text: str, written: WrittenDate
) -> None:
    assert date_written_before(text) == written


@pytest.mark.parametrize(
    ("month", "written", "year"),
    [
        (1, WrittenDate(2021, 12), 2022),
        (3, WrittenDate(2021, 12), 2022),  # three months on, nine back
        (4, WrittenDate(2021, 12), 2021),  # four on, eight back: too close to call
        (2, WrittenDate(2021, 11), 2022),
        (3, WrittenDate(2021, 11), 2021),
        (12, WrittenDate(2021, 12), 2021),
        (1, WrittenDate(2021, 12, looks_back=True), 2021),
        (1, WrittenDate(2021), 2021),  # "in 2021" names no month to count from
    ],
)
def test_the_next_year_only_when_it_is_much_the_nearer(
    month: int, written: WrittenDate, year: int
) -> None:
    assert written.year_of(month) == year


def test_the_text_crosses_into_the_next_year() -> None:
    text = ("Troops massed on the border of Marvia in December 2021.\n\n"
            "On January 5, Vera Lind said the treaty would pass.")
    assert statement_date(text) == "2022-01-05"


def test_a_look_back_stays_in_the_year_written() -> None:
    text = ("On December 3, 2021, the talks on the border treaty collapsed.\n\n"
            "Earlier, on March 2, Vera Lind said the treaty would pass.")
    assert statement_date(text) == "2021-03-02"


def test_a_month_far_back_stays_in_the_year_written() -> None:
    text = f"The parliament of Marvia debated the border treaty in August 2022.\n\n{SAID}"
    assert statement_date(text) == "2022-03-14"


def test_a_month_alone_crosses_into_the_next_year_too() -> None:
    text = ("Troops massed on the border of Marvia in November 2021.\n\n"
            "In January, Vera Lind said the treaty would pass.")
    assert statement_date(text) == "2022-01"


def test_the_document_date_still_wins_over_a_crossing() -> None:
    text = ("Troops massed on the border of Marvia in December 2021.\n\n"
            "On January 5, Vera Lind said the treaty would pass.")
    assert statement_date(text, "2024-05-02") == "2024-01-05"


# 3. A month alone: "in August" is a YYYY-MM date when its year can be told.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("August", "2025-08"),
        ("in August", "2025-08"),
        ("In May", "2025-05"),
        ("mid-August", "2025-08"),
        ("early Aug.", "2025-08"),
        ("Sept.", "2025-09"),
        ("during late June", "2025-06"),
        ("at the end of March", "2025-03"),
        ("in October", "2024-10"),  # after the document: the year before
    ],
)
def test_a_month_alone_takes_the_document_year(text: str, expected: str) -> None:
    assert resolve_date(text, "2025-09-12") == expected


@pytest.mark.parametrize(
    "text",
    [
        "may",  # the modal verb
        "they may meet",
        "May they meet again",
        "march",
        "March on the capital",
        "in august",  # not written as a month
        "Jan",  # a name as often as a month; an abbreviation needs its period
        "Aug",
        "last August",  # which August depends on more than the calendar
        "since August",  # bounds a span rather than says when
        "August and September",
    ],
)
def test_words_that_are_not_a_month_alone(text: str) -> None:
    assert resolve_date(text, "2025-09-12") is None


def test_a_month_alone_needs_a_year_from_somewhere() -> None:
    assert resolve_date("in August", None) is None
    assert resolve_date("in August", None, WrittenDate(2022, 3)) == "2022-08"


def test_a_statement_in_a_month() -> None:
    assert statement_date("In August, Vera Lind said the treaty would pass.",
                          "2025-09-12") == "2025-08"  # fmt: skip
    assert statement_date("Vera Lind said in May that they may meet.", "2025-09-12") == "2025-05"
    text = f"The parliament of Marvia debated the border treaty in March 2021.\n\n{SAID}"
    assert statement_date(text.replace("On March 14", "In June")) == "2021-06"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vera Lind has said since March 3 that the treaty would pass.", None),
        ("Until August, Vera Lind said the treaty would pass.", None),
        ("On March 3, Vera Lind said the treaty would pass.", "2024-03-03"),
    ],
)
def test_a_date_that_bounds_a_span_is_not_when_it_was_said(
    text: str, expected: str | None
) -> None:
    assert statement_date(text, "2024-05-02") == expected
