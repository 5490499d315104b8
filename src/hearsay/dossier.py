"""The dossier: the store's content as one documented JSON object (docs/SCHEMA.md), and the
files a build leaves behind (``dossier.json``, ``report.html``)."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from hearsay.errors import NotADossierError
from hearsay.models import (
    SCHEMA_VERSION,
    ClaimCluster,
    Contradiction,
    SourceProfile,
)
from hearsay.settings import Settings
from hearsay.store import DB_NAME, Store

DOSSIER_JSON = "dossier.json"
REPORT_HTML = "report.html"


def dossier_dict(store: Store, settings: Settings | None = None) -> dict[str, Any]:
    """Everything in the store, in the dossier schema, as one object in memory."""
    stats = _Stats()
    dossier: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for key, value in _sections(store, settings, stats):
        dossier[key] = list(value) if isinstance(value, Iterator) else value
    dossier["stats"] = stats.as_dict()
    return dossier


def write_dossier(store: Store, out_dir: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Write ``dossier.json`` and ``report.html`` atomically (a crash never leaves half a file).

    ``dossier.json`` is streamed from the store a record at a time, one record per line, so
    memory does not grow with the corpus; the report shows at most
    ``settings.report_documents`` documents in full (the claims, contradictions and sources
    tables cover the whole corpus). Returns the dossier's ``stats``.
    """
    from hearsay.report import render_report

    stats = _Stats()
    with _atomic(out_dir / DOSSIER_JSON) as handle:
        handle.write("{")
        first = True
        for key, value in [("schema_version", SCHEMA_VERSION), *_sections(store, settings, stats)]:
            handle.write(("" if first else ",") + f"\n{json.dumps(key)}: ")
            first = False
            if isinstance(value, Iterator):
                _write_list(handle, value)
            else:
                handle.write(json.dumps(value, ensure_ascii=False))
        handle.write(f',\n"stats": {json.dumps(stats.as_dict(), ensure_ascii=False)}\n}}\n')
    limit = (settings or Settings()).report_documents
    view = report_view(store, settings, stats.as_dict(), limit)
    with _atomic(out_dir / REPORT_HTML) as handle:
        handle.write(render_report(view))
    return stats.as_dict()


def report_view(
    store: Store, settings: Settings | None, stats: dict[str, Any], max_documents: int
) -> dict[str, Any]:
    """The dossier as the report shows it: the first ``max_documents`` documents with their
    entities and attributions, and every claim, contradiction and source."""
    shown = set(store.document_ids()[:max_documents])
    documents = (d for d in store.documents() if d.id in shown)
    view: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": _settings_dict(settings),
        "stats": dict(stats),
        "documents": [d.model_dump(exclude={"raw"}) for d in documents],
        "entities": [],
        "attributions": [a.model_dump() for a in store.attributions() if a.document_id in shown],
        "claims": [c.model_dump() for c in store.corpus_records("claims", ClaimCluster)],
        "contradictions": [
            c.model_dump() for c in store.corpus_records("contradictions", Contradiction)
        ],
        "sources": [s.model_dump() for s in store.corpus_records("sources", SourceProfile)],
        "skipped": [s.model_dump() for s in store.skipped()],
    }
    view["claims"].sort(key=lambda c: (-len(c["mentions"]), c["id"]))
    for entity in _entity_records(store):
        entity["mentions"] = [m for m in entity["mentions"] if m["document_id"] in shown]
        if entity["mentions"]:
            view["entities"].append(entity)
    return view


def _sections(
    store: Store, settings: Settings | None, stats: _Stats
) -> list[tuple[str, Any]]:
    """The dossier's keys in order; big lists are iterators, counted into ``stats`` as read."""
    return [
        ("generated_at", datetime.now(UTC).isoformat(timespec="seconds")),
        ("settings", _settings_dict(settings)),
        ("documents", stats.documents(d.model_dump(exclude={"raw"}) for d in store.documents())),
        ("entities", stats.entities(_entity_records(store))),
        ("attributions", stats.count("attributions", _attribution_records(store))),
        ("claims", stats.count("claims", _records(store, "claims", ClaimCluster))),
        (
            "contradictions",
            stats.count("contradictions", _records(store, "contradictions", Contradiction)),
        ),
        ("sources", _records(store, "sources", SourceProfile)),
        ("skipped", stats.count("skipped", (s.model_dump() for s in store.skipped()))),
    ]


def _records(store: Store, kind: str, model: type[BaseModel]) -> Iterator[dict[str, Any]]:
    # Claims with the most mentions first: the ones the story turns on.
    records = store.iter_corpus_records(kind, model, most_mentions_first=kind == "claims")
    return (r.model_dump() for r in records)


MENTION_FIELDS = {"document_id", "start", "end", "text", "role", "resolved_by"}


def _entity_records(store: Store) -> Iterator[dict[str, Any]]:
    """Entities, most mentioned first, each with its mentions (read one entity at a time)."""
    counts = store.mention_counts()
    entities = sorted(store.entities(), key=lambda e: (-counts.get(e.id, 0), e.name))
    for entity in entities:
        record = entity.model_dump()
        record["mentions"] = [
            m.model_dump(include=MENTION_FIELDS) for m in store.entity_mentions(entity.id)
        ]
        yield record


def _attribution_records(store: Store) -> Iterator[dict[str, Any]]:
    for document_id in store.document_ids():
        for attribution in store.attributions(document_id):
            yield attribution.model_dump()


def _settings_dict(settings: Settings | None) -> dict[str, Any]:
    if settings is None:
        return {}
    return {k: v for k, v in dataclasses.asdict(settings).items() if k != "extra"}


class _Stats:
    """Counts gathered while the dossier's lists stream past."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.genres: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.segment_kinds: Counter[str] = Counter()

    def count(self, key: str, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        self.counts[key] += 0
        for record in records:
            self.counts[key] += 1
            yield record

    def documents(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for document in self.count("documents", records):
            self.genres[document["genre"]] += 1
            for segment in document["segments"]:
                self.languages[segment["language"] or "unknown"] += 1
                self.segment_kinds[segment["kind"]] += 1
            self.counts["segments"] += len(document["segments"])
            self.counts["removed_lines"] += len(document["removed"])
            yield document

    def entities(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for entity in self.count("entities", records):
            self.counts["mentions"] += len(entity["mentions"])
            yield entity

    def as_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "documents": c["documents"],
            "genres": dict(self.genres.most_common()),
            "languages": dict(self.languages),
            "segments": c["segments"],
            "segment_kinds": dict(self.segment_kinds),
            "removed_lines": c["removed_lines"],
            "entities": c["entities"],
            "mentions": c["mentions"],
            "attributions": c["attributions"],
            "claims": c["claims"],
            "contradictions": c["contradictions"],
            "skipped": c["skipped"],
        }


def _write_list(handle: IO[str], records: Iterator[Any]) -> None:
    """A JSON list, one record per line (so ``grep`` and line tools work on the file)."""
    handle.write("[")
    separator = "\n"
    for record in records:
        handle.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
    handle.write("\n]" if separator != "\n" else "]")


@contextmanager
def _atomic(path: Path) -> Iterator[IO[str]]:
    """A file written under a temporary name and renamed into place only when complete."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.chmod(tmp, 0o644)  # mkstemp makes files private; a dossier is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_dossier(directory: str | Path) -> dict[str, Any]:
    """Read a built dossier, from ``dossier.json`` or else straight from the store."""
    directory = Path(directory)
    path = directory / DOSSIER_JSON
    if path.is_file():
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise NotADossierError(f"{path} is not a readable dossier: {exc}") from exc
        if "schema_version" not in data:
            raise NotADossierError(f"{path} has no schema_version: not a hearsay dossier")
        return data
    if (directory / DB_NAME).is_file():
        with Store.open(directory, create=False) as store:
            return dossier_dict(store)
    raise NotADossierError(f"no dossier at {directory}: run `hearsay build PATH --out {directory}`")
