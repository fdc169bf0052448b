"""The /bases, /events and /geocode resources."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from app.domain.errors import BadInput
from app.store.views import detail, events_of, summary
from app.web.params import (
    EVENT_TYPE_LIST,
    AsOf,
    FiltersDep,
    PageDep,
    StoreDep,
    alpha2,
    choice,
    day,
    text,
)
from app.web.responses import dumps, page_links, respond
from app.web.routes.pages import Lang, page_lang, site_page

router = APIRouter(tags=["bases"])


def site_links(base: str, site_id: str) -> list[dict[str, str]]:
    """Return a site's links (from the server's base URL): itself, its events, the map centred on it."""
    return [
        {"rel": "self", "href": f"{base}/bases/{site_id}", "type": "application/json"},
        {"rel": "events", "href": f"{base}/bases/{site_id}/events", "type": "application/json"},
        {"rel": "map", "href": f"{base}/?base={site_id}", "type": "text/html"},
    ]


async def get_site(store: StoreDep, site_id: Annotated[str, Path(
        alias="id", description="The site's id (a slug).", examples=["taji"])]) -> dict[str, Any]:
    """Resolve the path's id to a site; 404 with suggestions when there is none."""
    return store.get(site_id)


SiteDep = Annotated[dict[str, Any], Depends(get_site)]


@router.get("/bases", summary="Sites, filtered, with their status on a date",
            response_description="A page of sites: count, as_of, bases, links.")
async def list_bases(request: Request, store: StoreDep, f: FiltersDep, page: PageDep) -> Response:
    """List the sites that pass every filter, with status as last reported on `as_of`."""
    sites = store.select(f)
    chosen = sites[page.offset:page.offset + page.limit]
    base = str(request.base_url).rstrip("/")
    body = {
        "count": len(sites), "returned": len(chosen), "as_of": f.as_of.isoformat(),
        "data_as_of": store.atlas.get("data_as_of"),
        "bases": [{**summary(s, f.as_of), "links": site_links(base, s["id"])} for s in chosen],
        "links": page_links(request, len(sites), page.limit, page.offset),
    }
    return respond(request, dumps(body))


@router.get("/bases/{id}", summary="One site with its full timeline and sources")
async def get_base(request: Request, site: SiteDep, store: StoreDep,
             as_of: AsOf = None, lang: Lang = None) -> Response:
    """Return a site with aliases, location source, every event and its status on `as_of`.

    A browser (Accept: text/html) gets the site's page instead, as at /bases/{id}.html.
    """
    on = day(as_of, "as_of") or date.today()
    if "text/html" in request.headers.get("accept", ""):
        response = site_page(request, store, site["id"], page_lang(lang))
    else:
        links = site_links(str(request.base_url).rstrip("/"), site["id"])
        body = {**detail(site, on), "as_of": on.isoformat(), "links": links}
        response = respond(request, dumps(body))
    response.headers["Vary"] = "Accept"
    return response


@router.get("/bases/{id}/events", summary="A site's events, oldest first")
async def base_events(request: Request, site: SiteDep) -> Response:
    """Return every event of one site, each with its source."""
    events = events_of(site)
    return respond(request, dumps({"base": site["id"], "count": len(events), "events": events}))


@router.get("/events", summary="Events of every site, filtered")
async def list_events(
    request: Request, store: StoreDep, page: PageDep,
    base: Annotated[str | None, Query(description="A site id.", examples=["taji"])] = None,
    type: Annotated[str | None, Query(description="An event type.", examples=["handover"])] = None,
    nation: Annotated[str | None, Query(description="ISO alpha-2 of a nation in the event.",
                                        examples=["GB"])] = None,
    since: Annotated[str | None, Query(description="Events on or after (YYYY-MM-DD).",
                                       examples=["2020-01-01"])] = None,
    until: Annotated[str | None, Query(description="Events on or before (YYYY-MM-DD).",
                                       examples=["2020-12-31"])] = None,
) -> Response:
    """List events across sites (each with its site's id and names), oldest first."""
    kind = choice(type, "type", EVENT_TYPE_LIST)
    who = alpha2(nation, "nation")
    start, end = day(since, "since"), day(until, "until")
    if base and base not in store.by_id:
        raise BadInput(f"base {base!r} is not a site id", parameter="base",
                       allowed="a site id from /bases")
    index = store.event_index
    rows = index.select(kind, who, start, end, store.position(base) if base else None)
    chosen = [{"base": s["id"], "name_en": s["properties"]["name_en"], "name_ar": s["properties"]["name_ar"], **e}
              for s, e in index.events(store.features, rows[page.offset:page.offset + page.limit])]
    body = {"count": len(rows), "returned": len(chosen), "events": chosen,
            "links": page_links(request, len(rows), page.limit, page.offset)}
    return respond(request, dumps(body))


@router.get("/geocode", summary="Match a name (either script) to a site")
async def geocode(request: Request, store: StoreDep,
            q: Annotated[str, Query(description="A place name in Arabic or Latin script.",
                                    examples=["قاعدة التاجي"])]) -> Response:
    """Return the geocoder's answer: a match or null, with candidates; same shape as the CLI."""
    return respond(request, dumps(store.geocoder.lookup(text(q, "q") or "")))
