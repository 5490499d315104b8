"""The boilerplate lexicon: words and phrases that mark a line of a capture as page chrome.

The packaged ``data/boilerplate.json`` is merged with any user files of the same shape (each
key a list of lowercase words or phrases), so a user can teach hearsay the menu words of the
sites they collect from without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hearsay.errors import SettingsError

_KEYS = (
    "navigation", "download_print", "download_filler", "share", "share_triggers",
    "forum_controls", "aggregator", "form_prompts", "sections", "photo_words",
    "credit_agencies", "credit_prefixes", "breadcrumb_roots", "tail_labels", "cookie_phrases",
    "promo_phrases",
)


@dataclass(frozen=True)
class Lexicon:
    navigation: frozenset[str]
    download_print: frozenset[str]
    download_filler: frozenset[str]
    share: frozenset[str]
    share_triggers: frozenset[str]
    forum_controls: frozenset[str]
    aggregator: frozenset[str]
    form_prompts: frozenset[str]
    sections: frozenset[str]
    photo_words: frozenset[str]
    credit_agencies: frozenset[str]
    credit_prefixes: tuple[str, ...]
    breadcrumb_roots: frozenset[str]
    tail_labels: frozenset[str]
    cookie_phrases: tuple[str, ...]
    promo_phrases: tuple[str, ...]


@lru_cache(maxsize=8)
def load_lexicon(extra_files: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon merged with ``extra_files`` (JSON objects of lists of strings)."""
    packaged = resources.files("hearsay") / "data" / "boilerplate.json"
    merged: dict[str, list[str]] = {key: [] for key in _KEYS}
    sources = [("packaged boilerplate.json", packaged.read_text(encoding="utf-8"))]
    for extra in extra_files:
        try:
            sources.append((extra, Path(extra).read_text(encoding="utf-8")))
        except OSError as exc:
            raise SettingsError(f"cannot read boilerplate file {extra}: {exc}") from exc
    for name, text in sources:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SettingsError(f"boilerplate file {name} is not valid JSON: {exc}") from exc
        for key, values in data.items():
            if key.startswith("_"):
                continue
            if key not in merged or not isinstance(values, list):
                raise SettingsError(f"boilerplate file {name}: unknown key or not a list: {key}")
            merged[key].extend(str(v).casefold() for v in values)
    fields: dict[str, Any] = {
        key: tuple(values) if key.endswith(("prefixes", "phrases")) else frozenset(values)
        for key, values in merged.items()
    }
    return Lexicon(**fields)
