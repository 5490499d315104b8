"""Packaged JSON lexicons, merged with the user's own files of the same layout.

A user file extends a packaged one: lists are appended (duplicates dropped), objects are merged
key by key (a user's value wins), anything else is replaced. Keys starting with "_" are notes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hearsay.errors import SettingsError


@lru_cache(maxsize=16)
def _packaged(name: str) -> str:
    return resources.files("hearsay").joinpath("data", name).read_text(encoding="utf-8")


def _read_user_file(path: str) -> dict[str, Any]:
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError(f"lexicon file not found: {file}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SettingsError(f"cannot read lexicon file {file}: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"lexicon file {file} must hold a JSON object")
    return data


def merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


def load_lexicon(name: str, extra_files: Iterable[str] = ()) -> dict[str, Any]:
    """The packaged ``data/name`` merged with each of ``extra_files`` in order."""
    data: dict[str, Any] = json.loads(_packaged(name))
    for path in extra_files:
        data = merge(data, _read_user_file(path))
    return {k: v for k, v in data.items() if not k.startswith("_")}
