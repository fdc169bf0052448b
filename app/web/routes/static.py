"""Static files: vendor assets from registry packages, the app's own JS/CSS, the borders and context layers."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from app.domain.errors import DataError
from app.pages.assets import APP_STATIC, VENDOR
from app.settings import Settings
from app.sources.borders import BORDERS_FILE
from app.sources.context import CONTEXT_DIR, FILES
from app.web.cache import Prepared
from app.web.responses import GEOJSON, respond


def mount(app: FastAPI, settings: Settings) -> Prepared:
    """Mount /static/vendor/<pkg> and /static/app; return the borders layer, read once."""
    for name, folder in VENDOR.items():
        app.mount(f"/static/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")
    app.mount("/static/app", StaticFiles(directory=APP_STATIC), name="app-static")
    path = settings.geodata_dir / "borders" / BORDERS_FILE
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    prepared = Prepared(body, GEOJSON)

    async def borders(request: Request) -> Response:
        return respond(request, body, GEOJSON, etag=prepared.etag)

    app.add_api_route("/static/borders.geojson", borders, include_in_schema=False)
    return prepared


def mount_context(app: FastAPI, settings: Settings) -> dict[str, Prepared]:
    """Serve geodata/context/*.geojson at /static/context/ (read once); the map uses what is there.

    The folder is optional (a synthetic or fixture data set may have none): without it the map has
    no towns, governorates or rivers, and app.state.context says so.
    """
    folder = settings.geodata_dir / CONTEXT_DIR
    prepared: dict[str, Prepared] = {}
    app.state.context = {}
    for key, name in FILES.items() if folder.is_dir() else ():
        try:
            body = (folder / name).read_bytes()
        except OSError as exc:
            raise DataError(f"{folder / name}: cannot read ({exc.strerror or exc})") from None
        prepared[f"/static/context/{name}"] = layer = Prepared(body, GEOJSON)
        app.add_api_route(f"/static/context/{name}", _sender(layer), include_in_schema=False)
        app.state.context[key] = f"/static/context/{name}"
    return prepared


def _sender(layer: Prepared) -> Callable[[Request], Awaitable[Response]]:
    async def send(request: Request) -> Response:
        return respond(request, layer.body, GEOJSON, etag=layer.etag)
    return send


def favicon() -> Prepared:
    """The site's icon at /favicon.ico (browsers ask for it there whatever the page links)."""
    return Prepared((APP_STATIC / "favicon.ico").read_bytes(), "image/x-icon")
