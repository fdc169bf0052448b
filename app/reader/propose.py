"""Proposals: each sentence that names a site and states an event becomes one proposal a site, as JSON."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.names.geocoder import Geocoder
from app.names.normalise import is_arabic
from app.reader import attribution
from app.reader.attribution import Source
from app.reader.cues import Cue, event_type
from app.reader.dates import FoundDate, find_dates
from app.reader.outlets import Outlets
from app.reader.sites import Mention, SiteIndex
from app.reader.text import Sentence, sentences

#: Events of the same site and type no more than this many days apart are one event (a further source).
SAME_EVENT_DAYS = 2
HISTORY_DAYS = 365


@dataclass(frozen=True)
class Known:
    """An event already in the atlas: its site, type, the days its date may stand for, and its id."""

    site: str
    type: str
    first: date
    last: date
    id: str


@dataclass
class Reader:
    """Reads texts against the gazetteer (geocoder), the outlets and the events the atlas already has."""

    geocoder: Geocoder
    outlets: Outlets
    known: Sequence[Known] = ()
    sites: SiteIndex = field(init=False)
    _by_site: dict[str, list[Known]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.sites = SiteIndex(self.geocoder)
        for event in self.known:
            self._by_site.setdefault(event.site, []).append(event)

    def read(self, text: str, published: date | None = None, outlet: str | None = None,
             lang: str = "auto") -> list[dict[str, Any]]:
        """Return the proposals of a text, in text order."""
        lang = ("ar" if is_arabic(text) else "en") if lang == "auto" else lang
        cut = sentences(text)
        own = [self._own(s, published) for s in cut]
        sources = attribution.resolve(cut, own, self.outlets.name_of(outlet) if outlet else None)
        out: list[dict[str, Any]] = []
        seen: set[tuple[Any, ...]] = set()
        for sentence, source in zip(cut, sources, strict=True):
            for proposal in self._sentence(sentence, source, published, lang):
                proposal["published"] = proposal["published"] or (published.isoformat() if published else None)
                key = (proposal["site"], proposal["type"], proposal["date"], proposal["outlet"],
                       proposal["span"]["text"] if proposal["site"] is None else "")
                if key not in seen:
                    seen.add(key)
                    out.append(proposal)
        return out

    def _own(self, sentence: Sentence, published: date | None) -> Source | None:
        found = self.outlets.find(sentence.text, sentence.start)
        if found is None:
            return None
        dates = find_dates(sentence.text, sentence.start, published)
        return Source(found.outlet, found.given, attribution.published_date(found, dates), "own")

    def _sentence(self, sentence: Sentence, source: Source, published: date | None,
                  lang: str) -> Iterable[dict[str, Any]]:
        mentions = self.sites.mentions(sentence)
        if not mentions:
            return []
        cue = event_type(sentence.folded)
        if cue is None:
            return []
        base = attribution.basis(published, source)
        dates = [d for d in find_dates(sentence.text, sentence.start, base)
                 if source.published is None or d.start != source.published.start]
        when = dates[0] if dates else source.published or _day_of(published)
        if cue.history and _old(when, base):
            return []
        by_site: dict[str | None, Mention] = {}
        for mention in mentions:
            by_site.setdefault(mention.site if mention.site else f"?{mention.text}", mention)
        return [self._proposal(m, sentence, cue, when, source, lang, bool(dates)) for m in by_site.values()]

    def _proposal(self, mention: Mention, sentence: Sentence, cue: Cue, when: FoundDate | None,
                  source: Source, lang: str, in_sentence: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "site": mention.site, "span": {"start": mention.start, "end": mention.end, "text": mention.text},
            "type": cue.type, "cue": cue.word, **_date(when, source, in_sentence),
            "outlet": source.outlet, "outlet_as_given": source.given, "attribution": source.how,
            "published": source.published.iso if source.published else None,
            "evidence": {"start": sentence.start, "end": sentence.end, "text": sentence.text},
            "lang": lang, "matches": None, "confidence": 0.0,
        }
        if mention.site is None:
            out["unmatched"] = {"reason": mention.reason, "candidates": list(mention.candidates)}
            return out
        out["matches"] = self._match(mention.site, cue.type, when)
        out["confidence"] = _confidence(cue, mention, when, source)
        return out

    def _match(self, site: str, kind: str, when: FoundDate | None) -> str | None:
        if when is None or when.first is None or when.last is None:
            return None
        best: tuple[int, str] | None = None
        for event in self._by_site.get(site, ()):
            gap = max(0, (when.first - event.last).days, (event.first - when.last).days)
            if event.type == kind and gap <= SAME_EVENT_DAYS and (best is None or gap < best[0]):
                best = (gap, event.id)
        return best[1] if best else None


def _day_of(published: date | None) -> FoundDate | None:
    """The text's publication day, as the date of a statement that gives none ("troops are stationed at X")."""
    return FoundDate(-1, -1, "", published.isoformat(), "day", published, published, False) if published else None


def _date(when: FoundDate | None, source: Source, in_sentence: bool) -> dict[str, Any]:
    if when is None or when.iso is None:
        return {"date": None, "precision": None, "date_text": when.text if when else None, "date_from": None}
    basis = "attribution" if when is source.published else "published"
    out: dict[str, Any] = {"date": when.iso, "precision": when.precision, "date_text": when.text or None,
                           "date_from": ("relative" if when.relative else "text") if in_sentence else basis}
    if when.precision != "day" and when.first and when.last:
        out["between"] = [when.first.isoformat(), when.last.isoformat()]
    return out


def _old(when: FoundDate | None, base: date | None) -> bool:
    """A history sentence: no date, or one over a year before the publication day."""
    if when is None or when.last is None:
        return True
    return base is not None and (base - when.last).days > HISTORY_DAYS


def _confidence(cue: Cue, mention: Mention, when: FoundDate | None, source: Source) -> float:
    score = cue.strength * (1.0 if mention.anchored else 0.8)
    score += {"own": 0.1, "next": 0.08, "previous": 0.05, "text": 0.05}.get(source.how, 0.0)
    score += (0.1 if when.start >= 0 else 0.0) if when is not None and when.iso else -0.2
    return round(max(0.05, min(score, 0.99)), 2)
