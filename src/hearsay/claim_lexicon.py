"""The word lists behind claim extraction and contradiction finding, as editable data.

The packaged lists live in ``hearsay/data/claim_*.json``. A user extends them with JSON files of
the same keys named in ``settings.claims_files``: lists are appended, concept groups
are merged. Nothing here loads a model.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hearsay.errors import SettingsError
from hearsay.settings import Settings

logger = logging.getLogger(__name__)

PACKAGED_FILES = (
    "claim_filler.json",
    "claim_actors.json",
    "claim_negators.json",
    "claim_antonyms.json",
    "claim_concepts.json",
    "claim_omissions.json",
)
LIST_KEYS = (
    "filler_prefixes",
    "connectives",
    "filler_sentences",
    "reader_address",
    "question_openers",
    "actor_nouns",
    "entity_types",
    "negators",
    "antonyms",
    "omission_patterns",
    "core_frames",
    "core_cuts",
    "light_words",
    "core_drop",
    "pair_anaphora",
)


@dataclass(frozen=True)
class ClaimLexicon:
    filler_prefix: re.Pattern[str]
    filler_sentences: tuple[re.Pattern[str], ...]
    reader_address: tuple[re.Pattern[str], ...]
    question_openers: frozenset[str]
    actor_nouns: frozenset[str]
    entity_types: frozenset[str]
    negators: frozenset[str]
    antonyms: tuple[tuple[str, str], ...]  # stemmed
    concepts: dict[str, str] = field(default_factory=dict)  # stemmed word form -> concept
    omission_patterns: tuple[re.Pattern[str], ...] = ()
    core_frames: tuple[re.Pattern[str], ...] = ()  # "It is highly likely that", "We assess"
    core_cuts: tuple[re.Pattern[str], ...] = ()  # ", especially if", ", because", " — "
    light_words: frozenset[str] = frozenset()  # stemmed; too general to tie two claims together
    core_drop: tuple[re.Pattern[str], ...] = ()  # "in the medium term": removed from the core
    pair_anaphora: tuple[re.Pattern[str], ...] = ()  # "the two countries": named in the core

    def is_filler(self, sentence: str) -> bool:
        text = sentence.strip()
        return any(p.search(text) for p in self.filler_sentences)

    def addresses_reader(self, sentence: str) -> bool:
        text = sentence.strip()
        return any(p.search(text) for p in self.reader_address)


def _read_json(path: Path | Any) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SettingsError(f"cannot read claim lexicon {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"claim lexicon {path} must hold a JSON object")
    return data


def _merge(sources: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {key: [] for key in LIST_KEYS}
    merged["concepts"] = {}
    for data in sources:
        for key in LIST_KEYS:
            merged[key].extend(data.get(key, []))
        for concept, forms in data.get("concepts", {}).items():
            merged["concepts"].setdefault(concept, []).extend(forms)
    return merged


def _compile(patterns: list[str], source: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise SettingsError(f"bad pattern {pattern!r} in {source}: {exc}") from exc
    return tuple(compiled)


@lru_cache(maxsize=8)
def _load(extra_files: tuple[str, ...]) -> ClaimLexicon:
    from hearsay.claim_text import stem

    package = resources.files("hearsay") / "data"
    sources = [_read_json(package / name) for name in PACKAGED_FILES]
    for name in extra_files:
        path = Path(name)
        if not path.is_file():
            raise SettingsError(f"claim lexicon file not found: {path}")
        sources.append(_read_json(path))
    data = _merge(sources)
    # Longest prefixes first, so "let's be honest" wins over a shorter overlapping entry.
    prefixes = "|".join(sorted(data["filler_prefixes"], key=len, reverse=True))
    connectives = "|".join(sorted(data["connectives"], key=len, reverse=True))
    # "Frankly, X" and "But X" lose their opener; "So far, X" and "so-called X" keep theirs.
    filler_prefix = re.compile(
        rf"^\s*(?:(?:{prefixes})\s*[,:—–]\s*|(?:{connectives})(?:\s*,\s*|\s+))+", re.IGNORECASE
    )
    concepts = {
        stem(form): concept for concept, forms in data["concepts"].items() for form in forms
    }
    return ClaimLexicon(
        filler_prefix=filler_prefix,
        filler_sentences=_compile(data["filler_sentences"], "filler_sentences"),
        reader_address=_compile(data["reader_address"], "reader_address"),
        question_openers=frozenset(w.casefold() for w in data["question_openers"]),
        actor_nouns=frozenset(w.casefold() for w in data["actor_nouns"]),
        entity_types=frozenset(data["entity_types"]),
        negators=frozenset(w.casefold() for w in data["negators"]),
        antonyms=tuple((stem(a), stem(b)) for a, b in data["antonyms"]),
        concepts=concepts,
        omission_patterns=_compile(data["omission_patterns"], "omission_patterns"),
        core_frames=_compile(data["core_frames"], "core_frames"),
        core_cuts=_compile(data["core_cuts"], "core_cuts"),
        light_words=frozenset(stem(w) for w in data["light_words"]),
        core_drop=_compile(data["core_drop"], "core_drop"),
        pair_anaphora=_compile(data["pair_anaphora"], "pair_anaphora"),
    )


def claim_lexicon(settings: Settings | None = None) -> ClaimLexicon:
    """The packaged claim lexicon, extended by the files in ``settings.claims_files``."""
    return _load(settings.claims_files if settings is not None else ())
