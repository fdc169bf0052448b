"""Health and the data set's own facts."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.web.params import StoreDep
from app.web.responses import dumps, respond

router = APIRouter(tags=["meta"])


@router.get("/healthz", summary="200 when the data is loaded")
async def healthz(store: StoreDep) -> dict[str, object]:
    """Say the data is loaded, with its size, currency and data version."""
    return {"status": "ok", "sites": len(store.features),
            "data_as_of": store.atlas.get("data_as_of"), "data_version": store.atlas.get("data_version")}


@router.get("/dataset", summary="Dataset-level facts, events and publications")
async def dataset(request: Request, store: StoreDep) -> Response:
    """Return facts that belong to no single site (troops per nation, air strikes), events that
    concern many sites, the publications facts reached us through, and how current the data is."""
    return respond(request, dumps(store.atlas))
