"""Questions an analyst asks of a built dossier; the CLI and API both call these."""

from __future__ import annotations

from typing import Any

Dossier = dict[str, Any]


def entities(dossier: Dossier, type_: str | None = None) -> list[dict[str, Any]]:
    wanted = type_.upper() if type_ else None
    return [e for e in dossier.get("entities", []) if wanted is None or e["type"] == wanted]


def _speaker_matches(attribution: dict[str, Any], needle: str, names: dict[str, str]) -> bool:
    speaker = attribution.get("speaker") or {}
    candidates = [speaker.get("text") or "", names.get(speaker.get("entity_id") or "", "")]
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
    return names.get(speaker.get("entity_id") or "", "") or speaker["text"]


def claims(
    dossier: Dossier, min_mentions: int = 1, about: str | None = None
) -> list[dict[str, Any]]:
    """Claims with at least ``min_mentions`` mentions; with ``about``, only those whose text or
    one of whose mentions contains it (ignoring case)."""
    needle = about.casefold() if about else None

    def matches(claim: dict[str, Any]) -> bool:
        if needle is None:
            return True
        texts = [claim.get("text") or "", *(m.get("text") or "" for m in claim["mentions"])]
        return any(needle in t.casefold() for t in texts)

    return [
        c
        for c in dossier.get("claims", [])
        if len(c.get("mentions", [])) >= min_mentions and matches(c)
    ]


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


STANCES = ("asserts", "relays", "disputes", "questions")


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
