"""spaCy component ``rasad_canon``: entity mentions resolved to canonical actors.

Two routes, both against the alias table ``src/rasad/data/actors.yaml``:

1. exact alias matching on the Doc with spaCy's PhraseMatcher: acronyms and one-word aliases match
   case-sensitively ("US" is not "us", "Amnesty" is not "amnesty"), longer aliases case-insensitively
   ("Quds force"); curly and straight apostrophes are both matched ("People’s Mojahedin");
2. spaCy's own PERSON/ORG/NORP/GPE/LOC/FAC entities resolved through a chain of dictionary look-ups on
   normalised keys — the name as written, the name without titles ("Iran's Supreme Leader ..."), a
   demonym ("the Americans" -> United States), a surname alone ("Khamenei" -> Ali Khamenei when his full
   name is in the document or no other actor has that surname) — and last a rapidfuzz ratio against the
   aliases that share the first letter (spelling variants: "Qasim Suleimani").

Entities never overlap: resolved candidates beat unresolved ones, longer beat shorter; neighbouring
mentions of one actor ("Supreme Leader" + "Ali Khamenei") merge into one entity.
``resolve_actor(name)`` gives the same resolution to other stages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml
from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from rasad.analysis.doc_text import doc_text
from rasad.analysis.gazetteer import fold
from rasad.config import DATA_DIR
from rasad.records import Actor, Entity
from rasad.languages import component

ACTORS_YAML = DATA_DIR / "actors.yaml"
ENTITY_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
FUZZY_MIN_SCORE = 90
FUZZY_MIN_LENGTH = 6
_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_SPACE = re.compile(r"\s+")
# No-break and other odd spaces become tokens of their own in spaCy and would split "Council of\xa0Iran".
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def _clean(text: str) -> str:
    """Whitespace collapsed, apostrophes straightened, a leading article and a trailing possessive gone."""
    text = _SPACE.sub(" ", text.replace("\u2019", "'").replace("\u2018", "'")).strip(" ,.;:()[]\"")
    text = _LEADING_THE.sub("", text)
    return _POSSESSIVE.sub("", text) if not text.endswith(".") else text


def _case_sensitive(alias: str) -> bool:
    """Acronyms ("US", "U.S.", "IRGC") and one-word aliases ("Amnesty", "Basij") match only as written."""
    return not any(ch.islower() for ch in alias) or " " not in alias.strip()


@dataclass
class ActorTable:
    actors: dict[str, Actor] = field(default_factory=dict)
    exact: dict[str, str] = field(default_factory=dict)  # case-sensitive alias (cleaned) -> actor id
    folded: dict[str, str] = field(default_factory=dict)  # fold(alias) -> actor id (no acronyms)
    demonyms: dict[str, str] = field(default_factory=dict)  # fold(demonym) -> state id
    surnames: dict[str, set[str]] = field(default_factory=dict)  # fold(surname) -> person ids
    titles: list[str] = field(default_factory=list)  # folded, longest first
    fuzzy_keys: dict[str, list[str]] = field(default_factory=dict)  # first letter -> folded aliases
    ambiguous: set[str] = field(default_factory=set)  # folded aliases claimed by two actors: never used
    persian: dict[str, list[str]] = field(default_factory=dict)  # actor id -> Persian aliases (aliases_fa)

    def _claim(self, index: dict[str, str], key: str, actor_id: str) -> None:
        owner = index.get(key)
        if owner is None:
            index[key] = actor_id
        elif owner != actor_id:
            self.ambiguous.add(key)

    def strip_titles(self, key: str) -> str:
        changed = True
        while changed and key:
            changed = False
            for title in self.titles:
                if key.startswith(title + " ") and len(key) > len(title) + 1:
                    key = key[len(title) + 1 :]
                    changed = True
                    break
        return key


@functools.lru_cache(maxsize=1)
def get_actor_table() -> ActorTable:
    """Load the alias table once per process."""
    data = yaml.safe_load(ACTORS_YAML.read_text(encoding="utf-8"))
    table = ActorTable(titles=sorted({fold(t) for t in data.get("titles") or []}, key=len, reverse=True))
    for raw in data["actors"]:
        aliases = list(dict.fromkeys([raw["name"], *(raw.get("aliases") or [])]))
        actor = Actor(id=raw["id"], name=raw["name"], kind=raw["kind"], aliases=aliases,
                      affiliation=raw.get("affiliation"))
        table.actors[actor.id] = actor
        for alias in aliases:
            cleaned = _clean(alias)
            table._claim(table.exact, cleaned, actor.id)
            if any(ch.islower() for ch in alias):  # acronyms stay out of the case-folded index
                table._claim(table.folded, fold(cleaned), actor.id)
            if actor.kind == "person" and " " in cleaned:
                table.surnames.setdefault(fold(cleaned).split()[-1], set()).add(actor.id)
        if raw.get("aliases_fa"):
            table.persian[actor.id] = list(raw["aliases_fa"])
        for demonym in raw.get("demonyms") or []:
            table._claim(table.demonyms, fold(_clean(demonym)), actor.id)
    for key in table.ambiguous:
        table.exact.pop(key, None)
        table.folded.pop(key, None)
    for key in table.folded:
        table.fuzzy_keys.setdefault(key[:1], []).append(key)
    return table


@functools.lru_cache(maxsize=50_000)
def _lookup(text: str, label: str | None) -> tuple[str | None, float | None, str]:
    """(actor id, fuzzy score, how) for a mention; the surname route is left to the caller ("surname")."""
    table = get_actor_table()
    cleaned = _clean(text)
    if not cleaned:
        return None, None, ""
    if cleaned in table.exact:
        return table.exact[cleaned], None, "alias"
    key = fold(cleaned)
    if key in table.folded:
        return table.folded[key], None, "alias"
    bare = table.strip_titles(key)
    if bare != key and bare in table.folded:
        return table.folded[bare], None, "alias-without-title"
    if key in table.demonyms and label in (None, "NORP"):
        return table.demonyms[key], None, "demonym"
    if " " not in bare and bare in table.surnames:
        return None, None, "surname"
    if len(bare) >= FUZZY_MIN_LENGTH:
        best = process.extractOne(bare, table.fuzzy_keys.get(bare[:1], []), scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_MIN_SCORE)
        if best is not None:
            return table.folded[best[0]], round(best[1] / 100, 3), "fuzzy"
    return None, None, ""


def _resolve(text: str, label: str | None, in_doc: set[str]) -> tuple[str | None, float | None]:
    actor_id, score, how = _lookup(text, label)
    if how != "surname":
        return actor_id, score
    table = get_actor_table()
    owners = table.surnames[table.strip_titles(fold(_clean(text)))]
    named = owners & in_doc  # the person whose full name the document gives
    if len(named) == 1:
        return next(iter(named)), None
    if len(owners) == 1:
        return next(iter(owners)), None
    return None, None


def resolve_actor(name: str) -> Actor | None:
    """The canonical actor for a name or alias ("Qasem Soleimani", "the IRGC", "MEK"), or None."""
    if not name or len(name) > 300:
        return None
    actor_id, _score = _resolve(name, None, set())
    return get_actor_table().actors.get(actor_id) if actor_id else None


@dataclass
class _Candidate:
    span: Span
    label: str
    actor: str | None
    score: float | None = None

    @property
    def priority(self) -> tuple:
        return (self.actor is not None, self.span.end_char - self.span.start_char, -self.span.start)


def _variants(alias: str) -> list[str]:
    out = [alias]
    if "'" in alias:
        out.append(alias.replace("'", "\u2019"))
    if _case_sensitive(alias) and any(ch.islower() for ch in alias):
        out.append(alias.upper())  # headlines in capitals: "KHAMENEI"
    return out


class ActorResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.tokenizer = nlp.tokenizer
        table = get_actor_table()
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # match key -> actor id, kept here: a Doc made by another Language has another StringStore
        self.actor_of_key = {nlp.vocab.strings.add(actor_id): actor_id for actor_id in table.actors}
        for actor in table.actors.values():
            exact, lower = [], []
            for alias in actor.aliases:
                if fold(_clean(alias)) in table.ambiguous:
                    continue
                target = exact if _case_sensitive(alias) else lower
                target.extend(nlp.make_doc(v) for v in _variants(alias))
            if exact:
                self.exact_matcher.add(actor.id, exact)
            if lower:
                self.lower_matcher.add(actor.id, lower)

    def _alias_candidates(self, doc: Doc) -> list[_Candidate]:
        # Match on a copy whose odd spaces are plain spaces (same length, so the same offsets).
        text = doc_text(doc)
        plain = self.tokenizer(_ODD_SPACE.sub(" ", text)) if _ODD_SPACE.search(text) else doc
        out = []
        for matcher in (self.exact_matcher, self.lower_matcher):
            for match_id, start, end in matcher(plain):
                span = plain[start:end]
                if plain is not doc:
                    span = doc.char_span(span.start_char, span.end_char, alignment_mode="expand")
                    if span is None:
                        continue
                out.append(_Candidate(span, "ALIAS", self.actor_of_key[match_id]))
        return out

    def __call__(self, doc: Doc) -> Doc:
        table = get_actor_table()
        candidates = self._alias_candidates(doc)
        # Actors named in full (two words or more) in this document: the referents of bare surnames.
        in_doc = {c.actor for c in candidates if c.actor and len(c.span) > 1}
        ner_spans = {}
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            ner_spans[(ent.start, ent.end)] = ent.label_
            actor_id, score = _resolve(ent.text, ent.label_, in_doc)
            candidates.append(_Candidate(ent, ent.label_, actor_id, score))
        candidates = self._union_same_actor(self._drop_other_persons(candidates, table), doc)

        taken = [False] * len(doc)
        chosen: list[_Candidate] = []
        for cand in sorted(candidates, key=lambda c: c.priority, reverse=True):
            if any(taken[i] for i in range(cand.span.start, cand.span.end)):
                continue
            for i in range(cand.span.start, cand.span.end):
                taken[i] = True
            chosen.append(cand)
        chosen.sort(key=lambda c: c.span.start)

        entities: list[Entity] = []
        actors: dict[str, Actor] = {}
        for cand in self._merge_neighbours(chosen, doc):
            label = ner_spans.get((cand.span.start, cand.span.end), cand.label)
            entities.append(Entity(text=cand.span.text, start=cand.span.start_char, end=cand.span.end_char,
                                   label=label, actor=cand.actor, score=cand.score))
            if cand.actor:
                actors[cand.actor] = table.actors[cand.actor]
        doc._.entities = entities
        doc._.actors = actors
        return doc

    @staticmethod
    def _drop_other_persons(candidates: list[_Candidate], table: ActorTable) -> list[_Candidate]:
        """An alias that is the end of an unresolved PERSON entity names someone else: in "Mehdi
        Khamenei" the alias "Khamenei" is not Ali Khamenei."""
        persons = [c.span for c in candidates if c.label == "PERSON" and c.actor is None]
        if not persons:
            return candidates
        kept = []
        for cand in candidates:
            actor = table.actors.get(cand.actor) if cand.actor else None
            if (
                cand.label == "ALIAS"
                and actor is not None
                and actor.kind == "person"
                and any(p.start < cand.span.start and p.end == cand.span.end for p in persons)
            ):
                continue
            kept.append(cand)
        return kept

    @staticmethod
    def _union_same_actor(candidates: list[_Candidate], doc: Doc) -> list[_Candidate]:
        """Overlapping mentions of one actor become one: "Iran's Supreme Leader" and "Supreme Leader
        Ali Khamenei" -> "Iran's Supreme Leader Ali Khamenei"."""
        resolved = sorted((c for c in candidates if c.actor), key=lambda c: (c.actor, c.span.start))
        out = [c for c in candidates if not c.actor]
        for cand in resolved:
            prev = out[-1] if out and out[-1].actor else None
            if prev is not None and prev.actor == cand.actor and cand.span.start < prev.span.end:
                if cand.span.end > prev.span.end:
                    out[-1] = _Candidate(doc[prev.span.start : cand.span.end], "ALIAS", cand.actor)
                continue
            out.append(cand)
        return out

    @staticmethod
    def _merge_neighbours(chosen: list[_Candidate], doc: Doc) -> list[_Candidate]:
        """"Supreme Leader" + "Ali Khamenei" -> one entity when only spaces separate them."""
        merged: list[_Candidate] = []
        for cand in chosen:
            prev = merged[-1] if merged else None
            if (
                prev is not None
                and prev.actor is not None
                and prev.actor == cand.actor
                and prev.span.end == cand.span.start
                and doc[prev.span.end - 1].whitespace_ == " "
            ):
                merged[-1] = _Candidate(doc[prev.span.start : cand.span.end], "ALIAS", cand.actor)
                continue
            merged.append(cand)
        return merged


@Language.factory("rasad_canon")
def make_component(nlp: Language, name: str) -> ActorResolver:
    # English here; another language's own component or empty records (rasad.languages)
    return component(nlp, name, "canon", ActorResolver)
