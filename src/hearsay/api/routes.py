"""One router per resource; each route calls one query function."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from hearsay import queries
from hearsay.api.schemas import DocumentSummary, Page, Summary


def _dossier(request: Request) -> dict[str, Any]:
    return request.app.state.dossier.get()


def _page(items: list[Any], offset: int, limit: int) -> dict[str, Any]:
    return {"total": len(items), "offset": offset, "items": items[offset : offset + limit]}


summary = APIRouter(tags=["summary"])


@summary.get("/summary", response_model=Summary)
def get_summary(request: Request) -> dict[str, Any]:
    dossier = _dossier(request)
    return {"schema_version": dossier["schema_version"], "stats": dossier.get("stats", {})}


documents = APIRouter(prefix="/documents", tags=["documents"])


@documents.get("", response_model=Page[DocumentSummary])
def list_documents(
    request: Request,
    genre: str | None = None,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    found = [
        {k: d.get(k) for k in DocumentSummary.model_fields} | {"segments": len(d["segments"])}
        for d in _dossier(request)["documents"]
        if genre is None or d["genre"] == genre
    ]
    return _page(found, offset, limit)


@documents.get("/{document_id}")
def get_document(request: Request, document_id: str) -> dict[str, Any]:
    for document in _dossier(request)["documents"]:
        if document["id"] == document_id:
            return document
    raise HTTPException(status_code=404, detail=f"no document {document_id!r}")


entities = APIRouter(prefix="/entities", tags=["entities"])


@entities.get("", response_model=Page[dict[str, Any]])
def list_entities(
    request: Request,
    type: str | None = None,  # noqa: A002 - the analyst's word for it
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    return _page(queries.entities(_dossier(request), type), offset, limit)


quotes = APIRouter(prefix="/quotes", tags=["attributions"])


@quotes.get("", response_model=Page[dict[str, Any]])
def list_quotes(
    request: Request,
    speaker: str | None = None,
    document: str | None = None,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    found = queries.quotes(_dossier(request), speaker=speaker, document=document)
    return _page(found, offset, limit)


claims = APIRouter(prefix="/claims", tags=["claims"])


@claims.get("", response_model=Page[dict[str, Any]])
def list_claims(
    request: Request,
    min_mentions: int = Query(1, ge=1),
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    return _page(queries.claims(_dossier(request), min_mentions), offset, limit)


contradictions = APIRouter(prefix="/contradictions", tags=["claims"])


@contradictions.get("", response_model=Page[dict[str, Any]])
def list_contradictions(
    request: Request, offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)
) -> dict[str, Any]:
    return _page(_dossier(request).get("contradictions", []), offset, limit)


ROUTERS = [summary, documents, entities, quotes, claims, contradictions]
