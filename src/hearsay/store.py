"""The embedded SQLite store: named migrations in transactions, get-or-create safe to repeat.

Each analysed document is written in one transaction together with everything derived from it,
so an interrupted build leaves either the whole document or nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from hearsay.errors import StoreError
from hearsay.models import (
    Attribution,
    ClaimMention,
    Document,
    Entity,
    EntityMention,
    Skipped,
    content_id,
)

DB_NAME = "hearsay.db"

MENTION_ENTITY = "json_extract(record, '$.entity_id')"
# dossier.json's order of claims: most mentions first.
CLAIM_ORDER = "json_array_length(record, '$.mentions') DESC, id"

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
    (
        "0005_claim_mentions",
        # Claim mentions per document (from hearsay.claims), with what the corpus stage adds:
        # comparison features, the row in the nearest-neighbour index, and the cluster.
        """
        CREATE TABLE claim_mentions (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            record TEXT NOT NULL,
            features TEXT,
            label INTEGER,
            cluster_id TEXT,
            speaker_key TEXT
        );
        CREATE INDEX claim_mentions_document ON claim_mentions(document_id);
        CREATE INDEX claim_mentions_cluster ON claim_mentions(cluster_id);
        CREATE INDEX claim_mentions_speaker ON claim_mentions(speaker_key);
        CREATE UNIQUE INDEX claim_mentions_label ON claim_mentions(label);
        CREATE TABLE claim_documents (
            document_id TEXT PRIMARY KEY,
            mentions INTEGER NOT NULL
        );
        CREATE TABLE claim_stale_clusters (
            cluster_id TEXT PRIMARY KEY
        );
        """,
    ),
    (
        "0006_mentions_by_entity",
        # Lets the dossier writer stream each entity's mentions without holding them all.
        f"CREATE INDEX mentions_entity ON mentions({MENTION_ENTITY});",
    ),
    (
        "0007_dossier_order",
        # Lets queries (hearsay.store_queries) page documents, their attributions and claims in
        # dossier.json's order without sorting a whole table per request.
        "CREATE INDEX documents_order ON documents(source_path, id);"
        f"CREATE INDEX claims_order ON corpus_records(kind, {CLAIM_ORDER});",
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

    def mention_counts(self) -> dict[str, int]:
        """Entity id -> number of mentions linked to it."""
        rows = self.db.execute(
            f"SELECT {MENTION_ENTITY}, count(*) FROM mentions "
            f"WHERE {MENTION_ENTITY} IS NOT NULL GROUP BY 1"
        )
        return {entity_id: count for entity_id, count in rows}

    def entity_mentions(self, entity_id: str) -> list[EntityMention]:
        rows = self.db.execute(
            f'SELECT record FROM mentions WHERE {MENTION_ENTITY} = ? ORDER BY document_id, start',
            (entity_id,),
        )
        return [EntityMention.model_validate_json(r) for (r,) in rows]

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

    def iter_corpus_records(
        self, kind: str, model: type[R], most_mentions_first: bool = False
    ) -> Iterator[R]:
        """One kind of corpus record, one at a time (claims: those with most mentions first)."""
        order = CLAIM_ORDER if most_mentions_first else "id"
        for (record,) in self.db.execute(
            f"SELECT record FROM corpus_records WHERE kind = ? ORDER BY {order}", (kind,)
        ):
            yield model.model_validate_json(record)

    def document_ids(self) -> list[str]:
        return [i for (i,) in self.db.execute("SELECT id FROM documents ORDER BY source_path")]

    def put_blob(self, name: str, data: bytes) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", (name, data))

    def blob(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    # -- claim mentions (hearsay.claims per document, hearsay.crossdoc across the corpus) ------

    def replace_claim_mentions(self, document_id: str, mentions: Iterable[ClaimMention]) -> None:
        """Store one document's claim mentions; an unchanged mention keeps its cluster."""
        rows = {claim_mention_id(m): m for m in mentions}
        with self.transaction():
            known = dict(
                self.db.execute(
                    "SELECT id, json_extract(record, '$.text') FROM claim_mentions "
                    "WHERE document_id = ?",
                    (document_id,),
                ).fetchall()
            )
            gone = [i for i, text in known.items() if i not in rows or rows[i].text != text]
            # Clusters that lose a mention must be summarised again by the corpus stage.
            self.db.executemany(
                "INSERT OR IGNORE INTO claim_stale_clusters (cluster_id) "
                "SELECT cluster_id FROM claim_mentions WHERE id = ? AND cluster_id IS NOT NULL",
                [(i,) for i in gone],
            )
            self.db.executemany("DELETE FROM claim_mentions WHERE id = ?", [(i,) for i in gone])
            self.db.executemany(
                'INSERT INTO claim_mentions (id, document_id, start, "end", record) '
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (i, document_id, m.start, m.end, m.model_dump_json())
                    for i, m in rows.items()
                    if i not in known or i in gone
                ],
            )
            self.db.execute(
                "INSERT OR REPLACE INTO claim_documents (document_id, mentions) VALUES (?, ?)",
                (document_id, len(rows)),
            )

    def claims_extracted(self, document_ids: Iterable[str]) -> set[str]:
        """Which of these documents have had their claims extracted (possibly none)."""
        found: set[str] = set()
        for chunk in _chunks(list(document_ids)):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT document_id FROM claim_documents WHERE document_id IN ({marks})", chunk
                )
            )
        return found

    def claim_mention_rows(
        self,
        *,
        document_ids: Iterable[str] | None = None,
        cluster_ids: Iterable[str] | None = None,
        labels: Iterable[int] | None = None,
        speaker_keys: Iterable[str] | None = None,
        pending: bool = False,
    ) -> list[ClaimMentionRow]:
        """Claim mentions with their corpus-stage columns, selected by one criterion."""
        columns = "id, record, features, label, cluster_id, speaker_key"
        queries: list[tuple[str, list[Any]]]
        if pending:
            queries = [(f"SELECT {columns} FROM claim_mentions WHERE label IS NULL", [])]
        else:
            selectors = [
                ("document_id", document_ids),
                ("cluster_id", cluster_ids),
                ("label", labels),
                ("speaker_key", speaker_keys),
            ]
            column, values = next(((c, v) for c, v in selectors if v is not None), ("", None))
            if values is None:
                queries = [(f"SELECT {columns} FROM claim_mentions", [])]
            else:
                queries = [
                    (
                        f"SELECT {columns} FROM claim_mentions WHERE {column} IN "
                        f"({','.join('?' * len(chunk))})",
                        chunk,
                    )
                    for chunk in _chunks(list(values))
                ]
        rows = []
        for sql, args in queries:
            for id_, record, features, label, cluster_id, speaker_key in self.db.execute(sql, args):
                rows.append(
                    ClaimMentionRow(
                        id=id_,
                        mention=ClaimMention.model_validate_json(record),
                        features=json.loads(features) if features else None,
                        label=label,
                        cluster_id=cluster_id,
                        speaker_key=speaker_key,
                    )
                )
        rows.sort(key=lambda r: (r.mention.document_id, r.mention.start, r.mention.end))
        return rows

    def update_claim_mention_rows(self, rows: Iterable[ClaimMentionRow]) -> None:
        with self.transaction():
            self.db.executemany(
                "UPDATE claim_mentions SET record = ?, features = ?, label = ?, cluster_id = ?, "
                "speaker_key = ? WHERE id = ?",
                [
                    (
                        r.mention.model_dump_json(),
                        json.dumps(r.features) if r.features is not None else None,
                        r.label,
                        r.cluster_id,
                        r.speaker_key,
                        r.id,
                    )
                    for r in rows
                ],
            )

    def claim_labels(self) -> dict[str, list[int]]:
        """Index labels of every placed claim mention, by cluster."""
        by_cluster: dict[str, list[int]] = {}
        for cluster_id, label in self.db.execute(
            "SELECT cluster_id, label FROM claim_mentions WHERE label IS NOT NULL"
        ):
            by_cluster.setdefault(cluster_id, []).append(label)
        return by_cluster

    def take_stale_claim_clusters(self) -> list[str]:
        """Clusters that lost mentions since the last corpus stage (and forget the list)."""
        with self.transaction():
            ids = [r[0] for r in self.db.execute("SELECT cluster_id FROM claim_stale_clusters")]
            self.db.execute("DELETE FROM claim_stale_clusters")
        return ids

    def claim_stance_rows(self) -> Iterator[tuple[str, ClaimMention, dict[str, Any]]]:
        """(cluster id, mention, features) of every clustered mention, for source profiles."""
        for cluster_id, record, features in self.db.execute(
            "SELECT cluster_id, record, features FROM claim_mentions "
            "WHERE cluster_id IS NOT NULL ORDER BY document_id, start"
        ):
            yield cluster_id, ClaimMention.model_validate_json(record), json.loads(features or "{}")

    def reset_claim_index(self) -> None:
        """Forget every claim's place in the index and its cluster (the index is rebuilt)."""
        with self.transaction():
            self.db.execute("UPDATE claim_mentions SET label = NULL, cluster_id = NULL")

    def claim_mentions(self, document_id: str | None = None) -> list[ClaimMention]:
        rows = self.claim_mention_rows(document_ids=[document_id] if document_id else None)
        return [r.mention for r in rows]

    def upsert_corpus_records(
        self, kind: str, records: Iterable[BaseModel], remove_ids: Iterable[str] = ()
    ) -> None:
        """Replace some corpus records of one kind (the ones a build touched), atomically."""
        with self.transaction():
            self.db.executemany(
                "DELETE FROM corpus_records WHERE kind = ? AND id = ?",
                [(kind, i) for i in remove_ids],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO corpus_records (kind, id, record) VALUES (?, ?, ?)",
                [(kind, getattr(r, "id"), r.model_dump_json()) for r in records],  # noqa: B009
            )

    def corpus_records_by_id(self, kind: str, ids: Iterable[str], model: type[R]) -> list[R]:
        found: list[R] = []
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            found.extend(
                model.model_validate_json(r)
                for (r,) in self.db.execute(
                    f"SELECT record FROM corpus_records WHERE kind = ? AND id IN ({marks})",
                    [kind, *chunk],
                )
            )
        return found

    def corpus_record_ids_where(self, kind: str, field: str, values: Iterable[str]) -> list[str]:
        """Ids of corpus records whose JSON ``field`` is one of ``values``."""
        ids: list[str] = []
        for chunk in _chunks(list(values)):
            marks = ",".join("?" * len(chunk))
            ids.extend(
                r[0]
                for r in self.db.execute(
                    f"SELECT id FROM corpus_records WHERE kind = ? "
                    f"AND json_extract(record, ?) IN ({marks})",
                    [kind, f"$.{field}", *chunk],
                )
            )
        return ids


def as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class ClaimMentionRow:
    """A stored claim mention and what the corpus stage knows about it."""

    id: str
    mention: ClaimMention
    features: dict[str, Any] | None = None
    label: int | None = None  # row in the nearest-neighbour index
    cluster_id: str | None = None
    speaker_key: str | None = None


def claim_mention_id(mention: ClaimMention) -> str:
    return content_id("claim-mention", mention.document_id, mention.start, mention.end)


def _chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """SQLite caps the number of ? parameters in one statement."""
    for i in range(0, len(values), size):
        yield values[i : i + size]
