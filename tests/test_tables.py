"""The table pages through the real app: the same sites and events as the API for the same filters, facet
counts that add up, sorting both ways, links to the map that the map accepts, both languages."""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lhtml

from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(geodata_dir=ROOT / "geodata"))) as c:
        yield c


def page(client: TestClient, path: str, **params: str) -> lhtml.HtmlElement:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    return lhtml.fromstring(r.text)


def api(client: TestClient, path: str, key: str, **params: str) -> list[dict]:  # type: ignore[type-arg]
    body = client.get(path, params={**params, "limit": "1000"}).json()
    items: list[dict] = body[key]  # type: ignore[type-arg]
    assert body["count"] == len(items)
    return items


SITE_FILTERS = [
    {"country": "IQ", "status": "handed_over", "as_of": "2021-01-01"},
    {"country": "SY", "status": "handed_over", "as_of": "2021-01-01"},   # none on that day: an empty table
    {"country": "SY", "status": "withdrawn,active", "as_of": "2021-01-01"},
    {"kind": "air_base"},
    {"nation": "GB", "as_of": "2020-08-01"},
    {"status": "withdrawn"},
]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("params", SITE_FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_the_table_shows_the_sites_of_bases_for_the_same_filters(client: TestClient, params: dict[str, str],
                                                                   lang: str) -> None:
    doc = page(client, "/table", lang=lang, **params)
    rows = doc.xpath("//table[@id='atlas-table']/tbody/tr")
    expected = api(client, "/bases", "bases", **params)
    assert sorted(r.get("data-site") for r in rows) == sorted(b["id"] for b in expected)
    assert [r.get("data-status") for r in rows] == [next(b["status"] for b in expected if b["id"] == r.get("data-site"))
                                                   for r in rows]
    assert doc.xpath("string(//main/@data-count)") == str(len(expected))
    assert doc.xpath("string(/html/@dir)") == ("rtl" if lang == "ar" else "ltr")


def facet_counts(doc: lhtml.HtmlElement, name: str) -> dict[str, int]:
    labels = doc.xpath(f"//fieldset[@data-facet='{name}']/label")
    return {label.get("data-value"): int(label.get("data-count")) for label in labels}


def test_facet_counts_are_those_of_the_other_filters(client: TestClient) -> None:
    doc = page(client, "/table", country="SY", status="withdrawn", as_of="2021-01-01")
    by_status = Counter(b["status"] for b in api(client, "/bases", "bases", country="SY", as_of="2021-01-01"))
    assert facet_counts(doc, "status") == {s: by_status.get(s, 0) for s in facet_counts(doc, "status")}
    assert sum(facet_counts(doc, "status").values()) == 18   # every site in Syria, whatever its status
    by_country = Counter(b["country"] for b in api(client, "/bases", "bases", status="withdrawn", as_of="2021-01-01"))
    assert facet_counts(doc, "country") == dict(by_country)
    checked = doc.xpath("//fieldset[@data-facet='status']//input[@checked]/@value")
    assert checked == ["withdrawn"]


def test_event_facets_and_rows_match_events(client: TestClient) -> None:
    doc = page(client, "/table/events", type="handover,withdrawal", since="2020", limit="1000")
    expected = api(client, "/events", "events", type="handover,withdrawal", since="2020")
    assert [r.get("data-event") for r in doc.xpath("//tbody/tr")] == [e["id"] for e in expected]
    types = Counter(e["type"] for e in api(client, "/events", "events", since="2020"))
    assert facet_counts(doc, "type") == {t: n for t, n in types.items() if n}
    assert doc.xpath("//input[@name='since']/@value") == ["2020-01-01"]


def test_events_are_paged_with_links_that_keep_the_filters(client: TestClient) -> None:
    total = len(api(client, "/events", "events", country="IQ"))
    assert total > 20, "too few events for paging to show"
    first = page(client, "/table/events", country="IQ", limit="20")
    assert len(first.xpath("//tbody/tr")) == 20
    nxt = first.xpath("string(//a[@rel='next']/@href)")
    assert "country=IQ" in nxt and "offset=20" in nxt
    second = lhtml.fromstring(client.get("/table/events" + nxt).text)
    ids = [r.get("data-event") for r in first.xpath("//tbody/tr") + second.xpath("//tbody/tr")]
    assert ids == [e["id"] for e in api(client, "/events", "events", country="IQ")][:40]


@pytest.mark.parametrize(("sort", "key"), [
    ("name", lambda b: b["name_en"].casefold()), ("-name", lambda b: b["name_en"].casefold()),
    ("-events", lambda b: b["event_count"]), ("since", lambda b: b["status_date"] or "~"),
])
def test_sorting_by_a_column_both_ways(client: TestClient, sort: str, key: object) -> None:
    doc = page(client, "/table", sort=sort, as_of="2021-01-01")
    got = [r.get("data-site") for r in doc.xpath("//tbody/tr")]
    bases = {b["id"]: b for b in api(client, "/bases", "bases", as_of="2021-01-01")}
    values = [key(bases[i]) for i in got]  # type: ignore[operator]
    assert len(set(values)) > 3, "the column hardly varies: the test would prove little"
    assert values == sorted(values, reverse=sort.startswith("-"))   # "~": no status yet, last
    head = doc.xpath(f"//th[@data-column='{sort.lstrip('-')}']")[0]
    assert head.get("aria-sort") == ("descending" if sort.startswith("-") else "ascending")
    assert f"sort={'' if sort.startswith('-') else '-'}{sort.lstrip('-')}" in head.xpath("string(a/@href)")


def test_sorting_in_arabic_follows_the_arabic_names(client: TestClient) -> None:
    doc = page(client, "/table", lang="ar")
    bases = {b["id"]: b["name_ar"] for b in api(client, "/bases", "bases")}
    names = [bases[r.get("data-site")] for r in doc.xpath("//tbody/tr")]
    assert names == sorted(names, key=str.casefold)


def test_a_wrong_sort_is_a_400_with_the_columns(client: TestClient) -> None:
    r = client.get("/table", params={"sort": "nmae"}, headers={"Accept": "application/json"})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["parameter"] == "sort" and "name" in error["allowed"] and error["did_you_mean"][0] == "name"
    assert client.get("/table/events", params={"sort": "name"}).status_code == 400


def test_each_row_links_to_the_map_at_its_site_and_the_map_accepts_it(client: TestClient) -> None:
    doc = page(client, "/table", lang="ar", as_of="2020-08-01", country="IQ")
    link = doc.xpath("//tr[@data-site='taji']//a[contains(@class, 'atlas-map-link')]/@href")[0]
    assert link == "/?base=taji&lang=ar&as_of=2020-08-01"
    assert client.get(link).status_code == 200
    for href in doc.xpath("//tbody//a[contains(@class, 'atlas-map-link')]/@href")[:5]:
        assert client.get(href).status_code == 200
    events = page(client, "/table/events", type="handover", limit="1000")
    for href in events.xpath("//tbody//a[contains(@class, 'atlas-map-link')]/@href"):
        assert client.get(href).status_code == 200, href


def test_arabic_rows_isolate_dates_and_latin_runs(client: TestClient) -> None:
    doc = page(client, "/table/events", lang="ar", base="taji")
    row = doc.xpath("//tr[@data-event='taji-2020-08-23-handover']")[0]
    assert row.xpath("string(td[1]//bdi[@dir='ltr'])") == "2020-08-23"
    assert row.xpath("td[5]/bdi")   # the outlet (often Latin) and its date, each isolated


def test_a_filter_in_any_case_gives_the_same_page(client: TestClient) -> None:
    assert client.get("/table", params={"status": "Handed_Over", "country": "iq"}).content == \
        client.get("/table", params={"status": "handed_over", "country": "IQ"}).content


def test_every_word_the_templates_use_is_in_both_languages() -> None:
    """`w.ui.clear` would find the dict's own method, not a missing word: every name must be a key."""
    import re

    from app.domain.words import words
    UI = {lang: words(lang)["ui"] for lang in ("en", "ar")}
    used = {m for path in (ROOT / "templates").glob("*.html")
            for m in re.findall(r"w\.ui\.(\w+)", path.read_text("utf-8"))}
    assert used and not used - set(UI["en"]) and not used - set(UI["ar"]), used - set(UI["en"]) - set(UI["ar"])
