"""`bases export-static DIR`: the whole atlas as files any web server or CDN can serve.

Every file is the app's own answer to a GET, made in-process, so the export and the server
cannot drift apart. The folder appears whole or not at all (built beside it, then swapped in).
"""

import asyncio
import shutil
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from app.pages.assets import APP_STATIC, VENDOR

PAGES = {"index.html": "/?lang=en", "ar/index.html": "/?lang=ar", "about.html": "/about?lang=en",
         "ar/about.html": "/about?lang=ar", "bases.geojson": "/bases.geojson", "bases.csv": "/bases.csv",
         "bases.kml": "/bases.kml", "bases.gpkg": "/bases.gpkg", "events.csv": "/events.csv",
         "dataset.json": "/dataset", "openapi.json": "/openapi.json",
         "static/borders.geojson": "/static/borders.geojson", "favicon.ico": "/favicon.ico", "ogc/index.json": "/ogc",
         "ogc/conformance.json": "/ogc/conformance", "ogc/collections.json": "/ogc/collections",
         "changes.html": "/changes?lang=en", "ar/changes.html": "/changes?lang=ar", "feed.atom": "/feed.atom?lang=en",
         "ar/feed.atom": "/feed.atom?lang=ar", "bases.csv-metadata.json": "/bases.csv-metadata.json",
         "events.csv-metadata.json": "/events.csv-metadata.json"}


async def get(app: FastAPI, url: str, base: str) -> bytes:
    """GET one URL from the app in-process (no network), returning the body; errors on non-200."""
    path, _, query = url.partition("?")
    scheme, _, host = base.partition("://")
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": scheme, "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "headers": [(b"host", host.encode()), (b"accept", b"*/*")], "server": (host, 80),
        "client": ("127.0.0.1", 0), "root_path": "",
    }
    status, chunks, asked = 0, [], False
    finished = asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:   # the request (no body); after that, a client that waits for the end
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                finished.set()

    await app(scope, receive, send)
    finished.set()
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    return b"".join(chunks)


def urls(app: FastAPI, base: str) -> Iterator[tuple[str, str]]:
    """Yield (file, url) for everything the export holds."""
    store = app.state.store
    yield from PAGES.items()
    for url in app.state.context.values():   # the geographic context layers, when the data has them
        yield url.lstrip("/"), url
    yield "bases.json", f"/bases?limit={app.state.settings.max_limit}"
    for site_id in store.by_id:
        yield f"bases/{site_id}.html", f"/bases/{site_id}.html?lang=en"
        yield f"ar/bases/{site_id}.html", f"/bases/{site_id}.html?lang=ar"
        yield f"bases/{site_id}.json", f"/bases/{site_id}"
        yield f"bases/{site_id}/feed.atom", f"/bases/{site_id}/feed.atom?lang=en"
    for event_id in store.event_index.ids:
        yield f"events/{event_id}.html", f"/events/{event_id}.html?lang=en"
        yield f"ar/events/{event_id}.html", f"/events/{event_id}.html?lang=ar"
        yield f"events/{event_id}.json", f"/events/{event_id}"
    for cid in ("bases", "events"):
        yield f"ogc/collections/{cid}.json", f"/ogc/collections/{cid}"
        yield f"ogc/collections/{cid}/items.json", f"/ogc/collections/{cid}/items?limit=10000"


def export_static(app: FastAPI, target: Path, base: str = "http://127.0.0.1:8000") -> int:
    """Write the export into `target` (replaced whole); return the number of files."""
    target = target.resolve()
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    async def write_all() -> int:
        count = 0
        for name, url in urls(app, base):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(await get(app, url, base))
            count += 1
        return count

    try:
        count = asyncio.run(write_all())
        shutil.copytree(APP_STATIC, staging / "static" / "app")
        for name, folder in VENDOR.items():
            shutil.copytree(folder, staging / "static" / "vendor" / name)
        old = target.with_name(f".{target.name}.old")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count
