"""Which attribution covers each sentence: its own, else the next one in its paragraph (the Arabic digest's
"... وفقا لـ X في DATE." closes the statements before it), else the one before it, else the text's outlet."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.reader.dates import FoundDate
from app.reader.outlets import Attribution
from app.reader.text import Sentence, fold

#: A paragraph that starts so continues the speaker of the one before ("he added"): it may close its attribution.
_GOES_ON = re.compile(r"^\W*(?:واضاف|وتابع|واشار|واوضح|ولفت|he added|she added|it added|he said|she said)", re.I)
#: At most this many characters between an outlet's name and the date it published on ("X في 23 مارس").
NEAR = 8


@dataclass(frozen=True)
class Source:
    """The outlet a statement is attributed to, the day it published (when given), and how that was found."""

    outlet: str | None
    given: str | None
    published: FoundDate | None
    how: str                 # own | next | previous | text (--outlet) | none


def published_date(attribution: Attribution, dates: Sequence[FoundDate]) -> FoundDate | None:
    """The date right after an outlet's name: the day it published ("according to X on 23 August 2020")."""
    return next((d for d in dates if 0 <= d.start - attribution.end <= NEAR and not d.relative), None)


def resolve(sentences: Sequence[Sentence], own: Sequence[Source | None], text_outlet: str | None) -> list[Source]:
    """Give every sentence the source that covers it."""
    out: list[Source] = []
    for i in range(len(sentences)):
        found = own[i]
        if found is None:
            found = _next(sentences, own, i) or _previous(sentences, own, i)
        if found is None:
            found = Source(text_outlet, text_outlet, None, "text" if text_outlet else "none")
        out.append(found)
    return out


def _next(sentences: Sequence[Sentence], own: Sequence[Source | None], i: int) -> Source | None:
    paragraph = sentences[i].paragraph
    for j in range(i + 1, len(sentences)):
        if sentences[j].paragraph != paragraph:
            starts = sentences[j - 1].paragraph != sentences[j].paragraph
            if not (starts and sentences[j].paragraph == paragraph + 1 and _GOES_ON.match(fold(sentences[j].text))
                    and not any(own[k] for k in range(i, j))):
                return None
            paragraph += 1
        src = own[j]
        if src is not None:
            return Source(src.outlet, src.given, src.published, "next")
    return None


def _previous(sentences: Sequence[Sentence], own: Sequence[Source | None], i: int) -> Source | None:
    for j in range(i - 1, -1, -1):
        if sentences[j].paragraph != sentences[i].paragraph:
            return None
        src = own[j]
        if src is not None:
            return Source(src.outlet, src.given, src.published, "previous")
    return None


def basis(published: date | None, source: Source) -> date | None:
    """The day relative dates are read against: the outlet's publication day, else the text's."""
    if source.published is not None and source.published.precision == "day" and source.published.first:
        return source.published.first
    return published
