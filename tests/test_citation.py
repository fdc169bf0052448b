"""The suggested citation on every page and in every download, read back by the readers of each format
(lxml, pyogrio/GDAL, sqlite3, the csvw library), CITATION.cff by cffconvert, and the /about page's
schema.org Dataset by pyld and in Chromium under the page's CSP."""

import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import csvw
import httpx
import pyogrio
import pytest
from cffconvert.cli.cli import cli as cffconvert_cli
from click.testing import CliRunner
from lxml import html as lxml_html
from playwright.sync_api import Browser
from pyld import jsonld

from app.domain.dates import today
from app.formats.citation import Citation
from tests.chromium import Watched
from tests.conftest import ROOT

PUBLIC = "http://127.0.0.1:8000"   # the default BASES_PUBLIC_URL
PAGES = ["/", "/about", "/bases/taji.html", "/events/taji-2020-08-23-handover.html", "/changes"]


def version(base: str) -> str:
    found: str = httpx.get(f"{base}/healthz").json()["data_version"]
    return found


def expected(base: str) -> Citation:
    return Citation(version(base), PUBLIC, today())


def footer_citation(body: bytes) -> str:
    cited = lxml_html.fromstring(body).xpath("//footer//*[@data-citation]")
    assert len(cited) == 1
    return " ".join(cited[0].text_content().split())


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_footer_gives_the_citation(live_server: str, path: str, lang: str) -> None:
    r = httpx.get(f"{live_server}{path}?lang={lang}")
    assert r.status_code == 200
    assert footer_citation(r.content) == expected(live_server).text(lang)
    assert version(live_server) in lxml_html.fromstring(r.content).xpath("string(//footer)")


def test_an_error_page_gives_the_citation_too(live_server: str) -> None:
    r = httpx.get(f"{live_server}/bases?statu=x&lang=ar", headers={"Accept": "text/html"})
    assert r.status_code == 400 and footer_citation(r.content) == expected(live_server).text("ar")


def test_geojson_and_kml_carry_the_citation(live_server: str) -> None:
    cite = expected(live_server)
    for path in ("/bases.geojson", "/bases.geojson?country=SY"):
        meta = httpx.get(f"{live_server}{path}").json()["atlas"]
        assert meta == cite.member() and meta["citation_ar"] == cite.text("ar")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    doc = ET.fromstring(httpx.get(f"{live_server}/bases.kml").content).find("k:Document", ns)
    data = {d.get("name"): d.findtext("k:value", namespaces=ns) for d in doc.findall("k:ExtendedData/k:Data", ns)}
    assert data["data_version"] == cite.version and data["accessed"] == today().isoformat()
    assert doc.findtext("k:description", namespaces=ns).splitlines() == [cite.text("en"), cite.text("ar")]
    assert doc.findall("k:Placemark", ns), "the sites follow the document's metadata"


def test_the_geopackage_carries_the_citation_in_its_metadata(live_server: str, tmp_path: Path) -> None:
    path = tmp_path / "bases.gpkg"
    path.write_bytes(httpx.get(f"{live_server}/bases.gpkg").content)
    meta = pyogrio.read_info(path, layer="bases")["dataset_metadata"]
    cite = expected(live_server)
    assert meta["DATA_VERSION"] == cite.version and meta["CITATION"] == cite.text("en")
    with sqlite3.connect(path) as db:   # a reader without GDAL finds it in the GeoPackage's own table
        rows = [r[0] for r in db.execute("SELECT metadata FROM gpkg_metadata")]
    assert any(cite.version in r for r in rows)


@pytest.mark.parametrize(("name", "key"), [("bases.csv", "id"), ("events.csv", "id")])
def test_csv_downloads_are_described_by_csvw_metadata(live_server: str, tmp_path: Path, name: str, key: str) -> None:
    body = httpx.get(f"{live_server}/{name}").content
    (tmp_path / name).write_bytes(body)
    meta = httpx.get(f"{live_server}/{name}-metadata.json")   # where CSVW processors look by default
    assert meta.status_code == 200 and meta.headers["content-type"] == "application/csvm+json"
    (tmp_path / f"{name}-metadata.json").write_bytes(meta.content)
    table = csvw.Table.from_file(tmp_path / f"{name}-metadata.json")
    rows = list(table.iterdicts())
    assert rows and all(r[key] for r in rows)
    assert len(rows) == body.decode("utf-8-sig").count("\r\n") - 1
    assert table.common_props["schema:version"] == version(live_server)
    assert table.common_props["dc:bibliographicCitation"] == expected(live_server).text("en")


def test_citation_cff_is_valid_and_names_the_current_version(live_server: str) -> None:
    cff = str(ROOT / "CITATION.cff")
    checked = CliRunner().invoke(cffconvert_cli, ["--validate", "-i", cff])
    assert checked.exit_code == 0 and "valid" in checked.output, checked.output
    apa = CliRunner().invoke(cffconvert_cli, ["-f", "apalike", "-i", cff])
    assert apa.exit_code == 0 and "Coalition Bases Atlas" in apa.output and version(live_server) in apa.output


def test_about_has_a_schema_org_dataset(live_server: str) -> None:
    page = lxml_html.fromstring(httpx.get(f"{live_server}/about?lang=en").content)
    scripts = page.xpath('//script[@type="application/ld+json"]/text()')
    assert len(scripts) == 1
    expanded = jsonld.expand(json.loads(scripts[0]), {"documentLoader": schema_org_loader})
    dataset = expanded[0]
    s = "http://schema.org/"
    assert dataset["@type"] == [f"{s}Dataset"]
    assert dataset[f"{s}version"][0]["@value"] == version(live_server)
    assert {n["@language"] for n in dataset[f"{s}name"]} == {"en", "ar"}
    assert {d["@language"] for d in dataset[f"{s}description"]} == {"en", "ar"}
    for key in ("license", "spatialCoverage", "temporalCoverage", "creator"):
        assert dataset[f"{s}{key}"], key
    downloads = dataset[f"{s}distribution"]
    assert len(downloads) == 5
    for item in downloads:
        url = item[f"{s}contentUrl"][0]["@value"].replace(PUBLIC, live_server)
        fmt = item[f"{s}encodingFormat"][0]["@value"]
        got = httpx.get(url)
        assert got.status_code == 200 and got.headers["content-type"].startswith(fmt), url


def schema_org_loader(url: str, options: dict[str, object]) -> dict[str, object]:
    """schema.org's context, offline: its terms are plain vocabulary terms (@vocab)."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": "http://schema.org/"}}}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_json_ld_parses_in_chromium_under_the_csp(live_server: str, browser: Browser, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    watched = Watched(context.new_page())
    page = watched.page
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server}/about?lang={lang}", wait_until="networkidle")
    found = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert found["@type"] == "Dataset" and found["version"] == version(live_server)
    assert page.evaluate("getComputedStyle(document.querySelector('footer')).direction") == (
        "rtl" if lang == "ar" else "ltr")
    assert violations == []
    watched.check()
    context.close()
