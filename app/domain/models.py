"""The data model: a site, its location and events, their sources, and dataset-level facts."""

import re
from typing import Annotated, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from app.domain.dates import known_by, parse_period, today

EVENT_TYPES = (
    "presence_reported",
    "deployment",
    "handover_announced",
    "handover",
    "withdrawal_announced",
    "withdrawal",
    "attack",
    "agreement",
    "statement",
)
KINDS = (
    "air_base",
    "airport",
    "base",
    "garrison",
    "outpost",
    "oil_field",
    "gas_field",
    "training_camp",
    "compound",
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

EventType = Literal[
    "presence_reported",
    "deployment",
    "handover_announced",
    "handover",
    "withdrawal_announced",
    "withdrawal",
    "attack",
    "agreement",
    "statement",
]
Kind = Literal[
    "air_base",
    "airport",
    "base",
    "garrison",
    "outpost",
    "oil_field",
    "gas_field",
    "training_camp",
    "compound",
]


def _date(text: str) -> str:
    if parse_period(text)[0] > today():
        raise ValueError(f"{text} is in the future")
    return text


def _via(key: str, info: ValidationInfo) -> str:
    known = (info.context or {}).get("publications")
    if known is not None and key not in known:
        raise ValueError(f"unknown publication {key!r} (not in dataset.yaml)")
    return key


ALPHA2 = frozenset(c.alpha_2 for c in pycountry.countries)


def _alpha2(code: str) -> str:
    if code not in ALPHA2:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return code


PartialDate = Annotated[str, AfterValidator(_date)]
Alpha2 = Annotated[str, AfterValidator(_alpha2)]
Slug = Annotated[str, StringConstraints(pattern=_SLUG.pattern)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]
Via = Annotated[str, StringConstraints(pattern=_SLUG.pattern), AfterValidator(_via)]
Text = Annotated[str, Field(min_length=1)]
ArabicText = Annotated[str, StringConstraints(min_length=1, pattern=r"[\u0600-\u06FF]")]


class Strict(BaseModel):
    """A record of a hand-edited source: unknown keys are typos, and refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Who reported a fact, and when; `note` says what this source says where sources differ."""

    outlet: Text
    published: PartialDate
    url: Url | None = None
    via: Via | None = None
    official: bool = False   # an official statement by a party to the event (or its verbatim report)
    note: str | None = None


Certainty = Literal["confirmed", "reported", "contested"]
CERTAINTIES = ("confirmed", "reported", "contested")


class Event(Strict):
    """A dated, sourced thing that happened at a site; its id is stable once released.

    `source` is the source the status follows; `also` lists the others. `certainty`: confirmed (an
    official statement by a party, or two independent outlets), reported (one outlet), contested
    (sources disagree: `note` says how, and which way the status follows and why).
    """

    id: Slug
    date: PartialDate
    type: EventType
    nations: list[Alpha2] = []
    summary_en: Text
    summary_ar: ArabicText
    source: Source
    also: list[Source] = []
    certainty: Certainty
    note: str | None = None

    @property
    def sources(self) -> list[Source]:
        """Every source, the one the status follows first."""
        return [self.source, *self.also]

    @model_validator(mode="after")
    def _published_after_event(self) -> "Event":
        for src in self.sources:
            if known_by(src.published) < parse_period(self.date)[0]:
                raise ValueError(f"source {src.outlet!r} published {src.published}, before the event ({self.date})")
        return self

    @model_validator(mode="after")
    def _certainty_fits_the_sources(self) -> "Event":
        outlets = {src.outlet.split(" (")[0].strip().casefold() for src in self.sources}
        if self.certainty == "confirmed" and len(outlets) < 2 and not any(s.official for s in self.sources):
            raise ValueError("confirmed needs an official statement by a party (source.official: true) or two "
                             "independent outlets; with one outlet it is 'reported'")
        if self.certainty == "contested" and (len(self.sources) < 2 or not self.note):
            raise ValueError("contested needs at least two sources (source and also) and a note saying how they "
                             "differ and which way the status follows")
        return self


class Location(Strict):
    """Where a site is, where that was taken from, and how uncertain it is."""

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    uncertainty_m: int = Field(gt=0, le=100_000)
    source: Text
    url: Url | None = None
    checked_against: str | None = None
    note: str | None = None


class Aliases(Strict):
    """Other names of a site, by script."""

    en: list[Text] = []
    ar: list[ArabicText] = []


class Site(Strict):
    """One site of the gazetteer, as edited by hand."""

    id: Slug
    name_en: Text
    name_ar: ArabicText
    aliases: Aliases = Aliases()
    kind: Kind
    country: Alpha2
    admin1: Text
    location: Location
    searched_to: PartialDate | None = None   # when this site's sources were searched to, if not the data set's
    events: list[Event] = []


class Publication(Strict):
    """A publication that facts reached us through."""

    outlet: Text
    title_en: str | None = None
    title_ar: str | None = None
    published: PartialDate | None = None
    url: Url | None = None
    note: str | None = None


class FactSource(Strict):
    """The source of a dataset-level fact; the article sometimes gives no date."""

    outlet: Text
    published: PartialDate | None = None
    url: Url | None = None
    via: Via | None = None
    note: str | None = None


class Fact(Strict):
    """A dataset-level figure (troops per nation, air strikes per country)."""

    id: Slug
    topic: Text
    date: PartialDate | None = None
    unit: Text
    values: dict[str, int]
    summary_en: Text
    summary_ar: ArabicText
    source: FactSource


class ContextEvent(Event):
    """An event that concerns many sites at once, kept once and shown with each."""

    countries: list[Alpha2] = []
    sites: list[Slug] = []
    scope_note: str | None = None


class NoteSource(Strict):
    """Where a note on an outlet comes from (some such sources are themselves partisan: say so)."""

    outlet: Text
    url: Url
    published: PartialDate | None = None


class Outlet(Strict):
    """A short, sourced note on an outlet's affiliation, shown with every fact it reports."""

    outlet: Text                      # the name as events give it; "RT" also matches "RT (via X)"
    note_en: Text
    note_ar: ArabicText
    sources: list[NoteSource] = Field(min_length=1)


class Dataset(Strict):
    """Publications, outlets' affiliations, dataset-level facts, cross-site events, and currency."""

    searched_to: PartialDate | None = None   # the sources were searched for reports up to this date
    searched_note: str | None = None
    publications: dict[str, Publication] = {}
    outlets: list[Outlet] = []
    facts: list[Fact] = []
    events: list[ContextEvent] = []
