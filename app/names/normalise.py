"""Names folded to match keys: Arabic and Latin, articles and generic words dropped."""

import re
import unicodedata
from collections.abc import Iterable

_AR_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                          "ؤ": "و", "ئ": "ي", "ء": "", "ک": "ك", "ی": "ي", "گ": "ك",
                          **{chr(0x660 + i): str(i) for i in range(10)},
                          **{chr(0x6F0 + i): str(i) for i in range(10)}})
_AR_GENERIC = {"قاعده", "معسكر", "حقل", "حقول", "مطار", "معمل", "مصنع", "منشاه", "غاز",
               "نفط", "نفطي", "جويه", "جوي", "عسكريه", "عسكري", "موقع", "محطه", "مجمع",
               "امريكيه", "امريكي", "اميركيه", "اميركي", "ميدان", "تدريب", "تدريبي"}
_LATIN_ARTICLES = {"al", "el", "at", "et", "ad", "ed", "as", "es", "ar", "er", "an", "en", "ash",
                    "esh", "az", "ez", "ath", "adh", "the"}
_LATIN_GENERIC = {"base", "camp", "air", "airbase", "airfield", "field", "fields", "airport",
                  "oil", "gas", "plant", "station", "garrison", "complex", "military",
                  "of", "fob", "facility", "compound", "range", "training", "airstrip",
                  "us", "coalition", "site", "outpost", "international", "ab"}
_ROMAN = {"ii": "2", "iii": "3", "iv": "4"}
_WORDS = re.compile(r"[^\w]+", re.UNICODE)


def is_arabic(text: str) -> bool:
    """Tell whether a text is written mostly in Arabic script."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\u0600" <= c <= "\u06FF" for c in letters) * 2 > len(letters)


def normalise_arabic(text: str) -> str:
    """Fold an Arabic name: diacritics, tatweel, hamza/alef forms, ta marbuta, ى, ال, generics."""
    text = unicodedata.normalize("NFKC", text)
    text = _AR_DIACRITICS.sub("", text).translate(_AR_FOLD)
    words = []
    for word in _WORDS.split(text):
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        elif word.startswith(("وال", "بال", "لل")) and len(word) > 4:
            word = word[3:] if word[1] == "ا" else word[2:]
        if word and word not in _AR_GENERIC:
            words.append(word)
    return " ".join(words)


def normalise_latin(text: str) -> str:
    """Fold a Latin name: case, accents, apostrophes, hyphens, al-/el- articles, generics."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’‘`ʿʾ]", "", text)
    words = [w for w in _WORDS.split(text.replace("_", " ")) if w]
    kept = [_ROMAN.get(w, w) for w in words if w not in _LATIN_ARTICLES and w not in _LATIN_GENERIC]
    return " ".join(kept)


def has_generic(text: str) -> bool:
    """Tell whether a name carries a generic word ("base", "camp", "قاعدة"): the name of a site, not of a place."""
    if is_arabic(text):
        folded = _AR_DIACRITICS.sub("", unicodedata.normalize("NFKC", text)).translate(_AR_FOLD)
        return any(w.removeprefix("ال") in _AR_GENERIC or w in _AR_GENERIC for w in _WORDS.split(folded))
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    return any(w in _LATIN_GENERIC for w in _WORDS.split(plain.replace("_", " ")))


def folding_rules() -> dict[str, object]:
    """The tables the folding uses, for the browser's copy of it (app/pages/static/context.js)."""
    return {"ar_diacritics": _AR_DIACRITICS.pattern, "ar_fold": {chr(k): v for k, v in _AR_FOLD.items()},
            "ar_generic": sorted(_AR_GENERIC), "latin_articles": sorted(_LATIN_ARTICLES),
            "latin_generic": sorted(_LATIN_GENERIC), "roman": _ROMAN}


def normalise(text: str) -> str:
    """Fold a name in either script to the key the gazetteer is matched on."""
    return normalise_arabic(text) if is_arabic(text) else normalise_latin(text)


def name_keys(names: Iterable[str]) -> set[str]:
    """Return the normalised keys of a site's names (empty keys dropped)."""
    return {normalise(n) for n in names} - {""}
