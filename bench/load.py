"""Load benchmark: the atlas against nginx (the static-file limit) and pygeoapi (the peer).

Every server runs on 127.0.0.1 pinned to CPU 0; wrk runs pinned to CPU 1. Each (server, route) is
driven the same way, in alternating rounds; medians are reported, with ratios from the same run.

    .venv/bin/python -m bench.load                      # the atlas's own data
    .venv/bin/python -m bench.load --sites 10000        # a synthetic 10,000-site data set too

Set-up (done by `make bench`): Debian's wrk and nginx, and pygeoapi in .venv-peer.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.nginxconf import local_config
from bench.nginxconf import start as start_nginx

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / ".venv-peer" / "bin"
SERVER_CPU, LOAD_CPU = 0, 1
#: One filter two ways (issue 14): our own parameters, and the same as CQL2 on the OGC items.
#: The CQL2 filter again, a new text each request (bench/new_filter.lua): its first ask, parse included.
FIRST_ASK = "atlas, cache off, a new filter text each request"
#: And a filter the indexes narrow and the evaluator finishes: about 1% of sites (100 of 10,000 synthetic).
FILTERS = {"filtered.json": "/bases?country=SY&status=handed_over",
           "filtered-cql.geojson": "/ogc/collections/bases/items?filter=country%3D%27SY%27%20AND%20"
                                   "status%3D%27handed_over%27",
           "filtered-1pct.geojson": "/ogc/collections/bases/items?limit=1000&filter=country%3D%27SY%27%20AND%20"
                                    "kind%3D%27outpost%27%20AND%20event_count%3E%3D10"}


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(text: str) -> float:
    value, unit = float(re.match(r"[\d.]+", text).group()), re.sub(r"[\d.]+", "", text)  # type: ignore[union-attr]
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str] | None = None,
        script: Path | None = None) -> Result:
    """Drive one URL with wrk (bounded in time) and parse req/s, p50, p99 and errors."""
    cmd = ["taskset", "-c", str(LOAD_CPU), "wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s",
           "--latency", "--timeout", "10s", *(["-s", str(script)] if script else [])]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Result(rps, p50, p99, errors + (int(non2xx.group(1)) if non2xx else 0))


def wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited")
        try:
            if httpx.get(url, timeout=max(2.0, deadline - time.monotonic())).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_atlas(geodata: Path, port: int, server: str = "uvicorn", stderr: Any = subprocess.DEVNULL,
                env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BASES_GEODATA_DIR": str(geodata), **(env or {})}
    if server == "granian":
        cmd = [str(ROOT / ".venv" / "bin" / "granian"), "--interface", "asgi", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--workers", "1", "--no-ws", "--log-level", "warning", "app.main:create_app"]
    else:
        cmd = [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(["taskset", "-c", str(SERVER_CPU), *cmd], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=stderr)
    wait(f"http://127.0.0.1:{port}/healthz", proc)
    return proc


def start_pygeoapi(data: Path, port: int, work: Path) -> subprocess.Popen[bytes]:
    conf = work / "pygeoapi.yml"
    conf.write_text((ROOT / "bench" / "pygeoapi.yml.in").read_text()
                    .replace("@PORT@", str(port)).replace("@DATA@", str(data)))
    openapi = work / "pygeoapi-openapi.yml"
    env = {**os.environ, "PYGEOAPI_CONFIG": str(conf), "PYGEOAPI_OPENAPI": str(openapi)}
    subprocess.run([str(PEER / "pygeoapi"), "openapi", "generate", str(conf), "--output-file", str(openapi)],
                   env=env, check=True, capture_output=True)
    proc = subprocess.Popen(["taskset", "-c", str(SERVER_CPU), str(PEER / "uvicorn"), "pygeoapi.starlette_app:APP",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait(f"http://127.0.0.1:{port}/collections/bases/items?f=json&limit=1", proc, timeout=900)
    return proc


def export(geodata: Path, target: Path) -> None:
    subprocess.run([sys.executable, "-m", "app", "export-static", str(target)], cwd=ROOT, check=True,
                   env={**os.environ, "BASES_GEODATA_DIR": str(geodata)}, capture_output=True)


def dataset(work: Path, sites: int | None) -> Path:
    """Return a geodata folder: the repo's, or a synthetic one built here."""
    if not sites:
        return ROOT / "geodata"
    folder = work / f"synth-{sites}"
    bases = [sys.executable, "-m", "app"]
    subprocess.run([*bases, "synth", str(folder), "--sites", str(sites), "--events", str(sites * 10)],
                   cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*bases, "build", "--geodata", str(folder)], cwd=ROOT, check=True, capture_output=True)
    return folder


def run(label: str, geodata: Path, args: argparse.Namespace, work: Path) -> list[tuple[str, str, str, Result]]:
    """Start every server on one data set, drive each route in alternating rounds; medians."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        tag = re.sub(r"\W+", "-", label)
        ports = {k: free_port() for k in ("atlas", "nginx", "proxy", "pygeoapi", "export", "granian", "nocache",
                                          "uvloop")}
        static = work / f"static-{tag}"
        static.mkdir(exist_ok=True)
        shutil.copy(geodata / "bases.geojson", static / "bases.geojson")
        procs.append(start_atlas(geodata, ports["atlas"]))
        atlas = f"http://127.0.0.1:{ports['atlas']}"
        # the same app with its response cache off: what a query costs the first time it is asked
        procs.append(start_atlas(geodata, ports["nocache"], env={"BASES_RESPONSE_CACHE_MB": "0"}))
        nocache = f"http://127.0.0.1:{ports['nocache']}"
        procs.append(start_nginx(local_config(work / f"ngx-{tag}", ports["nginx"], static_root=static),
                                 f"http://127.0.0.1:{ports['nginx']}/bases.geojson", cpu=SERVER_CPU))
        restart: dict[str, tuple[int, Callable[[], subprocess.Popen[bytes]]]] = {}
        if not args.filters:
            exported = work / f"export-{tag}"
            export(geodata, exported)
            procs.append(start_nginx(local_config(work / f"proxy-{tag}", ports["proxy"],
                                                  upstream=f"127.0.0.1:{ports['atlas']}", export=exported),
                                     f"http://127.0.0.1:{ports['proxy']}/healthz", cpu=SERVER_CPU))
            procs.append(start_nginx(local_config(work / f"ngx-export-{tag}", ports["export"], static_root=exported),
                                     f"http://127.0.0.1:{ports['export']}/bases.geojson", cpu=SERVER_CPU))
            # pygeoapi (and granian on large bodies) keep working on the requests wrk gave up on,
            # for minutes on CPU 0: they are restarted after each of their runs, not to slow the next
            restart["pygeoapi items"] = (len(procs), lambda: start_pygeoapi(static / "bases.geojson",
                                                                            ports["pygeoapi"], work))
            procs.append(restart["pygeoapi items"][1]())
        if args.variants and not args.filters:
            restart["atlas (granian)"] = (len(procs), lambda: start_atlas(geodata, ports["granian"], "granian"))
            procs.append(restart["atlas (granian)"][1]())
            # uvloop's trouble shows when the app works for each request: so with the cache off
            procs.append(start_atlas(geodata, ports["uvloop"],
                                     env={"BASES_LOOP": "uvloop", "BASES_RESPONSE_CACHE_MB": "0"}))
        # (not asked with --filters: at 10,000 sites the first download is made for longer than httpx waits)
        etag = "" if args.filters else httpx.get(f"{atlas}/bases.geojson", timeout=120).headers["etag"]
        # a filter as /bases parameters and the same as CQL2 on OGC items: nginx sends the same bytes
        for name, path in FILTERS.items():
            (static / name).write_bytes(httpx.get(f"{nocache}{path}").content)
        plan: list[tuple[str, str, str, dict[str, str] | None]] = [
            ("/bases.geojson", "atlas", f"{atlas}/bases.geojson", None),
            ("/bases.geojson", "nginx static", f"http://127.0.0.1:{ports['nginx']}/bases.geojson", None),
            ("/bases.geojson", "atlas via repo nginx", f"http://127.0.0.1:{ports['proxy']}/bases.geojson", None),
            ("/bases.geojson", "nginx export-static", f"http://127.0.0.1:{ports['export']}/bases.geojson", None),
            ("/bases.geojson", "pygeoapi items",
             f"http://127.0.0.1:{ports['pygeoapi']}/collections/bases/items?f=json&limit=100000", None),
            ("/bases.geojson 304", "atlas", f"{atlas}/bases.geojson", {"If-None-Match": etag}),
            ("/bases?country=SY", "atlas", f"{atlas}/bases?country=SY", None),
            ("/bases?country=SY", "atlas, cache off", f"{nocache}/bases?country=SY", None),
            ("/ogc/collections/bases/items", "atlas", f"{atlas}/ogc/collections/bases/items", None),
            ("/ogc/collections/bases/items", "atlas, cache off", f"{nocache}/ogc/collections/bases/items", None),
            *((path, "atlas, cache off", f"{nocache}{path}", None) for path in FILTERS.values()),
            (FILTERS["filtered-cql.geojson"], FIRST_ASK, f"{nocache}{FILTERS['filtered-cql.geojson']}", None),
            *((path, "nginx, the same bytes", f"http://127.0.0.1:{ports['nginx']}/{name}", None)
              for name, path in FILTERS.items()),
            ("/", "atlas", f"{atlas}/", None),
            ("/", "atlas via repo nginx", f"http://127.0.0.1:{ports['proxy']}/", None),
            ("/", "nginx export-static", f"http://127.0.0.1:{ports['export']}/", None),
        ]
        if args.filters:   # only the filters, beside nginx sending the same bytes
            plan = [row for row in plan if row[0] in FILTERS.values()]
        if args.variants and not args.filters:
            for name, key in (("atlas (granian)", "granian"), ("atlas (uvloop), cache off", "uvloop")):
                plan.append(("/bases.geojson", name, f"http://127.0.0.1:{ports[key]}/bases.geojson", None))
                plan.append(("/bases?country=SY", name, f"http://127.0.0.1:{ports[key]}/bases?country=SY", None))
        def drive(server: str, url: str, headers: dict[str, str] | None, seconds: int) -> Result:
            result = wrk(url, seconds, args.connections, headers,
                         ROOT / "bench" / "new_filter.lua" if server == FIRST_ASK else None)
            if server in restart:
                slot, starter = restart[server]
                stop(procs[slot])
                procs[slot] = starter()
            settle()
            return result

        for _, server, url, headers in plan:   # warm every server and route the same way before measuring
            drive(server, url, headers, 1)
        samples: dict[int, list[Result]] = {i: [] for i in range(len(plan))}
        for round_no in range(args.rounds):
            order = list(range(len(plan))) if round_no % 2 == 0 else list(reversed(range(len(plan))))
            for i in order:
                route, server, url, headers = plan[i]
                samples[i].append(drive(server, url, headers, args.seconds))
                print(f"[{label}] round {round_no + 1} {route} {server}: {samples[i][-1].rps:,.0f} req/s",
                      file=sys.stderr)
        out = []
        for i, (route, server, _, _) in enumerate(plan):
            rs = samples[i]
            out.append((label, route, server, Result(statistics.median(r.rps for r in rs),
                                                     statistics.median(r.p50_ms for r in rs),
                                                     statistics.median(r.p99_ms for r in rs),
                                                     sum(r.errors for r in rs))))
        return out
    finally:
        for proc in procs:
            stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def settle(cpu: int = SERVER_CPU, timeout: float = 60.0) -> None:
    """Wait until the servers' CPU is idle again (at least 90% over half a second), at most `timeout`."""
    def ticks() -> tuple[int, int]:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith(f"cpu{cpu} "):
                fields = [int(x) for x in line.split()[1:]]
                return fields[3] + fields[4], sum(fields)
        return 0, 0

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        idle0, total0 = ticks()
        time.sleep(0.5)
        idle1, total1 = ticks()
        if total1 == total0 or (idle1 - idle0) / (total1 - total0) >= 0.9:
            return


def table(rows: list[tuple[str, str, str, Result]], args: argparse.Namespace) -> str:
    lines = [f"Load benchmark ({time.strftime('%Y-%m-%d')}; {os.cpu_count()} cores; server on CPU {SERVER_CPU}, "
             f"wrk on CPU {LOAD_CPU}; {args.connections} connections, {args.seconds} s, median of {args.rounds} "
             "alternating rounds). Command: `" + " ".join(["python -m bench.load", *sys.argv[1:]]) + "`", "",
             "| data | route | server | req/s | p50 ms | p99 ms | errors |", "|---|---|---|---:|---:|---:|---:|"]
    for label, route, server, r in rows:
        lines.append(f"| {label} | {route} | {server} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} |")
    lines += ["", "| data | ratio | value |", "|---|---|---:|"]
    for label in dict.fromkeys(r[0] for r in rows):
        got = {(route, server): r for lb, route, server, r in rows if lb == label}

        def ratio(a: tuple[str, str], b: tuple[str, str], name: str, lb: str = label, g: dict = got) -> None:  # type: ignore[type-arg]
            if a in g and b in g and g[b].rps:
                lines.append(f"| {lb} | {name} | {g[a].rps / g[b].rps:.2f}x |")

        geo = "/bases.geojson"
        ratio((geo, "atlas"), (geo, "nginx static"), "atlas / nginx static")
        ratio((geo, "atlas"), (geo, "pygeoapi items"), "atlas / pygeoapi")
        ratio((geo, "atlas via repo nginx"), (geo, "nginx static"), "atlas via repo nginx / nginx static")
        ratio((geo, "nginx export-static"), (geo, "nginx static"), "export-static via nginx / nginx static")
        ratio(("/", "atlas"), (geo, "atlas"), "atlas / (cached page) vs /bases.geojson")
        ratio((geo + " 304", "atlas"), (geo, "atlas"), "atlas 304 vs 200 on /bases.geojson")
        ratio(("/bases?country=SY", "atlas"), ("/bases?country=SY", "atlas, cache off"),
              "/bases?country=SY, cached vs cache off")
        for name, path in FILTERS.items():
            ratio((path, "atlas, cache off"), (path, "nginx, the same bytes"), f"{name}: atlas cache off / nginx")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sites", type=int, default=0, help="also run on a synthetic data set of this size")
    parser.add_argument("--skip-atlas", action="store_true", help="run only the synthetic data set")
    parser.add_argument("--filters", action="store_true",
                        help="only the filter rows (cache off) and nginx sending the same bytes")
    parser.add_argument("--variants", action="store_true",
                        help="also run the atlas under granian, and on uvloop")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o755)
        rows = [] if args.skip_atlas else run("atlas data", ROOT / "geodata", args, work)
        if rows:
            args.out.write_text(table(rows, args))   # kept even if a later part fails
        if args.sites:
            rows += run(f"{args.sites:,} sites", dataset(work, args.sites), args, work)
    text = table(rows, args)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
