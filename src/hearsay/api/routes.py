"""One router per resource; each route calls one query function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from hearsay import queries
from hearsay.api.schemas import DocumentSummary, Page, Summary


def _dossier(request: Request) -> dict[str, Any]:
    return request.app.state.dossier.get()


@dataclass
class PageRequest:
    """``?offset=&limit=`` on every list route."""

    offset: int = Query(0, ge=0)
    limit: int = Query(50, ge=1, le=500)

    def of(self, items: list[Any]) -> dict[str, Any]:
        return {
            "total": len(items),
            "offset": self.offset,
            "items": items[self.offset : self.offset + self.limit],
        }


Paging = Annotated[PageRequest, Depends()]

summary = APIRouter(tags=["summary"])


@summary.get("/summary", response_model=Summary)
def get_summary(request: Request) -> dict[str, Any]:
    dossier = _dossier(request)
    return {"schema_version": dossier["schema_version"], "stats": dossier.get("stats", {})}


documents = APIRouter(prefix="/documents", tags=["documents"])


@documents.get("", response_model=Page[DocumentSummary])
def list_documents(request: Request, page: Paging, genre: str | None = None) -> dict[str, Any]:
    found = [
        {k: d.get(k) for k in DocumentSummary.model_fields} | {"segments": len(d["segments"])}
        for d in _dossier(request)["documents"]
        if genre is None or d["genre"] == genre
    ]
    return page.of(found)


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
    page: Paging,
    type: str | None = None,  # noqa: A002 - the analyst's word for it
) -> dict[str, Any]:
    return page.of(queries.entities(_dossier(request), type))


quotes = APIRouter(prefix="/quotes", tags=["attributions"])


@quotes.get("", response_model=Page[dict[str, Any]])
def list_quotes(
    request: Request, page: Paging, speaker: str | None = None, document: str | None = None
) -> dict[str, Any]:
    return page.of(queries.quotes(_dossier(request), speaker=speaker, document=document))


claims = APIRouter(prefix="/claims", tags=["claims"])


@claims.get("", response_model=Page[dict[str, Any]])
def list_claims(
    request: Request,
    page: Paging,
    min_mentions: int = Query(1, ge=1),
    about: str | None = None,
) -> dict[str, Any]:
    return page.of(queries.claims(_dossier(request), min_mentions, about=about))


@claims.get("/{claim_id}")
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    found = queries.claim(_dossier(request), claim_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no single claim {claim_id!r}")
    return found


contradictions = APIRouter(prefix="/contradictions", tags=["claims"])


@contradictions.get("", response_model=Page[dict[str, Any]])
def list_contradictions(
    request: Request, page: Paging, claim: str | None = None
) -> dict[str, Any]:
    return page.of(queries.contradictions(_dossier(request), claim))


sources = APIRouter(prefix="/sources", tags=["claims"])


@sources.get("", response_model=Page[dict[str, Any]])
def list_sources(
    request: Request, page: Paging, kind: str | None = None, name: str | None = None
) -> dict[str, Any]:
    return page.of(queries.sources(_dossier(request), kind=kind, name=name))


ROUTERS = [summary, documents, entities, quotes, claims, contradictions, sources]
