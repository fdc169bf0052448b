"""The table pages: the sites, and the events, filtered, sorted and paged like the API, with facet counts."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.domain.dates import today
from app.pages.render import HTML
from app.pages.table import EVENT_SORTS, SITE_SORTS, sorts
from app.pages.tableview import events_page, sites_page
from app.web.lang import page_lang
from app.web.params import EventFiltersDep, FiltersDep, PageDep, StoreDep, choice
from app.web.routes.pages import Lang, html

router = APIRouter(tags=["pages"])
PAGE: dict[int | str, dict[str, Any]] = {200: {"content": {HTML: {}}, "description": "The table page."}}
SiteSort = Annotated[str | None, Query(
    description=f"The column to sort by, any of {', '.join(SITE_SORTS)}; `-` before it sorts the other way "
                "(default: name).", examples=["-since"],
    json_schema_extra={"x-form": "site_sort"})]
EventSort = Annotated[str | None, Query(
    description=f"The column to sort by, any of {', '.join(EVENT_SORTS)}; `-` before it sorts the other way "
                "(default: date, oldest first).", examples=["-date"],
    json_schema_extra={"x-form": "event_sort"})]


@router.get("/table", summary="The sites as a table, as of a date", response_class=Response, responses=PAGE)
async def sites_table(request: Request, store: StoreDep, f: FiltersDep, page: PageDep, lang: Lang = None,
                      sort: SiteSort = None) -> Response:
    """The sites `/bases` selects with the same filters, one row each, with counts per value of each filter."""
    chosen, order = page_lang(lang, request), choice(sort, "sort", sorts(SITE_SORTS)) or "name"
    body, tag = store.memo(("table", f, chosen, order, page.limit, page.offset, today()), lambda: sites_page(
        request.app.state.jinja, store, f, order, page.limit, page.offset, chosen))
    return html(request, body, tag)


@router.get("/table/events", summary="The events as a table", response_class=Response, responses=PAGE)
async def events_table(request: Request, store: StoreDep, f: EventFiltersDep, page: PageDep, lang: Lang = None,
                       sort: EventSort = None) -> Response:
    """The events `/events` selects with the same filters, one row each, with counts per value of each filter."""
    chosen, order = page_lang(lang, request), choice(sort, "sort", sorts(EVENT_SORTS)) or "date"
    body, tag = store.memo(("table-events", f, chosen, order, page.limit, page.offset, today()), lambda: events_page(
        request.app.state.jinja, store, f, order, page.limit, page.offset, chosen))
    return html(request, body, tag)
