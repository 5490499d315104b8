"""Boilerplate removal on WCXB pages: hearsay's cleaning next to trafilatura's default.

    .venv/bin/python bench/extract.py [--pages ../shared/bench-data/wcxb] [--pred OUT.json]
                                      [--limit N] [--jobs N]

Reads a WCXB-layout folder (``html/NNNN.html.gz``, ``ground-truth/NNNN.json``), runs hearsay's
ingest + clean on every page and ``trafilatura.extract(html)`` (library defaults) on the same
bytes, and prints the mean per-page word F1 (lowercase ``\\w+`` tokens, bag-of-words overlap)
per page type and overall, with the share of must-keep (``with``) snippets kept and must-drop
(``without``) snippets dropped, next to the peers' published figures. Pages whose ground truth
has no ``main_content`` are left out and counted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path
from typing import Any

DEFAULT_PAGES = "../shared/bench-data/wcxb"
TYPES = ("article", "forum", "listing", "collection")
# From ../shared/bench-data/README.md (held-out WCXB test pages; ours are the dev pages).
PEERS = [
    ("trafilatura 2.3.1 (tuned)", "0.863 overall; forums 0.74-0.79"),
    ("trafilatura library default", "0.861 overall"),
    ("rs-trafilatura (published, dev)", "0.859 overall"),
    ("readability-lxml", "0.768 overall"),
    ("justext", "0.745 overall"),
    ("newspaper4k", "0.740 overall"),
]
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def word_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 of two texts; 1.0 when both are empty."""
    p, g = words(predicted), words(gold)
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def snippet_rates(predicted: str, keep: list[str], drop: list[str]) -> tuple[int, int, int, int]:
    """How many must-keep snippets are in the text and must-drop snippets are not."""
    flat = " ".join(predicted.lower().split())
    kept = sum(" ".join(s.lower().split()) in flat for s in keep)
    dropped = sum(" ".join(s.lower().split()) not in flat for s in drop)
    return kept, dropped, len(keep), len(drop)


def hearsay_text(name: str, data: bytes) -> str:
    from hearsay.clean import clean
    from hearsay.errors import SkipDocument
    from hearsay.ingest import make_document
    from hearsay.models import Document

    document = make_document(name, data, html=True)
    if not isinstance(document, Document):
        return ""
    try:
        return clean(document).text
    except SkipDocument:
        return ""


def trafilatura_text(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def score_page(job: tuple[str, str]) -> dict[str, Any]:
    pages, file_id = job
    truth = json.loads(Path(pages, "ground-truth", f"{file_id}.json").read_text("utf-8"))
    gold = truth["ground_truth"]
    data = gzip.decompress(Path(pages, "html", f"{file_id}.html.gz").read_bytes())
    result: dict[str, Any] = {"file_id": file_id, "url": truth.get("url"),
                              "type": truth["_internal"]["page_type"]["primary"]}
    for system, run in (("hearsay", lambda: hearsay_text(f"{file_id}.html", data)),
                        ("trafilatura", lambda: trafilatura_text(data))):
        started = time.process_time()
        text = run()
        result[system] = {
            "text": text,
            "f1": word_f1(text, gold["main_content"]),
            "snippets": snippet_rates(text, gold.get("with") or [], gold.get("without") or []),
            "cpu_seconds": time.process_time() - started,
        }
    return result


def page_ids(pages: str) -> tuple[list[str], list[str]]:
    """File ids with a main_content ground truth, and those without one."""
    scored, unscored = [], []
    for path in sorted(Path(pages, "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))
        if truth.get("ground_truth", {}).get("main_content") is None:
            unscored.append(path.stem)
        else:
            scored.append(path.stem)
    return scored, unscored


def summarise(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        groups[result["type"]].append(result)
        groups["overall"].append(result)
    for group, members in groups.items():
        row: dict[str, Any] = {"pages": len(members)}
        for system in ("hearsay", "trafilatura"):
            snips = [m[system]["snippets"] for m in members]
            row[system] = {
                "f1": sum(m[system]["f1"] for m in members) / len(members),
                "with_kept": sum(s[0] for s in snips) / max(1, sum(s[2] for s in snips)),
                "without_dropped": sum(s[1] for s in snips) / max(1, sum(s[3] for s in snips)),
                "cpu_seconds": sum(m[system]["cpu_seconds"] for m in members),
            }
        table[group] = row
    return table


def print_table(table: dict[str, dict[str, Any]], unscored: int) -> None:
    print(f"\nWCXB word F1 (mean per page); must-keep kept / must-drop dropped"
          f"{f'; {unscored} page(s) without main_content left out' if unscored else ''}")
    print(f"{'type':<11}{'pages':>6}  {'hearsay':>8} {'trafilatura':>12}   "
          f"{'keep h/t':>11}   {'drop h/t':>11}")
    for group in (*TYPES, "overall"):
        if group not in table:
            continue
        row = table[group]
        h, t = row["hearsay"], row["trafilatura"]
        print(f"{group:<11}{row['pages']:>6}  {h['f1']:>8.3f} {t['f1']:>12.3f}   "
              f"{h['with_kept']:>5.2f}/{t['with_kept']:<5.2f}   "
              f"{h['without_dropped']:>5.2f}/{t['without_dropped']:<5.2f}")
    overall = table.get("overall")
    if overall:
        pages = overall["pages"]
        print(f"CPU seconds per page: hearsay {overall['hearsay']['cpu_seconds'] / pages:.3f}, "
              f"trafilatura {overall['trafilatura']['cpu_seconds'] / pages:.3f}")
    print("\nPeers (WCXB held-out test pages, from bench-data/README.md):")
    for name, figure in PEERS:
        print(f"  {name:<34}{figure}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default=DEFAULT_PAGES, help="WCXB-layout folder")
    parser.add_argument("--pred", default="bench/out/extract_pred.json",
                        help="where to write the predictions and scores (JSON)")
    parser.add_argument("--limit", type=int, default=0, help="score only N pages, spread evenly")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    if not Path(args.pages, "ground-truth").is_dir():
        print(f"no WCXB pages at {args.pages} (expected html/ and ground-truth/)",
              file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    scored, unscored = page_ids(args.pages)
    if args.limit:  # an even spread over the folder, so every page type is in a quick run
        step = max(1, len(scored) // args.limit)
        scored = scored[::step][: args.limit]
    jobs = [(args.pages, file_id) for file_id in scored]
    started = time.time()
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            results = list(pool.imap(score_page, jobs, chunksize=4))
    else:
        results = [score_page(job) for job in jobs]
    table = summarise(results)
    Path(args.pred).parent.mkdir(parents=True, exist_ok=True)
    Path(args.pred).write_text(json.dumps(
        {"pages_folder": args.pages, "unscored": unscored, "summary": table, "pages": results},
        ensure_ascii=False, indent=1), encoding="utf-8")
    print_table(table, len(unscored))
    print(f"\n{len(results)} pages in {time.time() - started:.0f} s; predictions in {args.pred}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
