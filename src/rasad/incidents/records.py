"""The incident report record: one report's account of one incident (part 2).

Its JSON shape (``Analysis.incidents`` in ``rasad analyze --json``) is a contract; keys may be added,
never renamed. ACLED fields (time_precision, geo_precision, inter1/inter2, fatalities) sit beside the
richer ones so the CSV export can use ACLED's column names. Every offset key is ``start``/``end``
(the pipeline shifts those for chunked documents).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

EVENT_TYPES = (
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
)

Act = Literal["killed", "injured", "arrested", "detained", "executed", "sentenced", "tortured", "disappeared",
              "died in custody"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IncidentDate(_Record):
    value: str | None  # ISO YYYY-MM-DD, YYYY-MM or YYYY
    precision: Literal["day", "week", "month", "year", "unknown"]
    year_known: bool  # the year is stated in the text
    derived: str = ""  # "sentence date", "paragraph date", "publication date", ...
    start: int | None = None  # the date mention that gave it, when one did
    end: int | None = None


class IncidentPlace(_Record):
    geonameid: int | None
    name: str | None
    province: str | None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    precision: Literal[1, 2, 3]  # ACLED geo precision: 1 town, 2 near / part of region, 3 region only
    derived: str = ""
    start: int | None = None
    end: int | None = None


class IncidentActor(_Record):
    name: str
    role: Literal["perpetrator", "target", "participant"]
    inter: int  # ACLED inter code 1..8
    actor: str | None = None  # canonical Actor.id when resolved


class Victim(_Record):
    name: str
    fate: str  # one of the acts ("killed", "arrested", ...)
    age: int | None = None
    occupation: str | None = None
    start: int | None = None
    end: int | None = None


class Count(_Record):
    min: int | None = None
    max: int | None = None
    text: str | None = None  # the words that gave it ("at least 20", "dozens")


class Counts(_Record):
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    participants: Count | None = None


class Evidence(_Record):
    start: int
    end: int


class TypeOpinion(_Record):
    """The event-type classifier's reading of an incident's evidence (rasad.incidents.typing), kept
    beside the rules' type so an analyst sees both."""

    label: str  # CASE 2021 label, e.g. "PEACE_PROTEST"
    type: str | None = None  # its ACLED event type (None for the CASE types ACLED lacks)
    sub_type: str | None = None
    margin: float = 0.0  # combined score (SVM + fine-tuned head, standardised) of the label minus the runner-up's
    used: bool = False  # True when it decided the incident's sub-type


class IncidentReport(_Record):
    # character spans of the evidence that are background (a protest's cause, the other side's clause): the
    # event-type model reads the evidence without them (typing.refine_types); not part of the record
    _asides: list = PrivateAttr(default_factory=list)
    # the trigger kinds the rules read ("property": something burned or wrecked): typing.refine_types keeps a
    # destruction the rules saw from being made a milder protest; not part of the record
    _kinds: frozenset = PrivateAttr(default_factory=frozenset)
    type: str  # ACLED event type (EVENT_TYPES)
    sub_type: str  # ACLED sub-event type
    acts: list[str] = Field(default_factory=list)
    date: IncidentDate
    place: IncidentPlace | None = None
    actors: list[IncidentActor] = Field(default_factory=list)
    victims: list[Victim] = Field(default_factory=list)
    counts: Counts = Field(default_factory=Counts)
    evidence: list[Evidence] = Field(default_factory=list)
    claimant: str = "author"  # who asserts it: the author or the attributed source
    background: bool = False  # a reference to a past, well-known event, not news of this report
    confidence: float = 0.5
    # ACLED fields
    time_precision: Literal[1, 2, 3] = 3  # 1 day, 2 week, 3 month (or coarser)
    geo_precision: Literal[1, 2, 3] | None = None
    inter1: int | None = None  # perpetrator / main actor
    inter2: int | None = None  # target / second actor
    interaction: int | None = None  # ACLED: 10 * min(inter1, inter2) + max(...)
    fatalities: int = 0  # ACLED's conservative figure: the lowest stated number, 0 when vague
    cause: str | None = None  # how the victims were harmed: shot, pellet, beaten, torture, executed, vehicle, other
    trigger: str = ""  # the word(s) that signalled the event
    flags: list[str] = Field(default_factory=list)  # "absurd-count", "contradictory-counts", ...
    derived_from: str = ""  # rule / model name + version
    type_model: TypeOpinion | None = None  # the classifier's second opinion on type / sub-type
