"""SIGTERM under load: in-flight requests finish, then the server exits cleanly.

A request counts as in flight once the app has it: each is then in the server's access log. The
only requests a client may lose are those still in the kernel's listen backlog when the listener
closes (reset before the app saw them: absent from the log).

    .venv/bin/python -m bench.sigterm [--clients 32]

Clients keep requests in flight (downloads made fresh for each, so each takes real work); the
server gets SIGTERM in the middle. Every request that had started must get a complete 200;
afterwards new connections are refused and the exit code is 0.
"""

import argparse
import json
import signal
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.load import free_port, start_atlas

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read back at the end, closed on exit
    proc = start_atlas(ROOT / "geodata", port, stderr=log)
    base = f"http://127.0.0.1:{port}"
    results: list[tuple[int, int]] = []   # (status, body length) of requests that were sent
    refused = 0
    lock, stop = threading.Lock(), threading.Event()

    def client(n: int) -> None:
        nonlocal refused
        i = 0
        # a connection per request: a request is either accepted (and must then be answered in
        # full) or refused; keep-alive would add the usual race of a request sent on a connection
        # the server is closing as idle, which no server can answer
        with httpx.Client(timeout=30, limits=httpx.Limits(max_keepalive_connections=0)) as http:
            while not stop.is_set():
                i += 1
                # a different as_of each time: nothing cached, every answer is made fresh
                url = f"{base}/bases.gpkg?as_of=20{10 + (n + i) % 16:02d}-0{1 + i % 9}-1{i % 9}"
                try:
                    r = http.get(url)
                    with lock:
                        results.append((r.status_code, len(r.content)))
                except httpx.ConnectError:
                    with lock:
                        refused += 1
                    return
                except httpx.TransportError:   # reset: in the backlog, or (a failure) in flight
                    with lock:
                        results.append((-1, 0))
                    return

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    time.sleep(3)
    in_flight_at_signal = len(results)
    proc.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    code = proc.wait(timeout=60)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    log.seek(0)
    served = [json.loads(ln) for ln in log.read().decode().splitlines() if ln.startswith("{")]
    gpkg = [ln for ln in served if ln["path"] == "/bases.gpkg"]
    complete = [r for r in results if r[0] == 200 and r[1] > 0]
    cut = [r for r in results if r[0] != 200]
    lost = len(gpkg) - len(complete)   # requests the app took but the client did not get whole
    print(f"{len(gpkg)} requests reached the app ({in_flight_at_signal} answered before SIGTERM); "
          f"{len(complete)} complete 200s at the clients; {lost} taken by the app but lost; "
          f"{sum(1 for ln in gpkg if ln['status'] != 200)} not 200 in the server log; {len(cut)} reset in the "
          f"listen backlog (never reached the app); {refused} clients refused after shutdown; exit code {code}, "
          f"{time.monotonic() - signalled:.1f} s after SIGTERM")
    print("PASS" if lost == 0 and all(ln["status"] == 200 for ln in gpkg) and code == 0 else "FAIL")


if __name__ == "__main__":
    main()
