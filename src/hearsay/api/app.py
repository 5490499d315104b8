"""The FastAPI application over a dossier's store (read with SQL per request), or over its
``dossier.json`` (loaded at start-up, and again when it changes) when it has no store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hearsay.api import routes
from hearsay.dossier import DOSSIER_JSON, REPORT_HTML
from hearsay.errors import HearsayError
from hearsay.queries import Reader, open_dossier, store_reader
from hearsay.store import DB_NAME


class DossierHolder:
    """Which reader answers: the store when the directory has one (nothing held in memory but
    the stats), else ``dossier.json`` held in memory and reloaded when rewritten."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._store: Reader | None = None
        self._mtime = -1.0
        self._json: Reader | None = None

    def get(self) -> Reader:
        if self._store is None or not (self.directory / DB_NAME).is_file():
            self._store = store_reader(self.directory)
        if self._store is not None:
            self._json = None
            return self._store
        path = self.directory / DOSSIER_JSON
        mtime = path.stat().st_mtime if path.exists() else 0.0
        if self._json is None or mtime != self._mtime:
            self._json = open_dossier(self.directory)
            self._mtime = mtime
        return self._json


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


def create_app(directory: str | Path) -> FastAPI:
    holder = DossierHolder(Path(directory))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder.get()  # fail at start-up, not on the first request
        yield

    app = FastAPI(title="hearsay", lifespan=lifespan)
    app.state.dossier = holder

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, f"http_{exc.status_code}", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", str(exc.errors()[:3]))

    @app.exception_handler(HearsayError)
    async def hearsay_error(request: Request, exc: HearsayError) -> JSONResponse:
        return error_response(400, exc.code, exc.message)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def report() -> HTMLResponse:
        path = Path(directory) / REPORT_HTML
        if not path.is_file():
            return HTMLResponse("<p>No report.html in this dossier yet.</p>", status_code=404)
        return HTMLResponse(path.read_text(encoding="utf-8"))

    for router in routes.ROUTERS:
        app.include_router(router, prefix="/api")
    return app
