"""The analyst's questions (``hearsay.queries``) answered with SQL on a dossier's store.

A news crawl's ``dossier.json`` runs to gigabytes; the store answers the same questions a page
(or a streamed batch) at a time, with the filters in SQL. Every answer is the records
``dossier.json`` would hold, in its order, so the CLI and the API print the same JSON either way.
The store is opened read-only (``mode=ro``): a query never writes, and under WAL it never blocks
a build that is writing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hearsay.dossier import MENTION_FIELDS
from hearsay.models import (
    SCHEMA_VERSION,
    Attribution,
    ClaimCluster,
    Contradiction,
    Document,
    Entity,
    EntityMention,
    SourceProfile,
)
from hearsay.queries import BACKING, DOUBTING, STANCES, check_stance
from hearsay.store import CLAIM_ORDER, DB_NAME, MENTION_ENTITY

TABLES = {"documents", "mentions", "entities", "attributions", "corpus_records", "skipped"}
BATCH = 200  # records converted at a time when an answer is streamed
CHUNK = 500  # SQLite caps the ? parameters of one statement
# Mentions per entity, by a scan of the entity index (SQLite 3.40 does not use an index on an
# expression to join, so "FROM counts RIGHT JOIN entities" looks each entity up by its key).
MENTION_COUNTS = (
    f"WITH counts(entity_id, n) AS (SELECT {MENTION_ENTITY}, count(*) FROM mentions GROUP BY 1) "
)
# Sources on both sides, as hearsay.queries.is_contested: both sides among the mentions, from at
# least two documents (a backing and a doubting document differ unless both are the one document).
CONTESTED = (
    "(SELECT count(DISTINCT side) = 2 AND count(DISTINCT document_id) > 1 FROM (SELECT CASE "
    f"WHEN json_extract(value, '$.stance') IN ({','.join('?' * len(BACKING))}) THEN 'backing' "
    f"WHEN json_extract(value, '$.stance') IN ({','.join('?' * len(DOUBTING))}) THEN 'doubting' "
    "END AS side, json_extract(value, '$.document_id') AS document_id "
    "FROM json_each(record, '$.mentions')) WHERE side IS NOT NULL)",
    [*BACKING, *DOUBTING],
)
Rows = list[tuple[Any, ...]]
Convert = Callable[[sqlite3.Connection, Rows], list[dict[str, Any]]]


def _folds_into(text: object, needle: str) -> bool:
    """``needle`` (already casefolded) occurs in ``text`` ignoring case, as in hearsay.queries."""
    return isinstance(text, str) and needle in text.casefold()


def _prefix(column: str, prefix: str) -> tuple[str, list[Any]]:
    """``column`` starts with ``prefix``: a range an index can serve, then the exact test."""
    return (
        f"({column} >= ? AND {column} < ? AND substr({column}, 1, ?) = ?)",
        [prefix, prefix + "\U0010ffff", len(prefix), prefix],
    )


@dataclass
class StoreAnswer:
    """One query's matching records, counted, paged or streamed by SQL (see queries.Answer)."""

    reader: StoreReader
    columns: str
    source: str  # FROM ... WHERE ...
    order: str
    convert: Convert
    args: Sequence[Any] = field(default_factory=list)
    with_: str = ""  # a WITH clause the source needs

    def page(self, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
        with self.reader.connect() as db:
            db.execute("BEGIN")  # the total and the page from one snapshot, mid-build too
            count = f"{self.with_}SELECT count(*) {self.source}"
            total = int(db.execute(count, self.args).fetchone()[0])
            rows = db.execute(
                f"{self.with_}SELECT {self.columns} {self.source} "
                f"ORDER BY {self.order} LIMIT ? OFFSET ?",
                [*self.args, limit, offset],
            ).fetchall()
            found = self.convert(db, rows)
            db.execute("COMMIT")
            return total, found

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self.reader.connect() as db:
            cursor = db.execute(
                f"{self.with_}SELECT {self.columns} {self.source} ORDER BY {self.order}",
                self.args,
            )
            while rows := cursor.fetchmany(BATCH):
                yield from self.convert(db, rows)


class StoreReader:
    """A dossier read from its ``hearsay.db``; each call opens its own read-only connection
    (so the API's worker threads share nothing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.uri = path.resolve().as_uri() + "?mode=ro"
        self._stats: tuple[object, dict[str, Any]] | None = None

    @classmethod
    def open(cls, directory: str | Path) -> StoreReader | None:
        """The reader of ``directory``'s store, or None when it has no usable one."""
        path = Path(directory) / DB_NAME
        if not path.is_file():
            return None
        reader = cls(path)
        try:
            with reader.connect() as db:
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error:
            return None
        return reader if tables >= TABLES else None

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
        try:
            db.execute("PRAGMA query_only = ON")
            db.create_function("folds_into", 2, _folds_into, deterministic=True)
            yield db
        finally:
            db.close()

    def _answer(
        self, columns: str, source: str, order: str, convert: Convert,
        where: Iterable[tuple[str, list[Any]]] = (), with_: str = "",
    ) -> StoreAnswer:
        """``source`` ends in a WHERE clause; each of ``where`` (SQL, its arguments) is ANDed."""
        clauses = list(where)
        sql = source + "".join(f" AND {c}" for c, _ in clauses)
        values = [v for _, a in clauses for v in a]
        return StoreAnswer(self, columns, sql, order, convert, values, with_)

    # -- summary and documents --------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "stats": self.stats()}

    def stats(self) -> dict[str, Any]:
        """The ``stats`` dossier.json would carry, counted in SQL (kept until the store
        changes: it reads every document's segment list)."""
        version = tuple(
            (s.st_mtime_ns, s.st_size) if (s := _stat(p)) else None
            for p in (self.path, self.path.with_name(self.path.name + "-wal"))
        )
        if self._stats is None or self._stats[0] != version:
            self._stats = (version, self._count())
        return dict(self._stats[1])

    def _count(self) -> dict[str, Any]:
        genres: Counter[str] = Counter()
        languages: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        documents = segments = removed = 0
        with self.connect() as db:
            rows = db.execute(
                "SELECT json_extract(record, '$.genre'), (SELECT json_group_array(json_array("
                "json_extract(value, '$.language'), json_extract(value, '$.kind'))) "
                "FROM json_each(record, '$.segments')), json_array_length(record, '$.removed') "
                "FROM documents ORDER BY source_path, id"
            )
            for genre, segment_list, removed_lines in rows:
                documents += 1
                genres[genre] += 1
                for language, kind in json.loads(segment_list):
                    languages[language or "unknown"] += 1
                    kinds[kind] += 1
                    segments += 1
                removed += removed_lines or 0

            def count(sql: str) -> int:
                return int(db.execute(sql).fetchone()[0])

            return {
                "documents": documents,
                "genres": dict(genres.most_common()),
                "languages": dict(languages),
                "segments": segments,
                "segment_kinds": dict(kinds),
                "removed_lines": removed,
                "entities": count("SELECT count(*) FROM entities"),
                "mentions": count(
                    f"{MENTION_COUNTS}SELECT coalesce(sum(n), 0) FROM counts "
                    "JOIN entities e ON e.id = counts.entity_id"
                ),
                "attributions": count(
                    "SELECT count(*) FROM attributions "
                    "WHERE document_id IN (SELECT id FROM documents)"
                ),
                "claims": count("SELECT count(*) FROM corpus_records WHERE kind = 'claims'"),
                "contradictions": count(
                    "SELECT count(*) FROM corpus_records WHERE kind = 'contradictions'"
                ),
                "skipped": count("SELECT count(*) FROM skipped"),
            }

    def documents(self, genre: str | None = None) -> StoreAnswer:
        """Document summaries (id, source path, title, genre, language, published, segments)."""
        where = [("json_extract(record, '$.genre') = ?", [genre])] if genre is not None else []
        return self._answer(
            "id, source_path, json_extract(record, '$.title'), json_extract(record, '$.genre'), "
            "json_extract(record, '$.language'), json_extract(record, '$.published'), "
            "json_array_length(record, '$.segments')",
            "FROM documents WHERE 1",
            "source_path, id",
            _document_summaries,
            where,
        )

    def document(self, document_id: str) -> dict[str, Any] | None:
        with self.connect() as db:
            row = db.execute("SELECT record FROM documents WHERE id = ?", (document_id,)).fetchone()
        return Document.model_validate_json(row[0]).model_dump(exclude={"raw"}) if row else None

    def skipped(self) -> list[dict[str, Any]]:
        with self.connect() as db:
            rows = db.execute("SELECT source_path, reason FROM skipped ORDER BY source_path")
            return [{"source_path": path, "reason": reason} for path, reason in rows]

    def document_titles(self, document_ids: Iterable[str]) -> dict[str, str]:
        """As hearsay.queries.document_titles, for these documents only."""
        from hearsay.profiles import document_label

        titles: dict[str, str] = {}
        with self.connect() as db:
            for chunk in _chunks(sorted(set(document_ids))):
                rows = db.execute(
                    "SELECT id, json_extract(record, '$.title'), CASE WHEN "
                    "coalesce(json_extract(record, '$.title'), '') = '' THEN record END "
                    f"FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                for id_, title, record in rows:
                    if title:
                        titles[id_] = title
                        continue
                    document = Document.model_validate_json(record)
                    titles[id_] = document_label(document).name
        return titles

    # -- entities and attributions ------------------------------------------------------------

    def entities(self, type_: str | None = None) -> StoreAnswer:
        """Entities, most mentioned first, each with its mentions."""
        where = [("e.type = ?", [type_.upper()])] if type_ else []
        return self._answer(
            "e.id, e.record",
            "FROM counts RIGHT JOIN entities e ON e.id = counts.entity_id WHERE 1",
            "coalesce(counts.n, 0) DESC, e.name, e.type, e.id",
            _entities, where, with_=MENTION_COUNTS,
        )

    def entity_names(self, entity_ids: Iterable[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        with self.connect() as db:
            for chunk in _chunks(sorted(set(entity_ids))):
                marks = ",".join("?" * len(chunk))
                names.update(
                    db.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", chunk)
                )
        return names

    def quotes(self, speaker: str | None = None, document: str | None = None) -> StoreAnswer:
        """Attributions in document order, optionally of one speaker (or chain link)."""
        where = [_prefix("d.id", document)] if document else []
        if speaker:
            needle = speaker.casefold()
            where.append((
                "(folds_into(json_extract(a.record, '$.speaker.text'), ?) "
                "OR folds_into(json_extract(a.record, '$.speaker.author'), ?) "
                "OR folds_into((SELECT name FROM entities "
                "WHERE id = json_extract(a.record, '$.speaker.entity_id')), ?) "
                "OR EXISTS (SELECT 1 FROM json_each(a.record, '$.via') "
                "WHERE folds_into(json_extract(value, '$.text'), ?)))",
                [needle] * 4,
            ))
        return self._answer(
            "a.record",
            # CROSS JOIN keeps documents outermost: read in dossier order, each one's
            # attributions sorted alone.
            "FROM documents d CROSS JOIN attributions a ON a.document_id = d.id WHERE 1",
            "d.source_path, d.id, json_extract(a.record, '$.content.start'), a.rowid",
            _records(Attribution),
            where,
        )

    # -- claims, contradictions, sources -----------------------------------------------------

    def claims(
        self,
        min_mentions: int = 1,
        about: str | None = None,
        stance: str | None = None,
        contested: bool = False,
    ) -> StoreAnswer:
        """Claims, most mentioned first, filtered as hearsay.queries.claims filters them."""
        check_stance(stance)
        # As CLAIM_ORDER spells it, so that the index of migration 0007 serves the range.
        where: list[tuple[str, list[Any]]] = (
            [("json_array_length(record, '$.mentions') >= ?", [min_mentions])]
            if min_mentions > 0
            else []
        )
        if about:
            needle = about.casefold()
            where.append((
                "(folds_into(json_extract(record, '$.text'), ?) OR EXISTS (SELECT 1 "
                "FROM json_each(record, '$.mentions') "
                "WHERE folds_into(json_extract(value, '$.text'), ?)))",
                [needle, needle],
            ))
        if stance is not None:
            where.append((
                "EXISTS (SELECT 1 FROM json_each(record, '$.mentions') "
                "WHERE json_extract(value, '$.stance') = ?)",
                [stance],
            ))
        if contested:
            where.append(CONTESTED)
        return self._answer(
            "record",
            "FROM corpus_records WHERE kind = 'claims'",
            CLAIM_ORDER,
            _records(ClaimCluster),
            where,
        )

    def claim(self, claim_id: str) -> dict[str, Any] | None:
        """The claim whose id is, or starts with, ``claim_id`` (None when none or several are)."""
        sql, args = _prefix("id", claim_id)
        with self.connect() as db:
            rows = db.execute(
                f"SELECT record FROM corpus_records WHERE kind = 'claims' AND {sql} LIMIT 2", args
            ).fetchall()
        return ClaimCluster.model_validate_json(rows[0][0]).model_dump() if len(rows) == 1 else None

    def contradictions(self, claim_id: str | None = None) -> StoreAnswer:
        where = []
        if claim_id is not None:
            claim = "coalesce(json_extract(record, '$.claim_id'), '')"
            where.append((f"substr({claim}, 1, ?) = ?", [len(claim_id), claim_id]))
        return self._answer(
            "record", "FROM corpus_records WHERE kind = 'contradictions'", "id",
            _records(Contradiction), where,
        )

    def sources(self, kind: str | None = None, name: str | None = None) -> StoreAnswer:
        """Source profiles, most active first, each stance's claims as ``{id, text}``."""
        where = []
        if kind:
            where.append(("json_extract(record, '$.kind') = ?", [kind]))
        if name:
            where.append(("folds_into(json_extract(record, '$.name'), ?)", [name.casefold()]))
        activity = " + ".join(
            f"coalesce(json_array_length(record, '$.{stance}'), 0)" for stance in STANCES
        )
        return self._answer(
            "record", "FROM corpus_records WHERE kind = 'sources'",
            f"{activity} DESC, coalesce(json_extract(record, '$.name'), ''), id",
            _source_profiles, where,
        )


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _document_summaries(db: sqlite3.Connection, rows: Rows) -> list[dict[str, Any]]:
    keys = ("id", "source_path", "title", "genre", "language", "published", "segments")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _records(model: type[Attribution | ClaimCluster | Contradiction]) -> Convert:
    def convert(db: sqlite3.Connection, rows: Rows) -> list[dict[str, Any]]:
        return [model.model_validate_json(record).model_dump() for (record,) in rows]

    return convert


def _entities(db: sqlite3.Connection, rows: Rows) -> list[dict[str, Any]]:
    found = []
    for entity_id, record in rows:
        entity = Entity.model_validate_json(record).model_dump()
        mentions = db.execute(
            f"SELECT record FROM mentions WHERE {MENTION_ENTITY} = ? ORDER BY document_id, start",
            (entity_id,),
        )
        entity["mentions"] = [
            EntityMention.model_validate_json(m).model_dump(include=MENTION_FIELDS)
            for (m,) in mentions
        ]
        found.append(entity)
    return found


def _source_profiles(db: sqlite3.Connection, rows: Rows) -> list[dict[str, Any]]:
    profiles = [SourceProfile.model_validate_json(record).model_dump() for (record,) in rows]
    wanted = sorted({i for p in profiles for stance in STANCES for i in p[stance]})
    texts: dict[str, str] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        texts.update(
            db.execute(
                "SELECT id, json_extract(record, '$.text') FROM corpus_records "
                f"WHERE kind = 'claims' AND id IN ({marks})",
                chunk,
            )
        )
    for profile in profiles:
        for stance in STANCES:
            profile[stance] = [{"id": i, "text": texts.get(i, "")} for i in profile[stance]]
    return profiles
