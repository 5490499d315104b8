"""Questions an analyst asks of a built dossier; the CLI and API both call these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from hearsay.errors import UnknownStanceError
from hearsay.models import STANCE_LABELS

Dossier = dict[str, Any]


def entities(dossier: Dossier, type_: str | None = None) -> list[dict[str, Any]]:
    wanted = type_.upper() if type_ else None
    return [e for e in dossier.get("entities", []) if wanted is None or e["type"] == wanted]


def _speaker_matches(attribution: dict[str, Any], needle: str, names: dict[str, str]) -> bool:
    speaker = attribution.get("speaker") or {}
    candidates = [speaker.get("text") or "", speaker.get("author") or "",
                  names.get(speaker.get("entity_id") or "", "")]
    candidates += [link.get("text") or "" for link in attribution.get("via", [])]
    needle = needle.casefold()
    return any(needle in c.casefold() for c in candidates if c)


def quotes(
    dossier: Dossier, speaker: str | None = None, document: str | None = None
) -> list[dict[str, Any]]:
    """Attributions, optionally only those whose speaker (or chain) names ``speaker``."""
    names = {e["id"]: e["name"] for e in dossier.get("entities", [])}
    found = []
    for attribution in dossier.get("attributions", []):
        if document and not attribution["document_id"].startswith(document):
            continue
        if speaker and not _speaker_matches(attribution, speaker, names):
            continue
        found.append(attribution)
    return found


def speaker_name(attribution: dict[str, Any], names: dict[str, str]) -> str:
    speaker = attribution.get("speaker")
    if not speaker:
        return "?"
    named = names.get(speaker.get("entity_id") or "", "")
    if named:
        return named
    if speaker.get("author"):
        return f"{speaker['author']} (“{speaker['text']}”)"  # "I think ..." in a signed comment
    return str(speaker["text"])


def claims(
    dossier: Dossier,
    min_mentions: int = 1,
    about: str | None = None,
    stance: str | None = None,
    contested: bool = False,
) -> list[dict[str, Any]]:
    """Claims with at least ``min_mentions`` mentions; with ``about``, only those whose text or
    one of whose mentions contains it (ignoring case); with ``stance``, only those with a mention
    of that stance; with ``contested``, only those sources take both sides of
    (``is_contested``)."""
    check_stance(stance)
    needle = about.casefold() if about else None

    def matches(claim: dict[str, Any]) -> bool:
        mentions = claim.get("mentions", [])
        if len(mentions) < min_mentions:
            return False
        if stance is not None and not any(m.get("stance") == stance for m in mentions):
            return False
        if contested and not is_contested(mentions):
            return False
        if needle is None:
            return True
        texts = [claim.get("text") or "", *(m.get("text") or "" for m in mentions)]
        return any(needle in t.casefold() for t in texts)

    return [c for c in dossier.get("claims", []) if matches(c)]


def claim(dossier: Dossier, claim_id: str) -> dict[str, Any] | None:
    """The claim whose id is, or starts with, ``claim_id`` (None when none or several are)."""
    found = [c for c in dossier.get("claims", []) if c["id"].startswith(claim_id)]
    return found[0] if len(found) == 1 else None


def contradictions(dossier: Dossier, claim_id: str | None = None) -> list[dict[str, Any]]:
    return [
        c
        for c in dossier.get("contradictions", [])
        if claim_id is None or (c.get("claim_id") or "").startswith(claim_id)
    ]


STANCES = STANCE_LABELS
# The two sides of a contested claim: the sources that stand behind it or pass it on, and those
# that deny or doubt it.
BACKING = ("asserts", "relays")
DOUBTING = ("disputes", "questions")


def check_stance(stance: str | None) -> None:
    """Refuse a stance no mention can have: filtering on it would silently find nothing."""
    if stance is not None and stance not in STANCES:
        raise UnknownStanceError(f"unknown stance {stance!r}: choose one of {', '.join(STANCES)}")


def is_contested(mentions: list[dict[str, Any]]) -> bool:
    """Sources on both sides: one mention asserts or relays the claim and another, in a
    different document, disputes or questions it. One article quoting both sides reports a
    dispute; two documents at odds are the dispute itself."""
    backing = {m["document_id"] for m in mentions if m.get("stance") in BACKING}
    doubting = {m["document_id"] for m in mentions if m.get("stance") in DOUBTING}
    # A backing and a doubting document that differ exist unless both sides are one document.
    return bool(backing and doubting) and len(backing | doubting) > 1


def sources(
    dossier: Dossier, kind: str | None = None, name: str | None = None
) -> list[dict[str, Any]]:
    """Source profiles (outlets and speakers), most active first, each stance's claims given
    as ``{id, text}`` so a reader needs no second lookup."""
    texts = {c["id"]: c.get("text", "") for c in dossier.get("claims", [])}
    needle = name.casefold() if name else None
    found = []
    for source in dossier.get("sources", []):
        if kind and source.get("kind") != kind:
            continue
        if needle and needle not in (source.get("name") or "").casefold():
            continue
        profile = dict(source)
        for stance in STANCES:
            profile[stance] = [{"id": i, "text": texts.get(i, "")} for i in source.get(stance, [])]
        found.append(profile)
    found.sort(key=lambda s: (-sum(len(s[k]) for k in STANCES), s.get("name") or ""))
    return found


def document_titles(dossier: Dossier) -> dict[str, str]:
    """How to name each document to an analyst: its title, else what stands in for an outlet
    (site, opening words), never only its file name."""
    from hearsay.models import Document
    from hearsay.profiles import document_label

    titles = {}
    for d in dossier["documents"]:
        if d.get("title"):
            titles[d["id"]] = d["title"]
            continue
        try:
            titles[d["id"]] = document_label(Document.model_validate(d)).name
        except ValueError:  # a hand-edited dossier: say what we know
            titles[d["id"]] = d.get("source_path") or d["id"]
    return titles


class Answer(Protocol):
    """A query's matching records: paged (with the total) for the API, streamed for the CLI,
    so that neither needs every record in memory."""

    def page(self, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]: ...

    def __iter__(self) -> Iterator[dict[str, Any]]: ...


class ListAnswer:
    """An answer already in memory (from dossier.json)."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items

    def page(self, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
        return len(self.items), self.items[offset : offset + limit]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.items)


class Reader(Protocol):
    """The questions the CLI and the API ask of a dossier, whatever holds it: the store
    (hearsay.store_queries.StoreReader) or ``dossier.json`` (JsonReader)."""

    def summary(self) -> dict[str, Any]: ...

    def documents(self, genre: str | None = None) -> Answer: ...

    def document(self, document_id: str) -> dict[str, Any] | None: ...

    def skipped(self) -> list[dict[str, Any]]: ...

    def document_titles(self, document_ids: Iterable[str]) -> dict[str, str]: ...

    def entities(self, type_: str | None = None) -> Answer: ...

    def entity_names(self, entity_ids: Iterable[str]) -> dict[str, str]: ...

    def quotes(self, speaker: str | None = None, document: str | None = None) -> Answer: ...

    def claims(
        self,
        min_mentions: int = 1,
        about: str | None = None,
        stance: str | None = None,
        contested: bool = False,
    ) -> Answer: ...

    def claim(self, claim_id: str) -> dict[str, Any] | None: ...

    def contradictions(self, claim_id: str | None = None) -> Answer: ...

    def sources(self, kind: str | None = None, name: str | None = None) -> Answer: ...


DOCUMENT_SUMMARY = ("id", "source_path", "title", "genre", "language", "published")


class JsonReader:
    """A dossier held in memory, as read from ``dossier.json`` (a dossier without its store)."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier

    def summary(self) -> dict[str, Any]:
        return {
            "schema_version": self.dossier["schema_version"],
            "stats": self.dossier.get("stats", {}),
        }

    def documents(self, genre: str | None = None) -> ListAnswer:
        return ListAnswer([
            {k: d.get(k) for k in DOCUMENT_SUMMARY} | {"segments": len(d["segments"])}
            for d in self.dossier["documents"]
            if genre is None or d["genre"] == genre
        ])

    def document(self, document_id: str) -> dict[str, Any] | None:
        return next((d for d in self.dossier["documents"] if d["id"] == document_id), None)

    def skipped(self) -> list[dict[str, Any]]:
        return list(self.dossier.get("skipped", []))

    def document_titles(self, document_ids: Iterable[str]) -> dict[str, str]:
        return document_titles(self.dossier)

    def entities(self, type_: str | None = None) -> ListAnswer:
        return ListAnswer(entities(self.dossier, type_))

    def entity_names(self, entity_ids: Iterable[str]) -> dict[str, str]:
        return {e["id"]: e["name"] for e in self.dossier.get("entities", [])}

    def quotes(self, speaker: str | None = None, document: str | None = None) -> ListAnswer:
        return ListAnswer(quotes(self.dossier, speaker=speaker, document=document))

    def claims(
        self,
        min_mentions: int = 1,
        about: str | None = None,
        stance: str | None = None,
        contested: bool = False,
    ) -> ListAnswer:
        return ListAnswer(
            claims(self.dossier, min_mentions, about=about, stance=stance, contested=contested)
        )

    def claim(self, claim_id: str) -> dict[str, Any] | None:
        return claim(self.dossier, claim_id)

    def contradictions(self, claim_id: str | None = None) -> ListAnswer:
        return ListAnswer(contradictions(self.dossier, claim_id))

    def sources(self, kind: str | None = None, name: str | None = None) -> ListAnswer:
        return ListAnswer(sources(self.dossier, kind=kind, name=name))


def store_reader(directory: str | Path) -> Reader | None:
    """The directory's store, read with SQL, when it has a usable ``hearsay.db``."""
    from hearsay.store_queries import StoreReader

    return StoreReader.open(directory)


def open_dossier(directory: str | Path) -> Reader:
    """The dossier in ``directory``: its store when there is one (never all in memory), else
    ``dossier.json`` (a dossier copied without its database, or written by hand)."""
    from hearsay.dossier import DOSSIER_JSON, load_dossier
    from hearsay.errors import NotADossierError

    reader = store_reader(directory)
    if reader is not None:
        return reader
    if not (Path(directory) / DOSSIER_JSON).is_file():
        raise NotADossierError(
            f"no dossier at {directory}: run `hearsay build PATH --out {directory}`"
        )
    return JsonReader(load_dossier(directory))


class Lookup:
    """Names (of entities, of documents) fetched from a reader as a listing first needs them,
    and kept for the rest of it."""

    def __init__(self, fetch: Callable[[Iterable[str]], dict[str, str]]) -> None:
        self.fetch = fetch
        self.known: dict[str, str] = {}
        self.asked: set[str] = set()

    def get(self, keys: Iterable[str]) -> dict[str, str]:
        new = {k for k in keys if k not in self.asked}
        if new:
            self.asked |= new
            self.known.update(self.fetch(new))
        return self.known
