import json
from pathlib import Path

from fastapi.testclient import TestClient

from hearsay.api import create_app

HOSTILE = '<script>alert("x")</script>'


def _dossier(folder: Path) -> Path:
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
        "attributions": [], "claims": [], "contradictions": [], "sources": [], "skipped": [],
    }
    (folder / "dossier.json").write_text(json.dumps(dossier), encoding="utf-8")
    return folder


def test_lists_and_filters(tmp_path: Path) -> None:
    with TestClient(create_app(_dossier(tmp_path))) as client:
        assert client.get("/api/summary").json()["stats"] == {"documents": 1}
        page = client.get("/api/documents", params={"genre": "news_report"}).json()
        assert page["total"] == 1 and page["items"][0]["segments"] == 1
        assert client.get("/api/entities", params={"type": "GPE"}).json()["total"] == 0
        assert client.get("/api/entities", params={"type": "person"}).json()["total"] == 1


def test_hostile_text_comes_back_as_data_not_markup(tmp_path: Path) -> None:
    with TestClient(create_app(_dossier(tmp_path))) as client:
        response = client.get("/api/documents/d1")
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["title"] == HOSTILE


def test_one_error_shape(tmp_path: Path) -> None:
    with TestClient(create_app(_dossier(tmp_path))) as client:
        missing = client.get("/api/documents/nope")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "http_404"
        bad = client.get("/api/entities", params={"limit": 0})
        assert bad.status_code == 422
        assert bad.json()["error"]["code"] == "invalid_request"
