"""The embedded SQLite store: named migrations in transactions, get-or-create safe to repeat.

Each analysed document is written in one transaction together with everything derived from it,
so an interrupted build leaves either the whole document or nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from hearsay.errors import StoreError
from hearsay.models import Attribution, Document, Entity, EntityMention, Skipped

DB_NAME = "hearsay.db"

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_documents",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source_path TEXT NOT NULL,
            format TEXT NOT NULL,
            genre TEXT NOT NULL,
            language TEXT,
            published TEXT,
            title TEXT,
            record TEXT NOT NULL,
            minhash BLOB,
            added_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        CREATE TABLE document_paths (
            path TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id)
        );
        CREATE TABLE skipped (
            source_path TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        """,
    ),
    (
        "0002_entities",
        """
        CREATE TABLE mentions (
            document_id TEXT NOT NULL REFERENCES documents(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (document_id, start, "end")
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            record TEXT NOT NULL
        );
        """,
    ),
    (
        "0003_attributions",
        """
        CREATE TABLE attributions (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            record TEXT NOT NULL
        );
        CREATE INDEX attributions_document ON attributions(document_id);
        """,
    ),
    (
        "0004_crossdoc",
        """
        CREATE TABLE corpus_records (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE TABLE blobs (
            name TEXT PRIMARY KEY,
            data BLOB NOT NULL
        );
        """,
    ),
]

R = TypeVar("R", bound=BaseModel)


class Store:
    """A dossier's database. Open with ``Store.open(directory)``; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # Autocommit mode: every write goes through an explicit transaction() below.
            self.db = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.migrate()

    @classmethod
    def open(cls, directory: str | Path, create: bool = True) -> Store:
        directory = Path(directory)
        path = directory / DB_NAME
        if not path.exists() and not create:
            raise StoreError(f"no dossier at {directory} (expected {path}); run `hearsay build`")
        directory.mkdir(parents=True, exist_ok=True)
        return cls(path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- migrations -------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply, each in its own transaction, the named migrations not applied yet."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, "
            "applied_at TEXT NOT NULL DEFAULT (datetime('now')))"
        )
        done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in sql.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT INTO migrations (name) VALUES (?)", (name,))
            applied.append(name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- documents ---------------------------------------------------------------------------

    def document_for_path(self, path: str) -> str | None:
        row = self.db.execute(
            "SELECT document_id FROM document_paths WHERE path = ?", (path,)
        ).fetchone()
        return row[0] if row else None

    def has_document(self, document_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def add_path(self, document_id: str, path: str) -> bool:
        """Record that ``path`` holds an exact duplicate of a stored document. True if new."""
        with self.transaction():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO document_paths (path, document_id) VALUES (?, ?)",
                (path, document_id),
            )
            if cursor.rowcount:
                document = self.document(document_id)
                if document and path != document.source_path and path not in document.also_at:
                    document.also_at.append(path)
                    self.db.execute(
                        "UPDATE documents SET record = ? WHERE id = ?",
                        (document.model_dump_json(), document_id),
                    )
            self.db.execute("DELETE FROM skipped WHERE source_path = ?", (path,))
        return bool(cursor.rowcount)

    def save_analysis(
        self,
        document: Document,
        mentions: Iterable[EntityMention] = (),
        attributions: Iterable[Attribution] = (),
        minhash: bytes | None = None,
    ) -> None:
        """Write a document and everything derived from it, all or nothing."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO documents (id, source_path, format, genre, language, "
                "published, title, record, minhash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.id,
                    document.source_path,
                    document.format,
                    document.genre,
                    document.language,
                    document.published,
                    document.title,
                    document.model_dump_json(),
                    minhash,
                ),
            )
            self.db.execute(
                "INSERT OR IGNORE INTO document_paths (path, document_id) VALUES (?, ?)",
                (document.source_path, document.id),
            )
            self.db.execute("DELETE FROM skipped WHERE source_path = ?", (document.source_path,))
            self.db.execute("DELETE FROM mentions WHERE document_id = ?", (document.id,))
            self.db.executemany(
                'INSERT OR REPLACE INTO mentions (document_id, start, "end", record) '
                "VALUES (?, ?, ?, ?)",
                [(m.document_id, m.start, m.end, m.model_dump_json()) for m in mentions],
            )
            self.db.execute("DELETE FROM attributions WHERE document_id = ?", (document.id,))
            self.db.executemany(
                "INSERT OR REPLACE INTO attributions (id, document_id, record) VALUES (?, ?, ?)",
                [(a.id, a.document_id, a.model_dump_json()) for a in attributions],
            )

    def update_document(self, document: Document) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE documents SET record = ? WHERE id = ?",
                (document.model_dump_json(), document.id),
            )

    def document(self, document_id: str) -> Document | None:
        row = self.db.execute(
            "SELECT record FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return Document.model_validate_json(row[0]) if row else None

    def documents(self) -> Iterator[Document]:
        for (record,) in self.db.execute("SELECT record FROM documents ORDER BY source_path"):
            yield Document.model_validate_json(record)

    def document_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        yield from self.db.execute("SELECT id, minhash FROM documents WHERE minhash IS NOT NULL")

    # -- skipped ----------------------------------------------------------------------------

    def record_skipped(self, skipped: Skipped) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO skipped (source_path, reason) VALUES (?, ?)",
                (skipped.source_path, skipped.reason),
            )

    def skipped(self) -> list[Skipped]:
        return [
            Skipped(source_path=path, reason=reason)
            for path, reason in self.db.execute(
                "SELECT source_path, reason FROM skipped ORDER BY source_path"
            )
        ]

    # -- entities and attributions ------------------------------------------------------------

    def mentions(self, document_id: str | None = None) -> list[EntityMention]:
        sql = "SELECT record FROM mentions"
        args: tuple[str, ...] = ()
        if document_id:
            sql += " WHERE document_id = ?"
            args = (document_id,)
        sql += ' ORDER BY document_id, start, "end"'
        return [EntityMention.model_validate_json(r) for (r,) in self.db.execute(sql, args)]

    def replace_entities(
        self, entities: Iterable[Entity], mentions: Iterable[EntityMention]
    ) -> None:
        """Replace the corpus-level entity table and the mentions' links to it, atomically."""
        with self.transaction():
            self.db.execute("DELETE FROM entities")
            self.db.executemany(
                "INSERT INTO entities (id, name, type, record) VALUES (?, ?, ?, ?)",
                [(e.id, e.name, e.type, e.model_dump_json()) for e in entities],
            )
            self.db.executemany(
                'UPDATE mentions SET record = ? WHERE document_id = ? AND start = ? AND "end" = ?',
                [(m.model_dump_json(), m.document_id, m.start, m.end) for m in mentions],
            )

    def entities(self) -> list[Entity]:
        return [
            Entity.model_validate_json(r)
            for (r,) in self.db.execute("SELECT record FROM entities ORDER BY type, name")
        ]

    def attributions(self, document_id: str | None = None) -> list[Attribution]:
        sql = "SELECT record FROM attributions"
        args: tuple[str, ...] = ()
        if document_id:
            sql += " WHERE document_id = ?"
            args = (document_id,)
        records = [Attribution.model_validate_json(r) for (r,) in self.db.execute(sql, args)]
        return sorted(records, key=lambda a: (a.document_id, a.content.start))

    def replace_attributions(self, attributions: Iterable[Attribution]) -> None:
        """Rewrite attributions in place (after corpus-level entity ids are known)."""
        with self.transaction():
            self.db.executemany(
                "UPDATE attributions SET record = ? WHERE id = ?",
                [(a.model_dump_json(), a.id) for a in attributions],
            )

    # -- corpus-level records (claims, contradictions, sources) and blobs ---------------------

    def replace_corpus_records(self, kind: str, records: Iterable[BaseModel]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM corpus_records WHERE kind = ?", (kind,))
            self.db.executemany(
                "INSERT INTO corpus_records (kind, id, record) VALUES (?, ?, ?)",
                [(kind, getattr(r, "id"), r.model_dump_json()) for r in records],  # noqa: B009
            )

    def corpus_records(self, kind: str, model: type[R]) -> list[R]:
        return [
            model.model_validate_json(r)
            for (r,) in self.db.execute(
                "SELECT record FROM corpus_records WHERE kind = ? ORDER BY id", (kind,)
            )
        ]

    def put_blob(self, name: str, data: bytes) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", (name, data))

    def blob(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row else None


def as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
