import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_export_csv import COLUMNS, FORMULA, FORMULA_TITLE, _csv, _hostile_dossier, _store_of
from tiny_dossier import CONTESTED, HOSTILE, write_disputed_dossier
from tiny_dossier import write_tiny_dossier as _dossier

from hearsay import export_csv
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


# Each download with the filters of a CLI listing (the API lists claims with one mention or more).
DOWNLOADS = [
    ("quotes", {}), ("quotes", {"speaker": "vale"}), ("quotes", {"speaker": "diplomat"}),
    ("quotes", {"document": "d2"}), ("quotes", {"speaker": "nobody"}),
    ("claims", {}), ("claims", {"min_mentions": 2}), ("claims", {"about": "dam"}),
    ("claims", {"stance": "disputes"}), ("claims", {"contested": True}),
    ("contradictions", {}), ("contradictions", {"claim": "k1"}),
    ("sources", {}), ("sources", {"kind": "speaker"}), ("sources", {"name": "front"}),
    ("entities", {}), ("entities", {"type": "org"}),
]


def _cli_args(filters: dict[str, object]) -> list[str]:
    """``{"min_mentions": 2, "contested": True}`` as ``--min-mentions 2 --contested``."""
    args: list[str] = []
    for name, value in filters.items():
        option = "--" + name.replace("_", "-")
        args += [option] if value is True else [option, str(value)]
    return args


def _download(client: TestClient, listing: str, **params: object) -> list[list[str]]:
    """The CSV file the browser would save, parsed as a spreadsheet would (after its BOM)."""
    response = client.get(f"/api/{listing}.csv", params=params)
    assert response.status_code == 200, response.text
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def hostile_stores(tmp_path: Path) -> tuple[Path, Path]:
    """The hostile dossier of test_export_csv as dossier.json alone, and as a store."""
    json_dir = tmp_path / "json"
    json_dir.mkdir()
    return json_dir, _store_of(_hostile_dossier(json_dir), tmp_path / "store")


@pytest.mark.parametrize(("listing", "filters"), DOWNLOADS, ids=str)
def test_each_download_is_the_cli_csv_of_the_same_filters(
    hostile_stores: tuple[Path, Path], listing: str, filters: dict[str, object]
) -> None:
    for directory in hostile_stores:
        with TestClient(create_app(directory)) as client:
            header, *rows = _download(client, listing, **filters)
            assert tuple(header) == COLUMNS[listing]
            assert [header, *rows] == _csv(listing, str(directory), *_cli_args(filters), "--csv")
            if listing not in ("claims", "sources"):  # those two give a row per mention, stance
                total = client.get(f"/api/{listing}", params=filters).json()["total"]
                assert len(rows) == total


def test_a_download_is_a_named_utf8_csv_file(tmp_path: Path) -> None:
    with TestClient(create_app(write_disputed_dossier(tmp_path))) as client:
        for listing in COLUMNS:
            response = client.get(f"/api/{listing}.csv")
            assert response.headers["content-type"] == "text/csv; charset=utf-8"
            assert response.headers["content-disposition"] == (
                f'attachment; filename="hearsay-{listing}.csv"'
            )


def test_a_download_is_the_whole_listing_not_a_page(tmp_path: Path) -> None:
    with TestClient(create_app(write_disputed_dossier(tmp_path))) as client:
        page = client.get("/api/claims", params={"limit": 1}).json()
        _, *rows = _download(client, "claims", limit=1, offset=1)
        assert len(page["items"]) == 1 and page["total"] == len({row[0] for row in rows}) > 1


def test_a_download_refuses_bad_filters_as_the_listing_does(tmp_path: Path) -> None:
    with TestClient(create_app(write_disputed_dossier(tmp_path))) as client:
        for params in ({"stance": "denies"}, {"min_mentions": 0}, {"contested": "maybe"}):
            listing = client.get("/api/claims", params=params)
            download = client.get("/api/claims.csv", params=params)
            assert download.status_code == listing.status_code == 422
            assert download.json() == listing.json()
            assert download.json()["error"]["code"] == "invalid_request"


def test_no_downloaded_cell_starts_a_formula(hostile_stores: tuple[Path, Path]) -> None:
    _, store_dir = hostile_stores
    with TestClient(create_app(store_dir)) as client:
        cells = {
            listing: [cell for row in _download(client, listing) for cell in row]
            for listing in COLUMNS
        }
    everything = [cell for found in cells.values() for cell in found]
    assert not [c for c in everything if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {"'" + FORMULA, "'" + FORMULA_TITLE, "'@evil"} <= set(cells["quotes"])
    assert {"'+1 dead at the dam", "'-5 killed", "'=cmd"} <= set(cells["claims"])
    assert {"'@SUM(1)", "'-denied"} <= set(cells["contradictions"])
    assert "'-Front Daily" in cells["sources"] and "'=Kessa Front" in cells["entities"]


def test_the_download_streams_in_pieces_that_add_up_to_the_file() -> None:
    rows = [[f"row {i}", i] for i in range(50)]
    written = io.StringIO(newline="")
    export_csv.write(written, ("text", "number"), rows)
    pieces = list(export_csv.pieces(("text", "number"), iter(rows), size=100))
    assert len(pieces) > 1 and all(pieces)
    assert "".join(pieces) == written.getvalue()
