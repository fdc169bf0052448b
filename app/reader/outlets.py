"""Who a sentence is attributed to: "according to X", "X reported", "وفقا لـ X", "نقلت X", "بحسب X"."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.reader.text import fold_mapped, fold_name

#: Arabic names of outlets, as the sites' sources spell them in English. The outlets of the source article
#: and their Arabic spellings are from FACTS.md (shared/source); the others are the outlets' own Arabic names.
ARABIC_NAMES = {
    "العربية نت": "Al Arabiya", "العربية": "Al Arabiya", "روسيا اليوم": "RT", "آر تي": "RT",
    "يورونيوز": "Euronews", "سكاي نيوز عربية": "Sky News Arabia", "الحروب الجوية": "Airwars", "الحرة": "Alhurra",
    "الشرق الأوسط": "Asharq Al-Awsat", "سبوتنيك": "Sputnik", "دويتشه فيله": "DW", "رويترز": "Reuters",
    "فرانس برس": "AFP", "وكالة فرانس برس": "AFP", "أسوشيتد برس": "Associated Press", "شفق نيوز": "Shafaq News",
    "رووداو": "Rudaw", "روداو": "Rudaw", "كوردستان 24": "Kurdistan24", "كردستان 24": "Kurdistan24",
    "سانا": "SANA", "المرصد السوري لحقوق الإنسان": "Syrian Observatory for Human Rights",
    "الجزيرة": "Al Jazeera", "العربي الجديد": "Al-Araby Al-Jadeed", "الأناضول": "Anadolu Agency",
    "تاس": "TASS", "شينخوا": "Xinhua", "سي إن إن": "CNN", "بي بي سي": "BBC News",
    "القيادة المركزية الأمريكية": "US Central Command",
}
#: Other spellings of outlets in English.
ENGLISH_NAMES = {"Kurdistan 24": "Kurdistan24", "AP": "Associated Press", "Agence France-Presse": "AFP",
                 "BBC": "BBC News", "CENTCOM": "US Central Command", "Russia Today": "RT"}
_KIND = r"(?:(?:وكاله|قناه|صحيفه|موقع|شبكه|اذاعه) )?"
#: "according to X": X may be any name; "X reported" or "نقلت X": only an outlet the atlas knows (else a speaker).
_TRIGGER_AR = r"(?<!\w)[وف]?(?:وفقا ل\W{0,3}|بحسب|حسب|نقلا عن)\s*\W{0,2}" + _KIND
_TRIGGER_EN = r"\b(?:according to|reported by|cited by|quoted by)\s+(?:the\s+)?"
_VERB = (r"(?<!\w)[وف]?(?:نقلت|نقل|ذكرت|ذكر|افادت|افاد|اوردت|اورد|قالت|قال|نشرت|نشر|اوضحت|بثت|told)\s+(?:the\s+)?"
         + _KIND)
_AR_NAME = re.compile(r"[\u0621-\u064A]+(?: (?!في |ان |أن |إن |عن |يوم |امس |أمس )[\u0621-\u064A]+){0,3}")
_AFTER_EN = r"\s+(?:reported|said|says|reports|quoted|cited|wrote|added|told)\b"
_QUOTED = re.compile(r"[\"“”«»„](?P<q>[^\"“”«»„]{1,40})[\"“”«»„]")


@dataclass(frozen=True)
class Attribution:
    """An outlet named as a sentence's source, where its name ends, and its name as given."""

    outlet: str
    start: int
    end: int
    given: str


class Outlets:
    """The outlets the atlas knows (its sources' outlets and their Arabic names), found in sentences."""

    def __init__(self, known: Iterable[str]) -> None:
        names = {n.split(" (")[0].strip() for n in known if n.strip()} | set(ARABIC_NAMES.values())
        other = {**ARABIC_NAMES, **ENGLISH_NAMES}
        self.by_key = {fold_name(n): n for n in names}
        self.by_key.update({fold_name(name): outlet for name, outlet in other.items()})
        alts = sorted({re.escape(f) for n in [*names, *other] if (f := fold_mapped(n)[0])}, key=len,
                      reverse=True)
        self._names = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)") if alts else None
        self._trigger = re.compile(_TRIGGER_AR + "|" + _TRIGGER_EN)
        self._verb = re.compile(_VERB)

    def name_of(self, given: str) -> str:
        """Return an outlet's name as the sources spell it, or the name as given when it is unknown."""
        given = given.strip().rstrip(".,;:")
        return self.by_key.get(fold_name(given), given)

    def find(self, text: str, offset: int = 0) -> Attribution | None:
        """Return the sentence's attribution, if it names one: a trigger then a name, or a name then "reported"."""
        folded, at = fold_mapped(text)
        for trig in self._trigger.finditer(folded):
            found = self._name_at(text, folded, at, trig.end())
            if found is not None:
                start, end = found
                return Attribution(self.name_of(text[start:end]), start + offset, end + offset,
                                   text[start:end].strip())
        for verb in self._verb.finditer(folded):
            if self._names is not None and (m := self._names.match(folded, verb.end())):
                start, end = at[m.start()], at[m.end() - 1] + 1
                return Attribution(self.name_of(text[start:end]), start + offset, end + offset, text[start:end])
        for m in self._names.finditer(folded) if self._names else ():
            if re.match(_AFTER_EN, folded[m.end():]):
                start, end = at[m.start()], at[m.end() - 1] + 1
                return Attribution(self.name_of(text[start:end]), start + offset, end + offset, text[start:end])
        return None

    def _name_at(self, text: str, folded: str, at: Sequence[int], pos: int) -> tuple[int, int] | None:
        """The outlet named at a position: a known name, a quoted name, or capitalised words."""
        rest = folded[pos:]
        if self._names is not None and (m := self._names.match(rest)):
            return at[pos + m.start()], at[pos + m.end() - 1] + 1
        quoted = _QUOTED.match(folded, max(pos - 1, 0))
        if quoted is not None and quoted.start() <= pos:
            start, end = quoted.start("q"), quoted.end("q")
            return at[start], at[end - 1] + 1
        caps = re.match(r"[A-Z][\w&'-]*(?:\s(?:[A-Z][\w&'-]*|\d+)){0,3}", text[at[pos]:])
        if caps is not None:
            return at[pos], at[pos] + len(caps.group())
        arabic = _AR_NAME.match(rest)
        if arabic is not None:
            return at[pos], at[pos + arabic.end() - 1] + 1
        return None
