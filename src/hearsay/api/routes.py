"""One router per resource; each route asks one question of the dossier's reader (its store,
or its dossier.json; see hearsay.queries.Reader)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from hearsay.api.schemas import DocumentSummary, Page, Summary
from hearsay.models import StanceLabel
from hearsay.queries import Answer, Reader


def _dossier(request: Request) -> Reader:
    reader: Reader = request.app.state.dossier.get()
    return reader


@dataclass
class PageRequest:
    """``?offset=&limit=`` on every list route."""

    offset: int = Query(0, ge=0)
    limit: int = Query(50, ge=1, le=500)

    def of(self, answer: Answer) -> dict[str, Any]:
        total, items = answer.page(self.offset, self.limit)
        return {"total": total, "offset": self.offset, "items": items}


Paging = Annotated[PageRequest, Depends()]

summary = APIRouter(tags=["summary"])


@summary.get("/summary", response_model=Summary)
def get_summary(request: Request) -> dict[str, Any]:
    return _dossier(request).summary()


documents = APIRouter(prefix="/documents", tags=["documents"])


@documents.get("", response_model=Page[DocumentSummary])
def list_documents(request: Request, page: Paging, genre: str | None = None) -> dict[str, Any]:
    return page.of(_dossier(request).documents(genre))


@documents.get("/{document_id}")
def get_document(request: Request, document_id: str) -> dict[str, Any]:
    document = _dossier(request).document(document_id)
    if document is None:
        raise HTTPException(status_code=404, detail=f"no document {document_id!r}")
    return document


entities = APIRouter(prefix="/entities", tags=["entities"])


@entities.get("", response_model=Page[dict[str, Any]])
def list_entities(
    request: Request,
    page: Paging,
    type: str | None = None,  # noqa: A002 - the analyst's word for it
) -> dict[str, Any]:
    return page.of(_dossier(request).entities(type))


quotes = APIRouter(prefix="/quotes", tags=["attributions"])


@quotes.get("", response_model=Page[dict[str, Any]])
def list_quotes(
    request: Request, page: Paging, speaker: str | None = None, document: str | None = None
) -> dict[str, Any]:
    return page.of(_dossier(request).quotes(speaker=speaker, document=document))


claims = APIRouter(prefix="/claims", tags=["claims"])
CONTESTED_HELP = (
    "Only claims sources take both sides of: a mention asserts or relays the claim and another, "
    "in a different document, disputes or questions it."
)


@claims.get("", response_model=Page[dict[str, Any]])
def list_claims(
    request: Request,
    page: Paging,
    min_mentions: int = Query(1, ge=1),
    about: str | None = None,
    stance: Annotated[
        StanceLabel | None, Query(description="Only claims with a mention of this stance.")
    ] = None,
    contested: Annotated[bool, Query(description=CONTESTED_HELP)] = False,
) -> dict[str, Any]:
    return page.of(
        _dossier(request).claims(min_mentions, about=about, stance=stance, contested=contested)
    )


@claims.get("/{claim_id}")
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    found = _dossier(request).claim(claim_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no single claim {claim_id!r}")
    return found


contradictions = APIRouter(prefix="/contradictions", tags=["claims"])


@contradictions.get("", response_model=Page[dict[str, Any]])
def list_contradictions(
    request: Request, page: Paging, claim: str | None = None
) -> dict[str, Any]:
    return page.of(_dossier(request).contradictions(claim))


sources = APIRouter(prefix="/sources", tags=["claims"])


@sources.get("", response_model=Page[dict[str, Any]])
def list_sources(
    request: Request, page: Paging, kind: str | None = None, name: str | None = None
) -> dict[str, Any]:
    return page.of(_dossier(request).sources(kind=kind, name=name))


ROUTERS = [summary, documents, entities, quotes, claims, contradictions, sources]
