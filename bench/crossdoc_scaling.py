"""How the cross-document stage's cost grows with the corpus: 1k, 2k, 4k, 8k documents.

    .venv/bin/python bench/crossdoc_scaling.py [--sizes 1000 2000 4000 8000] [--live-embedding]
                                               [--bodies ../shared/bench-data/fnc1/train_bodies.csv]
                                               [--increments 1]

Documents are the paragraphs of the Fake News Challenge article bodies (FNC-1 has 1,683
bodies, ~16k distinct paragraphs), so 8k documents are 8k distinct texts, not copies. Claim
mentions are built cheaply — a regular-expression sentence split, sentences of 6-60 words with a
capitalised word past the first (a proper-noun proxy, also used as the entity mention) — instead
of the full spaCy parse, which belongs to the per-document stages and is measured elsewhere.

Timed: ``hearsay.crossdoc.update_crossdoc`` alone — features, embedding, nearest-neighbour index,
placing, stance of every touched mention (hearsay.stance.mention_stance), contradictions, source
profiles, and writing it all to the store. Embedding dominates and is linear in mentions, so by
default the vectors come from a cache filled once with the real model (its throughput measured
then, on one thread) and the embedding time per size is that rate times the distinct wordings;
``--live-embedding`` embeds inside the timed stage instead (slow on a shared machine). Memory is
the peak resident set size of the process during the stage, above what it held before. The
machine is shared, so CPU seconds are printed next to wall seconds.

``--increments N`` adds each corpus in N equal builds, to show that a build costs what it adds.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from hearsay.claim_lexicon import ClaimLexicon, claim_lexicon
from hearsay.claim_text import NamedSpan, text_features
from hearsay.crossdoc import update_crossdoc
from hearsay.models import ClaimMention, Document, EntityMention
from hearsay.settings import Settings
from hearsay.store import Store

DEFAULT_BODIES = "../shared/bench-data/fnc1/train_bodies.csv"
CACHE_DIR = Path(tempfile.gettempdir()) / "hearsay-crossdoc-bench"
SENTENCE = re.compile(r"[^.!?]+[.!?]")
NAME = re.compile(r"(?<=\s)(?:[A-Z][a-zA-Z'’-]+)(?:\s+[A-Z][a-zA-Z'’-]+)*")


def paragraphs(path: str) -> list[str]:
    csv.field_size_limit(1 << 30)
    seen: set[str] = set()
    found = []
    with open(path, encoding="utf-8") as file:
        for row in csv.DictReader(file):
            for paragraph in re.split(r"\n\s*\n", row["articleBody"]):
                paragraph = " ".join(paragraph.split())
                if len(paragraph.split()) >= 8 and paragraph not in seen:
                    seen.add(paragraph)
                    found.append(paragraph)
    return found


def claims_of(doc_id: str, text: str) -> tuple[list[ClaimMention], list[EntityMention]]:
    claims, names = [], []
    for match in SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        start = match.start() + match.group(0).index(sentence)
        found = [n for n in NAME.finditer(sentence)]
        if not 6 <= len(sentence.split()) <= 60 or not found or sentence.endswith("?"):
            continue
        claims.append(
            ClaimMention(
                document_id=doc_id,
                start=start,
                end=start + len(sentence),
                text=sentence,
                stance="asserts",
                outlet=f"outlet{int(doc_id[1:]) % 40}",
            )  # fmt: skip
        )
        names.extend(
            EntityMention(
                document_id=doc_id,
                start=start + n.start(),
                end=start + n.end(),
                text=n.group(0),
                type="ORG",
                canonical=n.group(0),
            )  # fmt: skip
            for n in found
        )
    return claims, names


class CachedEmbedder:
    """Vectors of the real model, computed once per wording and kept on disk."""

    def __init__(self, cache: dict[str, np.ndarray], name: str, dimension: int) -> None:
        self.cache, self.name, self.dimension = cache, name, dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])


def fill_cache(wordings: list[str]) -> tuple[dict[str, np.ndarray], float]:
    """The real model's vectors for every wording, and its throughput (wordings per second).

    Vectors are kept in one cache that grows across runs; the throughput is the one measured
    when the cache was last filled (it needs at least 500 new wordings to be measured again).
    """
    from hearsay.embeddings import Embedder

    CACHE_DIR.mkdir(exist_ok=True)
    texts_file, vectors_file = CACHE_DIR / "wordings.json", CACHE_DIR / "vectors.npy"
    meta_file = CACHE_DIR / "throughput.json"
    cache: dict[str, np.ndarray] = {}
    if texts_file.exists() and vectors_file.exists():
        cache = dict(zip(json.loads(texts_file.read_text()), np.load(vectors_file), strict=True))
    missing = [w for w in wordings if w not in cache]
    rate = json.loads(meta_file.read_text())["per_second"] if meta_file.exists() else 0.0
    if missing:
        embedder = Embedder()
        embedder.warm_up()
        print(f"embedding {len(missing)} new wordings with the real model ...", flush=True)
        started = time.perf_counter()
        vectors = embedder.encode(missing)
        if len(missing) >= 500 or not rate:
            rate = len(missing) / (time.perf_counter() - started)
            meta_file.write_text(json.dumps({"per_second": rate}))
        cache.update(zip(missing, vectors, strict=True))
        texts_file.write_text(json.dumps(list(cache)))
        np.save(vectors_file, np.stack(list(cache.values())))
    return cache, rate


def wordings_of(texts: list[str], lexicon: ClaimLexicon) -> list[str]:
    """The embedded wording (claim core) of every claim mention, as the corpus stage makes it."""
    found = []
    for i, text in enumerate(texts):
        claims, names = claims_of(f"d{i:06d}", text)
        spans = [NamedSpan(n.start, n.end, n.text, n.canonical.casefold(), n.type) for n in names]
        found.extend(text_features(c.text, c.start, spans, lexicon).core for c in claims)
    return found


class PeakMemory:
    """Peak resident set size while running, sampled every 20 ms (psutil)."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.baseline = self.process.memory_info().rss
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(0.02)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def megabytes(self) -> float:
        return (self.peak - self.baseline) / 1e6


def store_documents(store: Store, texts: list[str], first: int) -> list[str]:
    """Save documents with their cheap claim mentions, as the per-document stages would."""
    ids = []
    for i, text in enumerate(texts, start=first):
        doc_id = f"d{i:06d}"
        claims, names = claims_of(doc_id, text)
        store.save_analysis(Document(id=doc_id, source_path=f"{doc_id}.txt", text=text), names, [])
        store.replace_claim_mentions(doc_id, claims)
        ids.append(doc_id)
    return ids


def run_size(texts: list[str], size: int, embedder: object, increments: int) -> dict[str, Any]:
    """Build the corpus stage over ``size`` documents, added in ``increments`` builds."""
    settings = Settings()
    with tempfile.TemporaryDirectory() as directory, Store.open(directory) as store:
        seconds: dict[str, float] = {}
        totals = {"mentions": 0.0, "clusters": 0.0, "contradictions_found": 0.0}
        step = math.ceil(size / increments)
        builds: list[float] = []
        memory_mb = 0.0
        for first in range(0, size, step):
            ids = store_documents(store, texts[first : min(first + step, size)], first)
            with PeakMemory() as memory:
                started = time.perf_counter()
                cpu_started = time.process_time()
                result = update_crossdoc(store, ids, settings, embedder=embedder)  # type: ignore[arg-type]
                wall = time.perf_counter() - started
                seconds["cpu"] = seconds.get("cpu", 0.0) + time.process_time() - cpu_started
            memory_mb = max(memory_mb, memory.megabytes)
            builds.append(wall - result.seconds.get("embed", 0.0))
            seconds["total"] = seconds.get("total", 0.0) + wall
            for phase, spent in result.seconds.items():
                seconds[phase] = seconds.get(phase, 0.0) + spent
            totals["mentions"] += result.new_mentions
            totals["contradictions_found"] += result.contradictions
            if any("failed" in note or "not updated" in note for note in result.notes):
                print("  notes:", "; ".join(result.notes))
        totals["clusters"] = float(
            store.db.execute("SELECT count(DISTINCT cluster_id) FROM claim_mentions").fetchone()[0]
        )
        return {**seconds, **totals, "memory_mb": memory_mb, "builds": builds}


def slope(xs: list[float], ys: list[float]) -> float:
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-9)) for y in ys]
    mean_x, mean_y = sum(lx) / len(lx), sum(ly) / len(ly)
    cov = sum((a - mean_x) * (b - mean_y) for a, b in zip(lx, ly, strict=True))
    var = sum((a - mean_x) ** 2 for a in lx)
    return cov / var if var else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bodies", default=DEFAULT_BODIES)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--live-embedding", action="store_true")
    parser.add_argument("--increments", type=int, default=1, help="builds per corpus")
    parser.add_argument("--repeat", type=int, default=2, help="runs per size; the fastest counts")
    args = parser.parse_args()
    if not Path(args.bodies).is_file():
        print(f"no FNC bodies at {args.bodies}", file=sys.stderr)
        return 1
    texts = paragraphs(args.bodies)
    sizes = sorted(args.sizes)
    if sizes[-1] > len(texts):
        print(f"only {len(texts)} distinct paragraphs; sizes capped", file=sys.stderr)
        sizes = [s for s in sizes if s <= len(texts)] or [len(texts)]
    lexicon = claim_lexicon()
    wordings = sorted(set(wordings_of(texts[: sizes[-1]], lexicon)))
    rate = 0.0
    if args.live_embedding:
        from hearsay.embeddings import Embedder

        embedder: object = Embedder()
    else:
        cache, rate = fill_cache(wordings)
        from hearsay.embeddings import DIMENSION, MODEL_PACKAGE

        embedder = CachedEmbedder(cache, MODEL_PACKAGE, DIMENSION)
    print(
        f"cross-document stage, FNC-1 body paragraphs as documents, {args.increments} build(s) "
        f"per corpus, fastest of {args.repeat} run(s), one thread"
        + (f"; embedding measured at {rate:.0f} wordings/s" if rate else "; live embedding")
    )
    header = (
        f"{'docs':>6} {'mentions':>8} {'clusters':>8} {'contra':>6} {'stage s':>8} "
        f"{'ms/doc':>7} {'cpu s':>6} {'embed s':>8} {'features s':>10} {'index s':>7} "
        f"{'place s':>7} {'stance s':>8} "
        f"{'contra s':>8} {'profile s':>9} {'peak MB':>8}"
    )
    print(header)
    rows = []
    for size in sizes:
        runs = [run_size(texts, size, embedder, args.increments) for _ in range(args.repeat)]
        # The machine is shared: the least disturbed run is the best estimate of the cost.
        figures = min(runs, key=lambda f: f["total"] - f.get("embed", 0.0))
        distinct = len(set(wordings_of(texts[:size], lexicon)))
        embed = figures.get("embed", 0.0) if args.live_embedding else distinct / rate
        stage = figures["total"] - figures.get("embed", 0.0)  # without the embedding
        rows.append((size, stage, embed, figures["cpu"] - figures.get("embed", 0.0)))
        print(
            f"{size:>6} {figures['mentions']:>8.0f} {figures['clusters']:>8.0f} "
            f"{figures['contradictions_found']:>6.0f} {stage:>8.1f} {1000 * stage / size:>7.2f} "
            f"{figures['cpu'] - figures.get('embed', 0.0):>6.1f} {embed:>8.1f} "
            f"{figures.get('features', 0):>10.1f} {figures.get('index', 0):>7.1f} "
            f"{figures.get('cluster', 0):>7.2f} "
            f"{figures.get('stance', 0):>8.1f} {figures.get('contradictions', 0):>8.1f} "
            f"{figures.get('profiles', 0):>9.1f} {figures['memory_mb']:>8.0f}",
            flush=True,
        )
        if args.increments > 1:
            each = ", ".join(f"{b:.1f}" for b in figures["builds"])
            print(f"{'':>6} builds of {math.ceil(size / args.increments)} documents: {each} s")
    if len(rows) > 1:
        xs = [float(r[0]) for r in rows]
        stage_slope = slope(xs, [r[1] for r in rows])
        cpu_slope = slope(xs, [r[3] for r in rows])
        embed_slope = slope(xs, [r[2] for r in rows])
        print(
            f"log-log slope vs documents: stage without embedding {stage_slope:.2f} (wall), "
            f"{cpu_slope:.2f} (CPU); embedding {embed_slope:.2f} "
            "(1 = linear; n log n over this range is about 1.1)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
