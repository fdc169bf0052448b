"""Sites and events as the features of the OGC API collections (the public schema, lists joined)."""

from datetime import date
from typing import Any

from app.domain.schema import flat_event, public_event
from app.domain.timeline import STATUS_OF
from app.store.views import summary


def _flat(props: dict[str, Any]) -> dict[str, Any]:
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in props.items()}


def site_feature(feat: dict[str, Any], on: date) -> dict[str, Any]:
    """Return a site as an OGC `bases` feature, as of `on`."""
    props = summary(feat, on)
    props["aliases"] = feat["properties"]["aliases"]
    return {"type": "Feature", "id": feat["id"], "geometry": feat["geometry"], "properties": _flat(props)}


def event_feature(event: dict[str, Any], points: list[tuple[float, float]]) -> dict[str, Any]:
    """Return an event (as built) as an OGC `events` feature, at its site, or at each of its sites."""
    props = flat_event(public_event(event, STATUS_OF.get(event["type"])))
    geometry: dict[str, Any] = ({"type": "Point", "coordinates": list(points[0])} if len(points) == 1 else
                                {"type": "MultiPoint", "coordinates": [list(p) for p in points]})
    return {"type": "Feature", "id": event["id"], "geometry": geometry, "properties": _flat(props)}
