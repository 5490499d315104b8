from pathlib import Path

from fastapi.testclient import TestClient
from tiny_dossier import CONTESTED, HOSTILE, write_disputed_dossier
from tiny_dossier import write_tiny_dossier as _dossier

from hearsay.api import create_app


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


def test_claims_sources_and_contradictions(tmp_path: Path) -> None:
    with TestClient(create_app(_dossier(tmp_path))) as client:
        assert client.get("/api/claims", params={"about": "KESSA"}).json()["total"] == 1
        assert client.get("/api/claims", params={"min_mentions": 1}).json()["total"] == 1
        assert client.get("/api/claims/c1").json()["text"] == "Vale spoke in Kessa."
        assert client.get("/api/claims/c").status_code == 404  # ambiguous prefix
        assert client.get("/api/contradictions", params={"claim": "c2"}).json()["total"] == 0
        assert client.get("/api/contradictions", params={"claim": "c1"}).json()["total"] == 1
        outlets = client.get("/api/sources", params={"kind": "outlet"}).json()
        assert outlets["total"] == 1
        profile = outlets["items"][0]
        assert profile["asserts"] == [{"id": "c1aa", "text": "Vale spoke in Kessa."}]
        assert profile["disputes"] == [{"id": "c2bb", "text": "The port is closed."}]
        page = client.get("/api/sources", params={"offset": 1, "limit": 1}).json()
        assert page["total"] == 2 and page["offset"] == 1
        assert page["items"][0]["name"] == "Orin Vale"  # the silent source sorts last


def test_claims_sources_take_both_sides_of_and_claims_by_stance(tmp_path: Path) -> None:
    with TestClient(create_app(write_disputed_dossier(tmp_path))) as client:

        def ids(**params: object) -> list[str]:
            answer = client.get("/api/claims", params=params)
            assert answer.status_code == 200, answer.json()
            return [c["id"] for c in answer.json()["items"]]

        assert ids(contested=True) == CONTESTED  # k2 quotes both sides in one article
        assert ids(contested=False) == ["k4", "k1", "k2", "k3", "k5"]
        assert ids(stance="relays") == ["k4", "k3"]
        assert ids(stance="questions", contested=True, limit=1) == ["k4"]
        bad = client.get("/api/claims", params={"stance": "denies"})
        assert bad.status_code == 422
        assert bad.json()["error"]["code"] == "invalid_request"
        assert "'asserts', 'relays', 'disputes' or 'questions'" in bad.json()["error"]["message"]
