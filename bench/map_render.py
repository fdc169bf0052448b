"""The map at scale, in headless Chromium: page weight and time until sites are drawn.

    .venv/bin/python -m bench.map_render --sites 100000        # builds a synthetic set first
    .venv/bin/python -m bench.map_render --geodata DIR         # an already built folder

Every request off 127.0.0.1 is blocked. Reported: the HTML document's size, all bytes the page
loaded, and the time from navigation to the first drawn markers or clusters (median of 3 loads).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.load import dataset, free_port, start_atlas

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def measure(base: str, loads: int = 3) -> tuple[int, int, float, str]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        times, doc, total, note = [], 0, 0, ""
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            sizes: list[int] = []
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
            page.on("response", lambda r, sizes=sizes: sizes.append(len(r.body())) if r.ok else None)
            started = time.perf_counter()
            response = page.goto(base + "/")
            page.wait_for_selector(".leaflet-marker-icon", timeout=60000)
            times.append(time.perf_counter() - started)
            doc = len(response.body()) if response else 0
            page.wait_for_timeout(500)
            total, note = sum(sizes), page.inner_text("#atlas-view-note")
            context.close()
        browser.close()
    return doc, total, statistics.median(times), note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--geodata", type=Path, default=None)
    parser.add_argument("--loads", type=int, default=3, help="page loads to take the median of")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-map-") as tmp:
        geodata = args.geodata or dataset(Path(tmp), args.sites)
        port = free_port()
        started = time.perf_counter()
        proc = start_atlas(geodata, port)
        start_s = time.perf_counter() - started
        try:
            rss = int(Path(f"/proc/{proc.pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024
            doc, total, seconds, note = measure(f"http://127.0.0.1:{port}", args.loads)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"data: {geodata}; server ready in {start_s:.1f} s, resident {rss:.0f} MB")
    print(f"map page: document {doc / 1024:.0f} KiB, all loaded {total / 1024:.0f} KiB; "
          f"first sites drawn after {seconds:.2f} s (median of {args.loads}); view note: {note!r}")


if __name__ == "__main__":
    main()
