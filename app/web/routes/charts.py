"""The charts: presence of each site by status over time, events per month by type; as pages, SVG and PNG."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.domain.dates import today
from app.formats.presence import presence_svg
from app.formats.svg import to_bytes, to_png
from app.pages.render import HTML
from app.pages.tableview import months_chart, months_page, presence_chart, presence_page
from app.store import Store
from app.web.lang import page_lang
from app.web.params import EventFiltersDep, FiltersDep, StoreDep
from app.web.responses import respond
from app.web.routes.bases import SiteDep
from app.web.routes.pages import Lang, html

router = APIRouter(tags=["charts"])
SVG, PNG = "image/svg+xml", "image/png"
PAGE: dict[int | str, dict[str, Any]] = {200: {"content": {HTML: {}}, "description": "The chart's page."}}
IMAGES: dict[int | str, dict[str, Any]] = {200: {"content": {SVG: {}}, "description": "The chart."}}
PNGS: dict[int | str, dict[str, Any]] = {200: {"content": {PNG: {}}, "description": "The chart, drawn."}}


def image(request: Request, store: Store, key: tuple[object, ...], draw: Callable[[], ET.Element], lang: str,
          png: bool, name: str) -> Response:
    """Send a chart as an SVG or PNG download, made once a day per key."""
    svg, _ = store.memo(("svg", *key, lang, today()), lambda: to_bytes(draw()))
    body, tag = store.memo(("png", *key, lang, today()), lambda: to_png(svg, lang == "ar")) if png else (svg, _)
    return respond(request, body, PNG if png else SVG, etag=tag, filename=f"{name}-{lang}.{'png' if png else 'svg'}",
                   headers={"Vary": "Accept-Language"})


@router.get("/charts/presence", summary="The presence chart's page", response_class=Response, responses=PAGE)
async def presence(request: Request, store: StoreDep, f: FiltersDep, lang: Lang = None) -> Response:
    """One row per site (those the filters of `/bases` select), time across, coloured by status over time."""
    chosen = page_lang(lang, request)
    body, tag = store.memo(("presence-page", f, chosen, today()),
                           lambda: presence_page(request.app.state.jinja, store, f, chosen))
    return html(request, body, tag)


@router.get("/charts/presence.svg", summary="The presence chart as SVG", response_class=Response, responses=IMAGES)
async def presence_svg_file(request: Request, store: StoreDep, f: FiltersDep, lang: Lang = None) -> Response:
    """The presence chart, as an SVG file."""
    chosen = page_lang(lang, request)
    return image(request, store, ("presence", f), lambda: presence_chart(store, f, chosen), chosen, False, "presence")


@router.get("/charts/presence.png", summary="The presence chart as PNG", response_class=Response, responses=PNGS)
async def presence_png_file(request: Request, store: StoreDep, f: FiltersDep, lang: Lang = None) -> Response:
    """The presence chart, as a PNG image (twice the SVG's size)."""
    chosen = page_lang(lang, request)
    return image(request, store, ("presence", f), lambda: presence_chart(store, f, chosen), chosen, True, "presence")


@router.get("/charts/events", summary="The page of events per month", response_class=Response, responses=PAGE)
async def months(request: Request, store: StoreDep, f: EventFiltersDep, lang: Lang = None) -> Response:
    """Events per month (those the filters of `/events` select), stacked by type."""
    chosen = page_lang(lang, request)
    body, tag = store.memo(("months-page", f, chosen, today()),
                           lambda: months_page(request.app.state.jinja, store, f, chosen))
    return html(request, body, tag)


@router.get("/charts/events.svg", summary="Events per month as SVG", response_class=Response, responses=IMAGES)
async def months_svg_file(request: Request, store: StoreDep, f: EventFiltersDep, lang: Lang = None) -> Response:
    """Events per month by type, as an SVG file."""
    chosen = page_lang(lang, request)
    return image(request, store, ("months", f), lambda: months_chart(store, f, chosen), chosen, False,
                 "events-per-month")


@router.get("/charts/events.png", summary="Events per month as PNG", response_class=Response, responses=PNGS)
async def months_png_file(request: Request, store: StoreDep, f: EventFiltersDep, lang: Lang = None) -> Response:
    """Events per month by type, as a PNG image."""
    chosen = page_lang(lang, request)
    return image(request, store, ("months", f), lambda: months_chart(store, f, chosen), chosen, True,
                 "events-per-month")


@router.get("/bases/{id}/presence.svg", summary="A site's presence chart as SVG", response_class=Response,
            responses=IMAGES)
async def site_presence_svg(request: Request, store: StoreDep, site: SiteDep, lang: Lang = None) -> Response:
    """One site's status over time, as an SVG file (the chart of its page)."""
    chosen = page_lang(lang, request)
    return image(request, store, ("site", site["id"]), lambda: presence_svg([site], chosen, today(), labels=False),
                 chosen, False, f"{site['id']}-presence")


@router.get("/bases/{id}/presence.png", summary="A site's presence chart as PNG", response_class=Response,
            responses=PNGS)
async def site_presence_png(request: Request, store: StoreDep, site: SiteDep, lang: Lang = None) -> Response:
    """One site's status over time, as a PNG image."""
    chosen = page_lang(lang, request)
    return image(request, store, ("site", site["id"]), lambda: presence_svg([site], chosen, today(), labels=False),
                 chosen, True, f"{site['id']}-presence")
