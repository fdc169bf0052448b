"""Events as records: stable ids, one record per event everywhere, a page each; and what browsers get."""

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import httpx
import pyogrio
import pytest
import yaml
from click.testing import CliRunner

from app.cli import main
from app.sources.build import build
from app.sources.checks import load
from tests.conftest import FIXTURES, GEODATA


def source_ids() -> tuple[list[str], list[str]]:
    """The event ids of the site files, and of the dataset-level events that concern a site."""
    own = [e["id"] for p in sorted((GEODATA / "sites").glob("*.yaml"))
           for e in yaml.safe_load(p.read_text("utf-8")).get("events", [])]
    context = [e["id"] for e in yaml.safe_load((GEODATA / "dataset.yaml").read_text("utf-8"))["events"]
               if e.get("sites")]
    return own, context


def test_events_lists_each_event_once_with_its_id(live_server: str) -> None:
    own, context = source_ids()
    body = httpx.get(f"{live_server}/events", params={"limit": "1000"}).json()
    listed = [e["id"] for e in body["events"]]
    assert body["count"] == len(listed) == len(own) + len(context)
    assert Counter(listed) == Counter(own + context)


def test_a_coalition_wide_event_is_one_record_in_every_format(live_server: str, tmp_path: Path) -> None:
    wide = next(e for e in yaml.safe_load((GEODATA / "dataset.yaml").read_text("utf-8"))["events"]
                if len(e.get("sites") or []) > 1)
    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{live_server}/events.csv").content.decode("utf-8-sig"))))
    assert [r["sites"] for r in rows if r["id"] == wide["id"]] == ["; ".join(sorted(wide["sites"]))]
    gpkg = tmp_path / "bases.gpkg"
    gpkg.write_bytes(httpx.get(f"{live_server}/bases.gpkg").content)
    assert (pyogrio.read_dataframe(gpkg, layer="events")["id"] == wide["id"]).sum() == 1
    ogc = httpx.get(f"{live_server}/ogc/collections/events/items", params={"limit": "1000"}).json()
    features = [f for f in ogc["features"] if f["id"] == wide["id"]]
    assert len(features) == 1 and features[0]["geometry"]["type"] == "MultiPoint"
    assert len(features[0]["geometry"]["coordinates"]) == len(wide["sites"])
    for site in wide["sites"]:   # and in each concerned site's timeline
        assert wide["id"] in [e["id"] for e in httpx.get(f"{live_server}/bases/{site}").json()["events"]]


def test_an_event_has_a_json_record_and_a_page(live_server: str) -> None:
    record = httpx.get(f"{live_server}/events/taji-2020-08-23-handover").json()
    assert (record["type"], record["sites"], record["source"]["outlet"]) == ("handover", ["taji"], "RT")
    assert {link["rel"] for link in record["links"]} == {"self", "alternate", "site"}
    page = httpx.get(f"{live_server}/events/taji-2020-08-23-handover", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "Camp Taji" in page.text
    arabic = httpx.get(f"{live_server}/events/taji-2020-08-23-handover.html", params={"lang": "ar"}).text
    assert 'dir="rtl"' in arabic and "معسكر التاجي" in arabic
    site = httpx.get(f"{live_server}/bases/taji.html").text
    assert 'href="/events/taji-2020-08-23-handover.html?lang=en"' in site   # the timeline links each event
    missing = httpx.get(f"{live_server}/events/taji-2020-08-23-handovr")
    assert missing.status_code == 404 and "taji-2020-08-23-handover" in missing.json()["error"]["did_you_mean"]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "good"
    shutil.copytree(FIXTURES / "good", target)
    (target / "borders").symlink_to(GEODATA / "borders", target_is_directory=True)
    return target


def test_ids_are_stable_when_an_event_is_inserted_earlier(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    before = {e["id"]: e for f in _features(build(folder)) for e in f["properties"]["events"]}
    alpha = folder / "sites" / "alpha.yaml"
    text = alpha.read_text("utf-8")
    alpha.write_text(text.replace("events:\n", """events:
  - id: alpha-2019-12-01-statement
    date: "2019-12-01"
    type: statement
    certainty: reported
    nations: [US]
    summary_en: An earlier fixture statement.
    summary_ar: تصريح تجريبي أقدم.
    source: {outlet: Fixture News, published: "2019-12-01"}
""", 1), "utf-8")
    after = {e["id"]: e for f in _features(build(folder)) for e in f["properties"]["events"]}
    assert set(after) - set(before) == {"alpha-2019-12-01-statement"}
    assert all(after[i] == before[i] for i in before)


def _features(path: Path) -> list[dict]:  # type: ignore[type-arg]
    import json
    return [json.loads(line.rstrip(",")) for line in path.read_text("utf-8").splitlines()[1:-1]]


def test_validate_refuses_a_duplicate_event_id(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    bravo = folder / "sites" / "bravo.yaml"
    bravo.write_text(bravo.read_text("utf-8").replace("id: bravo-e1", "id: alpha-e1"), "utf-8")
    problems = [str(p) for p in load(folder).problems]
    assert any("duplicate event id 'alpha-e1'" in p and "sites/alpha.yaml" in p for p in problems), problems


def test_validate_refuses_to_lose_or_change_a_released_id(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    runner = CliRunner()
    frozen = runner.invoke(main, ["freeze-ids", "--geodata", str(folder)])
    assert frozen.exit_code == 0 and "4 event ids" in frozen.output
    assert not load(folder).problems
    alpha = folder / "sites" / "alpha.yaml"
    alpha.write_text(alpha.read_text("utf-8").replace("id: alpha-e2", "id: alpha-e2-renamed"), "utf-8")
    result = runner.invoke(main, ["validate", "--geodata", str(folder)])
    assert result.exit_code == 1 and "released-event-ids.txt:alpha-e2: this released event id is gone" in result.output


def test_the_repo_data_keeps_every_released_id() -> None:
    released = {ln for ln in (GEODATA / "released-event-ids.txt").read_text("utf-8").splitlines()
                if ln and not ln.startswith("#")}
    own, _ = source_ids()
    dataset = yaml.safe_load((GEODATA / "dataset.yaml").read_text("utf-8"))["events"]
    assert released and released <= set(own) | {e["id"] for e in dataset}


@pytest.mark.parametrize(("url", "lang", "words"), [
    ("/bases?statu=withdrawn&lang=ar", "ar", "تعذّر عرض هذه الصفحة"),
    ("/bases/tajj.html", "en", "This page cannot be shown"),
    ("/no/such/page", "en", "nothing at /no/such/page"),
])
def test_browsers_get_an_error_page_in_their_language(live_server: str, url: str, lang: str, words: str) -> None:
    page = httpx.get(live_server + url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code in (400, 404) and page.headers["content-type"].startswith("text/html")
    assert f'lang="{lang}"' in page.text and words in page.text and 'href="/?lang=' in page.text
    json_client = httpx.get(live_server + url)
    assert json_client.headers["content-type"] == "application/json" and json_client.json()["error"]


def test_accept_language_chooses_the_page_language(live_server: str) -> None:
    for path in ("/", "/about", "/bases/taji.html"):
        arabic = httpx.get(live_server + path, headers={"Accept-Language": "ar-IQ,ar;q=0.9,en;q=0.5"})
        assert '<html lang="ar" dir="rtl">' in arabic.text, path
        assert "Accept-Language" in arabic.headers["vary"]
        english = httpx.get(live_server + path, headers={"Accept-Language": "fr, en;q=0.5"})
        assert '<html lang="en" dir="ltr">' in english.text, path
    forced = httpx.get(live_server + "/?lang=en", headers={"Accept-Language": "ar"})
    assert '<html lang="en"' in forced.text


def test_the_arabic_map_and_the_favicon(live_server: str) -> None:
    for path in ("/ar/", "/ar"):
        page = httpx.get(live_server + path)
        assert page.status_code == 200 and '<html lang="ar" dir="rtl">' in page.text, path
    icon = httpx.get(live_server + "/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\0\0\1\0"


def test_nations_are_named_in_the_page_language(live_server: str) -> None:
    """Nations by their CLDR names (through Babel), the ISO codes kept for machines in data-codes."""
    arabic = httpx.get(f"{live_server}/bases/taji.html", params={"as_of": "2020-08-01", "lang": "ar"}).text
    assert 'data-codes="GB,US"' in arabic and "المملكة المتحدة" in arabic and "الولايات المتحدة" in arabic
    english = httpx.get(f"{live_server}/bases/taji.html", params={"as_of": "2020-08-01", "lang": "en"}).text
    assert "United Kingdom" in english and "United States" in english
