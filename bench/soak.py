"""Soak: 60 s at 64 connections over a mix of routes; errors counted, resident memory sampled.

    .venv/bin/python -m bench.soak [--seconds 60] [--connections 64]

Expected answers include 4xx on purpose (an unknown site, a malformed bbox); an error here is a
socket error, a timeout or a 5xx. Memory is the server's VmRSS after a warm-up and at the end.
"""

import argparse
import re
import subprocess
import threading
from pathlib import Path

from bench.load import LOAD_CPU, free_port, start_atlas

ROOT = Path(__file__).resolve().parent.parent


def rss_mb(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    port = free_port()
    proc = start_atlas(ROOT / "geodata", port)
    base = f"http://127.0.0.1:{port}"
    try:
        subprocess.run(["wrk", "-t2", "-c16", "-d5s", "-s", str(ROOT / "bench" / "mix.lua"), base],
                       capture_output=True, check=True)   # warm-up: caches filled
        before = rss_mb(proc.pid)
        samples: list[float] = []
        done = threading.Event()

        def sample() -> None:
            while not done.wait(2):
                samples.append(rss_mb(proc.pid))

        threading.Thread(target=sample, daemon=True).start()
        out = subprocess.run(["taskset", "-c", str(LOAD_CPU), "wrk", "-t2", f"-c{args.connections}",
                              f"-d{args.seconds}s", "--timeout", "10s", "-s", str(ROOT / "bench" / "mix.lua"), base],
                             capture_output=True, text=True, check=True).stdout
        done.set()
        after = rss_mb(proc.pid)
        requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
        sockets = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        fives = int(re.search(r"5xx: (\d+)", out).group(1))  # type: ignore[union-attr]
        log = subprocess.run(["wrk", "-t1", "-c1", "-d1s", base + "/healthz"], capture_output=True, text=True).stdout
        print(f"soak: {args.seconds} s, {args.connections} connections, {requests:,} requests "
              f"({requests / args.seconds:,.0f} req/s)")
        print(f"errors: {sockets} socket errors or timeouts, {fives} 5xx; non-2xx/3xx answers "
              f"(the mix's intended 4xx): {non2xx.group(1) if non2xx else 0}")
        print(f"resident memory: {before:.1f} MB after warm-up, {after:.1f} MB at the end "
              f"({(after - before) / before * 100:+.1f}%), peak sampled {max(samples or [after]):.1f} MB")
        print("healthz after the soak:", "ok" if "Requests/sec" in log else "FAILED")
    finally:
        proc.terminate()
        code = proc.wait(timeout=30)
    print(f"server exit code after SIGTERM: {code}")


if __name__ == "__main__":
    main()
