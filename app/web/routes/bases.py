"""The /bases and /geocode resources: sites as of a date, and names to sites."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from app.domain.errors import BadInput
from app.store import Filters, Store
from app.store.views import detail, summary, timeline
from app.web.ask import Ask
from app.web.lang import page_lang
from app.web.params import (
    AsOf,
    FiltersDep,
    IncludeLater,
    Page,
    PageDep,
    StoreDep,
    as_of_day,
    filters,
    flag,
    page_of,
    text,
)
from app.web.responses import JSON, Answer, answer, as_of_fields, dumps, page_links, respond
from app.web.routes.pages import Lang, site_page

router = APIRouter(tags=["bases"])


def site_links(base: str, site_id: str) -> list[dict[str, str]]:
    """Return a site's links (from the server's base URL): itself, its events, the map centred on it."""
    return [
        {"rel": "self", "href": f"{base}/bases/{site_id}", "type": "application/json"},
        {"rel": "events", "href": f"{base}/bases/{site_id}/events", "type": "application/json"},
        {"rel": "map", "href": f"{base}/?base={site_id}", "type": "text/html"},
        {"rel": "alternate", "href": f"{base}/bases/{site_id}.html", "type": "text/html"},
    ]


async def get_site(store: StoreDep, site_id: Annotated[str, Path(
        alias="id", description="The site's id (a slug).", examples=["taji"])]) -> dict[str, Any]:
    """Resolve the path's id to a site; 404 with suggestions when there is none."""
    return store.get(site_id)


SiteDep = Annotated[dict[str, Any], Depends(get_site)]


@router.get("/bases", summary="Sites, filtered, with what was reported of them by a date",
            response_description="A page of sites: count, as_of, bases, links.")
async def list_bases(request: Request, store: StoreDep, f: FiltersDep, page: PageDep) -> Response:
    """List the sites that pass every filter, each as last reported on `as_of` (events after it unseen)."""
    body = bases_page(store, f, page, str(request.base_url).rstrip("/"), str(request.url), request.query_params)
    return respond(request, body)


def bases_page(store: Store, f: Filters, page: Page, base: str, url: str, query: Mapping[str, str]) -> bytes:
    """A page of /bases: the sites that pass `f`, each with its links (from `base`), and the page's (`url`)."""
    sites = store.select(f)
    chosen = sites[page.offset:page.offset + page.limit]
    return dumps({
        "count": len(sites), "returned": len(chosen), **as_of_fields(query.get("as_of"), f.as_of),
        **(_latitude_first(store, f) if len(sites) == 0 else {}), "data_as_of": store.atlas.get("data_as_of"),
        "bases": [listed(store, s, f.as_of, base) for s in chosen],
        "links": page_links(url, query, len(sites), page.limit, page.offset),
    })


def _latitude_first(store: Store, f: Filters) -> dict[str, str]:
    """For a box that holds no site: a hint when, read latitude first (a common slip), it holds some."""
    if f.bbox is None or not all(-90 <= v <= 90 for v in (f.bbox[0], f.bbox[2])):
        return {}
    west, south, east, north = f.bbox
    count = len(store.select(replace(f, bbox=(south, west, north, east))))
    if not count:
        return {}
    box = ",".join(f"{v:g}" for v in (south, west, north, east))
    return {"hint": f"no site in this box; with latitude and longitude swapped, bbox={box}, it holds {count}"}


def listed(store: Store, site: dict[str, Any], on: date, base: str) -> dict[str, Any]:
    """A site as a page of /bases lists it on a day, kept by the store (readers never change it)."""
    return store.listed.get((site["id"], on, base),
                            lambda: {**summary(site, on), "links": site_links(base, site["id"])})


async def list_bases_fast(ask: Ask) -> Answer:
    """/bases read from an Ask (see app.web.fast): the same parsers and page as list_bases."""
    q, many, state = ask.last, ask.lists, ask.app.state
    f = await filters(q.get("as_of"), many.get("country"), many.get("status"), many.get("kind"),
                      many.get("nation"), q.get("bbox"), q.get("q"))
    body = bases_page(state.store, f, page_of(state.settings.max_limit, q.get("limit"), q.get("offset")),
                      ask.base, ask.url, q)
    return answer(body, JSON, ask.if_none_match, ask.range)


@router.get("/bases/{id}", summary="One site with its timeline and sources, as of a date")
async def get_base(request: Request, site: SiteDep, store: StoreDep, as_of: AsOf = None,
                   include_later: IncludeLater = None, lang: Lang = None) -> Response:
    """Return a site with aliases, location source and its events up to `as_of` (`include_later=true`:
    the later ones too, marked); status, newest report, count and nations as of that day.

    A browser (Accept: text/html) gets the site's page instead, as at /bases/{id}.html.
    """
    on, later, chosen = as_of_day(as_of), flag(include_later, "include_later"), page_lang(lang, request)
    if "text/html" in request.headers.get("accept", ""):
        response = site_page(request, store, site["id"], chosen, on)
    else:
        links = site_links(str(request.base_url).rstrip("/"), site["id"])
        body = {**detail(site, on, later), **as_of_fields(request.query_params.get("as_of"), on), "links": links}
        response = respond(request, dumps(body))
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


@router.get("/bases/{id}/events", summary="A site's events up to a date, oldest first")
async def base_events(request: Request, site: SiteDep, as_of: AsOf = None,
                      include_later: IncludeLater = None) -> Response:
    """Return one site's events reported by `as_of` (default today), each with its source and id."""
    on = as_of_day(as_of)
    events, hidden = timeline(site, on, flag(include_later, "include_later"))
    body = {"base": site["id"], **as_of_fields(request.query_params.get("as_of"), on), "count": len(events),
            "later_events": hidden, "events": events}
    return respond(request, dumps(body))


@router.get("/geocode", summary="Match a name (either script) to a site")
async def geocode(request: Request, store: StoreDep,
                  q: Annotated[str, Query(description="A place name in Arabic or Latin script.",
                                          examples=["قاعدة التاجي"],
                                          json_schema_extra={"x-form": "name"})]) -> Response:
    """Return the geocoder's answer: a match or null, with candidates; same shape as the CLI."""
    if not q.strip():
        raise BadInput("q is empty: give the name to look up, e.g. /geocode?q=Taji", parameter="q",
                       allowed="a place name in Arabic or Latin script")
    return respond(request, dumps(store.geocoder.lookup(text(q, "q") or "")))
