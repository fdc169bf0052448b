"""Every bench script runs once with tiny settings, so none can rot unnoticed (no figures are judged).

The scripts need what `make bench` installs (wrk, nginx, pygeoapi in .venv-peer); `make test` installs
it too. Each run is bounded: a second of load, a few dozen sites.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.bench


def bench(*args: str, timeout: float = 400) -> str:
    """Run `python -m bench.NAME ARGS` from the repo; return what it printed, failing on a non-zero exit."""
    run = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, f"{' '.join(args)} failed:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}"
    return run.stdout


def test_load_writes_its_table(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    printed = bench("bench.load", "--seconds", "1", "--rounds", "1", "--connections", "4", "--out", str(out),
                    timeout=600)
    table = out.read_text()
    assert table in printed
    for server in ("| atlas |", "| nginx static |", "| atlas via repo nginx |", "| nginx export-static |",
                   "| pygeoapi items |", "| atlas, cache off |"):
        assert server in table, f"no row for {server}"
    assert re.search(r"\| atlas data \| /bases.geojson \| pygeoapi items \| [\d,]+ \|", table)
    assert "atlas / nginx static" in table


def test_scale_on_a_small_synthetic_set() -> None:
    printed = bench("bench.scale", "--sites", "60", "--events", "300", "--seconds", "1")
    assert "bases build:" in printed and "server ready in" in printed
    assert re.search(r"/bases/\{id\}: p50 [\d.]+ ms", printed)


def test_map_render_in_chromium() -> None:
    printed = bench("bench.map_render", "--sites", "40", "--loads", "1")
    assert re.search(r"first sites drawn after [\d.]+ s", printed)


def test_soak_for_a_second() -> None:
    printed = bench("bench.soak", "--seconds", "1", "--connections", "4")
    assert "healthz after the soak: ok" in printed
    assert "server exit code after SIGTERM: 0" in printed


def test_sigterm_with_two_clients() -> None:
    printed = bench("bench.sigterm", "--clients", "2")
    assert printed.strip().endswith("PASS"), printed


def test_reader_quality_scores_and_times() -> None:
    printed = bench("bench.reader_quality", "--repeat", "1", "--words", "300")
    assert re.search(r"\| source article, ar \| 1 \| 11 \| \d+ \| [\d.]+ \|", printed)
    assert "| held out, both |" in printed and "| tuned, both |" in printed
    assert re.search(r"source article \(\d+ words\) \d+ ms", printed)
