"""Third-party OGC clients and validators against a live server: ogctests, openapi-spec-validator, GDAL's OAPIF.

`make test` installs them: openapi-spec-validator and pyogrio in .venv, ogctests in .venv-ogctests (it
pins an older openapi-schema-validator than openapi-spec-validator needs), GDAL's command-line tools
from Debian (gdal-bin).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

OGCTESTS = ROOT / ".venv-ogctests" / "bin" / "python"
VALIDATOR = Path(sys.executable).parent / "openapi-spec-validator"


def test_the_service_description_is_valid_openapi_3_0(live_server: str, tmp_path: Path) -> None:
    landing = httpx.get(f"{live_server}/ogc").json()
    href = next(ln["href"] for ln in landing["links"]
                if ln["rel"] == "service-desc" and ln["type"].endswith("version=3.0"))
    doc = httpx.get(href).json()
    assert doc["openapi"].startswith("3.0.") and doc["servers"][0]["url"] == f"{live_server}/ogc"
    for path in ("/conformance", "/collections/bases/items", "/collections/events/items",
                 "/collections/{collectionId}/queryables"):
        assert path in doc["paths"]
    names = {p["name"] for p in doc["paths"]["/collections/bases/items"]["get"]["parameters"]}
    assert {"bbox", "limit", "datetime", "filter", "filter-lang", "crs"} <= names
    (tmp_path / "ogc.json").write_text(json.dumps(doc))
    run = subprocess.run([str(VALIDATOR), "--schema", "3.0", str(tmp_path / "ogc.json")],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "OK" in run.stdout, run.stdout + run.stderr


def test_ogctests_features_core_all_pass(live_server: str) -> None:
    assert OGCTESTS.exists(), "ogctests is missing: `make test` installs it in .venv-ogctests"
    run = subprocess.run([str(OGCTESTS), "-m", "ogctests", "-i", f"{live_server}/ogc", "features/core"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT / ".venv-ogctests")
    summary = run.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, run.stdout[-3000:]


def _ogr(live_server: str, out: Path, *args: str) -> str:
    """ogr2ogr from the OAPIF layer to GeoJSON, with GDAL's debug log (what it asked the server)."""
    env = {**os.environ, "CPL_DEBUG": "ON", "GDAL_HTTP_USERAGENT": "atlas-tests"}
    run = subprocess.run(["ogr2ogr", "-f", "GeoJSON", str(out), f"OAPIF:{live_server}/ogc", "bases", *args],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stderr


def test_gdal_sends_where_and_spat_to_the_server_and_loses_no_value(live_server: str, tmp_path: Path) -> None:
    where = "country = 'SY' AND event_count > 2"
    log = _ogr(live_server, tmp_path / "out.geojson", "-where", where, "-spat", "38", "34", "42", "37.5")
    fetched = [line for line in log.splitlines() if "Fetch(" in line and "/items" in line]
    assert any("filter=" in line and "bbox=38,34,42,37.5" in line for line in fetched), fetched
    got = {f["properties"]["id"]: f["properties"]
           for f in json.loads((tmp_path / "out.geojson").read_text())["features"]}
    sites = httpx.get(f"{live_server}/bases?limit=1000&country=SY&bbox=38,34,42,37.5").json()["bases"]
    want = {s["id"]: s for s in sites if s["event_count"] > 2}
    assert set(got) == set(want) and got
    for sid, site in want.items():
        for name, value in site.items():
            if name == "links":   # the API's own links, not a field
                continue
            if isinstance(value, list):
                value = "; ".join(value) if value else ""
            seen = got[sid][name]
            if isinstance(seen, str) and re.fullmatch(r"\d{4}/\d\d/\d\d", seen):
                seen = seen.replace("/", "-")   # GDAL 3.6's page reader writes full dates with slashes
            assert seen == value or (isinstance(value, float) and abs(seen - value) < 1e-9), (sid, name, seen, value)


def test_gdal_types_fields_from_the_schema(live_server: str) -> None:
    run = subprocess.run(["ogrinfo", "-ro", "-so", f"OAPIF:{live_server}/ogc", "bases"],
                         capture_output=True, text=True, timeout=120)
    types = dict(line.split(": ", 1) for line in run.stdout.splitlines() if line.endswith("(0.0)") or "(1.0)" in line)
    assert types["last_reported_start"].startswith("Date") and types["status_date"].startswith("String")
    assert types["searched_to"].startswith("String")   # a date that may be partial: text, never NULL
    assert types["uncertainty_m"].startswith("Integer")


@pytest.mark.parametrize("cid", ["bases", "events"])
def test_gdal_reads_every_feature_of_both_collections(live_server: str, cid: str) -> None:
    run = subprocess.run(["ogrinfo", "-ro", "-so", f"OAPIF:{live_server}/ogc", cid], capture_output=True,
                         text=True, timeout=120)
    count = int(next(line for line in run.stdout.splitlines() if line.startswith("Feature Count:")).split(":")[1])
    assert count == httpx.get(f"{live_server}/ogc/collections/{cid}/items?limit=1").json()["numberMatched"]
