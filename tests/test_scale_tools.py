"""bases synth, export-static, serve --workers, and the README documenting every setting."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from app.cli import main
from app.settings import Settings
from app.sources.build import build
from app.store import Store
from tests.conftest import GEODATA, ROOT, free_port, stop_server


def test_synth_is_seeded_and_builds(tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("a", "b"):
        result = runner.invoke(main, ["synth", str(tmp_path / name), "--sites", "30", "--events", "200"])
        assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "a" / "sites").iterdir())
    assert len(files) == 30
    for name in files:
        assert (tmp_path / "a" / "sites" / name).read_bytes() == (tmp_path / "b" / "sites" / name).read_bytes()
    store = Store.load(build(tmp_path / "a"))
    assert len(store.features) == 30
    assert sum(f["properties"]["event_count"] for f in store.features) == 200
    assert {f["properties"]["country"] for f in store.features} <= {"IQ", "SY"}


def test_export_static_writes_the_whole_atlas(tmp_path: Path) -> None:
    target = tmp_path / "site"
    result = CliRunner().invoke(main, ["export-static", str(target)], env={"BASES_GEODATA_DIR": str(GEODATA)})
    assert result.exit_code == 0, result.output
    for name in ("index.html", "ar/index.html", "about.html", "bases.geojson", "bases.csv", "bases.kml",
                 "bases.gpkg", "events.csv", "ogc/index.json", "ogc/collections/bases/items.json",
                 "bases/taji.html", "ar/bases/taji.html", "bases/taji.json", "static/app/atlas.js",
                 "static/vendor/leaflet/leaflet.js", "static/borders.geojson", "static/context/towns.geojson",
                 "static/context/admin1.geojson", "static/context/rivers.geojson", "static/app/context.js"):
        assert (target / name).is_file(), name
    exported = json.loads((target / "bases.geojson").read_text())
    built = [json.loads(line.rstrip(",")) for line in (GEODATA / "bases.geojson").read_text().splitlines()[1:-1]]
    assert [f["id"] for f in exported["features"]] == [f["id"] for f in built]
    assert not {"name_keys", "status_changes", "nations_named"} & set(exported["features"][0]["properties"])
    assert 'dir="rtl"' in (target / "ar" / "index.html").read_text()
    items = json.loads((target / "ogc/collections/bases/items.json").read_text())
    assert items["numberMatched"] == len(items["features"])
    assert not list(tmp_path.glob(".site.*"))   # nothing half-written left beside it


def test_export_static_replaces_a_previous_export_whole(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "stale.html").write_text("old")
    assert CliRunner().invoke(main, ["export-static", str(target)]).exit_code == 0
    assert not (target / "stale.html").exists() and (target / "index.html").exists()


def test_serve_with_two_workers(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--port", str(port), "--workers", "2"],
                            cwd=ROOT, env={**os.environ, "BASES_GEODATA_DIR": str(GEODATA)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(150):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None
            time.sleep(0.2)
        answers = {httpx.get(f"http://127.0.0.1:{port}/bases/taji").json()["status"] for _ in range(20)}
        assert answers == {"handed_over"}
        # each worker makes the downloads itself: the same bytes, so one ETag whichever answers
        assert len({httpx.head(f"http://127.0.0.1:{port}/bases.gpkg").headers["etag"] for _ in range(20)}) == 1
    finally:
        err = stop_server(proc)
    assert "Started parent process" in err or "worker" in err.lower()


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"BASES_{name.upper()}" in readme, name


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block and readme.index("```sh") < 40
    commands = [ln.split("#")[0].strip() for ln in block.group(1).splitlines() if ln.strip()]
    assert commands == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run: .*\n\t\$\(BIN\)/bases serve", makefile, re.M)


@pytest.mark.parametrize("name", ["soak", "sigterm", "load", "map_render"])
def test_bench_scripts_document_how_to_run(name: str) -> None:
    docstring = (ROOT / "bench" / f"{name}.py").read_text().split('"""')[1]
    assert f"python -m bench.{name}" in docstring
    assert f"bench.{name}" in (ROOT / "README.md").read_text()


def test_indexed_select_equals_reading_every_site(tmp_path: Path) -> None:
    """The indexes (fields, statuses of a day, names, spatial tree) pick exactly what a scan picks."""
    import itertools
    from datetime import date

    from app.store import Filters
    from app.store.views import state_on, status_on

    runner = CliRunner()
    assert runner.invoke(main, ["synth", str(tmp_path), "--sites", "400", "--events", "1200"]).exit_code == 0
    store = Store.load(build(tmp_path))
    props = [f["properties"] for f in store.features]
    nations = sorted({n for f in store.features for n in f["_nations_any"]})[:2]

    def scan(f: Filters) -> list[str]:
        def inside(feat: dict) -> bool:  # type: ignore[type-arg]
            lon, lat = feat["geometry"]["coordinates"]
            return f.bbox is None or (f.bbox[0] <= lon <= f.bbox[2] and f.bbox[1] <= lat <= f.bbox[3])

        return [p["id"] for feat, p in zip(store.features, props, strict=True)
                if (not f.country or p["country"] in f.country) and (not f.kind or p["kind"] in f.kind)
                and (not f.nation or set(f.nation) & set(state_on(feat, f.as_of)["nations"]))
                and (not f.status or status_on(feat, f.as_of)[0] in f.status)
                and inside(feat)]

    # what the loader tallied equals what a pass over the loaded sites finds
    from app.store import Extent
    assert store.extent == Extent.of(store.features)
    lasts = [f["_transitions"][-1][0] for f in store.features if f["_transitions"]]
    lasts += [p["last_reported"] for p in props if len(p["last_reported"] or "") == 10]
    assert store.day_range == (min(f["_first"] for f in store.features if f["_first"]).isoformat(), max(lasts))

    checked = 0
    for country, kind, nation, status, on, bbox in itertools.product(
            (None, "IQ", "SY"), (None, props[0]["kind"]), (None, *nations), (None, "active", "withdrawn"),
            (date(2019, 6, 1), date.today()), (None, (38.0, 33.0, 42.0, 36.0))):
        f = Filters(as_of=on, country=(country,) if country else (), kind=(kind,) if kind else (),
                    nation=(nation,) if nation else (), status=(status,) if status else (), bbox=bbox)
        assert [s["properties"]["id"] for s in store.select(f)] == scan(f), f
        checked += len(scan(f))
    assert checked > 1000


def test_event_index_lists_what_a_scan_of_every_event_lists(tmp_path: Path) -> None:
    """/events' index (types, nations, dates, site; order by day then site) against decoding all."""
    import itertools
    from datetime import date

    from app.domain.dates import known_by, parse_period
    from app.store.views import events_of

    runner = CliRunner()
    assert runner.invoke(main, ["synth", str(tmp_path), "--sites", "150", "--events", "1500"]).exit_code == 0
    store = Store.load(build(tmp_path))
    every = [(s, e) for s in store.features for e in events_of(s)]
    kinds = sorted({e["type"] for _, e in every})[:2]
    nations = sorted({n for _, e in every for n in e["nations"]})[:2]
    index = store.event_index

    def scan(kind: str | None, nation: str | None, since: date | None, until: date | None,
             base: str | None) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
        rows = [(s["id"], e) for s, e in every
                if (kind is None or e["type"] == kind) and (nation is None or nation in e["nations"])
                and (since is None or known_by(e["date"]) >= since)
                and (until is None or parse_period(e["date"])[0] <= until) and (base is None or s["id"] == base)]
        return sorted(rows, key=lambda r: (known_by(r[1]["date"]), r[0]))   # stable: the site's own order

    checked = 0
    for kind, nation, since, until, base in itertools.product(
            (None, *kinds, "no-such-type"), (None, *nations), (None, date(2018, 1, 1)), (None, date(2021, 6, 30)),
            (None, store.features[7]["id"])):
        rows = index.select({kind} if kind else None, {nation} if nation else None, since, until,
                            {base} if base else None)
        got = [(e["sites"][0], e) for e in index.events(store.features, rows)]
        assert got == scan(kind, nation, since, until, base), (kind, nation, since, until, base)
        checked += len(got)
    assert checked > 3000
