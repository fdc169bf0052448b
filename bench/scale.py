"""The atlas at scale: build time, server start, memory, and small-box and paging latency.

    .venv/bin/python -m bench.scale --sites 100000 --events 1000000
    .venv/bin/python -m bench.scale --geodata DIR          # an already built folder (no build timing)

Latencies come from wrk (server on CPU 0, wrk on CPU 1, 8 connections unless said, 10 s each), with the
response cache off: each request does its work.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.load import free_port, start_atlas, wrk
from bench.soak import rss_mb

ROOT = Path(__file__).resolve().parent.parent
#: A CQL2 filter the indexes narrow (country, kind) and the evaluator finishes (event_count): about 1% of sites.
CQL = "country%3D%27SY%27%20AND%20kind%3D%27outpost%27%20AND%20event_count%3E%3D10"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--geodata", type=Path, default=None)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-scale-") as tmp:
        geodata = args.geodata
        if geodata is None:
            geodata = Path(tmp) / "synth"
            subprocess.run([sys.executable, "-m", "app", "synth", str(geodata), "--sites", str(args.sites),
                            "--events", str(args.events)], cwd=ROOT, check=True, capture_output=True)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "app", "build", "--geodata", str(geodata)], cwd=ROOT, check=True)
            print(f"bases build: {time.perf_counter() - started:.1f} s for {args.sites:,} sites, "
                  f"{args.events:,} events")
        size = (geodata / "bases.geojson").stat().st_size
        port = free_port()
        started = time.perf_counter()
        # the response cache off: every request below does its work, as a first request would
        proc = start_atlas(geodata, port, env={"BASES_RESPONSE_CACHE_MB": "0"})
        ready = time.perf_counter() - started
        try:
            rss = rss_mb(proc.pid)
            base = f"http://127.0.0.1:{port}"
            # above 10,000 sites the name index is built in the background after start; the
            # latencies below are of the settled server (a geocode waits for the index)
            httpx.get(f"{base}/geocode?q=warm", timeout=300).raise_for_status()
            settled = time.perf_counter() - started
            alone = wrk(f"{base}/bases?bbox=40.0,35.0,40.2,35.2", args.seconds, 1)   # one client: no queueing
            small = wrk(f"{base}/bases?bbox=40.0,35.0,40.2,35.2", args.seconds, 8)
            page = wrk(f"{base}/bases?limit=100&offset=50000", args.seconds, 8)
            one = wrk(f"{base}/bases/synth-{min(4242, args.sites - 1):06d}", args.seconds, 8)
            country = wrk(f"{base}/bases?country=SY&status=active", args.seconds, 8)
            cql_alone = wrk(f"{base}/ogc/collections/bases/items?filter={CQL}", args.seconds, 1)
            cql = wrk(f"{base}/ogc/collections/bases/items?filter={CQL}", args.seconds, 8)
            matched = httpx.get(f"{base}/ogc/collections/bases/items?limit=1&filter={CQL}").json()["numberMatched"]
            started = time.perf_counter()
            httpx.get(f"{base}/events?limit=1", timeout=300).raise_for_status()
            first_events = time.perf_counter() - started
            events = wrk(f"{base}/events?type=handover&since=2020-01-01&limit=100", args.seconds, 8)
            rss_after = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"built file {size / 1e6:.0f} MB; server ready in {ready:.1f} s (name index ready at {settled:.1f} s); "
          f"resident {rss:.0f} MB "
          f"({rss_after:.0f} MB after the runs below, the event index included)")
    print(f"first /events call (builds the event index): {first_events:.1f} s")
    for label, r in (("/bases?bbox= (0.2 x 0.2 degree box), 1 connection", alone),
                     ("/bases?bbox= (0.2 x 0.2 degree box)", small), ("/bases?limit=100&offset=50000", page),
                     ("/bases/{id}", one), ("/bases?country=SY&status=active", country),
                     (f"OGC items, CQL2 {CQL} ({matched:,} match, a page of 100), 1 connection", cql_alone),
                     (f"OGC items, CQL2 {CQL} ({matched:,} match, a page of 100)", cql),
                     ("/events?type=handover&since=2020-01-01&limit=100", events)):
        print(f"{label}: p50 {r.p50_ms:.1f} ms, p99 {r.p99_ms:.1f} ms, {r.rps:,.0f} req/s, errors {r.errors}")


if __name__ == "__main__":
    main()
