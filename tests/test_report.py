"""The HTML report: one self-contained page, hostile text escaped, every span anchored.

The dossier here is written by hand about a fictional story (a dam on a river between two
invented countries), with overlapping spans, a removed line, a non-English caption and text
that tries to break out of the page.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from hearsay.report import render_report

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTRIBUTE = '"><img src=x onerror=alert(1)>'
HOSTILE_CLOSE = "</script><script>alert(2)</script>\u2028"

REPORT_TEXT = (
    "Dam talks stall as Estavia blames Norland\n"
    "KARSTEN (14/03) –\n"
    "Estavian Foreign Minister Ilse Varga said on Tuesday that “Norland has blocked the river "
    "for months,” according to the Karsten Ledger. Varga added that talks would resume.\n"
    f"The Norland ministry reportedly rejected the accusation {HOSTILE_SCRIPT} in a statement.\n"
    "Foto: arkivbild av dammen vid floden\n"
)
FORUM_TEXT = (
    "Who really closed the Tarn river?\n"
    "Posted by riverwatch: Varga says Norland blocked it. I doubt it.\n"
    f"Reply from mossy: Norland never blocked the river. {HOSTILE_CLOSE}\n"
)


def at(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def span(document_id: str, text: str, needle: str, occurrence: int = 0, **more: Any) -> dict:
    start, end = at(text, needle, occurrence)
    return {"document_id": document_id, "start": start, "end": end, "text": needle, **more}


def line_segment(text: str, line: str, kind: str, **more: Any) -> dict:
    start, end = at(text, line)
    return {"id": f"seg-{kind}-{start}", "kind": kind, "start": start, "end": end, **more}


def sample_dossier() -> dict[str, Any]:
    r, f = REPORT_TEXT, FORUM_TEXT
    report_lines, forum_lines = r.splitlines(), f.splitlines()
    documents = [
        {
            "id": "d1",
            "source_path": "captures/ledger.txt",
            "also_at": [],
            "format": "text",
            "encoding": "utf-8",
            "url": "https://ledger.example/dam",
            "source": "Karsten Ledger",
            "published": "2031-03-14",
            "published_evidence": "KARSTEN (14/03)",
            "title": "Dam talks stall as Estavia blames Norland",
            "genre": "news_report",
            "genre_evidence": ["dateline at the top", "reporting verbs"],
            "language": "en",
            "text": r,
            "removed": [
                {"text": "Share this", "reason": "share buttons", "text_offset": 40},
                {"text": "Home » World » Dams", "reason": "breadcrumb", "raw_line": 1,
                 "text_offset": 0},
            ],
            "segments": [
                line_segment(r, report_lines[0], "title", language="en"),
                line_segment(r, report_lines[1], "dateline", language="en"),
                line_segment(r, report_lines[2], "body", language="en"),
                line_segment(r, report_lines[3], "body", language="en"),
                line_segment(r, report_lines[4], "caption", language="sv", language_score=0.93),
            ],
            "near_duplicates": [],
        },
        {
            "id": "d2",
            "source_path": "captures/forum.html",
            "format": "html",
            "title": f"Tarn thread {HOSTILE_ATTRIBUTE}",
            "genre": "forum_thread",
            "genre_evidence": [f"reply markers {HOSTILE_ATTRIBUTE}"],
            "language": "en",
            "text": f,
            "removed": [],
            "segments": [
                line_segment(f, forum_lines[1], "post", author="riverwatch"),
                line_segment(f, forum_lines[2], "comment", author="mossy", relative_time="4h"),
            ],
        },
    ]
    entities = [
        {
            "id": "e-varga",
            "name": "Ilse Varga",
            "type": "PERSON",
            "aliases": ["Varga"],
            "roles": ["Estavian Foreign Minister"],
            "mentions": [
                span("d1", r, "Ilse Varga", role="Estavian Foreign Minister"),
                span("d1", r, "Varga", 1, resolved_by="surname"),
                span("d2", f, "Varga", resolved_by="surname"),
            ],
        },
        {
            "id": "e-norland",
            "name": "Norland",
            "type": "GPE",
            "aliases": [],
            "roles": [],
            "mentions": [span("d1", r, "Norland", k) for k in range(3)]
            + [span("d2", f, "Norland", k) for k in range(2)],
        },
        {
            "id": "e-ledger",
            "name": "Karsten Ledger",
            "type": "ORG",
            "aliases": [],
            "roles": [],
            "mentions": [span("d1", r, "Karsten Ledger")],
        },
        # A city inside the outlet's name: a link inside a link, which HTML forbids.
        {
            "id": "e-karsten",
            "name": "Karsten",
            "type": "GPE",
            "aliases": [],
            "roles": [],
            "mentions": [span("d1", r, "Karsten")],
        },
        {
            "id": "e-hostile",
            "name": HOSTILE_ATTRIBUTE,
            "type": 'X" onmouseover="alert(3)',
            "aliases": [HOSTILE_SCRIPT],
            "roles": [],
            "mentions": [span("d1", r, "Tuesday")],
        },
    ]

    def part(needle: str, occurrence: int = 0, **more: Any) -> dict:
        found = span("d1", r, needle, occurrence, **more)
        del found["document_id"]
        return found

    attributions = [
        {
            "id": "a1",
            "document_id": "d1",
            "kind": "direct",
            "speaker": part(
                "Estavian Foreign Minister Ilse Varga", entity_id="e-varga", anonymous=False
            ),
            "cue": part("said", lean="neutral"),
            "addressee": None,
            "content": part("Norland has blocked the river for months,"),
            "via": [part("Karsten Ledger", entity_id="e-ledger", anonymous=False)],
            "parent_id": None,
            "hedges": [],
            "date": "2031-03-11",
            "occasion": None,
            "channel": None,
            "segment_id": None,
            "confidence": 0.9,
        },
        {
            "id": "a2",
            "document_id": "d1",
            "kind": "indirect",
            "speaker": part("The Norland ministry", entity_id="e-norland", anonymous=False),
            "cue": part("rejected", lean="denying"),
            "addressee": None,
            "content": part(f"the accusation {HOSTILE_SCRIPT}"),
            "via": [],
            "parent_id": "a1",
            "hedges": [part("reportedly")],
            "date": None,
            "channel": "in a statement",
        },
    ]
    claim_relayed = span(
        "d1",
        r,
        "Norland has blocked the river for months",
        stance="relays",
        stance_scores={"relays": 0.8},
        attribution_id="a1",
        speaker="Ilse Varga",
        speaker_entity_id="e-varga",
        via=["Karsten Ledger"],
        outlet="Karsten Ledger",
    )
    claim_disputed = span(
        "d2",
        f,
        "Norland never blocked the river.",
        stance="disputes",
        stance_scores={"disputes": 0.7},
        attribution_id=None,
        speaker="mossy",
        via=[],
        outlet=None,  # the page names no outlet: the profile is named after the file
    )
    # Starts before the quote and ends inside it: the two spans cross.
    crossing = span("d1", r, "on Tuesday that “Norland has blocked", stance="relays")
    return {
        "schema_version": "1.0",
        "generated_at": "2031-03-15T10:00:00+00:00",
        "settings": {"english_codes": ["en"]},
        "documents": documents,
        "entities": entities,
        "attributions": attributions,
        "claims": [
            {
                "id": "k1",
                "text": "Norland blocked the Tarn river",
                "mentions": [claim_relayed, claim_disputed],
            }
        ],
        "contradictions": [
            {
                "id": "x1",
                "claim_id": "k1",
                "kind": "opposite_stance",
                "a": crossing,
                "b": {k: claim_disputed[k] for k in ("document_id", "start", "end", "text")},
                "explanation": "One source relays the blockade, the other denies it",
            }
        ],
        "sources": [
            {
                "id": "s1",
                "name": "Karsten Ledger",
                "kind": "outlet",
                "entity_id": "e-ledger",
                "asserts": [],
                "relays": ["k1"],
                "disputes": [],
                "questions": [],
            },
            {
                "id": "s2",
                "name": "forum.html",
                "kind": "outlet",
                "entity_id": None,
                "asserts": [],
                "relays": [],
                "disputes": ["k1"],
                "questions": [],
            },
            {
                "id": "s3",
                "name": "Ilse Varga",
                "kind": "speaker",
                "entity_id": "e-varga",
                "asserts": ["k1"],
                "relays": [],
                "disputes": [],
                "questions": [],
            },
        ],
        "skipped": [{"source_path": "captures/scan.pdf", "reason": "PDF is not supported"}],
        "stats": {"documents": 2},
    }


class Page(HTMLParser):
    """The parsed page: elements with their attributes, text per id, nesting checked."""

    VOID = {"meta", "input", "br", "img", "link", "hr", "source"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.text_by_id: dict[str, str] = {}
        self.scripts: list[str] = []
        self.doc_texts: list[str] = []
        self.nested_links = 0
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed elements: {[t for t, _ in self.stack]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag in self.VOID:
            return
        if tag == "a" and any(t == "a" for t, _ in self.stack):
            self.nested_links += 1
        if "doc-text" in attributes.get("class", "").split():
            self.doc_texts.append("")
        self.stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        # A span split where another crosses it: its pieces after the first name it.
        for _, attributes in self.stack:
            key = attributes.get("id") or attributes.get("data-part-of")
            if key:
                self.text_by_id[key] = self.text_by_id.get(key, "") + data
        in_doc = any("doc-text" in a.get("class", "").split() for _, a in self.stack)
        in_label = any("seg-head" in a.get("class", "").split() for _, a in self.stack)
        if in_doc and not in_label:
            self.doc_texts[-1] += data

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}

    def hrefs(self) -> list[str]:
        return [
            a.get("href") or a.get("data-href") or ""
            for _, a in self.tags
            if "href" in a or "data-href" in a
        ]


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(sample_dossier())


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


def test_the_report_is_one_page_that_loads_nothing(html: str, page: Page) -> None:
    assert html.count("<html") == 1 and html.rstrip().endswith("</html>")
    resources = [a.get("src") or a.get("href") or "" for _, a in page.tags]
    assert all(not r or r.startswith("#") for r in resources), resources
    assert not [t for t, _ in page.tags if t in {"link", "img", "iframe", "object", "embed"}]
    assert not re.search(r"url\(|@import", html)
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in policy and "unsafe-inline'" not in policy.split("script-src")[1]


def test_hostile_text_is_shown_as_text_not_run(html: str, page: Page) -> None:
    assert len([t for t, _ in page.tags if t == "script"]) == 1
    assert HOSTILE_SCRIPT not in html and "<img" not in html and "alert(2)</script>" not in html
    assert not [name for _, a in page.tags for name in a if name.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The reader still sees the hostile strings, as text.
    assert HOSTILE_SCRIPT in page.doc_texts[0]
    assert "</script><script>alert(2)</script>" in page.doc_texts[1]
    assert any(HOSTILE_ATTRIBUTE in a.get("data-filter", "") for _, a in page.tags)


def test_document_text_survives_every_split_and_nests_properly(page: Page) -> None:
    # Page() asserts proper nesting; here no character of the text is lost or repeated.
    def squash(s: str) -> str:
        return "".join(s.split())

    assert squash(page.doc_texts[0]) == squash(REPORT_TEXT)
    assert squash(page.doc_texts[1]) == squash(FORUM_TEXT)
    assert page.nested_links == 0


def test_every_mention_has_an_anchor_that_the_entity_index_links_to(page: Page) -> None:
    dossier = sample_dossier()
    mention_anchors = [h[1:] for h in page.hrefs() if h.startswith("#m-")]
    assert len(mention_anchors) == sum(len(e["mentions"]) for e in dossier["entities"])
    for anchor in mention_anchors:
        assert anchor in page.ids()
    shown = {page.text_by_id[a] for a in mention_anchors}
    assert {"Ilse Varga", "Varga", "Norland", "Karsten Ledger", "Karsten"} <= shown
    # Mentions link back to their entity's index entry.
    entity_links = [
        a.get("href") or a["data-href"]
        for t, a in page.tags
        if "ent" in a.get("class", "").split() and a.get("id", "").startswith("m-")
    ]
    assert "#ent-e-varga" in entity_links and all(h[1:] in page.ids() for h in entity_links)


def test_a_link_inside_a_link_becomes_a_followable_span(page: Page) -> None:
    inner = [a for t, a in page.tags if t == "span" and a.get("data-href") == "#ent-e-karsten"]
    assert len(inner) == 1 and page.text_by_id[inner[0]["id"]] == "Karsten"


def test_segments_show_their_kind_outlet_and_foreign_language(html: str, page: Page) -> None:
    sections = {a["id"]: a for t, a in page.tags if t == "section" and "seg" in a["class"]}
    caption = next(a for a in sections.values() if "seg-caption" in a["class"])
    assert "seg-foreign" in caption["class"]
    assert "not analysed" in page.text_by_id[caption["id"]]
    assert "sv" in page.text_by_id[caption["id"]]
    comment = next(a for a in sections.values() if "seg-comment" in a["class"])
    assert "mossy" in page.text_by_id[comment["id"]] and "4h" in page.text_by_id[comment["id"]]
    assert "Home » World » Dams" in html and "breadcrumb" in html
    # removed lines in page order, each with where it stood
    assert html.index("Home » World » Dams") < html.index("Share this")
    assert "line 1, before “" in html


def test_crossing_spans_are_split_and_keep_one_anchor(page: Page) -> None:
    quote = page.text_by_id["q-a1"]
    side = page.text_by_id["x-x1-a"]
    assert quote.startswith("Norland has blocked") and quote.endswith("for months,")
    assert side == "on Tuesday that “Norland has blocked"
    continued = [
        a
        for t, a in page.tags
        if "quote" in a.get("class", "").split() and "cont" in a.get("class", "").split()
    ]
    assert continued and all(a["data-part-of"] == "q-a1" and "id" not in a for a in continued)


def test_who_said_what_table_lists_speaker_cue_chain_and_hedges(page: Page) -> None:
    row = page.text_by_id["wsw-a1"]
    assert "Ilse Varga" in row and "said" in row and "Karsten Ledger" in row
    assert "Norland has blocked the river for months," in row
    denial = page.text_by_id["wsw-a2"]
    assert "denying" in denial and "reportedly" in denial and "in a statement" in denial
    assert "#q-a1" in page.hrefs() and "q-a1" in page.ids()


def test_claim_matrix_cells_link_to_the_sentence(page: Page) -> None:
    matrix = [a for t, a in page.tags if t == "table" and "matrix" in a.get("class", "")]
    assert len(matrix) == 1
    chips = [a for _, a in page.tags if "chip" in a.get("class", "").split() and "href" in a]
    stances = {c["class"].split()[1]: c["href"][1:] for c in chips}
    # The outlet relays the minister; the minister herself asserts it, in the same sentence.
    assert set(stances) == {"st-relays", "st-disputes", "st-asserts"}
    assert page.text_by_id[stances["st-relays"]] == "Norland has blocked the river for months"
    assert stances["st-asserts"] == stances["st-relays"]
    assert page.text_by_id[stances["st-disputes"]] == "Norland never blocked the river."
    # An outlet known only by its file name is shown by its document's title.
    headers = [a["title"] for t, a in page.tags if t == "th" and "src" in a.get("class", "")]
    assert any(h.startswith("Tarn thread") for h in headers) and "forum.html" not in headers


def test_contradictions_and_source_profiles_link_both_ways(page: Page) -> None:
    assert "other denies it" in page.text_by_id["contra-x1"]
    assert "#x-x1-a" in page.hrefs() and "#x-x1-b" in page.hrefs()
    assert page.text_by_id["x-x1-b"] == "Norland never blocked the river."
    assert "Tarn thread" in page.text_by_id["src-s2"] and "#claim-k1" in page.hrefs()


def test_without_attributions_or_claims_those_sections_are_absent() -> None:
    dossier = sample_dossier()
    for key in ("attributions", "claims", "contradictions", "sources"):
        dossier[key] = []
    html = render_report(dossier)
    page = Page(html)
    assert "who-said-what" not in page.ids() and "claims" not in page.ids()
    assert not [a for _, a in page.tags if "matrix" in a.get("class", "")]
    assert "ent-e-varga" in page.ids() and "doc-d1" in page.ids()
    del dossier["attributions"], dossier["claims"], dossier["sources"]
    assert "doc-d2" in Page(render_report(dossier)).ids()


def test_broken_records_do_not_stop_the_page() -> None:
    dossier = copy.deepcopy(sample_dossier())
    dossier["entities"][0]["mentions"].append(
        {"document_id": "d1", "start": 5, "end": 10_000, "text": "nowhere"}
    )
    dossier["entities"][1]["mentions"].append({"document_id": "missing", "start": 0, "end": 3})
    dossier["attributions"].append({"id": "a3", "document_id": "d1", "content": None})
    dossier["documents"].append({"id": "d3"})
    dossier["documents"][0]["segments"].append({"id": "bad", "kind": "body", "start": "x"})
    page = Page(render_report(dossier))
    assert "doc-d3" in page.ids() and "wsw-a3" in page.ids()
    assert any("offsets fall outside" in t for t in page.text_by_id.values())
    assert Page(render_report({})).ids() >= {"summary", "documents", "entities"}


def test_crossing_spans_close_and_reopen_in_order() -> None:
    from hearsay.report_markup import Span, mark_up_text

    outer = Span(0, 4, 20, "span", {"id": "q", "class": "quote"})
    crossing = Span(2, 6, 10, "span", {"id": "c", "class": "claim"})
    inner = Span(1, 2, 40, "a", {"href": "#e", "class": "ent"})
    html = mark_up_text("ab<def", [crossing, inner, outer])
    assert html == (
        '<span id="q" class="quote">a<a href="#e" class="ent">b</a>'
        '<span id="c" class="claim">&lt;d</span></span>'
        '<span class="claim cont" data-part-of="c">ef</span>'
    )
    # Spans outside the text or empty are dropped, not drawn.
    assert mark_up_text("abc", [Span(2, 9, 1, "span", {}), Span(1, 1, 1, "b", {})]) == (
        "ab<span>c</span>"
    )


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs a headless chromium")
def test_the_page_script_filters_and_follows_links_in_a_browser(tmp_path: Path) -> None:
    html = render_report(sample_dossier())
    # The page's policy lets only its own script run; the probe needs the policy off.
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = """<script>
    window.onerror = function (m) { document.body.dataset.error = String(m); };
    setTimeout(function () {
      var box = document.getElementById("search");
      box.value = "mossy"; box.dispatchEvent(new Event("input"));
      setTimeout(function () {
        document.body.dataset.hiddenDocs = [].filter.call(
          document.querySelectorAll("article.doc"), function (d) { return d.hidden; }
        ).map(function (d) { return d.id; }).join(",");
        document.querySelector('[data-href="#wsw-a1"]').click();
        setTimeout(function () {
          document.body.dataset.hash = location.hash;
          document.body.dataset.flashed = document.querySelectorAll(".flash").length;
        }, 100);
      }, 400);
    }, 100);
    </script></body>"""
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    flags = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
    flags += " --disable-background-networking --disable-component-update --disable-sync"
    result = subprocess.run(
        ["chromium", *flags.split(), f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    body = re.search(r"<body[^>]*>", result.stdout)
    assert body, result.stderr[-2000:]
    assert "data-error" not in body.group(0)
    assert 'data-hidden-docs="doc-d1"' in body.group(0)
    assert 'data-hash="#wsw-a1"' in body.group(0) and 'data-flashed="1"' in body.group(0)


def test_an_untitled_document_is_named_by_its_opening_words_not_its_file() -> None:
    dossier = sample_dossier()
    forum = next(d for d in dossier["documents"] if d["id"] == "d2")
    forum["title"] = None
    html = render_report(dossier)
    links = re.findall(r'<a[^>]*href="#doc-d2"[^>]*>([^<]*)</a>', html)
    assert links and all(name.startswith("forum thread “") for name in links), links
