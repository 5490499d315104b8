"""The dossier: the store's content as one documented JSON object (docs/SCHEMA.md), and the
files a build leaves behind (``dossier.json``, ``report.html``)."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
    """Everything in the store, in the dossier schema."""
    # The raw capture stays in the store (hearsay.db); the dossier carries the cleaned text.
    documents = [d.model_dump(exclude={"raw"}) for d in store.documents()]
    mentions_by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mention in store.mentions():
        mentions_by_entity[mention.entity_id].append(
            mention.model_dump(
                include={"document_id", "start", "end", "text", "role", "resolved_by"}
            )
        )
    entities = []
    for entity in store.entities():
        record = entity.model_dump()
        record["mentions"] = mentions_by_entity.get(entity.id, [])
        entities.append(record)
    entities.sort(key=lambda e: (-len(e["mentions"]), e["name"]))
    attributions = [a.model_dump() for a in store.attributions()]
    claims = [c.model_dump() for c in store.corpus_records("claims", ClaimCluster)]
    claims.sort(key=lambda c: (-len(c["mentions"]), c["id"]))
    contradictions = [
        c.model_dump() for c in store.corpus_records("contradictions", Contradiction)
    ]
    sources = [s.model_dump() for s in store.corpus_records("sources", SourceProfile)]
    skipped = [s.model_dump() for s in store.skipped()]
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": _settings_dict(settings),
        "stats": _stats(documents, entities, attributions, claims, contradictions, skipped),
        "documents": documents,
        "entities": entities,
        "attributions": attributions,
        "claims": claims,
        "contradictions": contradictions,
        "sources": sources,
        "skipped": skipped,
    }


def _settings_dict(settings: Settings | None) -> dict[str, Any]:
    if settings is None:
        return {}
    return {k: v for k, v in dataclasses.asdict(settings).items() if k != "extra"}


def _stats(
    documents: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    attributions: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    contradictions: list[dict[str, Any]],
    skipped: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "documents": len(documents),
        "genres": dict(Counter(d["genre"] for d in documents).most_common()),
        "languages": dict(
            Counter(s["language"] or "unknown" for d in documents for s in d["segments"])
        ),
        "segments": sum(len(d["segments"]) for d in documents),
        "segment_kinds": dict(Counter(s["kind"] for d in documents for s in d["segments"])),
        "removed_lines": sum(len(d["removed"]) for d in documents),
        "entities": len(entities),
        "mentions": sum(len(e["mentions"]) for e in entities),
        "attributions": len(attributions),
        "claims": len(claims),
        "contradictions": len(contradictions),
        "skipped": len(skipped),
    }


def write_dossier(store: Store, out_dir: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Write ``dossier.json`` and ``report.html`` atomically (a crash never leaves half a file)."""
    from hearsay.report import render_report

    dossier = dossier_dict(store, settings)
    _write_atomic(out_dir / DOSSIER_JSON, json.dumps(dossier, ensure_ascii=False, indent=1))
    _write_atomic(out_dir / REPORT_HTML, render_report(dossier))
    return dossier


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
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
