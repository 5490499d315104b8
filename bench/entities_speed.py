"""The cost of the entities stage next to the spaCy parse it runs on.

    .venv/bin/python bench/entities_speed.py [--jsonl ../shared/bench-data/polnear/dev.jsonl]
        [--limit 50] [--seeds ../shared/corpora/seeds] [--repeat 3]

Parses each text set once with ``nlp.pipe`` (timed), then times ``extract_mentions`` over the
parsed documents and ``canonicalize`` over all their mentions (best of ``--repeat`` runs). Prints
milliseconds per document and the stage's share of the parse time; the pipeline target
(whole build >= 0.6x the bare parse) leaves this stage a few percent of the parse at most.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hearsay.aliases import load_aliases  # noqa: E402
from hearsay.entities import canonicalize, extract_mentions  # noqa: E402
from hearsay.models import Document, EntityMention, Segment, content_id  # noqa: E402
from hearsay.nlp import ParsedDocument, Parser  # noqa: E402
from hearsay.settings import Settings  # noqa: E402

POLNEAR = Path("../shared/bench-data/polnear/dev.jsonl")
SEEDS = Path("../shared/corpora/seeds")


def as_document(text: str, path: str) -> Document:
    doc_id = content_id("bench", text)
    segment = Segment(id=f"{doc_id}:0", kind="body", start=0, end=len(text))
    return Document(id=doc_id, source_path=path, raw=text, text=text, segments=[segment])


def measure(name: str, documents: list[Document], settings: Settings, repeat: int) -> None:
    parser = Parser(settings)
    parser.warm_up()
    started = time.perf_counter()
    parsed: list[ParsedDocument] = list(parser.parse(documents))
    parse_seconds = time.perf_counter() - started

    table = load_aliases(settings)
    extract_seconds = canon_seconds = float("inf")
    mentions: list[EntityMention] = []
    for _ in range(repeat):
        started = time.perf_counter()
        mentions = [m for p in parsed for m in extract_mentions(p, table)]
        extract_seconds = min(extract_seconds, time.perf_counter() - started)
        started = time.perf_counter()
        entities, _ = canonicalize(mentions)
        canon_seconds = min(canon_seconds, time.perf_counter() - started)

    n = len(documents)
    chars = sum(len(d.text) for d in documents)
    print(
        f"\n{name}: {n} documents, {chars / n:.0f} characters each, {len(mentions)} mentions, "
        f"{len(entities)} entities"
    )
    print(f"  spaCy parse (nlp.pipe)   {1000 * parse_seconds / n:8.2f} ms/doc")
    print(
        f"  extract_mentions         {1000 * extract_seconds / n:8.2f} ms/doc  "
        f"({100 * extract_seconds / parse_seconds:.1f}% of the parse)"
    )
    print(
        f"  canonicalize (corpus)    {1000 * canon_seconds / n:8.2f} ms/doc  "
        f"({1e6 * canon_seconds / max(1, len(mentions)):.1f} us/mention)"
    )
    share = (extract_seconds + canon_seconds) / parse_seconds
    print(f"  parse + entities runs at {1 / (1 + share):.3f}x the bare parse")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jsonl", type=Path, default=POLNEAR)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()

    if args.seeds.is_dir():
        seeds = [
            as_document(p.read_text(encoding="utf-8"), str(p))
            for p in sorted(args.seeds.glob("*.txt"))
        ]
        measure(f"seeds ({args.seeds})", seeds, settings, args.repeat)
    else:
        print(f"seeds not found at {args.seeds}; skipped")

    if args.jsonl.is_file():
        texts: list[Document] = []
        with args.jsonl.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if len(texts) >= args.limit:
                    break
                text = json.loads(line).get("text") or ""
                if text.strip():
                    texts.append(as_document(text, f"{args.jsonl}:{number + 1}"))
        measure(f"{args.jsonl} (first {len(texts)})", texts, settings, args.repeat)
    else:
        print(f"{args.jsonl} not found; skipped")


if __name__ == "__main__":
    main()
