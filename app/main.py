"""The application factory: load the data once, then serve it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.telemetry import TelemetryConfig

from app import __version__
from app.formats.citation import citation_of
from app.formats.geojson import to_geojson
from app.pages.render import environment
from app.settings import Settings
from app.store import Store
from app.web import apidoc, errors, fast
from app.web.cache import Daily, Negotiated, Prepared, ResponseCache
from app.web.edge import AccessLog, Edge
from app.web.responses import ERROR_RESPONSES, GEOJSON, dumps
from app.web.routes import bases, charts, downloads, events, feeds, meta, ogc, pages, read, static, tables
from app.web.strict import strict_query

DOWNLOAD = 'attachment; filename="bases.geojson"'
GZIP_FROM = 1024   # bytes: smaller answers are sent as they are
#: No OpenTelemetry (the access log is the record): FastAPI would otherwise look for a provider on every request.
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
DESCRIPTION = """A bilingual (Arabic and English), sourced atlas of the anti-ISIS coalition's bases
in Iraq and Syria. Every coordinate carries its source and uncertainty; every event its outlet
and publication date. A status is always "as last reported on a date", derived from events."""


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Make the app; the store is loaded here, before serving, so bad data fails at start."""
    settings = settings or Settings()
    store = store or Store.load(settings.bases_geojson)
    access_log = AccessLog()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        access_log.flush()

    app = FastAPI(title="Coalition Bases Atlas", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan, dependencies=[Depends(strict_query)],
                  telemetry=NO_TELEMETRY)
    app.state.settings = settings
    app.state.store = store
    errors.install(app)
    apidoc.install(app)
    app.state.jinja = environment(settings.templates_dir, settings.public_url)
    prepared: dict[str, Prepared | Negotiated | Daily] = {"/static/borders.geojson": static.mount(app, settings)}
    prepared.update(static.mount_context(app, settings))
    prepared["/favicon.ico"] = static.favicon()
    if store.raw is not None:   # small enough to hold: today's snapshot sent from memory, made once a day
        prepared["/bases.geojson"] = Daily(lambda day: Prepared(dumps(to_geojson(
            store.features, day, citation_of(store.atlas, settings.public_url, day).member())),
            GEOJSON, {"Content-Disposition": DOWNLOAD}))
    for router in (meta.router, pages.router, read.router, feeds.router, bases.router, events.router,
                   downloads.router, ogc.router, tables.router, charts.router):
        app.include_router(router, responses=ERROR_RESPONSES)
    prepared.update(pages.prepare(app))
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_FROM)
    fast.install(app, {"/bases": bases.list_bases_fast, "/ogc/collections/bases/items": ogc.bases_items_fast},
                 gzip_from=GZIP_FROM)
    app.add_middleware(Edge, frame_ancestors=settings.frame_ancestors, prepared=prepared, log=access_log,
                       cache=ResponseCache(settings.response_cache_mb << 20))
    return app
