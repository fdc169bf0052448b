"""HTML pages for browsers: the map, the about page, a page per site; rendered once and cached."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import Response

from app.domain.words import LANGS, country_name
from app.pages.map import TILE_HOSTS
from app.pages.render import HTML, map_page, render
from app.settings import Settings
from app.store import Store
from app.store.etag import etag_of
from app.store.views import detail
from app.web.cache import Prepared
from app.web.params import SettingsDep, StoreDep, choice
from app.web.responses import respond
from app.web.security import page_csp

router = APIRouter(tags=["pages"])
Lang = Annotated[str | None, Query(description="Interface language: en or ar.", examples=["ar"])]


def page_lang(lang: str | None) -> str:
    """Check the language parameter; English by default."""
    return choice(lang, "lang", LANGS) or "en"


def csp_headers(settings: Settings, body: bytes) -> dict[str, str]:
    """The CSP of a page: this origin only, and the page's own inline code by hash."""
    return {"Content-Security-Policy": page_csp(body, settings.frame_ancestors, TILE_HOSTS.get(settings.tiles, ""))}


def prepare(app: FastAPI) -> dict[str, Prepared]:
    """Render both map pages into the store's cache; return "/" as a prepared response."""
    store, settings, env = app.state.store, app.state.settings, app.state.jinja
    for lang in LANGS:
        store.memo(("page", lang), lambda lang=lang: map_page(env, store, settings.tiles, lang))
    body, tag = store.memo(("page", "en"), lambda: b"")
    return {"/": Prepared(body, HTML, csp_headers(settings, body), etag=tag)}


def html(request: Request, body: bytes, tag: str) -> Response:
    """Send a page with its CSP."""
    return respond(request, body, HTML, etag=tag, headers=csp_headers(request.app.state.settings, body))


@router.get("/", summary="The interactive map", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The map page."}})
async def index(request: Request, store: StoreDep, settings: SettingsDep, lang: Lang = None) -> Response:
    """The map of every site; `as_of`, `base` and `lang` in the URL reproduce a view."""
    chosen = page_lang(lang)
    body, tag = store.memo(("page", chosen), lambda: map_page(request.app.state.jinja, store, settings.tiles, chosen))
    return html(request, body, tag)


@router.get("/docs", include_in_schema=False)
async def docs(request: Request) -> Response:
    """The OpenAPI documentation (Swagger UI), served from the app's own assets."""
    page = get_swagger_ui_html(openapi_url="/openapi.json", title="Coalition Bases Atlas API",
                               swagger_js_url="/static/vendor/swagger/swagger-ui-bundle.js",
                               swagger_css_url="/static/vendor/swagger/swagger-ui.css",
                               swagger_favicon_url="/static/vendor/swagger/favicon-32x32.png")
    body = bytes(page.body)
    return html(request, body, etag_of(body))


@router.get("/about", summary="Sources, method and licence", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The about page."}})
async def about(request: Request, store: StoreDep, lang: Lang = None) -> Response:
    """How the atlas is made: sources, how status is derived, licence."""
    chosen = page_lang(lang)
    body, tag = store.memo(("about", chosen), lambda: render(
        request.app.state.jinja, store, "about.html", chosen, publications=store.atlas.get("publications", {})))
    return html(request, body, tag)


def site_page(request: Request, store: Store, site_id: str, lang: str) -> Response:
    """Render one site's printable page with its timeline and a small map."""
    feature = store.get(site_id)
    today = date.today()
    body, tag = store.memo(("site", site_id, lang, today), lambda: render(
        request.app.state.jinja, store, "site.html", lang, site=detail(feature, today),
        country=country_name(feature["properties"]["country"], lang)))
    return html(request, body, tag)


@router.get("/bases/{id}.html", summary="A site's page for browsers", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The site's page."}})
async def base_html(request: Request, store: StoreDep,
                    id: Annotated[str, Path(description="The site's id (a slug).", examples=["taji"])],
                    lang: Lang = None) -> Response:
    """A sharable, printable page of one site."""
    return site_page(request, store, id, page_lang(lang))
