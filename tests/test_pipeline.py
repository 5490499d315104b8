"""The build end to end on a small corpus written for these tests (tests/fixtures/mini)."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hearsay.cli import EXIT_SKIPPED, app
from hearsay.errors import MissingInputError
from hearsay.pipeline import build
from hearsay.settings import load_settings
from hearsay.store import Store

MINI = Path(__file__).parent / "fixtures" / "mini"
SETTINGS = load_settings(claims=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("dossier")
    return out, build([str(MINI)], out, SETTINGS)


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_goes_on(built) -> None:
    out, report = built
    skipped = {Path(s.source_path).name: s.reason for s in report.skipped}
    assert set(skipped) == {"empty.txt", "leaked_memo.pdf", "photo.bin"}
    assert "PDF" in skipped["leaked_memo.pdf"]
    assert len(report.added) == 2  # the report and the forum thread


def test_exact_duplicates_are_merged(built) -> None:
    out, report = built
    assert [Path(path).name for path, _ in report.merged] == ["harbour_report_copy.txt"]
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    report_doc = next(d for d in dossier["documents"] if d["source_path"].endswith("report.txt"))
    assert [Path(p).name for p in report_doc["also_at"]] == ["harbour_report_copy.txt"]


def test_dossier_files_and_keys(built) -> None:
    out, _ = built
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    for key in ("schema_version", "documents", "entities", "skipped", "attributions",
                "claims", "contradictions", "sources"):
        assert key in dossier
    assert (out / "report.html").read_text(encoding="utf-8").lstrip().lower().startswith(
        "<!doctype html"
    )
    for document in dossier["documents"]:
        for segment in document["segments"]:
            assert 0 <= segment["start"] < segment["end"] <= len(document["text"])
    for entity in dossier["entities"]:
        for mention in entity["mentions"]:
            doc = next(d for d in dossier["documents"] if d["id"] == mention["document_id"])
            assert doc["text"][mention["start"]:mention["end"]] == mention["text"]


def test_chrome_is_removed_and_kept_aside(built) -> None:
    out, _ = built
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    doc = next(d for d in dossier["documents"] if d["source_path"].endswith("report.txt"))
    assert "Home »" not in doc["text"]
    assert any("Home »" in r["text"] for r in doc["removed"])
    assert "Those who accuse us should show their evidence." in doc["text"]


def test_rerun_changes_nothing_and_new_files_add_only_themselves(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(MINI / "harbour_report.txt", corpus)
    out = tmp_path / "out"
    first = build([str(corpus)], out, SETTINGS)
    assert len(first.added) == 1
    with Store.open(out) as store:
        before = (store.document_count(), len(store.mentions()), len(store.attributions()))
    again = build([str(corpus)], out, SETTINGS)
    assert again.added == [] and again.unchanged == 1
    with Store.open(out) as store:
        assert (store.document_count(), len(store.mentions()), len(store.attributions())) == before
    shutil.copy(MINI / "harbour_forum.txt", corpus)
    third = build([str(corpus)], out, SETTINGS)
    assert len(third.added) == 1 and third.unchanged == 1


def test_missing_path_fails_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(MissingInputError):
        build([str(MINI / "harbour_report.txt"), str(tmp_path / "nope")], tmp_path / "o", SETTINGS)
    assert not (tmp_path / "o" / "hearsay.db").exists()


def test_cli_build_show_entities(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(MINI), "--out", str(out), "--no-claims"])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "report:" in result.output and "skipped" in result.output
    shown = runner.invoke(app, ["show", str(out)])
    assert shown.exit_code == 0 and "forum_thread" in shown.output
    listed = runner.invoke(app, ["entities", str(out), "--type", "PERSON", "--json"])
    assert listed.exit_code == 0
    assert any(e["name"] == "Orin Vale" for e in json.loads(listed.output))
    missing = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(out)])
    assert missing.exit_code == 1


def test_cli_on_a_folder_that_is_not_a_dossier(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["show", str(tmp_path)])
    assert result.exit_code == 1
    assert "no dossier" in result.output


def test_two_spacy_processes_give_what_one_gives(built, tmp_path: Path) -> None:
    """With jobs > 1 spaCy parses in worker processes, which must load the same pipeline
    (hearsay's batched decoders and attribute stand-ins included): same entities, same
    attributions, byte for byte."""
    out, _ = built
    build([str(MINI)], tmp_path, load_settings(claims=False, jobs=2))

    def records(directory: Path) -> tuple[list[str], list[str]]:
        with Store.open(directory) as store:
            mentions = sorted(m.model_dump_json() for m in store.mentions())
            attributions = sorted(a.model_dump_json() for a in store.attributions())
        return mentions, attributions

    one, two = records(out), records(tmp_path)
    assert one[1] and one == two
