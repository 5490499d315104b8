"""Datelines and publication dates: where a story was filed and when."""

from __future__ import annotations

from datetime import date

import pytest

from hearsay.dateline import find_dateline, full_dates, published_line, resolve_date


@pytest.mark.parametrize(
    ("paragraph", "dateline", "place", "agency", "date_text"),
    [
        (
            "Keld (12/09 – 20.00) As troops withdrew, ...",
            "Keld (12/09 – 20.00)",
            "Keld",
            None,
            "12/09",
        ),
        (
            "WASHINGTON, March 3 (Reuters) - The talks ...",
            "WASHINGTON, March 3 (Reuters)",
            "WASHINGTON",
            "Reuters",
            "March 3",
        ),
        (
            "OSSA, 5 March 2027 — The ministry said ...",
            "OSSA, 5 March 2027",
            "OSSA",
            None,
            "5 March 2027",
        ),
        ("KELD (AP) — Officials said ...", "KELD (AP)", "KELD", "AP", None),
        ("KELD — Officials said ...", "KELD", "KELD", None, None),
        (
            "OSSA, Sept. 12 /ONA/. The agency reports ...",
            "OSSA, Sept. 12 /ONA/.",
            "OSSA",
            "ONA",
            "Sept. 12",
        ),
    ],
)
def test_datelines(
    paragraph: str, dateline: str, place: str, agency: str | None, date_text: str | None
) -> None:
    found = find_dateline(paragraph)
    assert found is not None
    assert paragraph[: found.end] == dateline
    assert (found.place, found.agency, found.date_text) == (place, agency, date_text)
    assert paragraph[found.body_start :][0].isalpha()


@pytest.mark.parametrize(
    "paragraph",
    [
        "The talks in Keld ended on Monday.",
        "NATO",  # nothing follows
        "KELD (AP) —",
        "Tarn, Oskova and Vell are neighbours.",
        "In March 3 cases were reported.",
    ],
)
def test_no_dateline(paragraph: str) -> None:
    assert find_dateline(paragraph) is None


def test_day_month_reading_closest_to_other_dates_wins() -> None:
    context = "Envoys met on Monday, April 5, 2027, in Keld."
    assert resolve_date("05/04", context) == (date(2027, 4, 5), "year from “April 5, 2027”")
    # A US-style document: the month/day reading is the one near its dates.
    assert resolve_date("04/05", context)[0] == date(2027, 4, 5)  # type: ignore[index]


def test_year_is_taken_across_new_year() -> None:
    context = "The report was filed on 30 December 2026."
    assert resolve_date("January 2", context)[0] == date(2027, 1, 2)  # type: ignore[index]


def test_printed_year_is_kept() -> None:
    assert resolve_date("5 March 2027", "") == (date(2027, 3, 5), "")


def test_no_year_in_the_document_gives_nothing() -> None:
    assert resolve_date("March 3", "It happened in the spring.") is None
    assert resolve_date("31/31", "on 5 March 2027") is None


def test_full_dates_in_order() -> None:
    text = "On Sept. 7, 2022, and again on 2022-09-12 and 12.09.2022 and 1 October 2022."
    assert [d.value for d in full_dates(text)] == [
        date(2022, 9, 7),
        date(2022, 9, 12),
        date(2022, 9, 12),
        date(2022, 10, 1),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: 12 March 2023", date(2023, 3, 12)),
        ("Posted on March 12, 2023 at 10:15", date(2023, 3, 12)),
        ("Published: 27.02.2027 21:40", date(2027, 2, 27)),
        ("Monday, 12 March 2023", date(2023, 3, 12)),
        ("Ysk, 2 March 2027", date(2027, 3, 2)),
        ("Updated 3 hours ago", None),
        ("Updated: 12 March 2023", None),
        ("The talks began on 12 March 2023 in Keld.", None),
    ],
)
def test_published_lines(line: str, expected: date | None) -> None:
    found = published_line(line)
    assert (found.value if found else None) == expected


def test_iso_date_in_a_dateline() -> None:
    found = find_dateline("KELD, 2027-04-05 — The envoys met on Monday.")
    assert found is not None and found.date_text == "2027-04-05"
    assert resolve_date(found.date_text, "") == (date(2027, 4, 5), "")
