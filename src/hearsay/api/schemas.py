"""Response models of the API (the dossier records themselves are documented in SCHEMA.md)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int
    offset: int
    items: list[T]


class Summary(BaseModel):
    schema_version: str
    stats: dict[str, Any]


class DocumentSummary(BaseModel):
    id: str
    source_path: str
    title: str | None = None
    genre: str
    language: str | None = None
    published: str | None = None
    segments: int = 0
