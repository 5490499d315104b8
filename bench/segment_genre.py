"""How hearsay's segment stage reads real web pages: genre against the page type, per type.

Runs on a WCXB-layout folder (``html/NNNN.html.gz``, ``ground-truth/NNNN.json`` with
``_internal.page_type.primary`` in article / forum / listing / collection): each page's text is
extracted (hearsay's clean stage when available, else trafilatura with comments), segmented,
and its genre tallied against the page type. The mapping is loose on purpose: a forum page
should read as ``forum_thread`` and a listing as ``aggregator_digest``; an "article" may be a
news report, an analysis, a statement or a blog post ("other"). Also prints how many comments
forum pages split into, how often a date was found (and how often it matches the page's gold
publication date), and the segment stage's speed.

    .venv/bin/python bench/segment_genre.py [--pages ../shared/bench-data/wcxb] [--limit N]
        [--types forum,listing]
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from hearsay.models import Document, content_id
from hearsay.segment import segment

EXPECTED = {"forum": {"forum_thread"}, "listing": {"aggregator_digest"}}


def _field(record: dict[str, Any], key: str) -> Any:
    value = record.get(key)
    if isinstance(value, str) and value.startswith("{"):
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return json.loads(value)
    return value or {}


def load_pages(
    folder: Path, limit: int | None, types: set[str] | None = None
) -> list[tuple[str, str, str, str | None]]:
    pages = []
    for truth_path in sorted((folder / "ground-truth").glob("*.json")):
        if limit is not None and len(pages) >= limit:
            break
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        page_type = _field(truth, "_internal").get("page_type", {}).get("primary", "?")
        if types and page_type not in types:
            continue
        gold_date = _field(truth, "ground_truth").get("publish_date")
        html_path = folder / "html" / f"{truth_path.stem}.html.gz"
        if html_path.exists():
            html = gzip.decompress(html_path.read_bytes()).decode("utf-8", errors="replace")
            pages.append((truth_path.stem, page_type, html, gold_date))
    return pages


def extractor() -> tuple[str, Any]:
    try:
        from hearsay.clean import clean
        from hearsay.errors import SkipDocument

        def with_clean(page_id: str, html: str) -> Document:
            doc = Document(id=content_id(html), source_path=page_id, format="html", raw=html)
            try:
                return clean(doc)
            except SkipDocument:
                return doc  # no text left: counted as "(no text)"

        return "hearsay.clean", with_clean
    except ImportError:
        import trafilatura

        def with_trafilatura(page_id: str, html: str) -> Document:
            text = trafilatura.extract(html, include_comments=True) or ""
            return Document(id=content_id(html), source_path=page_id, format="html", text=text)

        return "trafilatura (include_comments)", with_trafilatura


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="../shared/bench-data/wcxb")
    parser.add_argument("--limit", type=int, default=None, help="read at most N pages")
    parser.add_argument("--types", default="", help="only these page types, e.g. forum,listing")
    args = parser.parse_args()
    folder = Path(args.pages)
    if not (folder / "ground-truth").is_dir():
        print(f"no WCXB pages at {folder}", file=sys.stderr)
        return 2
    pages = load_pages(folder, args.limit, {t for t in args.types.split(",") if t} or None)
    name, extract = extractor()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    comments: list[int] = []
    dated = matched = with_gold = 0
    seconds = 0.0
    characters = 0
    for page_id, page_type, html, gold_date in pages:
        document = extract(page_id, html)
        if not document.text.strip():
            confusion[page_type]["(no text)"] += 1
            continue
        started = time.perf_counter()
        result = segment(document)
        seconds += time.perf_counter() - started
        characters += len(document.text)
        confusion[page_type][result.genre] += 1
        if page_type == "forum" and result.genre == "forum_thread":
            comments.append(sum(1 for s in result.segments if s.kind == "comment"))
        if result.published and not document.published:
            dated += 1
            if gold_date:
                with_gold += 1
                matched += result.published[:10] == str(gold_date)[:10]
    print(f"pages: {len(pages)} from {folder}, text by {name}")
    genres = sorted({g for row in confusion.values() for g in row})
    print("page type".ljust(12) + "".join(g[:12].rjust(13) for g in genres) + "   expected")
    for page_type in sorted(confusion):
        row = confusion[page_type]
        total = sum(row.values())
        expected = EXPECTED.get(page_type)
        share = f"{100 * sum(row[g] for g in expected) / total:5.1f}%" if expected and total else ""
        print(page_type.ljust(12) + "".join(str(row[g]).rjust(13) for g in genres) + f"   {share}")
    if comments:
        print(
            f"forum pages read as threads: comments per thread median "
            f"{statistics.median(comments):.0f}, mean {statistics.mean(comments):.1f}"
        )
    print(
        f"date found in the text (no metadata): {dated} pages; "
        f"agrees with the gold publication date on {matched} of {with_gold} that have one"
    )
    if seconds:
        print(
            f"segment stage: {len(pages) / seconds:.0f} pages/s, "
            f"{characters / seconds / 1e6:.2f} MB/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
