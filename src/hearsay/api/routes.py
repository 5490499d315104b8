"""One router per resource; each route asks one question of the dossier's reader (its store,
or its dossier.json; see hearsay.queries.Reader).

Each listing has a CSV twin for spreadsheets (``/api/quotes.csv`` beside ``/api/quotes``): the
same filters as a dependency both routes share, no paging (the download is the whole filtered
listing), the rows flattened by ``hearsay.export_csv`` as ``hearsay quotes --csv`` writes them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from hearsay import export_csv
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
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "The whole filtered listing as CSV."}
}


def csv_download(listing: str, answer: Answer, reader: Reader) -> StreamingResponse:
    """``answer`` as the CSV file ``hearsay-<listing>.csv``, streamed as its rows are read.
    The first piece is read here, so a query that fails does so before the response starts
    and gets the API's error shape; the BOM makes Excel read a double-clicked download as
    UTF-8 rather than in the system's code page."""
    columns, flatten = export_csv.LISTINGS[listing]
    pieces = export_csv.pieces(columns, flatten(answer, reader))
    first = next(pieces)
    return StreamingResponse(
        chain(["\ufeff" + first], pieces),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="hearsay-{listing}.csv"'},
    )


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


@dataclass
class EntityFilters:
    type: str | None = None

    def ask(self, reader: Reader) -> Answer:
        return reader.entities(self.type)


@entities.get("", response_model=Page[dict[str, Any]])
def list_entities(
    request: Request, page: Paging, filters: Annotated[EntityFilters, Depends()]
) -> dict[str, Any]:
    return page.of(filters.ask(_dossier(request)))


@entities.get(".csv", response_class=StreamingResponse, responses=CSV_RESPONSE)
def download_entities(
    request: Request, filters: Annotated[EntityFilters, Depends()]
) -> StreamingResponse:
    reader = _dossier(request)
    return csv_download("entities", filters.ask(reader), reader)


quotes = APIRouter(prefix="/quotes", tags=["attributions"])


@dataclass
class QuoteFilters:
    speaker: str | None = None
    document: str | None = None

    def ask(self, reader: Reader) -> Answer:
        return reader.quotes(speaker=self.speaker, document=self.document)


@quotes.get("", response_model=Page[dict[str, Any]])
def list_quotes(
    request: Request, page: Paging, filters: Annotated[QuoteFilters, Depends()]
) -> dict[str, Any]:
    return page.of(filters.ask(_dossier(request)))


@quotes.get(".csv", response_class=StreamingResponse, responses=CSV_RESPONSE)
def download_quotes(
    request: Request, filters: Annotated[QuoteFilters, Depends()]
) -> StreamingResponse:
    reader = _dossier(request)
    return csv_download("quotes", filters.ask(reader), reader)


claims = APIRouter(prefix="/claims", tags=["claims"])
CONTESTED_HELP = (
    "Only claims sources take both sides of: a mention asserts or relays the claim and another, "
    "in a different document, disputes or questions it."
)


@dataclass
class ClaimFilters:
    min_mentions: int = Query(1, ge=1)
    about: str | None = None
    stance: StanceLabel | None = Query(
        None, description="Only claims with a mention of this stance."
    )
    contested: bool = Query(False, description=CONTESTED_HELP)

    def ask(self, reader: Reader) -> Answer:
        return reader.claims(
            self.min_mentions, about=self.about, stance=self.stance, contested=self.contested
        )


@claims.get("", response_model=Page[dict[str, Any]])
def list_claims(
    request: Request, page: Paging, filters: Annotated[ClaimFilters, Depends()]
) -> dict[str, Any]:
    return page.of(filters.ask(_dossier(request)))


@claims.get(".csv", response_class=StreamingResponse, responses=CSV_RESPONSE)
def download_claims(
    request: Request, filters: Annotated[ClaimFilters, Depends()]
) -> StreamingResponse:
    """One row per claim mention."""
    reader = _dossier(request)
    return csv_download("claims", filters.ask(reader), reader)


@claims.get("/{claim_id}")
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    found = _dossier(request).claim(claim_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no single claim {claim_id!r}")
    return found


contradictions = APIRouter(prefix="/contradictions", tags=["claims"])


@dataclass
class ContradictionFilters:
    claim: str | None = None

    def ask(self, reader: Reader) -> Answer:
        return reader.contradictions(self.claim)


@contradictions.get("", response_model=Page[dict[str, Any]])
def list_contradictions(
    request: Request, page: Paging, filters: Annotated[ContradictionFilters, Depends()]
) -> dict[str, Any]:
    return page.of(filters.ask(_dossier(request)))


@contradictions.get(".csv", response_class=StreamingResponse, responses=CSV_RESPONSE)
def download_contradictions(
    request: Request, filters: Annotated[ContradictionFilters, Depends()]
) -> StreamingResponse:
    reader = _dossier(request)
    return csv_download("contradictions", filters.ask(reader), reader)


sources = APIRouter(prefix="/sources", tags=["claims"])


@dataclass
class SourceFilters:
    kind: str | None = None
    name: str | None = None

    def ask(self, reader: Reader) -> Answer:
        return reader.sources(kind=self.kind, name=self.name)


@sources.get("", response_model=Page[dict[str, Any]])
def list_sources(
    request: Request, page: Paging, filters: Annotated[SourceFilters, Depends()]
) -> dict[str, Any]:
    return page.of(filters.ask(_dossier(request)))


@sources.get(".csv", response_class=StreamingResponse, responses=CSV_RESPONSE)
def download_sources(
    request: Request, filters: Annotated[SourceFilters, Depends()]
) -> StreamingResponse:
    """One row per source, stance and claim."""
    reader = _dossier(request)
    return csv_download("sources", filters.ask(reader), reader)


ROUTERS = [summary, documents, entities, quotes, claims, contradictions, sources]
