"""How fast hearsay's spaCy parse runs, and a check that its stand-ins change nothing.

    .venv/bin/python bench/parse_speed.py [--gold ../shared/bench-data/polnear/dev.jsonl]
        [--limit N] [--profile]
    .venv/bin/python bench/parse_speed.py --check [--gold FILE ...] [--limit N]

Speed: documents per CPU-second (time.process_time) for one pass over every ``text`` of the
JSONL file, each pipeline loaded fresh (its lemma cache cold, as in a build) and bounded by
hearsay.long_sentences as hearsay loads it: spaCy's stock pipeline through ``nlp.pipe`` (the
bare parse) and hearsay's ``Parser`` (the same model with hearsay.fast_attributes,
hearsay.fast_lemmas and hearsay.fast_decoding's parser and entity decoders swapped in, fed
through the segment stream), taking turns every ``--chunk`` documents so that both see the same
load.
``--profile`` adds the CPU seconds of each pipe, stock and hearsay, on the same texts.

``--check`` parses every text with both pipelines and compares, token by token, ORTH, TAG,
POS, MORPH, LEMMA, NORM, DEP, HEAD, sentence starts, entity IOB/type, and the entity spans;
it prints the documents and tokens that differ (the stand-ins are meant to give none) and
exits 1 when any do.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hearsay.models import Document, Segment, content_id  # noqa: E402
from hearsay.settings import Settings  # noqa: E402

COMPARED = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "NORM", "DEP", "HEAD", "SENT_START",
            "ENT_IOB", "ENT_TYPE"]  # fmt: skip
DEFAULT_GOLD = "../shared/bench-data/polnear/dev.jsonl"


def load_texts(paths: list[str], limit: int | None) -> list[str]:
    texts: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    texts.append(json.loads(line)["text"])
                if limit is not None and len(texts) >= limit:
                    return texts
    return texts


def as_documents(texts: list[str]) -> list[Document]:
    documents = []
    for text in texts:
        doc_id = content_id("parse-speed", text)
        documents.append(
            Document(
                id=doc_id,
                source_path=doc_id,
                raw=text,
                text=text,
                segments=[Segment(id=f"{doc_id}:0", kind="body", start=0, end=len(text))],
            )
        )
    return documents


def fresh_pipeline(name: str, stock: bool) -> Any:
    """A newly loaded pipeline (not the process-wide cached one): cold caches for each run."""
    import spacy

    from hearsay.long_sentences import add_to
    from hearsay.nlp import speed_up

    nlp = spacy.load(name)
    add_to(nlp)  # sentence starts preset before the parser, as in hearsay.nlp.load_pipeline
    if not stock:
        speed_up(nlp)
    return nlp


def per_pipe_seconds(nlp: Any, texts: list[str], batch_size: int) -> dict[str, float]:
    docs = [nlp.make_doc(t) for t in texts]
    seconds = {}
    for name, component in nlp.pipeline:
        start = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=batch_size))
        else:
            docs = [component(d) for d in docs]
        seconds[name] = time.process_time() - start
    return seconds


def speed(args: argparse.Namespace) -> None:
    from hearsay import nlp as hearsay_nlp

    settings = Settings()
    texts = load_texts(args.gold, args.limit)
    n = len(texts)

    stock = fresh_pipeline(settings.spacy_model, stock=True)
    fast = fresh_pipeline(settings.spacy_model, stock=False)
    hearsay_nlp._MODELS[(settings.spacy_model, False)] = fast  # Parser uses this fresh copy
    parser = hearsay_nlp.Parser(settings)
    parser.warm_up()
    documents = as_documents(texts)
    # Interleaved chunks: both pipelines see the same machine load (it moves a lot here).
    bare = ours = 0.0
    for offset in range(0, n, args.chunk):
        start = time.process_time()
        for _ in stock.pipe(texts[offset : offset + args.chunk], batch_size=settings.batch_size):
            pass
        middle = time.process_time()
        for _ in parser.parse(documents[offset : offset + args.chunk]):
            pass
        bare += middle - start
        ours += time.process_time() - middle

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{n} documents from {', '.join(args.gold)}; load average {load} (2 cores shared)")
    print("| parse | CPU s | docs/CPU-s |\n|---|---|---|")
    print(f"| spaCy {settings.spacy_model} stock, nlp.pipe | {bare:.1f} | {n / bare:.2f} |")
    print(f"| hearsay Parser (stand-ins) | {ours:.1f} | {n / ours:.2f} |")
    print("(reference machine in bench-data/README.md: spaCy en_core_web_sm parse alone 7.4)")
    if args.profile:
        print("\nCPU seconds per pipe, one more pass each (fresh pipelines, cold caches):")
        for label, stock_flag in (("stock", True), ("hearsay", False)):
            nlp = fresh_pipeline(settings.spacy_model, stock=stock_flag)
            seconds = per_pipe_seconds(nlp, texts, settings.batch_size)
            parts = ", ".join(f"{k} {v:.2f}" for k, v in seconds.items())
            print(f"  {label}: {parts}; total {sum(seconds.values()):.1f}")


def differences(a: Any, b: Any) -> Iterator[str]:
    """What differs between two parses of the same text."""
    import numpy

    if len(a) != len(b):
        yield f"token count {len(a)} != {len(b)}"
        return
    if len(a) == 0:
        return
    left, right = a.to_array(COMPARED), b.to_array(COMPARED)
    for i in numpy.nonzero((left != right).any(axis=1))[0][:5]:
        ta, tb = a[int(i)], b[int(i)]
        yield (
            f"token {int(i)} {ta.text!r}: "
            f"{(ta.tag_, ta.pos_, str(ta.morph), ta.lemma_, ta.dep_, ta.head.i, ta.ent_type_)} "
            f"!= {(tb.tag_, tb.pos_, str(tb.morph), tb.lemma_, tb.dep_, tb.head.i, tb.ent_type_)}"
        )
    spans_a = [(e.start_char, e.end_char, e.label_) for e in a.ents]
    spans_b = [(e.start_char, e.end_char, e.label_) for e in b.ents]
    if spans_a != spans_b:
        yield "entity spans differ"


def check(args: argparse.Namespace) -> int:
    settings = Settings()
    texts = load_texts(args.gold, args.limit)
    stock = fresh_pipeline(settings.spacy_model, stock=True)
    fast = fresh_pipeline(settings.spacy_model, stock=False)
    print(f"stock pipes: {stock.pipe_names}\nhearsay pipes: {fast.pipe_names}")
    documents = tokens = differing_docs = differing_tokens = 0
    t_stock = t_fast = 0.0
    batch = settings.batch_size
    for offset in range(0, len(texts), batch):
        chunk = texts[offset : offset + batch]
        start = time.process_time()
        docs_a = list(stock.pipe(chunk, batch_size=batch))
        middle = time.process_time()
        docs_b = list(fast.pipe(chunk, batch_size=batch))
        t_stock += middle - start
        t_fast += time.process_time() - middle
        for index, (a, b) in enumerate(zip(docs_a, docs_b, strict=True)):
            documents += 1
            tokens += len(a)
            found = list(differences(a, b))
            if found:
                differing_docs += 1
                differing_tokens += sum(1 for f in found if f.startswith("token "))
                print(f"document {offset + index}:", *found, sep="\n  ")
        print(f"  ... {documents} documents checked", file=sys.stderr)
    print(
        f"{documents} documents, {tokens} tokens from {', '.join(args.gold)}: "
        f"{differing_docs} documents and {differing_tokens} tokens differ "
        f"(compared {', '.join(COMPARED)} and entity spans)"
    )
    print(f"CPU seconds: stock {t_stock:.1f}, hearsay {t_fast:.1f} (interleaved batches)")
    return 1 if differing_docs else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", nargs="+", default=[DEFAULT_GOLD])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--chunk", type=int, default=8, help="documents per interleaved turn")
    args = parser.parse_args()
    if args.check:
        sys.exit(check(args))
    speed(args)


if __name__ == "__main__":
    main()
