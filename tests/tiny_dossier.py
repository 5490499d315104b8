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


def _mention(document_id: str, stance: str, text: str) -> dict[str, object]:
    return {"document_id": document_id, "start": 0, "end": len(text), "text": text,
            "stance": stance}


# Claims two documents take sides on, most mentioned first (as a built dossier lists them), and
# which of them sources dispute across documents.
DISPUTED_CLAIMS = [
    {"id": "k4", "text": "Troops crossed the river.", "mentions": [
        _mention("d1", "asserts", "Troops crossed the river, the army said."),
        _mention("d1", "questions", "Villagers doubt troops crossed the river."),
        _mention("d2", "relays", "Troops reportedly crossed the river.")]},
    {"id": "k1", "text": "The dam was sabotaged.", "mentions": [
        _mention("d1", "asserts", "The dam was sabotaged."),
        _mention("d2", "disputes", "Officials denied the dam was sabotaged.")]},
    {"id": "k2", "text": "The minister resigned.", "mentions": [  # one article, both sides
        _mention("d1", "asserts", "The minister resigned, an aide said."),
        _mention("d1", "questions", "Others asked whether the minister resigned.")]},
    {"id": "k3", "text": "The port is closed.", "mentions": [  # both documents agree
        _mention("d1", "relays", "The port is closed, according to Reuters."),
        _mention("d2", "relays", "The port is said to be closed.")]},
    {"id": "k5", "text": "The bridge fell.", "mentions": [
        _mention("d2", "questions", "Did the bridge fall?")]},
]
CONTESTED = ["k4", "k1"]


def write_disputed_dossier(folder: Path) -> Path:
    """The tiny dossier with a second document and, as its claims, ``DISPUTED_CLAIMS``."""
    write_tiny_dossier(folder)
    path = folder / "dossier.json"
    dossier = json.loads(path.read_text(encoding="utf-8"))
    second = dict(dossier["documents"][0], id="d2", source_path="b.txt", title="Second report")
    dossier["documents"].append(second)
    dossier["claims"] = DISPUTED_CLAIMS
    path.write_text(json.dumps(dossier), encoding="utf-8")
    return folder
