"""Data versions and releases: the version is a function of the source bytes; `bases release` records a
build; the changelog between two releases of a modified copy of the fixture names what changed."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import httpx
import orjson
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli import main
from app.main import create_app
from app.settings import Settings
from app.sources.build import build_bytes
from app.sources.releases import diff, read_releases
from tests.conftest import GEODATA, ROOT, start_server, stop_server

Copy = Callable[[str], Path]
VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$")

CHARLIE = """id: charlie
name_en: Charlie Outpost
name_ar: موقع تشارلي
kind: outpost
country: IQ
admin1: Anbar
location: {lon: 42.30, lat: 33.60, uncertainty_m: 1000, source: "fixture"}
events:
  - id: charlie-2021-06-01-deployment
    date: "2021-06-01"
    type: deployment
    certainty: reported
    nations: [US]
    summary_en: Fixture troops arrive at Charlie.
    summary_ar: وصول قوات تجريبية إلى تشارلي.
    source: {outlet: Fixture Wire, published: "2021-06-03"}
"""
BRAVO_HANDOVER = """  - id: bravo-2021-02-01-handover
    date: "2021-02-01"
    type: handover
    certainty: reported
    nations: [US, SY]
    summary_en: Fixture handover of Bravo.
    summary_ar: تسليم تجريبي لبرافو.
    source: {outlet: Fixture News, published: "2021-02-02"}
"""


def version_of(folder: Path) -> dict[str, str]:
    head = build_bytes(folder).split(b"\n", 1)[0]   # the collection's members, up to its features
    atlas: dict[str, str] = orjson.loads(head + b"]}")["atlas"]
    return atlas


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_repo_build_carries_its_version_and_it_is_released(tmp_path: Path) -> None:
    head = orjson.loads((GEODATA / "bases.geojson").read_bytes())["atlas"]
    assert VERSION.match(head["data_version"]) and head["data_version"].startswith(head["data_version_date"])
    assert head["data_version"].endswith(head["sources_sha256"][:8])
    # the newest date the sources record: no source of any event is newer
    releases = read_releases(GEODATA)
    assert releases and releases[-1]["version"] == head["data_version"], "run `bases release` after a change"
    cff = (ROOT / "CITATION.cff").read_text()
    assert f'version: "{head["data_version"]}"' in cff
    assert run("changelog", "--check").startswith("ok:")


def test_the_version_depends_on_the_source_bytes_only(fixture_geodata: Copy, tmp_path: Path) -> None:
    folder = fixture_geodata("good")
    first = version_of(folder)
    assert VERSION.match(first["data_version"])
    # the same bytes elsewhere (no git, other mtimes): the same version
    other = tmp_path / "elsewhere"
    shutil.copytree(folder, other, symlinks=True)
    assert version_of(other) == first
    # a corrected summary: the same date, another hash
    alpha = other / "sites" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("Fixture troops at Alpha.", "Fixture troops seen at Alpha."))
    corrected = version_of(other)
    assert corrected["data_version_date"] == first["data_version_date"]
    assert corrected["sources_sha256"] != first["sources_sha256"]
    # a newer report: a newer date
    (other / "sites" / "charlie.yaml").write_text(CHARLIE)
    assert version_of(other)["data_version_date"] == "2021-06-03" > first["data_version_date"]


def test_release_refuses_a_stale_build_and_a_version_released_already(fixture_geodata: Copy) -> None:
    folder = fixture_geodata("good")
    stale = CliRunner().invoke(main, ["release", "--geodata", str(folder)])
    assert stale.exit_code == 1 and "run `bases build` first" in stale.output
    run("build", "--geodata", str(folder))
    run("release", "--geodata", str(folder))
    again = CliRunner().invoke(main, ["release", "--geodata", str(folder)])
    assert again.exit_code == 1 and "already released" in again.output
    assert len(read_releases(folder)) == 1


def two_releases(folder: Path) -> list[dict[str, object]]:
    """Release the fixture, then a copy with a site added, an event corrected and a status changed."""
    shutil.copy(ROOT / "CITATION.cff", folder.parent / "CITATION.cff")
    run("build", "--geodata", str(folder))
    run("release", "--geodata", str(folder))
    (folder / "sites" / "charlie.yaml").write_text(CHARLIE)
    alpha = folder / "sites" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("Fixture troops at Alpha.", "Fixture troops seen at Alpha."))
    bravo = folder / "sites" / "bravo.yaml"
    bravo.write_text(bravo.read_text() + BRAVO_HANDOVER)
    run("build", "--geodata", str(folder))
    run("release", "--geodata", str(folder))
    return read_releases(folder)


def test_the_changelog_of_two_releases_names_each_change(fixture_geodata: Copy) -> None:
    folder = fixture_geodata("good")
    first, second = two_releases(folder)
    changes = diff(first, second)
    assert [s["id"] for s in changes.sites_added] == ["charlie"] and not changes.sites_removed
    assert [e["id"] for e in changes.events_added] == ["bravo-2021-02-01-handover", "charlie-2021-06-01-deployment"]
    assert [(e["id"], e["fields"]) for e in changes.events_corrected] == [("alpha-e1", ["summary_en"])]
    assert [(s["id"], s["from"], s["to"], s["to_date"]) for s in changes.status_changes] == [
        ("bravo", "active", "handed_over", "2021-02-01")]
    everything = diff(None, first)
    assert {s["id"] for s in everything.sites_added} == {"alpha", "bravo"} and not everything.events_corrected
    markdown = (folder.parent / "CHANGELOG-data.md").read_text()
    assert markdown.index(f"## {second['version']}") < markdown.index(f"## {first['version']}")
    assert "- `alpha-e1`: 2020-01-07, presence reported (alpha); fields changed: summary_en" in markdown
    assert "- `bravo` Bravo Garrison / حامية برافو: active (2020-10-14) → handed over (2021-02-01)" in markdown
    assert "first release: everything is new" in markdown
    assert f'version: "{second["version"]}"' in (folder.parent / "CITATION.cff").read_text()
    frozen = (folder / "released-event-ids.txt").read_text().split()
    assert "charlie-2021-06-01-deployment" in frozen and "alpha-e1" in frozen
    assert run("changelog", "--geodata", str(folder), "--check").startswith("ok:")
    (folder.parent / "CHANGELOG-data.md").write_text(markdown.replace("summary_en", "summary"))
    assert CliRunner().invoke(main, ["changelog", "--geodata", str(folder), "--check"]).exit_code == 1


def test_the_changes_page_lists_both_releases(fixture_geodata: Copy) -> None:
    folder = fixture_geodata("good")
    first, second = two_releases(folder)
    proc, base = start_server(folder)
    try:
        for lang in ("en", "ar"):
            page = httpx.get(f"{base}/changes?lang={lang}")
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            html = page.text
            assert html.index(str(second["version"])) < html.index(str(first["version"]))
            corrected = re.search(r'data-part="events_corrected".*?</details>', html, re.S)
            assert corrected and 'data-id="alpha-e1"' in corrected.group(0)
            status = re.search(r'data-part="status_changes".*?</details>', html, re.S)
            assert status and ("سُلِّمت" if lang == "ar" else "handed over") in status.group(0)
            again = httpx.get(f"{base}/changes?lang={lang}", headers={"If-None-Match": page.headers["etag"]})
            assert again.status_code == 304
        assert httpx.get(f"{base}/changes?since=2020").status_code == 400
        assert httpx.get(f"{base}/healthz").json()["data_version"] == second["version"]
    finally:
        stop_server(proc)


def test_no_release_yet_is_said_not_failed(fixture_geodata: Copy) -> None:
    folder = fixture_geodata("good")
    run("build", "--geodata", str(folder))
    with TestClient(create_app(Settings(geodata_dir=folder))) as client:
        page = client.get("/changes?lang=en")
    assert page.status_code == 200 and "No release has been recorded yet." in page.text
