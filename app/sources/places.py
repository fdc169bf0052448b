"""Towns (GeoNames) and governorates (Natural Earth admin-1) for the map's context layer, named in both scripts."""

import math
import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

from shapely import coverage_simplify, set_precision
from shapely.geometry import mapping, shape

from app.names.normalise import has_generic, is_arabic, normalise, normalise_arabic, normalise_latin

#: The towns the sources use to place bases (and the capitals), always kept and labelled from zoom 6,
#: by GeoNames id, with the English and Arabic names to show. Each name must be one of that place's
#: own GeoNames names (accents aside): `bases context` refuses to run otherwise.
ANCHORS: dict[int, tuple[str, str]] = {
    173811: ("Hasakah", "الحسكة"), 173377: ("Al-Qamishli", "القامشلي"), 170794: ("Deir ez-Zor", "دير الزور"),
    173480: ("Al Mayadin", "الميادين"), 163434: ("Tell Tamer", "تل تمر"), 94787: ("Kirkuk", "كركوك"),
    99072: ("Mosul", "الموصل"), 90150: ("Tikrit", "تكريت"), 98717: ("Ramadi", "الرمادي"),
    95446: ("Erbil", "أربيل"), 98182: ("Baghdad", "بغداد"), 170654: ("Damascus", "دمشق"),
    172955: ("Raqqa", "الرقة"), 167357: ("Manbij", "منبج"), 172256: ("Kobani", "عين العرب"),
    172837: ("Shadadi", "الشدادة"), 174448: ("Abu Kamal", "البو كمال"), 92138: ("Al-Qaim", "القائم"),
    98677: ("Rutba", "الرطبة"), 97783: ("Baiji", "بيجي"), 91597: ("Samarra", "سامراء"),
    96309: ("Haditha", "حديثة"), 99454: ("Fallujah", "الفلوجة"), 96994: ("Duhok", "دهوك"),
    93818: ("Makhmur", "مخمور"), 99003: ("Qayyarah", "القيارة"), 250441: ("Amman", "عمان"),
    276781: ("Beirut", "بيروت"), 99532: ("Basrah", "البصرة"),
}
#: Countries whose towns are kept down to MIN_POPULATION; elsewhere in the box only the large cities.
COUNTRIES = {"IQ", "SY"}
MIN_POPULATION = 15_000
#: A place this close to a larger one (km) is taken for a part of it.
SUBURB_KM = 10.0
NEIGHBOUR_POPULATION = 1_000_000
#: Letters of Persian, Kurdish and Urdu spellings, which GeoNames lists beside the Arabic ones.
_NOT_ARABIC = set("پچژگکیەۆێڵڕھۀۃ")
_PLAIN_ARABIC = re.compile(r"[\u0621-\u063A\u0641-\u064A]+(?: [\u0621-\u063A\u0641-\u064A]+)*")
_SOUNDS = str.maketrans({"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ؤ": "w", "ئ": "y", "ب": "b", "ت": "t",
                         "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
                         "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh",
                         "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
                         "ي": "y", "ة": "h", "ى": "a", " ": ""})
#: Below this likeness no GeoNames Arabic name is taken for a town.
SOUNDS_ALIKE = 0.5
_ARTICLE = re.compile(r"^(al|el|ar|as|ash|at|ad|an|az|adh|ath)[\s-]", re.IGNORECASE)


def plain(text: str) -> str:
    """Drop accents and the marks GeoNames uses for ayn and hamza: "Ālbū Kamāl" -> "Albu Kamal"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[’‘ʿʾ`]", "", text)


def min_zoom(population: int, anchor: bool) -> int:
    """The zoom from which a town is labelled: the largest first, the anchors from 6."""
    if population >= 1_000_000:
        return 5
    if anchor or population >= 200_000:
        return 6
    return 7 if population >= 50_000 else 8 if population >= 25_000 else 9


def arabic_names(names: Iterable[str]) -> list[str]:
    """The names in plain Arabic letters: no vowel marks, no Persian or Kurdish letters, ة only at a word's end."""
    return [n for n in names if _PLAIN_ARABIC.fullmatch(n) and not re.search("ة(?! |$)", n)]


def sounds_like(arabic: str, latin: str) -> float:
    """How alike an Arabic name and a Latin one sound (0-1), articles aside, on a rough transliteration."""
    skeleton = arabic.removeprefix("ال").translate(_SOUNDS)
    roman = _ARTICLE.sub("", plain(latin)).casefold()
    return SequenceMatcher(None, skeleton, re.sub(r"[^a-z]", "", roman)).ratio()


def pick_arabic(town: dict[str, Any], atlas_ar: dict[str, str]) -> str | None:
    """The atlas's own spelling of the town if it has one, else a GeoNames Arabic name, else None.

    Among GeoNames' Arabic names: as many words as the Latin name, the one that sounds most like
    it, the article when one has it, ة and ي rather than ه and ى at the end; none when no name
    sounds like the Latin one at all (a name of a neighbouring place listed under this one).
    """
    candidates = arabic_names(town["alternatenames"])
    for name in candidates:
        if normalise_arabic(name) in atlas_ar:
            return atlas_ar[normalise_arabic(name)]
    words = len(_ARTICLE.sub("", plain(town["name"])).split())
    scored = [(abs(len(n.removeprefix("ال").split()) - words), -round(sounds_like(n, town["name"]), 1),
               not n.startswith("ال"), n.endswith(("ه", "ى")), n)
              for n in candidates if sounds_like(n, town["name"]) >= SOUNDS_ALIKE]
    return min(scored)[-1] if scored else None


def pick_english(town: dict[str, Any], atlas_en: dict[str, str]) -> str:
    """The atlas's own spelling of the town if it has one, else the GeoNames name without accents."""
    for name in [town["name"], *town["alternatenames"]]:
        key = normalise_latin(name) if not is_arabic(name) else ""
        if key in atlas_en:
            return atlas_en[key]
    return plain(town["name"])


def anchor_names(town: dict[str, Any]) -> tuple[str, str]:
    """The English and Arabic names ANCHORS gives a town, checked against its GeoNames names."""
    english, arabic = ANCHORS[town["geonameid"]]
    own = {plain(n) for n in [town["name"], *town["alternatenames"]]}
    for name in (english, arabic):
        if plain(name) not in own:
            raise ValueError(f"GeoNames {town['geonameid']} ({town['name']}) has no name {name!r}")
    return english, arabic


def keys_of(names: Iterable[str]) -> list[str]:
    """The search keys of a place: its names folded as app.names folds them, deduplicated."""
    latin_or_arabic = (n for n in names if n.isascii() or (not _NOT_ARABIC & set(n) and is_arabic(n))
                       or plain(n).isascii())
    return sorted({normalise(n) for n in latin_or_arabic} - {""})


def wanted(town: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    """Whether a GeoNames place belongs on the map: an anchor, a town of Iraq or Syria, a large city nearby."""
    if town["geonameid"] in ANCHORS:
        return True
    inside: bool = box[0] <= town["longitude"] <= box[2] and box[1] <= town["latitude"] <= box[3]
    floor = MIN_POPULATION if town["countrycode"] in COUNTRIES else NEIGHBOUR_POPULATION
    return inside and int(town["population"]) >= floor


def town_feature(town: dict[str, Any], atlas_en: dict[str, str], atlas_ar: dict[str, str]) -> dict[str, Any] | None:
    """A GeoJSON point for a town, or None when GeoNames has no Arabic name for it."""
    anchor = town["geonameid"] in ANCHORS
    en, ar = anchor_names(town) if anchor else (pick_english(town, atlas_en), pick_arabic(town, atlas_ar))
    if ar is None:
        return None
    props = {"id": town["geonameid"], "name_en": en, "name_ar": ar, "country": town["countrycode"],
             "population": town["population"], "z": min_zoom(town["population"], anchor),
             "keys": keys_of([en, ar, town["name"], *town["alternatenames"]])}
    point = [round(town["longitude"], 4), round(town["latitude"], 4)]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": point}}


def towns(cities: dict[str, dict[str, Any]], box: tuple[float, float, float, float],
          atlas_names: list[str]) -> list[dict[str, Any]]:
    """The towns of the context layer, largest first."""
    bare = [n for n in atlas_names if not has_generic(n)]
    atlas_en = {normalise_latin(n): n for n in bare if not is_arabic(n)}
    atlas_ar = {normalise_arabic(n): n for n in bare if is_arabic(n)}
    picked = (town_feature(t, atlas_en, atlas_ar) for t in cities.values() if wanted(t, box))
    found = sorted((f for f in picked if f is not None), key=lambda f: (
        f["properties"]["id"] not in ANCHORS, -f["properties"]["population"], f["properties"]["id"]))
    missing = set(ANCHORS) - {f["properties"]["id"] for f in found}
    if missing:
        raise ValueError(f"GeoNames ids of ANCHORS not found: {sorted(missing)}")
    kept: list[dict[str, Any]] = []
    for feature in found:   # a quarter or suburb of a town already kept is left out
        if feature["properties"]["id"] in ANCHORS or all(_km(feature, k) > SUBURB_KM for k in kept):
            kept.append(feature)
    return kept


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    (x1, y1), (x2, y2) = a["geometry"]["coordinates"], b["geometry"]["coordinates"]
    return 111.2 * math.hypot((x1 - x2) * math.cos(math.radians((y1 + y2) / 2)), y1 - y2)


def _strip_generic(name_ar: str) -> str:
    return name_ar.removeprefix("محافظة ").strip()


def governorates(admin1: dict[str, Any], countries: set[str], tolerance: float,
                 grid: float) -> list[dict[str, Any]]:
    """The admin-1 units of `countries` (Natural Earth), simplified together so that borders stay shared."""
    rows = [f for f in admin1["features"] if f["properties"]["iso_a2"] in countries
            and not f["properties"]["iso_3166_2"].endswith("~")]
    rows.sort(key=lambda f: f["properties"]["iso_3166_2"])
    shapes = coverage_simplify([shape(f["geometry"]) for f in rows], tolerance)
    features = []
    for row, geom in zip(rows, shapes, strict=True):
        p = row["properties"]
        names = [p["name"], p["name_en"], p["woe_name"], p["gn_name"], p["name_ar"], *p["name_alt"].split("|")]
        props = {"code": p["iso_3166_2"], "name_en": p["name_en"], "name_ar": _strip_generic(p["name_ar"]),
                 "label": [round(p["longitude"], 3), round(p["latitude"], 3)], "keys": keys_of(n for n in names if n)}
        features.append({"type": "Feature", "properties": props, "geometry": mapping(set_precision(geom, grid))})
    return features
