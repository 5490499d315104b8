"""dossier.json is streamed from the store; report.html shows a bounded number of documents."""

import json
from pathlib import Path

import pytest

from hearsay.dossier import dossier_dict, write_dossier
from hearsay.pipeline import build
from hearsay.settings import load_settings
from hearsay.store import Store

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dossier")
    build([str(MINI)], folder, load_settings(claims=False))
    return folder


def test_streamed_file_holds_what_the_store_holds(out: Path) -> None:
    written = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    with Store.open(out, create=False) as store:
        in_memory = dossier_dict(store, load_settings(claims=False))
    for key in ("documents", "entities", "attributions", "claims", "sources", "skipped", "stats"):
        assert written[key] == in_memory[key], key
    assert written["stats"]["documents"] == len(written["documents"]) == 2
    assert written["stats"]["mentions"] == sum(len(e["mentions"]) for e in written["entities"])
    counts = [len(e["mentions"]) for e in written["entities"]]
    assert counts == sorted(counts, reverse=True)  # most mentioned first


def test_one_record_per_line(out: Path) -> None:
    lines = (out / "dossier.json").read_text(encoding="utf-8").splitlines()
    document_lines = [line for line in lines if line.startswith('{"id"') and '"segments"' in line]
    assert len(document_lines) == 2
    assert all(json.loads(line.rstrip(",")) for line in document_lines)


def test_report_shows_at_most_the_configured_documents(out: Path, tmp_path: Path) -> None:
    settings = load_settings(claims=False, report_documents=1)
    with Store.open(out, create=False) as store:
        stats = write_dossier(store, tmp_path, settings)
    assert stats["documents"] == 2
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "This report shows 1 of the 2" in " ".join(html.split())
    full = json.loads((tmp_path / "dossier.json").read_text(encoding="utf-8"))
    assert len(full["documents"]) == 2  # the dossier itself is never cut


def test_a_failed_write_leaves_the_old_files(out: Path, tmp_path: Path) -> None:
    (tmp_path / "dossier.json").write_text('{"schema_version": "old"}', encoding="utf-8")

    class Broken(Store):
        def documents(self):  # type: ignore[no-untyped-def]
            yield from super().documents()
            raise OSError("disk went away")

    store = Broken(out / "hearsay.db")
    with pytest.raises(OSError):
        write_dossier(store, tmp_path, load_settings(claims=False))
    store.close()
    assert json.loads((tmp_path / "dossier.json").read_text(encoding="utf-8")) == {
        "schema_version": "old"
    }
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dossier")]
