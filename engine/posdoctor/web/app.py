"""The web desk's application: ``create_app(db_url, kb_dir=None)`` (uvicorn's factory)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .._version import __version__
from ..kb.loader import load_knowledge_base
from ..reasoning.diagnosis import Doctor
from ..store import Store, StoreFailure
from . import api, sse
from .auth import current_actor
from .errors import ServiceError
from .model import Actor
from .pages import router as pages_router
from .security import SecurityHeaders
from .service import Desk

STATIC = Path(__file__).parent / "static"


def create_app(db_url: str, kb_dir: str | None = None) -> FastAPI:
    """The app on the store at ``db_url`` (migrated first) with the knowledge base ``kb_dir``."""
    store = Store.open(db_url)
    doctor = Doctor(load_knowledge_base(kb_dir) if kb_dir else load_knowledge_base())
    desk = Desk(store, doctor)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        desk.hub.stop()  # the live-update watcher ends with the worker

    app = FastAPI(
        title="posdoctor web desk",
        version=__version__,
        docs_url=None,  # Swagger UI needs a CDN's script and an inline one: against our CSP
        redoc_url=None,
        openapi_url=None,  # served below, behind the login (ASVS 13.4.5)
        lifespan=lifespan,
    )
    app.state.desk = desk

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_: Annotated[Actor, Depends(current_actor)]) -> JSONResponse:
        """The API's description, for a logged-in user only (401 otherwise)."""
        return JSONResponse(app.openapi())

    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(ServiceError, api.service_error)
    app.add_exception_handler(StoreFailure, api.store_error)
    app.include_router(api.router)
    app.include_router(sse.router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` with several workers: the settings come from the environment."""
    return create_app(os.environ["POSDOCTOR_DB"], os.environ.get("POSDOCTOR_KB") or None)
