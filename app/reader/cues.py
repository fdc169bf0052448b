"""The event type of a sentence, from cue words in Arabic and English and their context (tense, announcement).

Cues are matched on the folded sentence (app.reader.text.fold: hamza and alef forms, ta marbuta, no
diacritics, lower case). Order matters: a handover that ends a stay outranks the leaving, a withdrawal
outranks an attack, and a bare statement comes last.
"""

import re
from dataclasses import dataclass


def _ar(*stems: str) -> str:
    """Match Arabic words: an optional و/ف and ب/ل and ال before a stem, a few letters after."""
    return r"(?<!\w)[وف]?[بل]?(?:ال)?(?:" + "|".join(stems) + r")\w{0,4}(?!\w)"


def _en(*words: str) -> str:
    return r"\b(?:" + "|".join(words) + r")\b"


_CUES: dict[str, tuple[str, ...]] = {
    "handover": (_ar("تسليم", "س?[تي]?تسلم", "س?[تي]?سلم", "استلام", "س?[تي]?ستلم", "استلم", "تسلم"),
                 _en(r"hand(?:ed|ing|s)?(?: [\w-]+){0,4} over", r"hand(?:ed|ing|s)?(?: [\w-]+){1,6} (?:to|back)",
                     "handover", "hand-over",
                     r"turn(?:ed|s)?(?: \w+){0,3} over", r"t(?:ook|ake|akes|aken|aking) (?:over|control)")),
    "withdrawal": (_ar("انسحاب", "س?[تي]?نسحب", "انسحب", "مغادره", "س?[تي]?غادر", "غادر", "اخلاء", "اخلت", "اخلي"),
                   _en(r"withdr[ae]w\w*", "withdrawn", "withdrawal", r"pull(?:ed|s|ing)? out", r"depart\w*",
                       r"vacat\w*", "evacuated", r"exit(?:ed|s)?")),
    "attack": (_ar("هجوم", "هجمات", "هاجم", "استهدف", "صاروخ", "صواريخ", "قذائف", "قذيفه", "قصف", "مسيره", "مسيرات",
                   "انفجار", "تفجير", "سقوط"),
               _en(r"attack\w*", r"rockets?", r"drones?", r"missiles?", "struck", r"shell(?:ed|ing)", r"mortars?",
                   "targeted", r"hit by", r"explosions?", r"bomb\w*")),
    "agreement": (_ar("اتفاق", "اتفق", "توقيع", "مذكره تفاهم"),
                  _en(r"agree(?:d|ment|ments)?", "deal", "accord", "signed", "memorandum", "pact")),
    "withdrawal_weak": (_en("left", "leave", "leaves", "leaving"),),
    "deployment": (_ar("نشر", "انتشار", "انتشر", "تعزيزات", "عزز", "وصول", "وصلت", "ارسال", "ارسلت", "ارسل", "انشاء"),
                   _en(r"deploy(?:ed|s|ment|ing)?", r"arriv(?:ed|al|es|ing)", r"reinforc\w*", r"redeploy\w*",
                       r"relocat\w*", r"sent(?: \w+){0,3} (?:troops|forces|soldiers|personnel)", "set up",
                       "established")),
    "presence_reported": (_ar("تمركز", "يتمركز", "تتمركز", "متمركز", "تواجد", "متواجد", "يتواجد", "تتواجد", "توجد",
                              "يوجد", "وجود", "تستخدم", "يستخدم", "تستضيف", "يستضيف", "تضم", "يضم"),
                          _en(r"station(?:ed|s)?", r"based (?:at|in)", "present", "presence", r"hous(?:es|ed|ing)",
                              r"host(?:s|ed|ing)?", r"used by", r"us(?:es|ing) the", r"operat\w* from", "positions")),
    "statement": (_ar("بيان", "متحدث", "نفي", "نفت", "صرح"),
                  _en("statement", r"spokes(?:man|woman|person)", "denied", "confirmed", "said")),
}
_PATTERNS = {kind: re.compile("|".join(pats), re.I) for kind, pats in _CUES.items()}
_ANNOUNCE = re.compile(_ar("اعلن", "اعلان", "قرر", "تعتزم", "يعتزم", "تنوي", "ينوي", "تخطط", "يخطط")
                       + "|" + _en(r"announc\w*", "decided", "decision", r"plans?", "planned", r"intends?"), re.I)
_FUTURE = re.compile(r"(?<!\w)(?:سوف|سيتم|ستتم|من المقرر|تعتزم|يعتزم|تنوي|ينوي|قريبا)(?!\w)|"
                     r"(?<!\w)[وف]?س[تي]\w*(?:سلم|نسحب|غادر)\w*(?!\w)|"
                     + _en("will", "would", "to be", r"plans? to", r"set to", r"is to", r"are to", r"intends? to",
                           r"going to", r"expected to", r"due to", "next"), re.I)
_HISTORY = re.compile(_ar("بنيت", "بني", "شيدت", "انشيت", "تاسست", "عرفت", "تعرف", "ثمانينيات", "سبعينيات", "تاريخ")
                      + "|" + _en("built", "constructed", "founded", "formerly", r"known as", "history",
                                  r"19\d0s", "dating"), re.I)


@dataclass(frozen=True)
class Cue:
    """The event type a sentence states, the cue word that says so, and how sure the reading is."""

    type: str
    word: str
    strength: float
    history: bool = False


def event_type(folded: str) -> Cue | None:
    """Return the event type a folded sentence states, or None when it states none."""
    found = {kind: m for kind, pat in _PATTERNS.items() if (m := pat.search(folded))}
    if not found:
        return None
    kind = next(k for k in _CUES if k in found)
    word = found[kind].group()
    history = bool(_HISTORY.search(folded))
    future, announced = bool(_FUTURE.search(folded)), bool(_ANNOUNCE.search(folded))
    if kind == "withdrawal_weak":
        kind = "withdrawal"
    if kind == "handover" and future:
        kind = "handover_announced"
    elif kind == "withdrawal" and (future or announced) and not _completed(folded):
        kind = "withdrawal_announced"
    strength = {"statement": 0.4, "presence_reported": 0.7}.get(kind, 0.8)
    return Cue(kind, word, strength, history)


_DONE = re.compile(_ar("انسحبت", "انسحبوا", "غادرت", "اكملت", "انهت", "اخلت") + "|"
                   + _en("completed", "finished", r"had (?:withdrawn|left)", "withdrew", r"pulled out of"), re.I)


def _completed(folded: str) -> bool:
    """A withdrawal said to be done, even when announced ("announced it had completed its withdrawal")."""
    return bool(_DONE.search(folded)) and not re.search(_en("will", "would", r"plans? to"), folded)
