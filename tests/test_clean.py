"""Clean: page chrome out with its reason, real content (however short) kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hearsay.boilerplate import load_lexicon
from hearsay.clean import clean
from hearsay.clean_rules import chrome_reason
from hearsay.clean_text import clean_text
from hearsay.errors import SkipDocument
from hearsay.html_comments import PostHeader, post_headers, with_post_headers
from hearsay.html_text import parse_html
from hearsay.models import Document, content_id
from hearsay.page_shape import Region, page_kind
from hearsay.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CLEAN_FIXTURES = Path(__file__).parent / "fixtures" / "clean"
LEXICON = load_lexicon()


def text_document(raw: str) -> Document:
    return Document(id=content_id("doc", raw), source_path="capture.txt", raw=raw)


def html_document(raw: str, url: str | None = None) -> Document:
    return Document(
        id=content_id("doc", raw), source_path="page.html", format="html", raw=raw, url=url
    )


# --- one rule, one line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("menu Meniu Paieška", "navigation"),
        ("Skip to main content", "navigation"),
        ("download Atsisiųsti PDF", "download/print link"),
        ("Print this article", "download/print link"),
        ("Share", "share buttons"),
        ("Facebook Twitter Email", "share buttons"),
        ("Reply Report Permalink", "forum controls"),
        ("Digest more", "aggregator chrome"),
        ("See more results ›", "aggregator chrome"),
        ("You are:", "form prompt"),
        ("We use cookies to improve your experience. Accept all cookies", "cookie notice"),
        ("Sign up for our newsletter", "subscription prompt"),
        ("Rokas Vaitkus / Scanpix", "photo credit"),
        ("Photo: Anna Kovac", "photo credit"),
        ("(AP Photo/Anna Kovac)", "photo credit"),
        ("Home » World » Harbour deal stalls", "breadcrumb"),
        ("Home › Harbour deal stalls as Ostrava doubts Veldora's promises", "breadcrumb"),
        ("World Europe Politics Economy Business Defence News Veldora", "category strip"),
    ],
)
def test_chrome_lines_get_their_reason(line: str, reason: str) -> None:
    assert chrome_reason(line, LEXICON) == reason


@pytest.mark.parametrize(
    "line",
    [
        "lol this",  # a forum comment
        "Link?",  # a question in a thread
        "No.",
        "Share prices fell after the minister spoke.",  # "share" in a sentence
        "Harbour deal stalls as Ostrava doubts Veldora's promises",  # a headline
        '"We are not in a hurry," Marten said.',
        "Reuters",  # an outlet label on an aggregator page: the segmenter needs it
        "4h",  # a relative age: the segmenter attaches it to the next snippet
        "2 days ago",
        "Ilse Marten and Piet Orlov shake hands in Lindport. (Anna Kovac/Coastal Wire via AP)",
        "Marten Orlov Talks Collapse Amid Fishing Row",  # Title Case headline, not sections
        "Veldora / Ostrava",
        "Print media in Veldora backed the minister.",
        "Download speeds in Lindport doubled.",
    ],
)
def test_content_lines_are_kept(line: str) -> None:
    assert chrome_reason(line, LEXICON) is None


# --- a whole text capture -----------------------------------------------------------------------


def test_a_messy_text_capture_loses_its_chrome_and_keeps_its_story() -> None:
    raw = (FIXTURES / "harbour_report.txt").read_text(encoding="utf-8")
    cleaned = clean(text_document(raw))
    reasons = {(r.reason, r.text) for r in cleaned.removed}
    assert ("navigation", "menu Meniu Paieška") in reasons
    assert ("download/print link", "download Atsisiųsti PDF") in reasons
    assert ("download/print link", "Spausdinti print") in reasons
    assert ("photo credit", "Rokas Vaitkus / Scanpix") in reasons
    assert ("aggregator chrome", "Digest more") in reasons
    assert ("form prompt", "You are:") in reasons
    assert any(r == "breadcrumb" for r, _ in reasons)
    assert any(r == "category strip" for r, _ in reasons)
    assert sum(r == "repeated line" for r, _ in reasons) == 1
    assert (
        cleaned.text.splitlines()[0] == "Harbour deal stalls as Ostrava doubts Veldora's promises"
    )
    # The lead survives once, with its dateline.
    assert cleaned.text.count("told her Ostravan counterpart") == 1
    assert "Lindport (03/05 – 14.30) Veldora’s foreign minister" in cleaned.text
    # Short content, the caption with its trailing credit, and relative ages stay.
    for kept in (
        "No.",
        '"We are not in a hurry," Marten said.',
        "(Anna Kovac/Coastal Wire",
        "\n5h\n2 days ago",
    ):
        assert kept in cleaned.text
    assert "\n\n\n" not in cleaned.text
    assert cleaned.raw == raw and cleaned.id == text_document(raw).id
    assert cleaned.clean_method == "line rules"


def test_repeated_lines_keep_the_first_copy_but_short_repeats_stay() -> None:
    raw = (
        "Marten and Orlov meet again in Lindport\nagreed\n"
        "Marten and Orlov meet again in Lindport\nagreed\n"
    )
    text, removed = clean_text(raw, LEXICON)
    assert text == "Marten and Orlov meet again in Lindport\nagreed\nagreed"
    assert [r.reason for r in removed] == ["repeated line"]


def test_a_repeated_lead_keeps_the_copy_with_the_dateline_wherever_it_stands() -> None:
    lead = (
        "Veldora's foreign minister said the harbour agreement would not be signed "
        "before the spring elections."
    )
    text, removed = clean_text(f"LINDPORT, March 5 — {lead}\n\n{lead}\n", LEXICON)
    assert text == f"LINDPORT, March 5 — {lead}"
    assert removed[0].reason == "repeated lead (kept the copy with the dateline)"


def test_a_forum_thread_keeps_every_short_comment() -> None:
    thread = (
        "Marten says the harbour deal can wait until after the elections.\n"
        "lol this again\nsource?\nSame as last year tbh\nlol this again\nagreed\n"
    )
    text, removed = clean_text(thread, LEXICON)
    assert text == thread.strip()
    assert removed == []


def test_a_trailing_label_goes_only_at_the_end() -> None:
    text, removed = clean_text(
        "Related\nThe harbour agreement was signed in 1998 and renewed "
        "twice since then by both parliaments.\nRelated\n",
        LEXICON,
    )
    assert text.startswith("Related\n") and not text.endswith("Related")
    assert [r.reason for r in removed] == ["trailing label"]


def test_users_can_add_their_own_chrome_words(tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"navigation": ["naujienos"]}), encoding="utf-8")
    document = text_document("Naujienos\nThe harbour deal stalls.\n")
    assert clean(document).text.startswith("Naujienos")
    cleaned = clean(document, Settings(boilerplate_files=(str(extra),)))
    assert cleaned.text == "The harbour deal stalls."


def test_a_capture_of_nothing_but_chrome_is_skipped() -> None:
    with pytest.raises(SkipDocument):
        clean(text_document("Share\nDigest more\nmenu\n"))


# --- HTML ---------------------------------------------------------------------------------------


def test_an_html_article_keeps_body_and_comments_and_reads_the_page_metadata() -> None:
    raw = (FIXTURES / "harbour_page.html").read_text(encoding="utf-8")
    cleaned = clean(html_document(raw))
    assert cleaned.title == "Harbour deal stalls as Ostrava doubts Veldora's promises"
    assert cleaned.published == "2024-03-05"
    assert cleaned.source == "The Coastal Times"
    assert cleaned.url == "https://coastal-times.example/world/harbour-deal-stalls"
    assert "told her Ostravan counterpart on Tuesday" in cleaned.text
    assert cleaned.comments_start is not None
    comments = cleaned.text[cleaned.comments_start :]
    assert "lol this again" in comments and "Fishing unions" not in comments
    assert "Privacy policy" not in cleaned.text and "Sign in" not in cleaned.text
    assert {"html boilerplate"} <= {r.reason for r in cleaned.removed}
    assert any("Privacy policy" in r.text for r in cleaned.removed)


def test_page_metadata_does_not_override_what_the_record_says() -> None:
    raw = (FIXTURES / "harbour_page.html").read_text(encoding="utf-8")
    document = html_document(raw).model_copy(
        update={"published": "2024-03-06", "source": "Coastal Wire"}
    )
    cleaned = clean(document)
    assert (cleaned.published, cleaned.source) == ("2024-03-06", "Coastal Wire")


def test_a_listing_page_keeps_every_item() -> None:
    raw = (FIXTURES / "harbour_index.html").read_text(encoding="utf-8")
    cleaned = clean(html_document(raw))
    for headline in (
        "Marten rules out signing before the spring vote",
        "Ostrava calls the delay a broken word",
        "Analysts doubt the summer deadline",
    ):
        assert headline in cleaned.text
    assert "Two economists said" in cleaned.text
    assert "Sport" not in cleaned.text


def test_broken_html_does_not_crash() -> None:
    raw = (
        "<html><body><div><p>Harbour talks stall in Lindport after the minister leaves "
        "early<div><p>Unions promise a protest <b>next week<table><tr><td>Orlov"
    )
    cleaned = clean(html_document(raw))
    assert "Harbour talks stall in Lindport" in cleaned.text
    assert "Unions promise a protest" in cleaned.text


@pytest.mark.parametrize(
    "raw",
    [
        "<html><head><script>var x = 1;</script></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_a_page_with_no_text_is_skipped(raw: str) -> None:
    with pytest.raises(SkipDocument):
        clean(html_document(raw))


def region_of(words: int, headlines: int = 0) -> Region:
    items = [f"Headline number {i} of the harbour index" for i in range(headlines)]
    return Region(lines=["word " * words], item_headlines=items, item_words=words if items else 0)


@pytest.mark.parametrize(
    ("url", "kept", "region", "kind"),
    [
        ("https://news.example/world/harbour", "word " * 90, region_of(100), "article"),
        ("https://news.example/world/", "word " * 10, region_of(100), "listing"),
        ("https://forum.example/t/harbour-deal/123", "word " * 10, region_of(100), "forum"),
        ("https://forum.example/t/harbour-deal/123", "word " * 60, region_of(100), "article"),
        # Most of the words, but only the first of six item headlines: a listing.
        (None, "Headline number 0 of the harbour index " + "word " * 80, region_of(100, 6),
         "listing"),
        (None, "", Region(), "article"),
    ],
)
def test_page_kind_from_url_shares_and_item_headlines(
    url: str | None, kept: str, region: Region, kind: str
) -> None:
    assert page_kind(url, region, kept) == kind


# --- a quality gate on real pages (skipped when the benchmark data is absent) -------------------

WCXB = Path(__file__).parents[1] / ".." / "shared" / "bench-data" / "wcxb"


@pytest.mark.skipif(not (WCXB / "ground-truth").is_dir(), reason="WCXB bench data not present")
def test_wcxb_word_f1_does_not_drop() -> None:
    """Every 25th WCXB dev page: mean word F1 was 0.894 (trafilatura's default 0.851)."""
    import gzip
    import re
    from collections import Counter

    from hearsay.ingest import make_document

    def f1(predicted: str, gold: str) -> float:
        p = Counter(re.findall(r"\w+", predicted.lower()))
        g = Counter(re.findall(r"\w+", gold.lower()))
        overlap = sum((p & g).values())
        if not overlap:
            return float(not p and not g)
        return 2 * overlap / (sum(p.values()) + sum(g.values()))

    scores = []
    for truth_file in sorted((WCXB / "ground-truth").glob("*.json"))[::25]:
        gold = json.loads(truth_file.read_text(encoding="utf-8"))["ground_truth"]
        if gold.get("main_content") is None:
            continue
        data = gzip.decompress((WCXB / "html" / f"{truth_file.stem}.html.gz").read_bytes())
        document = make_document(truth_file.stem, data, html=True)
        try:
            text = clean(document).text if isinstance(document, Document) else ""
        except SkipDocument:
            text = ""
        scores.append(f1(text, gold["main_content"]))
    assert sum(scores) / len(scores) >= 0.87


# --- comment headers on HTML threads ------------------------------------------------------------


def test_an_html_board_gets_one_header_line_per_post_in_place_of_the_author_card() -> None:
    raw = (CLEAN_FIXTURES / "lindport_board.html").read_text(encoding="utf-8")
    cleaned = clean(html_document(raw, url="https://coastline.example/viewtopic.php?t=12"))
    lines = cleaned.text.split("\n")
    headers = [line for line in lines if " · " in line]
    assert headers == [
        "harbour_watcher · Tue Mar 05, 2024 9:12 am",
        "Greta Lund · Tue Mar 05, 2024 10:40 am",
        "dockside_74 · Tue Mar 05, 2024 11:02 am",
        "harbour_watcher · Tue Mar 05, 2024 12:30 pm",
    ]
    # Each header stands right above its post's text.
    assert lines[lines.index(headers[2]) + 2].startswith("Same at the ferry terminal")
    assert "Posts: 212" not in cleaned.text and "Joined: Mon Jan 04, 2021" not in cleaned.text
    card = {r.text for r in cleaned.removed if r.reason.startswith("comment header")}
    assert {"Posts: 1,045", "Post by dockside_74 » Tue Mar 05, 2024 11:02 am"} <= card


def test_html_comments_get_headers_but_the_article_byline_does_not() -> None:
    raw = (CLEAN_FIXTURES / "harbour_article_comments.html").read_text(encoding="utf-8")
    cleaned = clean(html_document(raw))
    assert cleaned.comments_start is not None
    article = cleaned.text[: cleaned.comments_start]
    comments = cleaned.text[cleaned.comments_start :]
    assert "Ilse Varga" not in article
    assert "marta_v · 2 hours ago\nlol they said the same thing" in comments
    assert "Jonas Ek · 1 hour ago\nI live in one of the northern towns" in comments


def test_a_page_without_author_markup_gets_no_headers() -> None:
    raw = (FIXTURES / "harbour_page.html").read_text(encoding="utf-8")
    root = parse_html(raw)
    assert root is not None and post_headers(root) == []


def post(author: str, *lines: str) -> PostHeader:
    return PostHeader(author, "3h", lines)


def test_a_quoted_passage_starts_nothing_and_a_post_starts_at_its_own_line() -> None:
    posts = [
        post("anna", "The ferry runs again from Monday, the port says."),
        post("ben", "The ferry runs again from Monday, the port says.",
             "Not on my route it does not."),
    ]
    text = [
        "The ferry runs again from Monday, the port says.",
        "The ferry runs again from Monday, the port says.",
        "Not on my route it does not.",
    ]
    thread = with_post_headers([text], posts, (2,))
    assert thread.parts == [[
        "anna · 3h",
        "The ferry runs again from Monday, the port says.",
        "ben · 3h",
        "The ferry runs again from Monday, the port says.",
        "Not on my route it does not.",
    ]]


def test_one_author_element_is_a_byline_not_a_thread() -> None:
    posts = [post("ilse", "Orlov called the delay a broken word."), post("marta", "lol")]
    text = ["Orlov called the delay a broken word.", "The unions will protest."]
    thread = with_post_headers([text], posts, (2,))
    assert thread.parts == [text] and thread.headers == 0


def test_a_list_of_articles_with_bylines_but_no_times_is_not_a_thread() -> None:
    items = ["Harbour talks stall again in Lindport", "Unions plan a protest next week"]
    bylines = [PostHeader(n, None, (item,)) for n, item in zip("ab", items, strict=True)]
    assert with_post_headers([items], bylines, (2,)).headers == 0
    timed = [PostHeader(one.author, "5 Mar", one.lines) for one in bylines]
    assert with_post_headers([items], timed, (2,)).headers == 2


def test_lines_every_post_shows_start_nothing() -> None:
    posts = [post(name, "Quote", f"{name} has the last word on the harbour.") for name in "abcd"]
    text = ["Quote", "a has the last word on the harbour.",
            "Quote", "c has the last word on the harbour."]
    thread = with_post_headers([text], posts, (2,))
    # "Quote" above a's line is a's (nothing came before); above c's line it is a's as well.
    assert thread.parts == [
        ["a · 3h", "Quote", "a has the last word on the harbour.", "Quote", "c · 3h",
         "c has the last word on the harbour."]
    ]


# --- where removed lines were -------------------------------------------------------------------


def test_a_removed_text_line_knows_its_place_in_the_capture_and_in_the_text() -> None:
    raw = (
        "Home » World » Asia\r\n  Harbour deal stalls\nShare\n\n"
        "The talks resumed on Monday.\nPrint\n"
    )
    cleaned = clean(text_document(raw))
    assert cleaned.text == "Harbour deal stalls\n\nThe talks resumed on Monday."
    places = {
        r.text: (raw[r.raw_start : r.raw_end], r.raw_line, cleaned.text[r.text_offset :])
        for r in cleaned.removed
        if r.raw_start is not None and r.raw_end is not None and r.text_offset is not None
    }
    assert places == {
        "Home » World » Asia": ("Home » World » Asia", 1, cleaned.text),
        "Share": ("Share", 3, "\nThe talks resumed on Monday."),
        "Print": ("Print", 6, ""),
    }


def test_removed_html_lines_know_their_source_line_and_place_in_the_text() -> None:
    raw = (CLEAN_FIXTURES / "harbour_article_comments.html").read_text(encoding="utf-8")
    cleaned = clean(html_document(raw))
    by_text = {r.text: r for r in cleaned.removed}
    source = raw.split("\n")
    footer = by_text["© 2024 Lindport Ledger"]
    assert footer.raw_line is not None and "© 2024 Lindport Ledger" in source[footer.raw_line - 1]
    assert footer.raw_start is not None and raw[footer.raw_start :].startswith("© 2024")
    assert footer.text_offset == len(cleaned.text)
    menu = by_text["Home World Sign in"]
    assert menu.text_offset == 0 and menu.raw_line is not None
    assert 'href="/world"' in source[menu.raw_line - 1]
    byline = by_text["By Ilse Varga · 6 March 2024"]
    assert byline.text_offset is not None
    assert cleaned.text[byline.text_offset :].startswith("LINDPORT —")
