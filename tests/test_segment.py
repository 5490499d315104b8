"""segment(): genre, segments with exact offsets, titles and dates, on texts written here."""

# One line is one paragraph in these captures, as in the real thing: long lines are the fixture.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from hearsay.models import Document, RemovedLine, Segment
from hearsay.segment import segment


def make(text: str, **fields: object) -> Document:
    return Document(id="doc", source_path="test.txt", text=text, **fields)  # type: ignore[arg-type]


def texts(document: Document, kind: str | None = None) -> list[str]:
    return [
        document.text[s.start : s.end] for s in document.segments if kind is None or s.kind == kind
    ]


def only(document: Document, kind: str) -> Segment:
    found = [s for s in document.segments if s.kind == kind]
    assert len(found) == 1, found
    return found[0]


NEWS = """\
Tarn says Oskova agreed to a ceasefire on the river

Tarn Foreign Minister Lena Varr, right, greets Oskovan envoy Piet Daal in Keld, Monday, April 5, 2027. (Photo: Ana Sorr/Riverline Press)

KELD, April 5 (Riverline Press) - Tarn said on Monday that Oskova had agreed to a ceasefire on the Vell river, an account Oskovan officials disputed within hours.

"This is a beginning," Varr told reporters. According to a statement from the Oskovan side, no agreement was signed.

The minister added that talks would resume on Thursday.
"""


def test_news_report_has_title_caption_dateline_and_date() -> None:
    doc = segment(make(NEWS))
    assert doc.genre == "news_report"
    assert any(e.startswith("dateline:") for e in doc.genre_evidence)
    assert doc.title == "Tarn says Oskova agreed to a ceasefire on the river"
    assert texts(doc, "caption") == [NEWS.splitlines()[2]]
    dateline = only(doc, "dateline")
    assert doc.text[dateline.start : dateline.end] == "KELD, April 5 (Riverline Press)"
    assert dateline.outlet == "Riverline Press"
    assert texts(doc, "body")[0].startswith("Tarn said on Monday")
    assert doc.published == "2027-04-05"
    assert "year from" in (doc.published_evidence or "")


def test_every_segment_is_exact_stripped_text_in_order() -> None:
    doc = segment(make(NEWS))
    starts = [s.start for s in doc.segments]
    assert starts == sorted(starts)
    for s in doc.segments:
        piece = doc.text[s.start : s.end]
        assert piece and piece == piece.strip()
    assert len({s.id for s in doc.segments}) == len(doc.segments)


def test_segment_returns_a_copy() -> None:
    original = make(NEWS)
    segment(original)
    assert original.segments == [] and original.genre == "other" and original.title is None


def test_existing_title_and_date_are_kept() -> None:
    doc = segment(make(NEWS, title="Given title", published="2027-04-06"))
    assert doc.title == "Given title"
    assert doc.published == "2027-04-06"


def test_numeric_dateline_takes_its_year_from_a_caption() -> None:
    text = (
        "Envoys meet on the river border\n"
        "Envoys of Tarn and Oskova shake hands at the Keld bridge, Monday, April 5, 2027 "
        "(Riverline Press / Pool)\n"
        "Keld (05/04 – 18.30) The envoys of Tarn and Oskova met on the bridge on Monday "
        "evening, officials said.\n"
    )
    doc = segment(make(text))
    assert texts(doc, "dateline") == ["Keld (05/04 – 18.30)"]
    assert doc.published == "2027-04-05"  # day/month, the reading closest to the caption
    assert len(texts(doc, "caption")) == 1


def test_no_year_anywhere_means_no_date() -> None:
    text = (
        "River talks stall\n"
        "KELD, April 5 (Riverline Press) - Talks between Tarn and Oskova stalled on Monday, "
        "officials said, after the two sides failed to agree on a venue.\n"
    )
    doc = segment(make(text))
    assert texts(doc, "dateline") == ["KELD, April 5 (Riverline Press)"]
    assert doc.published is None


def test_published_line_wins_and_updated_line_gives_no_date() -> None:
    text = (
        "Updated 3 hours ago\n"
        "Published: 12 March 2027\n"
        "River talks stall\n"
        "Talks between Tarn and Oskova stalled on Monday, officials said, after the two "
        "sides failed to agree on a venue for the next round.\n"
    )
    doc = segment(make(text))
    assert doc.published == "2027-03-12"
    assert doc.published_evidence == "Published: 12 March 2027"
    assert doc.title == "River talks stall"


def test_published_read_from_a_removed_line_when_the_text_has_none() -> None:
    text = "River talks stall\nTalks stalled on Monday, officials said in Keld on Tuesday.\n"
    removed = [RemovedLine(text="Posted on 3 May 2027", reason="chrome")]
    doc = segment(make(text, removed=removed))
    assert doc.published == "2027-05-03"
    assert "removed line" in (doc.published_evidence or "")


ANALYSIS = """\
Who Lit the Vell Bridge Fire?
The official story has been repeated everywhere, and few have asked the obvious question. Frankly, it does not survive a second reading.
"The Convenient Witness"
Let's be honest: a witness who appears within an hour is rarely a witness. Why did nobody ask where he came from? Why did the ministry refuse to release the footage?
"What Comes Next"
The key question is who benefits. We will not be told, of course. Time will show.
"""


def test_analysis_headings_are_title_segments() -> None:
    doc = segment(make(ANALYSIS))
    assert doc.genre == "analysis"
    assert doc.title == "Who Lit the Vell Bridge Fire?"
    assert texts(doc, "title") == [
        "Who Lit the Vell Bridge Fire?",
        '"The Convenient Witness"',
        '"What Comes Next"',
    ]
    assert len(texts(doc, "body")) == 3
    assert any("rhetorical questions" in e for e in doc.genre_evidence)


FORUM = """\
Vell bridge fire: thoughts?
Tarn says the fire on the Vell bridge was set by Oskovan saboteurs. Oskova says the bridge had been condemned for years and the fire was an accident.
I don't think a condemned bridge burns that evenly.
honestly you can't tell anything from one photo
… the fire was an accident.
lol sure, an accident that happened the night before the talks
With all due respect, you have no idea how old that wiring is.
Source? The only report quotes Tarn officials.
i read that Oskova offered an inquiry, which is not what a guilty party does
Wait for the inquiry, people.
"""


def test_forum_thread_post_then_one_comment_per_reply() -> None:
    doc = segment(make(FORUM))
    assert doc.genre == "forum_thread"
    assert doc.title == "Vell bridge fire: thoughts?"
    assert texts(doc, "post") == [FORUM.splitlines()[1]]
    comments = texts(doc, "comment")
    assert len(comments) == 7
    assert comments[0] == "I don't think a condemned bridge burns that evenly."
    # the line quoting the post belongs to the reply under it
    assert comments[2] == (
        "… the fire was an accident.\n"
        "lol sure, an accident that happened the night before the talks"
    )


def test_forum_comment_headers_give_authors_and_ages() -> None:
    text = (
        "Vell bridge fire megathread\n"
        "Posted by riverwatch · 6h\n"
        "Tarn blames Oskovan saboteurs for the fire. Oskova blames old wiring.\n"
        "12 points\n"
        "ferry_anna · 5h\n"
        "I crossed that bridge last week and the wiring looked new.\n"
        "Reply\n"
        "old_pilot wrote:\n"
        "you crossed it, you didn't inspect it.\n"
        "Second paragraph of the same reply, still old_pilot.\n"
    )
    doc = segment(make(text))
    assert doc.genre == "forum_thread"
    post = only(doc, "post")
    assert (post.author, post.relative_time) == ("riverwatch", "6h")
    comments = [s for s in doc.segments if s.kind == "comment"]
    assert [(c.author, c.relative_time) for c in comments] == [
        ("ferry_anna", "5h"),
        ("old_pilot", None),
    ]
    assert doc.text[comments[1].start : comments[1].end].endswith("still old_pilot.")
    assert "Reply" not in texts(doc) and "12 points" not in texts(doc)


def test_written_html_headers_give_display_names_and_printed_dates() -> None:
    text = (
        "Vell bridge fire: who is right?\n"
        "riverwatch · Mon Apr 05, 2027 9:12 am\n"
        "Tarn blames Oskovan saboteurs for the fire. Oskova blames old wiring.\n"
        "Anna Berg · Apr 5, 2027 at 10:40\n"
        "I crossed that bridge last week and the wiring looked new.\n"
        "old_pilot · 2 days ago\n"
        "Anna Berg wrote:\n"
        "you crossed it, you didn't inspect it.\n"
    )
    doc = segment(make(text))
    assert doc.genre == "forum_thread"
    assert [(s.kind, s.author, s.relative_time) for s in doc.segments[1:]] == [
        ("post", "riverwatch", "Mon Apr 05, 2027 9:12 am"),
        ("comment", "Anna Berg", "Apr 5, 2027 at 10:40"),
        ("comment", "old_pilot", "2 days ago"),  # "Anna Berg wrote:" cites the quoted reply
    ]


@pytest.mark.parametrize("line", ["News · Politics · World", "Home · About", "Sport · Live"])
def test_a_menu_with_middle_dots_is_no_comment_header(line: str) -> None:
    from hearsay.forum import comment_header

    assert comment_header(line) is None


DIGEST = """\
Vell bridge fire
Tarn's interior ministry said on Monday that the fire had been set deliberately, a claim Oskova rejected.
Riverline Press · 2h
Oskova offers joint inquiry into bridge fire
Oskovan officials proposed an inquiry with observers from both sides, the foreign ministry said on Monday.
4h
Keld Courier on MSNTarn minister: 'We have the evidence'
The interior minister said investigators had found traces of accelerant on the bridge deck.
2d
Valley Times on MSNFerry traffic resumes after the fire
Ferries between Keld and Ossa resumed on Sunday, the port authority said.
Neither government has published the fire brigade's report. Tarn Today's Mira Olsen reports.
The Morning Ledger — 3 days ago
Insurers weigh the cost of the Vell bridge fire
Underwriters said the bridge had been insured by a consortium from both countries.
"""


def test_aggregator_snippets_each_with_outlet_via_age_and_author() -> None:
    doc = segment(make(DIGEST))
    assert doc.genre == "aggregator_digest"
    assert doc.title == "Vell bridge fire"
    snippets = [s for s in doc.segments if s.kind == "snippet"]
    got = [(s.outlet, s.via, s.relative_time, s.author) for s in snippets]
    assert got == [
        (None, None, None, None),
        ("Riverline Press", None, "2h", None),
        ("Keld Courier", "MSN", "4h", None),
        ("Valley Times", "MSN", "2d", None),
        ("Tarn Today", None, None, "Mira Olsen"),
        ("The Morning Ledger", None, "3 days ago", None),
    ]
    glued = doc.text[snippets[2].start : snippets[2].end]
    assert glued.startswith("Tarn minister: 'We have the evidence'")
    assert glued.endswith("bridge deck.")
    for age in ("4h", "2d"):
        assert all(age not in t.split("\n") for t in texts(doc))


def test_empty_text_yields_no_segments() -> None:
    doc = segment(make(""))
    assert doc.segments == [] and doc.genre == "other" and doc.genre_evidence == ["empty text"]
    assert segment(make("  \n\n\t ")).segments == []


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "4h",
        "4h\n2d\n",
        "»»»\n---\n…",
        "(12/09 – 20.00)",
        "on MSN",
        "Posted by\nwrote:\n",
        "a" * 5000,
        "\u200b\u00a0\n\u2028text\u2029more",
        "Reuters · 2h\nReuters · 3h\n",
    ],
)
def test_odd_texts_never_crash_and_stay_inside_the_text(text: str) -> None:
    doc = segment(make(text))
    for s in doc.segments:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == text[s.start : s.end].strip()


def test_plain_text_without_any_genre_cue_is_other() -> None:
    doc = segment(make("Grocery list\nMilk, eggs and bread for the weekend.\n"))
    assert doc.genre == "other"
    assert "no genre reached the threshold" in doc.genre_evidence[0]
    assert texts(doc) == ["Grocery list", "Milk, eggs and bread for the weekend."]


def test_age_lines_in_a_thread_without_headers_date_the_reply_below() -> None:
    text = (
        "Vell bridge fire: thoughts?\n"
        "Tarn says the fire on the Vell bridge was set by saboteurs; Oskova says it was an accident.\n"
        "3h\n"
        "I don't think a condemned bridge burns that evenly.\n"
        "2h\n"
        "honestly you can't tell anything from one photo\n"
        "lol the ministry blames Oskova for everything\n"
    )
    doc = segment(make(text))
    comments = [s for s in doc.segments if s.kind == "comment"]
    assert [c.relative_time for c in comments] == ["3h", "2h", None]
    assert all(t not in ("3h", "2h") for t in texts(doc))


def test_labels_closing_their_results_go_to_the_result_above() -> None:
    text = (
        "Vell bridge fire\n"
        "Oskova offers joint inquiry into bridge fire\n"
        "Oskovan officials proposed an inquiry with observers from both sides, the ministry said.\n"
        "Riverline Press · 2h\n"
        "Tarn minister says he has the evidence\n"
        "The interior minister said investigators had found traces of accelerant on the deck.\n"
        "Keld Courier · 5h\n"
    )
    doc = segment(make(text))
    assert doc.genre == "aggregator_digest"
    snippets = [s for s in doc.segments if s.kind == "snippet"]
    assert [(s.outlet, s.relative_time) for s in snippets] == [
        ("Riverline Press", "2h"),
        ("Keld Courier", "5h"),
    ]
    assert texts(doc, "snippet")[0].startswith("Oskova offers joint inquiry")
