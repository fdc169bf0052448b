"""The map in headless Chromium: page weight (every asset and layer) and time until sites are drawn.

    .venv/bin/python -m bench.map_render --geodata geodata      # the atlas's own data
    .venv/bin/python -m bench.map_render --sites 100000         # builds a synthetic set first
    .venv/bin/python -m bench.map_render --geodata DIR          # an already built folder

Every request off 127.0.0.1 is blocked. Reported: the HTML document's size, the bytes of everything
the page loaded (the document, scripts, styles, the basemap layers, data), by kind and by URL, both
as decoded and as sent on the wire (gzip where the server compresses), and the time from navigation
to the first drawn markers or clusters (median of the loads). Sizes are taken once the network has
been idle, so layers fetched after the first paint are counted too.
"""

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, Response, sync_playwright

from bench.load import dataset, free_port, start_atlas

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Load:
    """One page load: the document's size, each resource's (decoded, wire) bytes, seconds to sites."""

    doc: int = 0
    seconds: float = 0.0
    note: str = ""
    resources: dict[str, tuple[int, int]] = field(default_factory=dict)

    def record(self, response: Response) -> None:
        if not response.ok:
            return
        decoded = len(response.body())
        sizes = response.request.sizes()
        wire = sizes["responseBodySize"] or decoded
        self.resources[urlsplit(response.url).path] = (decoded, wire)


def kind(path: str) -> str:
    """Group a resource by what it is: the document, JS, CSS, a map layer, data, other."""
    if path in ("/", "/ar/"):
        return "document"
    for ending, name in ((".js", "scripts"), (".css", "styles"), (".geojson", "layers")):
        if path.endswith(ending):
            return name
    return "data" if path.startswith("/bases") else "other"


def one_load(page: Page, base: str, path: str) -> Load:
    load = Load()
    page.on("response", load.record)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    started = time.perf_counter()
    response = page.goto(base + path)
    page.wait_for_selector(".leaflet-marker-icon", timeout=60000)
    load.seconds = time.perf_counter() - started
    load.doc = len(response.body()) if response else 0
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    load.note = page.inner_text("#atlas-view-note")
    return load


def measure(base: str, loads: int = 3, path: str = "/") -> list[Load]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        results = []
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            results.append(one_load(context.new_page(), base, path))
            context.close()
        browser.close()
    return results


def report(results: list[Load]) -> str:
    """The figures of the last load (sizes do not vary) and the median time of all."""
    last = results[-1]
    kib = lambda n: f"{n / 1024:,.1f} KiB"  # noqa: E731
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, (decoded, wire) in last.resources.items():
        by_kind[kind(path)][0] += decoded
        by_kind[kind(path)][1] += wire
    total = sum(d for d, _ in last.resources.values())
    wire = sum(w for _, w in last.resources.values())
    lines = [f"map page: document {kib(last.doc)}, all loaded {kib(total)} ({kib(wire)} on the wire) "
             f"in {len(last.resources)} requests; first sites drawn after "
             f"{statistics.median(r.seconds for r in results):.2f} s (median of {len(results)}); "
             f"view note: {last.note!r}"]
    lines += [f"  {name:9} {kib(d):>12} {kib(w):>12} on the wire" for name, (d, w) in sorted(by_kind.items())]
    lines += [f"    {path:60} {kib(d):>12} {kib(w):>12}"
              for path, (d, w) in sorted(last.resources.items(), key=lambda kv: -kv[1][0])]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--geodata", type=Path, default=None)
    parser.add_argument("--loads", type=int, default=3, help="page loads to take the median of")
    parser.add_argument("--path", default="/", help="the page to load (/ or /ar/)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-map-") as tmp:
        geodata = args.geodata or dataset(Path(tmp), args.sites)
        port = free_port()
        started = time.perf_counter()
        proc = start_atlas(geodata, port)
        start_s = time.perf_counter() - started
        try:
            rss = int(Path(f"/proc/{proc.pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024
            results = measure(f"http://127.0.0.1:{port}", args.loads, args.path)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"data: {geodata}; server ready in {start_s:.1f} s, resident {rss:.0f} MB")
    print(report(results))


if __name__ == "__main__":
    main()
