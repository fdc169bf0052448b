"""The application factory: load the data once, then serve it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import Response

from app import __version__
from app.settings import Settings
from app.store import Store

GEOJSON = "application/geo+json"


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Make the app; the store is loaded here, before serving, so bad data fails at start."""
    settings = settings or Settings()
    store = store or Store.load(settings.bases_geojson)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(title="Coalition Bases Atlas", version=__version__, lifespan=lifespan)
    app.state.settings = settings
    app.state.store = store

    @app.get("/healthz", tags=["meta"], summary="200 when the data is loaded")
    def healthz() -> dict[str, object]:
        return {"status": "ok", "sites": len(store.features)}

    @app.get("/bases.geojson", tags=["downloads"], summary="Every site as RFC 7946 GeoJSON",
             response_class=Response)
    def bases_geojson() -> Response:
        return Response(store.raw, media_type=GEOJSON, headers={
            "Content-Disposition": 'attachment; filename="bases.geojson"'})

    return app
