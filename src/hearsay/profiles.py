"""Source profiles: per outlet and per speaker, the claims it asserts, relays, disputes and
questions.

An outlet's stance on a claim is the stance of its documents' mentions (the document's voice).
A speaker's stance is its own: Li asserts what he is quoted as saying, denies what he is
reported to reject ("Wang rejected accusations that ..."), and every source in the reporting
chain between him and the page (the State Duma, Xinhua) relays it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any, Literal, NamedTuple
from urllib.parse import urlparse

from hearsay.models import (
    STANCE_LABELS,
    Attribution,
    ClaimMention,
    Document,
    SourceProfile,
    StanceLabel,
    content_id,
)

STANCES = STANCE_LABELS
DISPUTING_LEANS = frozenset({"denying", "opposing", "rejecting", "refuting", "denial"})
QUESTIONING_LEANS = frozenset({"questioning"})
TITLE_SEPARATORS = (" | ", " - ", " — ", " – ")
OPENING_WORDS = 8  # of an untitled document, to name it when it prints no outlet
# An unresolved pronoun is not a source an analyst can look up.
PRONOUNS = frozenset(
    {"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "this"}
    | {"that", "these", "those", "one", "who", "which", "someone", "somebody"}
)


class SourceLabel(NamedTuple):
    """An outlet's name, or what stands in for it when the document prints none."""

    name: str
    stand_in: Literal["site", "title", "text"] | None = None


def source_label(document: Document | None, mention: ClaimMention) -> SourceLabel:
    """The outlet as an analyst would name it: the snippet's outlet, the publisher, or the
    publisher a title ends with ("... | Herald"). A document that prints none is named by its
    site, else its title, else its kind and opening words — marked as a stand-in, since a
    title is not an outlet. Never the file name: "002_77b3b5.txt" tells an analyst nothing."""
    if mention.outlet:
        return SourceLabel(mention.outlet)
    if document is None:
        return SourceLabel(mention.document_id)
    return document_label(document)


def document_label(document: Document) -> SourceLabel:
    """The document's outlet, or the site, title or opening words standing in for it."""
    if document.source:
        return SourceLabel(document.source)
    title = " ".join((document.title or "").split())
    for separator in TITLE_SEPARATORS:
        if separator in title:
            tail = title.rsplit(separator, 1)[1].strip()
            if 0 < len(tail.split()) <= 4:
                return SourceLabel(tail)
    if document.url:
        host = urlparse(document.url).hostname or ""
        if host:
            return SourceLabel(host.removeprefix("www."), "site")
    if title:
        return SourceLabel(title, "title")
    opening = " ".join(document.text.split()[:OPENING_WORDS])
    if opening:
        kind = document.genre.replace("_", " ") if document.genre != "other" else "document"
        more = "…" if len(document.text.split()) > OPENING_WORDS else ""
        return SourceLabel(f"{kind} “{opening}{more}”", "text")
    return SourceLabel(PurePath(document.source_path).name or document.id)


_WRAPPER = re.compile(
    r"^(?:an?|the)\s+(?:official\s+)?(?:statement|readout|report|version|account)\s+"
    r"(?:from|by|of)\s+",
    re.I,
)


def channel_name(text: str) -> str:
    """A source in a reporting chain as the document names it, without the wrapper: "a
    statement from the State Duma" is "the State Duma", "the official Xinhua News Agency" is
    "the Xinhua News Agency"."""
    name = _WRAPPER.sub("", " ".join(text.split()))
    return re.sub(r"^(the|an?)\s+official\s+", r"\1 ", name, flags=re.I)


def speaker_key(mention: ClaimMention) -> str | None:
    """One key per speaker across documents: its entity id, else its name."""
    if mention.speaker_entity_id:
        return mention.speaker_entity_id
    if mention.speaker:
        name = mention.speaker.strip().casefold()
        return name.removeprefix("the ") or None
    return None


def speaker_stance(mention: ClaimMention, attribution: Attribution | None) -> StanceLabel | None:
    """The speaker's own stance toward what they are reported to say."""
    if not mention.speaker:
        return None
    if attribution is None or attribution.cue is None:
        return mention.stance if attribution is None else "asserts"
    if attribution.cue.negated:
        return None  # "officials have not admitted that ...": they said nothing of the kind
    lean = attribution.cue.lean.casefold()
    if lean in DISPUTING_LEANS:
        return "disputes"
    if lean in QUESTIONING_LEANS:
        return "questions"
    return "asserts"


def _nameable(name: str, entity_id: str | None) -> bool:
    return bool(entity_id) or (bool(name.strip()) and name.strip().casefold() not in PRONOUNS)


def source_profiles(
    rows: Iterable[tuple[str, ClaimMention, dict[str, Any]]],
    entity_name: Callable[[str | None], str | None],
) -> list[SourceProfile]:
    """Tally every clustered mention into outlet and speaker profiles (linear in mentions)."""
    tallies: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    identities: dict[str, tuple[str, str, str | None, Any]] = {}

    def count(
        kind: str, name: str, entity_id: str | None, stance: str, claim: str, stand_in: Any = None
    ) -> None:
        key = content_id("source", kind, entity_id or name.casefold())
        identities.setdefault(key, (kind, entity_name(entity_id) or name, entity_id, stand_in))
        tallies[key][stance].add(claim)

    rows = list(rows)
    # A source in a reporting chain is only a name; link it to the speaker of that name.
    known = {
        name.casefold(): mention.speaker_entity_id
        for _, mention, _ in rows
        if mention.speaker_entity_id
        for name in (mention.speaker or "", entity_name(mention.speaker_entity_id) or "")
        if name
    }
    for claim_id, mention, features in rows:
        outlet = mention.outlet or features.get("source_label") or mention.document_id
        stand_in = None if mention.outlet else features.get("source_label_from")
        count("outlet", outlet, None, mention.stance, claim_id, stand_in)
        if mention.speaker and _nameable(mention.speaker, mention.speaker_entity_id):
            own = features.get("speaker_stance") or "asserts"
            count("speaker", mention.speaker, mention.speaker_entity_id, own, claim_id)
        for link in mention.via:
            entity_id = known.get(link.strip().casefold())
            name = re.sub(r"^the\s+", "", channel_name(link), flags=re.I)
            if _nameable(name, entity_id):
                count("speaker", name, entity_id or known.get(name.casefold()), "relays", claim_id)
    profiles = []
    for key, (kind, name, entity_id, stand_in) in identities.items():
        tally = tallies[key]
        profiles.append(
            SourceProfile(
                id=key,
                name=name,
                kind=kind,  # type: ignore[arg-type]
                entity_id=entity_id,
                name_from=stand_in,
                **{stance: sorted(tally.get(stance, ())) for stance in STANCES},
            )
        )
    return sorted(profiles, key=lambda p: (p.kind, p.name.casefold()))
