"""HTML pages for browsers: the map, the about page, a page per site; rendered once and cached."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.api.params import SettingsDep, StoreDep, choice
from app.api.responses import respond
from app.i18n import LANGS, country_name, words
from app.map import TILE_HOSTS, build_map, map_parts
from app.security import page_csp
from app.settings import Settings
from app.store import Store, etag_of
from app.timeline import STATUSES
from app.views import detail

router = APIRouter(tags=["pages"])
HTML = "text/html; charset=utf-8"
Lang = Annotated[str | None, Query(description="Interface language: en or ar.", examples=["ar"])]


def environment(settings: Settings) -> Environment:
    """Return the Jinja environment of the templates folder, autoescape on."""
    return Environment(loader=FileSystemLoader(settings.templates_dir),
                       autoescape=select_autoescape(default=True), auto_reload=False)


def _render(request: Request, settings: Settings, store: Store, name: str, lang: str,
            **context: Any) -> bytes:
    env: Environment = request.app.state.jinja
    switch = dict(request.query_params)
    switch["lang"] = "en" if lang == "ar" else "ar"
    html = env.get_template(name).render(
        lang=lang, w=words(lang), data_as_of=store.atlas.get("data_as_of"),
        switch_query="&".join(f"{k}={v}" for k, v in switch.items() if k in {"lang", "as_of", "base"}),
        **context)
    return html.encode("utf-8")


def page_lang(lang: str | None) -> str:
    """Check the language parameter; English by default."""
    return choice(lang, "lang", LANGS) or "en"


def map_page(request: Request, store: Store, settings: Settings, lang: str) -> bytes:
    """Render the map page of one language (the caller caches it)."""
    today = date.today()
    fmap = build_map(store.features, lang, today, settings.tiles, store.atlas.get("data_as_of"))
    countries = sorted({f["properties"]["country"] for f in store.features})
    return _render(request, settings, store, "map.html", lang, parts=map_parts(fmap),
                   today=today.isoformat(), statuses=STATUSES,
                   countries=[(c, country_name(c, lang)) for c in countries])


@router.get("/", summary="The interactive map", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The map page."}})
def index(request: Request, store: StoreDep, settings: SettingsDep, lang: Lang = None) -> Response:
    """The map of every site; `as_of`, `base` and `lang` in the URL reproduce a view."""
    chosen = page_lang(lang)
    body, tag = store.memo(("page", chosen, date.today()),
                           lambda: map_page(request, store, settings, chosen))
    return html(request, body, tag)


def html(request: Request, body: bytes, tag: str) -> Response:
    """Send a page with a CSP that allows only this origin and the page's own inline code."""
    settings: Settings = request.app.state.settings
    csp = page_csp(body, settings.frame_ancestors, TILE_HOSTS.get(settings.tiles, ""))
    return respond(request, body, HTML, etag=tag, headers={"Content-Security-Policy": csp})


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> Response:
    """The OpenAPI documentation (Swagger UI), served from the app's own assets."""
    page = get_swagger_ui_html(openapi_url="/openapi.json", title="Coalition Bases Atlas API",
                               swagger_js_url="/static/vendor/swagger/swagger-ui-bundle.js",
                               swagger_css_url="/static/vendor/swagger/swagger-ui.css",
                               swagger_favicon_url="/static/vendor/swagger/favicon-32x32.png")
    body = bytes(page.body)
    return html(request, body, etag_of(body))


@router.get("/about", summary="Sources, method and licence", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The about page."}})
def about(request: Request, store: StoreDep, settings: SettingsDep, lang: Lang = None) -> Response:
    """How the atlas is made: sources, how status is derived, licence."""
    chosen = page_lang(lang)
    body, tag = store.memo(("about", chosen), lambda: _render(
        request, settings, store, "about.html", chosen, publications=store.atlas.get("publications", {})))
    return html(request, body, tag)


def site_page(request: Request, store: Store, settings: Settings, site_id: str, lang: str) -> Response:
    """Render one site's printable page with its timeline and a small map."""
    feature = store.get(site_id)
    today = date.today()
    body, tag = store.memo(("site", site_id, lang, today), lambda: _render(
        request, settings, store, "site.html", lang, site=detail(feature, today),
        country=country_name(feature["properties"]["country"], lang)))
    return html(request, body, tag)


@router.get("/bases/{id}.html", summary="A site's page for browsers", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The site's page."}})
def base_html(request: Request, store: StoreDep, settings: SettingsDep,
              id: Annotated[str, Path(description="The site's id (a slug).", examples=["taji"])],
              lang: Lang = None) -> Response:
    """A sharable, printable page of one site."""
    return site_page(request, store, settings, id, page_lang(lang))
