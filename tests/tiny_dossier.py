"""A tiny dossier written by hand, for tests of the read side (API, CLI queries)."""

import json
from pathlib import Path

HOSTILE = '<script>alert("x")</script>'


def write_tiny_dossier(folder: Path) -> Path:
    """A hand-written dossier.json (one document, two claims, two sources) in ``folder``."""
    text = f"Vale spoke in Kessa. {HOSTILE}"
    dossier = {
        "schema_version": "1.0",
        "stats": {"documents": 1},
        "documents": [{
            "id": "d1", "source_path": "a.txt", "title": HOSTILE, "genre": "news_report",
            "language": "en", "published": None, "text": text, "removed": [],
            "segments": [{"id": "s1", "kind": "body", "start": 0, "end": len(text)}],
        }],
        "entities": [{"id": "e1", "name": "Orin Vale", "type": "PERSON", "aliases": ["Vale"],
                      "roles": [], "mentions": [{"document_id": "d1", "start": 0, "end": 4,
                                                 "text": "Vale"}]}],
        "attributions": [],
        "claims": [
            {"id": "c1aa", "text": "Vale spoke in Kessa.", "mentions": [
                {"document_id": "d1", "start": 0, "end": 20, "text": "Vale spoke in Kessa.",
                 "stance": "asserts"}]},
            {"id": "c2bb", "text": "The port is closed.", "mentions": []},
        ],
        "contradictions": [
            {"id": "x1", "claim_id": "c1aa", "kind": "negation", "explanation": "one denies it",
             "a": {"document_id": "d1", "start": 0, "end": 4, "text": "Vale"},
             "b": {"document_id": "d1", "start": 0, "end": 4, "text": "Vale"}},
        ],
        "sources": [
            {"id": "s1", "name": "Kessa Daily", "kind": "outlet", "asserts": ["c1aa"],
             "relays": [], "disputes": ["c2bb"], "questions": []},
            {"id": "s2", "name": "Orin Vale", "kind": "speaker", "asserts": [], "relays": [],
             "disputes": [], "questions": []},
        ],
        "skipped": [],
    }
    (folder / "dossier.json").write_text(json.dumps(dossier), encoding="utf-8")
    return folder
