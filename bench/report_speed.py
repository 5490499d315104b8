"""How long ``render_report`` takes, and how big the page gets, as a corpus grows.

Builds synthetic dossiers (generated words, no bench-data needed) with a fixed density per
document -- 60 entity mentions, 8 attributions with speaker and cue, 5 claim mentions,
10 segments -- and times the renderer alone (CPU seconds, so other load on the machine
matters less).

    .venv/bin/python bench/report_speed.py --documents 250 1000
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from typing import Any

from hearsay.report import render_report

WORDS = ("the", "river", "dam", "talks", "minister", "said", "according", "to", "sources",
         "reported", "blocked", "water", "council", "agreed", "denied", "officials")  # fmt: skip
STANCES = ("asserts", "relays", "disputes", "questions")


def synthetic_dossier(n_documents: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    names = [f"Name{i} Person{i}" for i in range(200)]
    entities = [
        {"id": f"e{i}", "name": n, "type": ("PERSON", "ORG", "GPE", "NORP")[i % 4],
         "aliases": [], "roles": [], "mentions": []}
        for i, n in enumerate(names)
    ]  # fmt: skip
    claims = [
        {"id": f"k{k}", "text": f"claim {k} about the dam", "mentions": []} for k in range(300)
    ]
    documents, attributions = [], []
    for d in range(n_documents):
        doc_id, parts, sentences, position = f"d{d}", [], [], 0
        for _ in range(60):
            words = [rng.choice(WORDS) for _ in range(12)]
            e = rng.randrange(len(names))
            head = " ".join(words[:5]) + " "
            sentence = head + names[e] + " " + " ".join(words[5:]) + ". "
            start = position + len(head)
            entities[e]["mentions"].append(
                {"document_id": doc_id, "start": start, "end": start + len(names[e]),
                 "text": names[e], "role": None, "resolved_by": "ner"}
            )  # fmt: skip
            sentences.append((position, position + len(sentence) - 1))
            parts.append(sentence)
            position += len(sentence)
        text = "".join(parts)
        for j in range(8):
            a, b = sentences[rng.randrange(len(sentences))]
            attributions.append(
                {"id": f"a{d}-{j}", "document_id": doc_id, "kind": "indirect",
                 "speaker": {"text": text[a:a + 5], "start": a, "end": a + 5,
                             "entity_id": None, "anonymous": False},
                 "cue": {"text": text[a + 6:a + 10], "start": a + 6, "end": a + 10,
                         "lean": "neutral"},
                 "addressee": None, "content": {"text": text[a + 11:b], "start": a + 11, "end": b},
                 "via": [], "parent_id": None, "hedges": [], "date": None, "occasion": None,
                 "channel": None, "segment_id": None, "confidence": 0.5}
            )  # fmt: skip
        for _ in range(5):
            a, b = sentences[rng.randrange(len(sentences))]
            claims[rng.randrange(len(claims))]["mentions"].append(
                {"document_id": doc_id, "start": a, "end": b, "text": text[a:b],
                 "stance": rng.choice(STANCES), "stance_scores": {}, "attribution_id": None,
                 "speaker": None, "speaker_entity_id": None, "via": [],
                 "outlet": f"Outlet {d % 50}"}
            )  # fmt: skip
        segments = [
            {"id": f"s{d}-{i}", "kind": "title" if i == 0 else "body", "start": a, "end": b,
             "language": "en"}
            for i, (a, b) in enumerate(sentences[:10])
        ]  # fmt: skip
        documents.append(
            {"id": doc_id, "source_path": f"corpus/{d}.txt", "title": f"Document {d}",
             "genre": "news_report", "genre_evidence": ["dateline"], "language": "en",
             "text": text, "removed": [{"text": "Home", "reason": "menu"}], "segments": segments}
        )  # fmt: skip
    sources = [
        {"id": f"src{o}", "name": f"Outlet {o}", "kind": "outlet", "entity_id": None,
         "asserts": [], "relays": [], "disputes": [], "questions": []}
        for o in range(50)
    ]  # fmt: skip
    return {"schema_version": "1.0", "documents": documents, "entities": entities,
            "attributions": attributions, "claims": claims, "contradictions": [],
            "sources": sources, "skipped": []}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[250, 1000])
    args = parser.parse_args()
    render_report(synthetic_dossier(2))  # compile the template outside the timing
    print(f"{'documents':>9} {'mentions':>8} {'quotes':>6} {'CPU s':>6} {'ms/doc':>6} {'MB':>6}")
    for n in args.documents:
        dossier = synthetic_dossier(n)
        mentions = sum(len(e["mentions"]) for e in dossier["entities"])
        started = time.process_time()
        html = render_report(dossier)
        seconds = time.process_time() - started
        print(
            f"{n:>9} {mentions:>8} {len(dossier['attributions']):>6} {seconds:>6.2f} "
            f"{1000 * seconds / n:>6.1f} {len(html.encode('utf-8')) / 1e6:>6.1f}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
