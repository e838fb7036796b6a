"""Typed records that flow from one stage to the next.

Every stage is a function from one of these records to the next (see docs/architecture.md).
Offsets (`start`, `end`) are Python ``str`` indices into ``Report.text``; a span that does
not slice back to its own text is a bug. The JSON shape of :class:`Analysis` is a contract
(`rasad analyze --json`): keys may be added, never renamed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Report(Record):
    """One ingested report: the original bytes (kept unmodified) and the clean text."""

    id: str  # = sha256 of the original bytes: re-ingesting the same bytes is a no-op
    sha256: str
    source: str | None = None  # the path or URL it was read from
    media_type: str = "text/plain"
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: str | None = None  # ISO date or datetime as found in metadata
    retrieved_at: str | None = None
    language: str | None = None
    language_supported: bool = True  # False: stored and flagged, not analysed
    flags: list[str] = Field(default_factory=list)  # e.g. "no-text-layer", "encoding:windows-1256"
    text: str = ""
    original: bytes = Field(default=b"", exclude=True, repr=False)

    def public_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Actor(Record):
    id: str  # stable slug, e.g. "ali-khamenei"
    name: str
    kind: str  # person | organisation | state | agreement | place | other
    aliases: list[str] = Field(default_factory=list)
    affiliation: str | None = None


class Sentence(Record):
    start: int
    end: int


class Entity(Record):
    text: str
    start: int
    end: int
    label: str  # spaCy NER label or "ALIAS" when found by the alias table
    actor: str | None = None  # Actor.id when resolved
    score: float | None = None  # fuzzy-match score when resolved fuzzily


class Fragment(Record):
    """One piece of a discontinuous span (a quotation interrupted by "he said")."""

    start: int
    end: int


class Quote(Record):
    text: str
    start: int
    end: int
    speaker: str | None  # canonical actor name, or the mention text when unresolved
    speaker_actor: str | None = None  # Actor.id
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    kind: Literal["direct", "indirect"]
    derived_from: str = ""
    speaker_mention: str | None = None  # the speaker as written ("he", "The speech", "Mr. Raghfar")
    fragments: list[Fragment] = Field(default_factory=list)  # the content's pieces when discontinuous


class Claim(Record):
    start: int  # the sentence
    end: int
    asserted_by: str  # "author" or the attributed source's canonical name / mention
    asserted_by_actor: str | None = None
    cue: str | None = None  # "reported", "according to", ... (None for the author)
    factual: bool = True  # False for questions, headlines without a verb, exhortations ...
    hedges: list[str] = Field(default_factory=list)


class DateMention(Record):
    text: str
    start: int
    end: int
    value: str | None  # ISO: YYYY-MM-DD (a day, or a day of the week meant), YYYY-MM or YYYY
    precision: Literal["day", "week", "month", "year", "unknown"]
    year_known: bool  # the year is stated in the text (or unambiguous from it)
    calendar: Literal["gregorian", "solar_hijri"] = "gregorian"
    derived: str = ""  # how the value was obtained (rule name, anchor)


class Place(Record):
    text: str
    start: int
    end: int
    geonameid: int | None
    name: str | None
    province: str | None  # one of Iran's 31 provinces, or the admin1 name abroad
    country: str | None = None  # ISO-2
    lat: float | None = None
    lon: float | None = None
    feature: str = "city"  # city | province | country


class FramingSpan(Record):
    start: int
    end: int
    text: str
    technique: str
    score: float
    reason: str
    # Framing across camps (rasad.analysis.camps): whose vocabulary a label is ("state", "opposition", or
    # "shared" for a martyr word whose sentence does not say whose dead it names), and whether the report
    # only cites it inside quotation marks. None on spans from the other detectors.
    camp: str | None = None
    quoted: bool | None = None


class Source(Record):
    """A publisher or organisation in the source registry (part 3) — who is independent of whom."""

    id: str  # stable slug, e.g. "irna"
    name: str
    aliases: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)  # web domains that identify it ("irna.ir")
    affiliation: Literal[
        "state_media",
        "state_aligned",
        "opposition_advocacy",
        "independent_press",
        "international_press",
        "ngo_monitor",
        "official_body",
        "unknown",
    ] = "unknown"
    independence_group: str  # outlets of one organisation share a group
    reliability: str | None = None  # Admiralty scale A-F, set by an analyst
    reliability_note: str | None = None
    country: str | None = None
    note: str | None = None  # where the classification comes from


class Analysis(Record):
    """The full structured record of one report (`rasad analyze --json`)."""

    model_config = ConfigDict(extra="allow")

    pipeline_version: str
    report: Report
    flags: list[str] = Field(default_factory=list)  # e.g. "analysis-truncated:1000000"
    sentences: list[Sentence] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    unattributed_share: float | None = None  # share of factual sentences with no attribution
    dates: list[DateMention] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    framing: list[FramingSpan] = Field(default_factory=list)
    profile: dict[str, Any] | None = None
    incidents: list[dict[str, Any]] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
