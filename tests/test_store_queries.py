"""The query commands and the API read a built dossier's store with SQL; their answers must be
exactly those of the same dossier's dossier.json (read when a dossier has no store)."""

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tiny_dossier import CONTESTED, DISPUTED_CLAIMS, write_disputed_dossier, write_tiny_dossier
from typer.testing import CliRunner

from hearsay import queries
from hearsay.api import create_app
from hearsay.cli import app
from hearsay.errors import UnknownStanceError
from hearsay.models import ClaimCluster, Skipped
from hearsay.store import DB_NAME, Store
from hearsay.store_queries import StoreReader

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example corpus built with its store, and a copy holding only its dossier.json."""
    store_dir = tmp_path_factory.mktemp("built")
    result = runner.invoke(app, ["build", str(CORPUS), "--out", str(store_dir)])
    assert result.exit_code == 0, result.output
    json_dir = tmp_path_factory.mktemp("jsons")  # as long as "built": same titles
    shutil.copy(store_dir / "dossier.json", json_dir / "dossier.json")
    return store_dir, json_dir


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


COMMANDS = [
    ["entities"], ["entities", "--type", "person"], ["entities", "--type", "GPE"],
    ["quotes"], ["quotes", "--speaker", "MINISTER"], ["quotes", "--speaker", "nobody at all"],
    ["claims"], ["claims", "--min-mentions", "2"], ["claims", "--about", "Port"],
    ["claims", "--min-mentions", "0"], ["claims", "--contested"],
    ["claims", "--stance", "disputes"], ["claims", "--stance", "relays", "--about", "port"],
    ["contradictions"], ["sources"], ["sources", "--kind", "outlet"], ["sources", "--name", "a"],
]


def test_the_store_is_read_when_there_is_one(built: tuple[Path, Path]) -> None:
    store_dir, json_dir = built
    assert isinstance(queries.open_dossier(store_dir), StoreReader)
    assert isinstance(queries.open_dossier(json_dir), queries.JsonReader)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_cli_answers_from_the_store_equal_those_from_dossier_json(
    built: tuple[Path, Path], command: list[str]
) -> None:
    store_dir, json_dir = built
    from_store = _cli(command[0], str(store_dir), *command[1:], "--json")
    assert from_store == _cli(command[0], str(json_dir), *command[1:], "--json")
    assert from_store == json.dumps(json.loads(from_store), ensure_ascii=False, indent=1) + "\n"
    as_table = _cli(command[0], str(store_dir), *command[1:])
    assert as_table == _cli(command[0], str(json_dir), *command[1:])


def test_filters_that_depend_on_the_data_select_the_same_records(
    built: tuple[Path, Path],
) -> None:
    store_dir, json_dir = built
    claims = json.loads(_cli("claims", str(json_dir), "--json"))
    document = claims[0]["mentions"][0]["document_id"]
    with_contradiction = json.loads(_cli("contradictions", str(json_dir), "--json"))
    assert claims and with_contradiction, "the example corpus should have both"
    for command in (
        ["quotes", "--document", document[:5]],
        ["contradictions", "--claim", with_contradiction[0]["claim_id"][:4]],
    ):
        from_json = _cli(command[0], str(json_dir), *command[1:], "--json")
        assert json.loads(from_json), command
        assert _cli(command[0], str(store_dir), *command[1:], "--json") == from_json
    shown = _cli("show", str(store_dir)).replace(str(store_dir), "DIR")
    assert shown == _cli("show", str(json_dir)).replace(str(json_dir), "DIR")


def test_api_answers_from_the_store_equal_those_from_dossier_json(
    built: tuple[Path, Path],
) -> None:
    store_dir, json_dir = built
    with TestClient(create_app(store_dir)) as sql, TestClient(create_app(json_dir)) as js:
        claim_ids = [c["id"] for c in js.get("/api/claims", params={"limit": 500}).json()["items"]]
        document_id = js.get("/api/documents").json()["items"][3]["id"]
        urls = [
            "/api/summary", "/api/documents", "/api/documents?genre=news_report&offset=1&limit=2",
            f"/api/documents/{document_id}", "/api/documents/nope",
            "/api/entities?type=person&offset=3&limit=5", "/api/entities?offset=7&limit=11",
            "/api/quotes?speaker=minister&limit=3", "/api/quotes?offset=10&limit=7",
            f"/api/quotes?document={document_id[:6]}",
            "/api/claims?min_mentions=2&about=port", "/api/claims?offset=5&limit=3",
            "/api/claims?contested=true&limit=4", "/api/claims?stance=questions&offset=1&limit=2",
            "/api/claims?stance=denies",
            f"/api/claims/{claim_ids[0][:6]}", f"/api/claims/{claim_ids[-1]}", "/api/claims/zz",
            "/api/contradictions", "/api/sources?kind=speaker&offset=2&limit=4",
            "/api/sources?name=A",
        ]
        for url in urls:
            answer = sql.get(url)
            assert answer.status_code == js.get(url).status_code, url
            assert answer.json() == js.get(url).json(), url
        assert sql.get("/api/quotes").json()["total"] > 50


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (folder / DB_NAME, folder / f"{DB_NAME}-wal")
        if p.exists() and p.stat().st_size  # SQLite may leave an empty -wal behind
    }


def test_queries_never_write_and_never_block_a_build(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    store_dir = shutil.copytree(built[0], tmp_path / "dossier")
    before = _files(store_dir)
    for command in COMMANDS:
        _cli(command[0], str(store_dir), *command[1:], "--json")
    assert _files(store_dir) == before
    reader = StoreReader.open(store_dir)
    assert reader is not None
    with reader.connect() as db, pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM skipped")
    streaming = iter(reader.quotes())
    next(streaming)  # a reader part-way through an answer holds the database open
    skipped_before = reader.summary()["stats"]["skipped"]
    with Store.open(store_dir, create=False) as store:
        store.record_skipped(Skipped(source_path="late.txt", reason="too late"))
    assert sum(1 for _ in streaming) > 0
    assert reader.summary()["stats"]["skipped"] == skipped_before + 1
    assert [s["source_path"] for s in reader.skipped()] == ["late.txt"]


def test_a_store_without_the_dossier_tables_falls_back_to_dossier_json(tmp_path: Path) -> None:
    folder = write_tiny_dossier(tmp_path)
    (folder / DB_NAME).write_bytes(b"")
    assert isinstance(queries.open_dossier(folder), queries.JsonReader)
    assert [e["name"] for e in json.loads(_cli("entities", str(folder), "--json"))] == [
        "Orin Vale"
    ]
    assert _cli("claims", str(folder), "--about", "nothing like it", "--json") == "[]\n"


def _disputed(tmp_path: Path) -> tuple[queries.Reader, queries.Reader]:
    """The disputed claims of tiny_dossier read from dossier.json, and from a store."""
    json_dir, store_dir = tmp_path / "json", tmp_path / "store"
    json_dir.mkdir()
    with Store.open(store_dir) as store:
        store.replace_corpus_records(
            "claims", [ClaimCluster.model_validate(c) for c in DISPUTED_CLAIMS]
        )
    from_store = queries.open_dossier(store_dir)
    assert isinstance(from_store, StoreReader)
    return queries.open_dossier(write_disputed_dossier(json_dir)), from_store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["k4", "k1", "k2", "k3", "k5"]),
        ({"contested": True}, CONTESTED),  # not k2: its two sides are one article
        ({"stance": "questions"}, ["k4", "k2", "k5"]),
        ({"stance": "disputes"}, ["k1"]),
        ({"stance": "relays", "contested": True}, ["k4"]),
        ({"contested": True, "min_mentions": 3}, ["k4"]),
        ({"contested": True, "about": "DAM"}, ["k1"]),
        ({"stance": "disputes", "about": "port"}, []),
    ],
    ids=str,
)
def test_stance_and_contested_select_the_same_claims_from_store_and_json(
    tmp_path: Path, filters: dict[str, Any], expected: list[str]
) -> None:
    for reader in _disputed(tmp_path):
        found = reader.claims(**filters)
        assert [c["id"] for c in found] == expected, type(reader)
        assert found.page(0, 1)[0] == len(expected)


def test_both_readers_refuse_an_unknown_stance(tmp_path: Path) -> None:
    for reader in _disputed(tmp_path):
        with pytest.raises(UnknownStanceError, match="'denies': choose one of asserts, relays"):
            reader.claims(stance="denies")
