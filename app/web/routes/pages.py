"""HTML pages for browsers: the map (in /ar/ too), the about page, a page per site; rendered once and cached."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import Response

from app.domain.dates import today
from app.domain.errors import BadInput
from app.domain.timeline import STATUSES
from app.domain.words import LANGS, country_name
from app.formats.citation import DOWNLOADS, dataset_jsonld
from app.formats.presence import presence_svg
from app.formats.svg import inline
from app.pages.render import HTML, map_page, render, script_json
from app.store import Store
from app.store.etag import etag_of
from app.store.views import detail
from app.web.cache import Daily, Negotiated, Prepared
from app.web.lang import page_lang
from app.web.params import AsOf, Country, SettingsDep, Status, StoreDep, alpha2s, as_of_day, choices, site_ids
from app.web.responses import respond
from app.web.security import csp_headers

router = APIRouter(tags=["pages"])
Lang = Annotated[str | None, Query(description="Interface language: en or ar (default: the browser's "
                                   "Accept-Language).", examples=["ar"],
                                   json_schema_extra={"x-form": "lang"})]
Base = Annotated[str | None, Query(description="A site id whose popup the map opens.", examples=["taji"],
                                   json_schema_extra={"x-form": "site"})]


def map_view(store: Store, as_of: str | None, base: str | None, status: list[str] | None,
             country: list[str] | None) -> None:
    """Check the view a map link carries (date, open site, the statuses and countries shown): a wrong one is a 400.

    The map's centre and zoom ride in the fragment (#map=zoom/lat/lon), which the server never sees.
    """
    as_of_day(as_of)
    if base:
        site_ids(base, store)
        if "," in base:
            raise BadInput("base names one site, whose popup the map opens", parameter="base")
    choices(status, "status", STATUSES)
    alpha2s(country, "country")


def prepare(app: FastAPI) -> dict[str, Prepared | Negotiated | Daily]:
    """Render both map pages into the store's cache; return "/" (by Accept-Language) and "/ar/" prepared,
    made again each day (the citation's access date)."""
    store, settings, env = app.state.store, app.state.settings, app.state.jinja

    def pages(day: date, vary: str = "Accept-Language") -> dict[str, Prepared]:
        out: dict[str, Prepared] = {}
        for lang in LANGS:
            body, tag = store.memo(("page", lang, day), lambda lang=lang: map_page(env, store, settings.tiles, lang,
                                                                                  app.state.context))
            out[lang] = Prepared(body, HTML, {**csp_headers(settings, body), **({"Vary": vary} if vary else {})},
                                 etag=tag)
        return out

    pages(today())   # rendered before the first request
    arabic = Daily(lambda day: pages(day, "")["ar"])
    return {"/": Daily(lambda day: Negotiated(pages(day), "en")), "/ar/": arabic, "/ar": arabic}


def html(request: Request, body: bytes, tag: str, vary: str = "Accept-Language") -> Response:
    """Send a page with its CSP."""
    headers = {**csp_headers(request.app.state.settings, body), "Vary": vary}
    return respond(request, body, HTML, etag=tag, headers=headers)


def _map(request: Request, store: Store, lang: str) -> Response:
    settings = request.app.state.settings
    env = request.app.state.jinja
    body, tag = store.memo(("page", lang, today()),
                           lambda: map_page(env, store, settings.tiles, lang, request.app.state.context))
    return html(request, body, tag)


@router.get("/", summary="The interactive map", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The map page."}})
async def index(request: Request, store: StoreDep, settings: SettingsDep, lang: Lang = None,
                as_of: AsOf = None, base: Base = None, status: Status = None, country: Country = None) -> Response:
    """The map of every site; `as_of`, `base`, `status`, `country` and `lang` in the URL reproduce a view."""
    map_view(store, as_of, base, status, country)
    return _map(request, store, page_lang(lang, request))


@router.get("/ar/", summary="The interactive map in Arabic", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The Arabic map page."}})
async def index_ar(request: Request, store: StoreDep, as_of: AsOf = None, base: Base = None,
                   status: Status = None, country: Country = None) -> Response:
    """The Arabic map, at the same address as in the static export."""
    map_view(store, as_of, base, status, country)
    return _map(request, store, "ar")


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
async def about(request: Request, store: StoreDep, settings: SettingsDep, lang: Lang = None) -> Response:
    """How the atlas is made: sources, how status is derived, licence."""
    chosen = page_lang(lang, request)
    body, tag = store.memo(("about", chosen, today()), lambda: render(
        request.app.state.jinja, store, "about.html", chosen, publications=store.atlas.get("publications", {}),
        jsonld=script_json(dataset_jsonld(store.atlas, settings.public_url, store.collection.get("bbox") or [],
                                          store.day_range[0])),
        files=DOWNLOADS))
    return html(request, body, tag)


@router.get("/changes", summary="What changed between releases of the data", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The changes page."}})
async def changes(request: Request, store: StoreDep, lang: Lang = None) -> Response:
    """Each release of the data, newest first: sites and events added, events corrected, status changes."""
    chosen = page_lang(lang, request)
    body, tag = store.memo(("changes", chosen, today()), lambda: render(
        request.app.state.jinja, store, "changes.html", chosen, releases=store.changes))
    return html(request, body, tag)


def site_page(request: Request, store: Store, site_id: str, lang: str, on: date) -> Response:
    """Render one site's printable page as of a day: the events up to it, the later ones greyed below."""
    feature = store.get(site_id)
    body, tag = store.memo(("site", site_id, lang, on, today()), lambda: render(
        request.app.state.jinja, store, "site.html", lang, site=detail(feature, on, include_later=True),
        country=country_name(feature["properties"]["country"], lang), as_of=on.isoformat(),
        nation_names={c: country_name(c, lang) for c in feature["_nations_any"]},
        as_of_chosen=on != today(), presence=inline(presence_svg([feature], lang, today(), labels=False,
                                                                        mark=on if on != today() else None))))
    return html(request, body, tag, "Accept, Accept-Language")


@router.get("/bases/{id}.html", summary="A site's page for browsers", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The site's page."}})
async def base_html(request: Request, store: StoreDep,
                    id: Annotated[str, Path(description="The site's id (a slug).", examples=["taji"])],
                    lang: Lang = None, as_of: AsOf = None) -> Response:
    """A sharable, printable page of one site, as of a day (default today)."""
    return site_page(request, store, id, page_lang(lang, request), as_of_day(as_of))
