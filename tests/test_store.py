from pathlib import Path

import pytest

from hearsay.errors import StoreError
from hearsay.models import Attribution, Document, Entity, EntityMention, Skipped, TextSpan
from hearsay.store import MIGRATIONS, Store


def _document(text: str = "The minister spoke.", path: str = "a.txt") -> Document:
    return Document(id="d1", source_path=path, raw=text, text=text)


def test_migrations_apply_once(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        names = [row[0] for row in store.db.execute("SELECT name FROM migrations")]
        assert names == [name for name, _ in MIGRATIONS]
        assert store.migrate() == []


def test_saving_twice_does_not_duplicate(tmp_path: Path) -> None:
    mention = EntityMention(
        document_id="d1", start=4, end=12, text="minister", type="PERSON", canonical="minister"
    )
    attribution = Attribution(
        id="a1", document_id="d1", kind="indirect",
        content=TextSpan(text="spoke", start=13, end=18),
    )
    with Store.open(tmp_path) as store:
        for _ in range(2):
            store.save_analysis(_document(), [mention], [attribution], b"sig")
        assert store.document_count() == 1
        assert len(store.mentions()) == 1
        assert len(store.attributions()) == 1
        assert [doc_id for doc_id, _ in store.minhashes()] == ["d1"]


def test_duplicate_path_is_recorded_on_the_document(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.save_analysis(_document())
        assert store.add_path("d1", "copy/a.txt") is True
        assert store.add_path("d1", "copy/a.txt") is False
        assert store.document("d1").also_at == ["copy/a.txt"]  # type: ignore[union-attr]


def test_a_later_successful_read_clears_the_skip(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_skipped(Skipped(source_path="a.txt", reason="empty file"))
        assert [s.reason for s in store.skipped()] == ["empty file"]
        store.save_analysis(_document())
        assert store.skipped() == []


def test_failed_transaction_keeps_what_was_stored(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.save_analysis(_document())
        with pytest.raises(RuntimeError), store.transaction():
            store.db.execute("UPDATE documents SET genre = 'other', title = 'half-written'")
            raise RuntimeError("crash mid-write")
        assert store.db.execute("SELECT title FROM documents").fetchone() == (None,)


def test_entities_are_replaced_whole(tmp_path: Path) -> None:
    entity = Entity(id=Entity.make_id("GPE", "China"), name="China", type="GPE")
    with Store.open(tmp_path) as store:
        store.replace_entities([entity], [])
        store.replace_entities([entity], [])
        assert [e.name for e in store.entities()] == ["China"]


def test_opening_a_missing_dossier_without_create_fails(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no dossier"):
        Store.open(tmp_path / "nowhere", create=False)
