"""Query latency and peak memory: a dossier read from its store (SQL, a page at a time) against
the same dossier read from dossier.json (all of it in memory).

    python bench/query_speed.py --docs 2000 20000          # synthetic dossiers in a temp dir
    python bench/query_speed.py --dossier out/crawl        # an existing dossier directory

A synthetic dossier is written with the store's own write API (documents of ~3 KB with
segments, entity mentions, attributions; claims, contradictions and source profiles) and
exported with hearsay.dossier.write_dossier. Each (query, reader) runs in a fresh process, so
the peak RSS it reports is that query's (the interpreter and imports alone are the "startup"
row). Latency includes opening the dossier, as a CLI command does.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hearsay import queries
from hearsay.dossier import DOSSIER_JSON, load_dossier, write_dossier
from hearsay.models import (
    Attribution,
    ClaimCluster,
    ClaimMention,
    Contradiction,
    ContradictionSide,
    Cue,
    Document,
    Entity,
    EntityMention,
    Segment,
    SourceProfile,
    Speaker,
    TextSpan,
)
from hearsay.settings import Settings
from hearsay.store import Store
from hearsay.store_queries import StoreReader

WORDS = ["port", "closed", "minister", "said", "coast", "guard", "vessel", "harbour", "officials",
         "denied", "report"]
PEOPLE = [f"Person{i}" for i in range(2000)]
OUTLETS = [f"Outlet{i}" for i in range(300)]
GENRES = ["news_report", "analysis", "forum_thread", "official_statement"]


def _sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthesize(directory: Path, n_docs: int, seed: int = 0) -> None:
    """A dossier of ``n_docs`` documents written through the store, then dossier.json."""
    rng = random.Random(seed)
    entities = {p: Entity(id=Entity.make_id("PERSON", p), name=p, type="PERSON") for p in PEOPLE}
    claims: dict[str, list[ClaimMention]] = {}
    with Store.open(directory) as store:
        for i in range(n_docs):
            text = " ".join(_sentence(rng) for _ in range(30))
            doc_id = f"{i:016x}"
            segments = [
                Segment(id=f"{doc_id}-{k}", kind="body", start=k * 300, end=(k + 1) * 300,
                        language="en")
                for k in range(len(text) // 300)
            ]
            document = Document(
                id=doc_id, source_path=f"crawl/{i:07d}.html", title=f"Story {i}", text=text,
                genre=rng.choice(GENRES), segments=segments, language="en",
                source=rng.choice(OUTLETS),
            )
            mentions, attributions = [], []
            for k in range(8):
                person = rng.choice(PEOPLE)
                start = k * 350
                mentions.append(EntityMention(
                    document_id=doc_id, start=start, end=start + len(person), text=person,
                    type="PERSON", canonical=person, entity_id=entities[person].id,
                ))
                if k % 2 == 0:
                    content = TextSpan(text=text[start + 40 : start + 140], start=start + 40,
                                       end=start + 140)
                    attributions.append(Attribution(
                        id=Attribution.make_id(doc_id, content.start, content.end),
                        document_id=doc_id, kind="indirect", content=content,
                        speaker=Speaker(text=person, start=start, end=start + len(person),
                                        entity_id=entities[person].id),
                        cue=Cue(text="said", start=start + 20, end=start + 24),
                    ))
                    claim = f"claim{rng.randrange(max(1, n_docs // 2)):08d}"
                    claims.setdefault(claim, []).append(ClaimMention(
                        document_id=doc_id, start=content.start, end=content.end,
                        text=content.text, stance=rng.choice(["asserts", "relays", "disputes"]),
                        speaker=person, outlet=document.source,
                    ))
            store.save_analysis(document, mentions, attributions)
        store.replace_entities(entities.values(), [])
        clusters = [
            ClaimCluster(id=cid, text=ms[0].text, mentions=ms, size=len(ms),
                         support=len({m.document_id for m in ms}))
            for cid, ms in claims.items()
        ]
        store.replace_corpus_records("claims", clusters)
        store.replace_corpus_records("contradictions", [
            Contradiction(
                id=f"x{c.id}", claim_id=c.id, kind="opposite_stance", explanation="they differ",
                a=ContradictionSide(**c.mentions[0].model_dump(include={"document_id", "start",
                                                                          "end", "text"})),
                b=ContradictionSide(**c.mentions[1].model_dump(include={"document_id", "start",
                                                                          "end", "text"})),
            )
            for c in clusters if len(c.mentions) > 1 and rng.random() < 0.1
        ])
        profiles: dict[str, dict[str, list[str]]] = {}
        for c in clusters:
            for m in c.mentions:
                for name in (m.outlet, m.speaker):
                    stances = profiles.setdefault(name or "?", {})
                    stances.setdefault(m.stance, []).append(c.id)
        store.replace_corpus_records("sources", [
            SourceProfile(id=f"s{i}", name=name, kind="outlet" if name in OUTLETS else "speaker",
                          **{k: sorted(set(v)) for k, v in stances.items()})
            for i, (name, stances) in enumerate(sorted(profiles.items()))
        ])
        write_dossier(store, directory, Settings(report_documents=50))


QUERIES = {
    "startup": lambda r: 0,
    "summary": lambda r: len(r.summary()["stats"]),
    "claims page 1 (API)": lambda r: len(r.claims().page(0, 50)[1]),
    "claims --about (CLI)": lambda r: sum(1 for _ in r.claims(about="vessel harbour")),
    "claims --contested (CLI)": lambda r: sum(1 for _ in r.claims(contested=True)),
    "claims --stance page 1 (API)": lambda r: len(r.claims(stance="disputes").page(0, 50)[1]),
    "quotes --speaker (CLI)": lambda r: sum(1 for _ in r.quotes(speaker="person17")),
    "quotes deep page (API)": lambda r: len(r.quotes().page(10_000, 50)[1]),
    "entities page 1 (API)": lambda r: len(r.entities().page(0, 50)[1]),
    "sources --kind outlet (CLI)": lambda r: sum(1 for _ in r.sources(kind="outlet")),
    "one claim by prefix (API)": lambda r: r.claim("claim0000001") is not None,
}


def run_one(directory: Path, mode: str, query: str) -> dict[str, Any]:
    started = time.perf_counter()
    reader: queries.Reader | None
    if mode == "store":
        reader = StoreReader.open(directory)
        assert reader is not None, f"no store in {directory}"
    else:
        reader = queries.JsonReader(load_dossier(directory)) if query != "startup" else None
    result = QUERIES[query](reader)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mib": _peak_rss_mib(), "result": result}


def _peak_rss_mib() -> float:
    """This process's peak resident memory since exec (ru_maxrss would count the parent's
    memory at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(directory: Path) -> None:
    size = (directory / DOSSIER_JSON).stat().st_size / 2**20
    db = (directory / "hearsay.db").stat().st_size / 2**20
    print(f"\n{directory}: dossier.json {size:.0f} MiB, hearsay.db {db:.0f} MiB")
    print(f"{'query':30} {'store s':>8} {'store MiB':>10} {'json s':>8} {'json MiB':>9}")
    for query in QUERIES:
        row = []
        for mode in ("store", "json"):
            out = subprocess.run(
                [sys.executable, __file__, "--run", str(directory), mode, query],
                check=True, capture_output=True, text=True,
            ).stdout
            row.append(json.loads(out))
        store, js = row
        assert store["result"] == js["result"] or query == "startup", (query, store, js)
        print(f"{query:30} {store['seconds']:8.3f} {store['peak_mib']:10.0f} "
              f"{js['seconds']:8.3f} {js['peak_mib']:9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="*", default=[2000, 20000])
    parser.add_argument("--dossier", type=Path, help="an existing dossier directory instead")
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        directory, mode, query = args.run
        print(json.dumps(run_one(Path(directory), mode, query)))
        return
    if args.dossier:
        measure(args.dossier)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.docs:
            directory = Path(tmp) / f"n{n}"
            started = time.perf_counter()
            synthesize(directory, n)
            print(f"synthesized {n} documents in {time.perf_counter() - started:.0f} s")
            measure(directory)


if __name__ == "__main__":
    main()
