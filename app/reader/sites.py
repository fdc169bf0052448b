"""Sites named in a sentence: the geocoder's normalised keys matched over word sequences, both scripts.

Only exact keys make a match (the geocoder's fuzzy step would force near names onto sites: Ain al-Arab
is not Ain al-Asad); a near name, a base outside the gazetteer or a town that shares a site's name is
reported as unmatched, with its span and the geocoder's candidates.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.names.geocoder import Geocoder
from app.names.normalise import normalise
from app.reader.text import Sentence, Word, fold

_CLITICS = ("و", "ف", "ب", "ل", "ك")
#: Words that say the name beside them is a facility (they anchor a match).
BASE_WORDS = {"قاعده", "قواعد", "مطار", "معسكر", "حقل", "حقول", "معمل", "مصنع", "حاميه", "غاز", "نفط", "oil", "gas",
              "base", "bases", "airbase",
              "airfield", "air", "camp", "garrison", "field", "fields", "plant", "outpost", "fob", "compound"}
#: Words that say the name after them is a town, a crossing or a district, not the facility.
PLACE_BEFORE = {"بلده", "مدينه", "قريه", "معبر", "منفذ", "ناحيه", "بلدات", "محافظه", "ريف", "town", "village",
                "city", "crossing", "district", "province", "governorate", "countryside", "township"}
#: "sources in Erbil": where the speaker is, not where the event was.
SPEAKERS = {"مصادر", "مصدر", "مسوولون", "مسوول", "سكان", "sources", "source", "officials", "official", "residents"}
PLACE_AFTER = {"crossing", "town", "village", "city", "district", "border", "checkpoint"}
_SKIP = {"of", "the", "al"}
_NOT_NAMES = {"في", "من", "على", "الى", "عن", "مع", "التي", "الذي", "هي", "هو", "ان", "قرب", "جويه", "عسكريه",
              "us", "american", "iraqi", "syrian", "russian", "turkish", "iranian", "british", "french", "the",
              "a", "an", "main", "largest", "new", "former", "military", "coalition", "this", "that", "its", "their"}
MAX_WORDS = 6
#: A name this close (rapidfuzz ratio of the keys) to a site's is reported, unmatched, with its candidates.
NEAR_SCORE = 70.0


@dataclass(frozen=True)
class Mention:
    """A name in the text: the site it designates, or None with the reason and the geocoder's candidates."""

    start: int
    end: int
    text: str
    site: str | None
    anchored: bool = False            # a facility word (base, air base, قاعدة) beside or in it
    reason: str | None = None
    candidates: tuple[dict[str, Any], ...] = ()


@dataclass
class SiteIndex:
    """The geocoder's keys that designate one site each, and the first words of the longer ones."""

    geocoder: Geocoder
    keys: dict[str, str] = field(init=False, default_factory=dict)
    heads: set[str] = field(init=False, default_factory=set)
    firsts: set[str] = field(init=False, default_factory=set)
    _looked: dict[str, tuple[dict[str, Any], ...]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for key, owners in self.geocoder.claimants().items():
            if len(owners) == 1:
                self.keys[key] = next(iter(owners))
            if " " in key:
                self.heads.add(key.split(" ")[0])
            self.firsts.add(key.split(" ")[0])

    def candidates(self, text: str) -> tuple[dict[str, Any], ...]:
        """The geocoder's candidates for a name (its fuzzy step), looked up once per name."""
        if text not in self._looked:
            if len(self._looked) > 10_000:   # a long-running server reads many texts: keep the memo bounded
                self._looked.clear()
            self._looked[text] = tuple(self.geocoder.lookup(text)["candidates"][:3])
        return self._looked[text]

    def mentions(self, sentence: Sentence) -> list[Mention]:
        """Return the names of sites (and the unmatched near names) in a sentence, left to right."""
        words = sentence.words
        variants = [_variants(w.text) for w in words]
        out: list[Mention] = []
        i = 0
        while i < len(words):
            found = self._longest(words, variants, i)
            if found is None:
                near = self._near(sentence, words, variants, i)
                if near is not None:
                    out.append(near)
                    i = _index_after(words, near.end)
                    continue
                i += 1
                continue
            n, site = found
            out.append(self._mention(sentence, words, i, n, site))
            i += n
        return out

    def _longest(self, words: Sequence[Word], variants: list[tuple[str, ...]], i: int) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        starts = any(v.split(" ", 1)[0] in self.firsts for v in variants[i] if v)
        if not starts and _bare(words[i].text) not in BASE_WORDS:   # most words start no name: skip them fast
            return None
        for first in variants[i]:
            if not first and _bare(words[i].text) not in BASE_WORDS:
                continue
            parts = [first] if first else []
            for n in range(1, min(MAX_WORDS, len(words) - i) + 1):
                if n > 1 and variants[i + n - 1][0]:
                    parts.append(variants[i + n - 1][0])
                key = " ".join(parts)
                last = first if n == 1 else variants[i + n - 1][0]
                if last and key in self.keys and (best is None or n > best[0]):
                    best = (n, self.keys[key])
        return best

    def _mention(self, sentence: Sentence, words: Sequence[Word], i: int, n: int, site: str) -> Mention:
        start, end = words[i].start, words[i + n - 1].end
        text = sentence.text[start - sentence.start:end - sentence.start]
        before = [_bare(w.text) for w in words[max(0, i - 2):i] if _bare(w.text) not in _SKIP]
        after = _bare(words[i + n].text) if i + n < len(words) else ""
        inside = {_bare(w.text) for w in words[i:i + n]}
        if len(before) == 2 and before[0] in SPEAKERS and before[1] in {"في", "in", "from"}:
            return Mention(start, end, text, None, False, "where the speaker is, not where the event was")
        if (before and before[-1] in PLACE_BEFORE) or after in PLACE_AFTER:
            return Mention(start, end, text, None, False, "a place of the same name (town, crossing or district), "
                           "not the facility", self.candidates(text))
        anchored = bool(inside & BASE_WORDS) or after in BASE_WORDS or bool(before and before[-1] in BASE_WORDS)
        return Mention(start, end, text, site, anchored or " " in self._key_of(words, i, n))

    def _key_of(self, words: Sequence[Word], i: int, n: int) -> str:
        return " ".join(k for w in words[i:i + n] if (k := _variants(w.text)[0]))

    def _near(self, sentence: Sentence, words: Sequence[Word], variants: list[tuple[str, ...]],
              i: int) -> Mention | None:
        """A facility word with an unknown name after it, or a near name (Ain al-Arab): unmatched."""
        bare = _bare(words[i].text)
        if (any(v in self.heads for v in variants[i] if v) and i + 1 < len(words) and bare not in _NOT_NAMES
                and self._longest(words, variants, i + 1) is None):
            text = sentence.text[words[i].start - sentence.start:words[i + 1].end - sentence.start]
            if not any(c["score"] >= NEAR_SCORE for c in self.candidates(text)):
                return None
            n, reason = 2, "a name like a site's that is not one of its names"
        elif (words[i].text[:1].isupper() and bare not in _NOT_NAMES and i + 1 < len(words)
              and _bare(words[i + 1].text) in {"base", "airbase", "airfield", "garrison", "air", "camp"}):
            n, reason = 2 + (_bare(words[i + 1].text) == "air" and i + 2 < len(words)), \
                "a facility that is not in the gazetteer"
        elif bare in {"قاعده", "مطار", "معسكر", "camp"} and i + 1 < len(words):
            nxt = [w for w in words[i + 1:i + 3] if _variants(w.text)[0] and _bare(w.text) not in _NOT_NAMES]
            if not nxt or (nxt[0] is not words[i + 1] and _bare(words[i + 1].text) in _NOT_NAMES):
                return None
            n, reason = 1 + words.index(nxt[0]) - i, "a facility that is not in the gazetteer"
        else:
            return None
        start, end = words[i].start, words[i + n - 1].end
        text = sentence.text[start - sentence.start:end - sentence.start]
        return Mention(start, end, text, None, False, reason, self.candidates(text))


@lru_cache(maxsize=1 << 15)
def _bare(word: str) -> str:
    folded = fold(word)
    for prefix in ("وال", "بال", "فال", "لل", "ال"):
        if folded.startswith(prefix) and len(folded) > len(prefix) + 2:
            return folded[len(prefix):]
    return folded[1:] if folded[:1] in _CLITICS and len(folded) > 3 and folded[1:] in BASE_WORDS | PLACE_BEFORE \
        else folded


@lru_cache(maxsize=1 << 15)
def _variants(word: str) -> tuple[str, ...]:
    """The word's key, then its keys with one or two clitic letters (و ف ب ل ك) taken off."""
    keys = [normalise(word)]
    if word[:1] in _CLITICS and len(word) > 3:
        keys.append(normalise(word[1:]))
        if word[1:2] in _CLITICS and len(word) > 4:
            keys.append(normalise(word[2:]))
    return tuple(dict.fromkeys(keys))


def _index_after(words: Sequence[Word], end: int) -> int:
    return next((k for k, w in enumerate(words) if w.start >= end), len(words))
