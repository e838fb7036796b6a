"""The incident vocabulary of a language, read from data: ``src/rasad/data/incidents/<language>.yaml`` (the
words) and ``acled.yaml`` (the ACLED event table, the same for every language).

``lexicon("en")`` reads both files once, checks them (a malformed file raises ``LexiconError`` naming the
file and the field) and builds spaCy ``PhraseMatcher``s for the trigger words and the cue groups. The
extractor, the event-type classifier, the counts, the merger and the exporters take their tables from here,
so adding a word is one line of data (docs/incidents.md, "How to add a word or a language").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError, model_validator

from rasad.config import DATA_DIR

if TYPE_CHECKING:  # spaCy is imported where the matchers are built: the merger and exporters need only tables
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

INCIDENT_DATA = DATA_DIR / "incidents"
ACLED_YAML = INCIDENT_DATA / "acled.yaml"


class LexiconError(ValueError):
    """A vocabulary file that cannot be used: which file, which field, what is wrong."""


def _words_of(phrase: str) -> str:
    if not phrase or phrase != phrase.strip() or "  " in phrase:
        raise ValueError(f"{phrase!r}: a phrase is words separated by single spaces")
    if phrase != phrase.lower():
        raise ValueError(f"{phrase!r}: words are written in lower case")
    return phrase


# A word or phrase of the vocabulary: a string (YAML's `no` or `1` are refused, not read as False or 1).
Phrase = Annotated[StrictStr, AfterValidator(_words_of)]


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a regular expression ({exc})") from None
    return pattern


Regex = Annotated[StrictStr, AfterValidator(_regex)]


def _joined_regex(parts: str | list[str]) -> str:
    return _regex(parts if isinstance(parts, str) else "".join(parts))


# A regular expression given whole or as a list of parts joined as they are (a long one over several lines,
# like Python's adjacent strings).
RegexText = Annotated[StrictStr | list[StrictStr], AfterValidator(_joined_regex)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ------------------------------------------------------------------------------------------ <language>.yaml
class TriggerEntry(_Strict):
    """What a trigger word states: an act against persons or the kind of an event, and the name of the rule
    that keeps an ambiguous word only in its event sense."""

    act: StrictStr | None = None
    kind: StrictStr | None = None
    rule: StrictStr | None = None

    @model_validator(mode="after")
    def _act_or_kind(self) -> TriggerEntry:
        if (self.act is None) == (self.kind is None):
            raise ValueError("a trigger gives either an act or a kind (one of them)")
        return self

    @property
    def is_act(self) -> bool:
        return self.act is not None

    @property
    def label(self) -> str:
        return self.act or self.kind or ""


class VagueQuantity(_Strict):
    min: StrictInt | None
    max: StrictInt | None
    acled: StrictInt  # ACLED's fatality figure for the word


class NumberWords(_Strict):
    units: dict[Phrase, StrictInt]
    tens: dict[Phrase, StrictInt]
    scales: dict[Phrase, StrictInt]
    joiners: list[Phrase]
    range_words: list[Phrase]


class BoundWords(_Strict):
    at_least: list[Phrase]
    at_most: list[Phrase]
    about: list[Phrase]


class LanguageFile(_Strict):
    language: StrictStr
    lemma_fixes: dict[Phrase, Phrase]
    triggers: dict[Phrase, TriggerEntry]
    not_before: dict[Phrase, list[Phrase]]
    # cue words that are no cue right after one of these words ("the Basij militia": the state's force, no militia)
    not_after: dict[Phrase, list[Phrase]] = {}
    cue_groups: dict[StrictStr, list[Phrase]]
    actor_words: dict[StrictStr, list[Phrase]]
    state_actor_name_parts: list[Phrase]
    words: dict[StrictStr, list[Phrase]]
    origin_words: list[Phrase]
    near_words: list[Phrase]
    causes: dict[StrictStr, list[Regex]]
    facility_words: list[Phrase]
    patterns: dict[StrictStr, RegexText]
    numbers: NumberWords
    vague: dict[Phrase, VagueQuantity]
    bounds: BoundWords

    @model_validator(mode="after")
    def _rules_have_their_words(self) -> LanguageFile:
        for phrase, entry in self.triggers.items():
            if entry.rule == "not_before" and phrase.split(" ")[-1] not in self.not_before:
                raise ValueError(f"trigger {phrase!r}: rule not_before needs an entry in not_before")
        return self


# ------------------------------------------------------------------------------------------------ acled.yaml
class SubType(_Strict):
    case: StrictStr | None = None  # the CASE 2021 label
    family: StrictStr | None = None  # the merger's family, where it blocks by the sub-type
    disorder: StrictStr | None = None  # where it differs from the event type's


class EventType(_Strict):
    disorder: StrictStr
    family: StrictStr
    sub_types: dict[StrictStr, SubType]


class AcledFile(_Strict):
    event_types: dict[StrictStr, EventType]
    family_aliases: dict[Phrase, StrictStr]
    inter: dict[StrictStr, StrictInt]
    time_precision: dict[StrictStr, StrictInt]

    @model_validator(mode="after")
    def _one_meaning_each(self) -> AcledFile:
        subs = [sub for t in self.event_types.values() for sub in t.sub_types]
        cases = [s.case for t in self.event_types.values() for s in t.sub_types.values() if s.case is not None]
        for what, names in (("sub-type", subs), ("CASE label", cases), ("inter code", list(self.inter.values()))):
            twice = sorted({str(n) for n in names if names.count(n) > 1})
            if twice:
                raise ValueError(f"{what}s given twice: {twice}")
        return self


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's loader, but a key given twice is an error (PyYAML keeps the last silently: a trigger added
    again lower down would change the first one's meaning unseen)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"{key!r} is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read(path: Path, model: type[BaseModel]):
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except OSError as exc:
        raise LexiconError(f"{path}: cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML ({exc})") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}" for e in exc.errors())
        raise LexiconError(f"{path}: {problems}") from None


@dataclass(frozen=True)
class AcledTable:
    """ACLED's event types and sub-event types with what each part of Rasad needs of them."""

    event_types: dict[str, EventType]
    inter: dict[str, int]  # inter type name ("state") -> ACLED inter code (1)
    time_precision: dict[str, int]  # date precision ("day") -> ACLED time precision (1)
    by_case: dict[str, tuple[str, str]]  # CASE 2021 label -> (event type, sub-event type)
    families: dict[str, str]  # lower-case event type, sub-type or alias -> the merger's family

    @classmethod
    def from_file(cls, data: AcledFile) -> AcledTable:
        by_case, families = {}, {}
        for name, event_type in data.event_types.items():
            families[name.lower()] = event_type.family
            for sub_name, sub in event_type.sub_types.items():
                if sub.case is not None:
                    by_case[sub.case] = (name, sub_name)
                if sub.family is not None:
                    families[sub_name.lower()] = sub.family
        families.update(data.family_aliases)
        return cls(event_types=dict(data.event_types), inter=dict(data.inter),
                   time_precision=dict(data.time_precision), by_case=by_case, families=families)

    @property
    def sub_types(self) -> list[tuple[str, str]]:
        """Every (event type, sub-event type) of the table."""
        return [(name, sub) for name, t in self.event_types.items() for sub in t.sub_types]

    def disorder(self, event_type: str | None, sub_type: str | None = None) -> str:
        """ACLED's disorder type of an event ("" for a type the table does not know)."""
        for t in self.event_types.values():
            sub = t.sub_types.get(sub_type or "")
            if sub is not None and sub.disorder is not None:
                return sub.disorder
        known = self.event_types.get(event_type or "")
        return known.disorder if known is not None else ""


def _match_doc(vocab: Vocab, words: Sequence[str]) -> Doc:
    from spacy.tokens import Doc

    # spaCy refuses an empty word; " " stands for one (no phrase of the vocabulary is a space)
    return Doc(vocab, words=[w or " " for w in words])


def _begins_with_word(text: str, words: Iterable[str]) -> bool:
    """``text`` starts with one of ``words`` as a whole word ("police," and "police" do; "policeman" does not)."""
    return any(text.startswith(w) and not (text[len(w):len(w) + 1].isalnum() or text[len(w):len(w) + 1] == "_")
               for w in words)


class Lexicon:
    """One language's incident vocabulary and the ACLED table."""

    def __init__(self, data: LanguageFile, acled: AcledTable, path: Path | None = None) -> None:
        unknown = set(data.actor_words) - set(acled.inter)
        if unknown:
            raise LexiconError(f"{path}: actor_words: {sorted(unknown)} are not ACLED inter types "
                               f"(acled.yaml inter: {sorted(acled.inter)})")
        self.path = path
        self._built: dict[object, object] = {}
        self.language = data.language
        self.acled = acled
        self.lemma_fixes = dict(data.lemma_fixes)
        self.triggers: dict[str, TriggerEntry] = dict(data.triggers)
        self.not_before = {word: tuple(after) for word, after in data.not_before.items()}
        self.not_after = {word: frozenset(before) for word, before in data.not_after.items()}
        self.cue_groups: dict[str, tuple[str, ...]] = {g: tuple(ps) for g, ps in data.cue_groups.items()}
        # inter code -> words, in the order the types are tried
        self.actor_words: dict[int, frozenset[str]] = {acled.inter[name]: frozenset(ws)
                                                       for name, ws in data.actor_words.items()}
        self.state_actor_name_parts = tuple(data.state_actor_name_parts)
        self.words: dict[str, frozenset[str]] = {name: frozenset(ws) for name, ws in data.words.items()}
        self.numbers = data.numbers
        self.vague: dict[str, tuple[int | None, int | None]] = {w: (q.min, q.max) for w, q in data.vague.items()}
        self.acled_vague_fatalities: dict[str, int] = {w: q.acled for w, q in data.vague.items()}
        self.bounds = data.bounds
        self.origin_words = tuple(data.origin_words)
        self.near_words = tuple(data.near_words)
        self.facility_words = tuple(data.facility_words)
        self.patterns: dict[str, str] = dict(data.patterns)
        # cause of harm -> its words, one pattern, in the order they are tried
        self.causes: dict[str, re.Pattern] = {cause: re.compile(r"\b(" + "|".join(ps) + r")\b", re.I)
                                              for cause, ps in data.causes.items()}

    @functools.cached_property
    def _vocab(self) -> Vocab:
        """The matchers' own: the lemma and word sequences they read are built in it."""
        from spacy.vocab import Vocab

        return Vocab()

    def word_set(self, name: str) -> frozenset[str]:
        """A named word list of the ``words`` section."""
        try:
            return self.words[name]
        except KeyError:
            raise LexiconError(f"{self.path}: words: no list {name!r}") from None

    def pattern(self, name: str) -> str:
        """A named regular expression of the ``patterns`` section (the code compiles it with its flags)."""
        try:
            return self.patterns[name]
        except KeyError:
            raise LexiconError(f"{self.path}: patterns: no pattern {name!r}") from None

    def regex(self, name: str, flags: int = 0) -> re.Pattern:
        """A named pattern of the ``patterns`` section compiled with ``flags``, once per vocabulary."""
        return self.built(("regex", name, flags), lambda: re.compile(self.pattern(name), flags))

    def built(self, key: object, build: Callable[[], object]):
        """What ``build()`` makes of this vocabulary (a pattern joined from several of its lists), made once
        per vocabulary and ``key``: the code of every language asks for its tables at the point of use
        (``lexicon(doc.lang_)``) instead of binding one language's at import."""
        try:
            return self._built[key]
        except KeyError:
            value = self._built[key] = build()
            return value

    def lemma(self, tok: Token) -> str:
        """The lower-case lemma the vocabulary is written in (with the lemmatiser's known slips fixed)."""
        fixed = self.lemma_fixes.get(tok.lower_)
        if fixed:
            return fixed
        plural = self.patterns.get("plural_suffix")
        if plural and tok.pos_ == "PROPN" and tok.is_sent_start and not tok.ent_type_ and tok.lemma_ == tok.text \
                and len(tok.text) > 3:
            # a plural noun opening a sentence that the tagger took for a name ("Drones attacked ...") is left
            # unlemmatised: read it as the noun it is
            return self.regex("plural_suffix").sub("", tok.lower_, count=1)
        return tok.lemma_.lower()

    # ---------------------------------------------------------------------------------------- triggers
    @functools.cached_property
    def _trigger_matcher(self) -> PhraseMatcher:
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self._vocab)
        for phrase in self.triggers:
            words = phrase.split(" ")
            variants = [words]
            if len(words) == 1 and "-" in phrase:  # one word is read with its dashes as hyphens ("sit–in")
                parts = phrase.split("-")
                variants = [["".join(p + d for p, d in zip(parts, dashes + ("",)))]
                            for dashes in itertools.product("-–", repeat=len(parts) - 1)]
            matcher.add(phrase, [_match_doc(self._vocab, v) for v in variants])
        return matcher

    def trigger_matches(self, tokens: Sequence[Token]) -> list[tuple[int, int, str, TriggerEntry]]:
        """Every trigger phrase in a run of tokens (space tokens left out by the caller) as (start, end,
        phrase, entry), longest first, then left to right; overlapping matches are all given (the caller
        takes the first whose ambiguity rule passes and uses no token twice)."""
        doc = _match_doc(self._vocab, [self.lemma(t) for t in tokens])
        found = [(start, end, self._vocab.strings[key]) for key, start, end in self._trigger_matcher(doc)]
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        return [(start, end, phrase, self.triggers[phrase]) for start, end, phrase in found]

    # -------------------------------------------------------------------------------------- cue groups
    @functools.cached_property
    def _cue_matcher(self) -> PhraseMatcher:
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self._vocab)
        for group, phrases in self.cue_groups.items():
            matcher.add(group, [_match_doc(self._vocab, p.split(" ")) for p in phrases])
        return matcher

    def _groups_in(self, words: list[str]) -> set[str]:
        doc = _match_doc(self._vocab, words)
        groups = set()
        for key, start, end in self._cue_matcher(doc):
            # "riot police": the cue "riot" followed by a word of not_before["riot"] is no cue
            if any(words[i] in self.not_before and i + 1 < len(words)
                   and _begins_with_word(words[i + 1], self.not_before[words[i]]) for i in range(start, end)):
                continue
            # "the Basij militia": the cue "militia" right after a word of not_after["militia"] is no cue
            if end - start == 1 and words[start] in self.not_after and start > 0 and \
                    words[start - 1] in self.not_after[words[start]]:
                continue
            groups.add(self._vocab.strings[key])
        return groups

    def cue_groups_in(self, sent: Span, skip: frozenset[int] = frozenset()) -> set[str]:
        """The cue groups named in a sentence, matched on its lemmas and on its lower-case words (space
        separated: "killed," is no cue word, "killed" is), leaving out the tokens in ``skip`` (an aside
        about an earlier event) so that no phrase runs across them."""
        lemmas = ["|" if t.i in skip else self.lemma(t) for t in sent if not t.is_space]
        text = "".join(" " * len(t.text_with_ws) if t.i in skip else t.text_with_ws for t in sent).lower()
        return self._groups_in(" ".join(lemmas).split(" ")) | self._groups_in(text.split(" "))


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names as English copy spells them (data/incidents/given_names_en.yaml), lower case."""
    with open(INCIDENT_DATA / "given_names_en.yaml", encoding="utf-8") as f:
        return frozenset(str(w).lower() for w in (yaml.safe_load(f) or {}).get("given_names") or [])


@functools.lru_cache(maxsize=1)
def acled_table() -> AcledTable:
    """The ACLED table of ``acled.yaml``, read once."""
    return AcledTable.from_file(_read(ACLED_YAML, AcledFile))


def load_lexicon(path: Path, acled_path: Path | None = None) -> Lexicon:
    """A vocabulary file read and checked (uncached: ``lexicon`` is the one to use)."""
    acled = acled_table() if acled_path is None else AcledTable.from_file(_read(acled_path, AcledFile))
    return Lexicon(_read(path, LanguageFile), acled, path)


def shipped_languages() -> list[str]:
    """The languages with an incident vocabulary under data/incidents/ ("en", "fa")."""
    return sorted(p.stem for p in INCIDENT_DATA.glob("*.yaml") if has_lexicon(p.stem))


def has_lexicon(lang: str) -> bool:
    """Whether a language has an incident vocabulary (a report in another language gives no incidents)."""
    return bool(re.fullmatch(r"[a-z]{2,3}", lang or "")) and (INCIDENT_DATA / f"{lang}.yaml").exists()


@functools.lru_cache(maxsize=8)
def lexicon(lang: str = "en") -> Lexicon:
    """The incident vocabulary of a language (``src/rasad/data/incidents/<lang>.yaml``), read once."""
    path = INCIDENT_DATA / f"{lang}.yaml"
    if not path.exists():
        raise LexiconError(f"no incident vocabulary for language {lang!r} ({path} does not exist)")
    return load_lexicon(path)


# Word lists read only by rules over a dependency parse (reporting clauses, background phrases, tolls, shop
# closures: they look at dependency labels and parts of speech). A language read without a parser (Persian:
# rasad.languages.fa.incidents) need not have them; every other list of English is in every language's file.
PARSE_ONLY_LISTS = frozenset({
    "according_words", "blaming_verbs", "cause_nouns", "cause_prepositions", "charge_heads", "charge_prepositions",
    "commemoration_nouns", "commemoration_verbs", "gathering_subjects", "protest_cause_prepositions", "quoting_verbs",
    "reporting_verbs", "sentence_nouns", "shop_words", "source_pronouns", "source_back_nouns", "verifying_verbs", "inability_words", "toll_nouns", "toll_prepositions",
    "total_since", "total_words", "adding_conjunctions", "weapon_use_nouns",
    "target_prepositions", "state_posts", "noun_agent_prepositions", "aircraft_words", "military_strike_modifiers",
    "strike_weapons", "road_words", "earlier_marks", "earlier_measures", "definite_articles", "state_bodies", "aimed_at_prepositions",
    "borne_harm_prepositions", "borne_harm_nouns",
    "custody_entry_prepositions", "lost_body_parts", "hit_body_parts", "recording_verbs", "posting_verbs", "lost_lives", "explosive_words", "person_titles", "release_words",
    "body_words", "death_sentence_marks", "same_group_words", "protest_holding_verbs", "armed_men_words", "subject_phrase_prepositions",
    "group_owner_pronouns", "taken_from_places", "untold_place_words", "medical_attack_words", "accidental_death_causes", "staying_verbs", "suspect_nouns", "destroyed_property_words",
    "reflexive_pronouns", "one_more_words", "characterising_verbs",
    "one_person_pronouns", "the_other_words", "owned_not_reported", "accident_causes", "natural_hazards", "foul_play_ruled_out",
    "short_span_days", "listing_prepositions", "report_nouns", "falsity_words", "criticising_verbs",
    "side_contrast_marks", "side_new_clause_marks", "coreferent_pronouns", "coreferent_nouns", "told_passives",
    "tallying_verbs", "telling_verbs", "outlet_nouns", "casualty_nouns",
    "back_reference_determiners", "conveyance_words", "generic_determiners", "planning_modifiers",
    "total_not_whole_period", "total_span_openers", "total_span_prepositions", "total_span_units",
    "unarmed_state_words", "figure_nouns", "figure_stating_verbs", "figure_revising_verbs", "figure_dead_words",
    "figure_injured_words", "figure_arrested_words", "total_in_prepositions", "total_alone_words",
    "back_reference_pronouns", "earlier_report_words", "leaving_verbs",
    "listing_nouns", "relation_adjectives", "naming_nouns", "clerical_nouns", "clerical_titles",
    "month_tally_acts", "month_tally_prepositions", "range_openers", "time_clause_marks", "site_prepositions", "affiliation_prepositions", "pair_nouns",
    "event_time_prepositions", "earlier_event_modifiers", "standing_span_nouns", "doer_back_nouns", "age_words",
    "flogging_verbs", "sentencing_verbs", "thrown_things", "part_prepositions", "topic_prepositions",
    "charged_event_nouns",
    "series_victim_nouns", "series_victim_modifiers",
    "gathering_for_verbs", "held_for_prepositions",
    "purporting_verbs", "stand_in_determiners", "inmate_words", "owned_post_nouns", "fire_nouns", "fire_place_prepositions",
    "later_event_adverbs", "own_side_possessives", "held_duration_units",
    "body_name_heads",
})


def optional_words(doc, name: str) -> frozenset[str]:
    """A word list of the document's language (``doc.lang_``) that a language may lack: the rules that read
    it (reporting clauses, background phrases, tolls) then do nothing for that language."""
    try:
        return lexicon(getattr(doc, "lang_", None) or "en").word_set(name)
    except LexiconError:
        return frozenset()
