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


def claims(dossier: Dossier, min_mentions: int = 1) -> list[dict[str, Any]]:
    return [c for c in dossier.get("claims", []) if len(c.get("mentions", [])) >= min_mentions]


def document_titles(dossier: Dossier) -> dict[str, str]:
    return {
        d["id"]: d.get("title") or d.get("source_path") or d["id"] for d in dossier["documents"]
    }
