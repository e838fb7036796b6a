"""Persian incidents: the incident reports of a Persian report, the same records and the same ACLED typing as
English (``rasad.incidents``), read from Persian wording with the Persian vocabulary
(``data/incidents/fa.yaml``).

Persian has no parser in Rasad (spaCy's blank ``fa``: tokenizer rules only; hazm, stanza and the others
download their models at run time), so this reads word sequences where the English extractor reads the
dependency parse. Written by hand for that reason, over general facts of Persian syntax:

- Persian is SOV: a clause ends with its verb; the subject usually opens it; a definite object carries
  «را»; the agent of a passive is marked («توسط X»، «از سوی X»، «به دست X»، «با شلیک X»); a noun's modifier
  follows it (ezafe: «شلیک ماموران» is the agents' shooting).
- A verb is a (noun +) light verb: «کشته شد»، «به قتل رسید»، «شلیک کردند». Its tense, person and polarity
  are in the light verb's affixes: «ن» negates («کشته نشد»), «می» makes it progressive or habitual, «خواه»
  the future («کشته خواهند شد»), the bare present stem is subjunctive or imperative («تجمع کنند»،
  «تجمع کنید»). Each trigger phrase is matched in every form of its light verb and the form decides the
  filters, as the modals and negation of the parse do in English.
- Counts stand before the counted noun («دست‌کم سه تن از معترضان»، «۱۵ نفر»، «ده‌ها زخمی»); the clause of an
  act is read back from the act to the previous act or clause break for its number, its subject and its
  victims' names.

What is shared with English (``rasad.incidents``): the ACLED decision tables (``acled.type_incident``,
``acled.retype_state_harmed``), candidates, merging of neighbouring sentences and finishing
(``assemble.merge``, ``assemble.finish``: dates and places falling back to the paragraph's and the report's,
ACLED fields, figures kept as ranges, background), number values (``counts.number_value``), causes
(``victims.cause_of_harm``) and the sentence's claimant (part 1's claims, as in English).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from spacy.language import Language
from spacy.tokens import Doc, Span

from rasad.incidents.acled import (RIOTERS_ATTACK, UNNAMED_ATTACKERS_OF_THE_STATE, UNNAMED_CLASH_WITH_THE_STATE,
                                   retype_state_harmed, type_incident)
from rasad.incidents.actors import INTER_PROTESTERS, INTER_RIOTERS, INTER_STATE
from rasad.incidents.assemble import finish, merge
from rasad.incidents.candidate import Candidate, paragraph_of, paragraph_starts
from rasad.incidents.counts import is_absurd, merge_counts, number_value
from rasad.analysis.doc_text import doc_text, joined_once
from rasad.incidents.extract import _claim_for
from rasad.incidents.lexicon import Lexicon, lexicon
from rasad.incidents.records import Count, IncidentActor, IncidentReport, Victim
from rasad.incidents.triggers import HARM_WAYS, Trigger
from rasad.incidents.victims import cause_of_harm
from rasad.languages.fa.quotes import fold_key, trailing_source
from rasad.languages.fa.quotes import lexicon as quotes_lexicon

LANG = "fa"
ZWNJ = "\u200c"
SEP = r"[\s\u200c]+"  # between two words
JOIN = r"[\s\u200c]?"  # where a word is written with a ZWNJ: a ZWNJ, a space or nothing
START = r"(?<![\w\u200c])"  # a word starts here
END = r"(?![\w])"  # a word ends here
# a noun's plural, ezafe, indefinite and possessive endings: معترض -> معترضان، تجمع -> تجمعات، حمله -> حمله‌ای
NOUN_ENDINGS = r"(?:\u200c?(?:هایی|های|ها|ان|ین|ات|یی|ای|ی|اش|ش|شان))?"
PERSONS = r"(?:م|یم|ید|ند)"  # the person endings read (a 2nd person singular is rare in reports: "کشتی" is a ship)
BOUNDARY = re.compile(r"[.!?؟؛;:،,«»\"()\n]")  # punctuation that ends a clause
STRONG_BOUNDARY = re.compile(r"[.!?؟؛;:«»\"()\n]")  # ... and that ends more than a list item or a preamble


def phrase_re(phrase: str) -> str:
    """A phrase of the vocabulary as a regular expression: words apart by spaces or a ZWNJ, the parts of a word
    written with a ZWNJ joined by a ZWNJ, a space or nothing ("ده‌ها", "ده ها", "دهها")."""
    return SEP.join(JOIN.join(re.escape(part) for part in word.split(ZWNJ)) for word in phrase.split(" "))


def _stems(lex: Lexicon, name: str) -> dict[str, str]:
    """past stem -> present stem of a words list written "past/present"."""
    out = {}
    for item in sorted(lex.word_set(name)):
        past, _, present = item.partition("/")
        out[past] = present or past
    return out


def verb_form_re(past: str, present: str, finite: bool = False) -> str:
    """Every form of a verb read in reports, with named groups for what the filters need: ``fut`` (the future
    auxiliary), ``neg`` (the negative prefix), ``mi`` (the progressive/habitual prefix), ``past`` / ``pres``
    (the stem read, the present with its subjunctive "ب": "دست به اعتصاب بزنند"). ``finite``: not the bare
    participle ("کشته"، "شده"), which is no clause's verb."""
    perfect = r"ه(?:\u200c?(?:ام|ایم|اید|اند|ای)|\s+(?:است|بود" + PERSONS + r"?|باشد|باشند))" + ("" if finite else "?")
    return (r"(?P<fut>ن?خواه(?:د|ند|م|یم|ید)" + SEP + r")?(?P<neg>ن)?(?P<mi>می" + JOIN + r")?"
            r"(?:(?P<past>" + re.escape(past) + r"(?:" + perfect + r"|" + PERSONS + r")?)"
            r"|(?P<pres>(?:ب" + JOIN + r")?" + re.escape(present) + r"(?:د|" + PERSONS + r")))" + END)


def _alternation(phrases, endings: str = "") -> re.Pattern | None:
    phrases = sorted(set(phrases), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(START + r"(?:" + "|".join(phrase_re(p) for p in phrases) + r")" + endings + END)


@dataclass(frozen=True)
class TriggerPattern:
    phrase: str
    label: str
    is_act: bool
    verb: str | None  # the light verb's past stem when the phrase ends with one
    pattern: re.Pattern
    anchor: str  # letters every match holds (its first word up to a ZWNJ): a cheap test before the pattern


@dataclass
class Found:
    """A trigger found in a sentence (offsets in the Doc's text) and what its form says."""

    start: int
    end: int
    phrase: str
    label: str
    is_act: bool
    verb: str | None
    negated: bool = False
    future: bool = False
    subjunctive: bool = False
    habitual: bool = False

    @property
    def nominal(self) -> bool:
        return self.verb is None


class Persian:
    """The Persian vocabulary compiled for sequence matching (built once per vocabulary: ``vocab()``)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        words = lex.word_set
        light = _stems(lex, "light_verbs")
        self.active = words("active_light_verbs")
        self.triggers: list[TriggerPattern] = []
        for phrase, entry in lex.triggers.items():
            *head, last = phrase.split(" ")
            if last in light:
                body = (phrase_re(" ".join(head)) + SEP) if head else ""
                pattern = re.compile(START + body + verb_form_re(last, light[last]))
                verb = last
            else:
                pattern = re.compile(START + phrase_re(phrase) + NOUN_ENDINGS + END)
                verb = None
            anchor = phrase.split(" ")[0].split(ZWNJ)[0]
            self.triggers.append(TriggerPattern(phrase, entry.label, entry.is_act, verb, pattern, anchor))
        # longest phrase first: "کشته شد" before "کشته"
        self.triggers.sort(key=lambda t: -len(t.phrase))
        clause = _stems(lex, "clause_verbs")
        self.clause_verbs = [re.compile(START + verb_form_re(p, r, finite=True)) for p, r in clause.items()]
        self.cues = {group: _alternation(phrases, NOUN_ENDINGS) for group, phrases in lex.cue_groups.items()}
        self.actors: list[tuple[int, re.Pattern]] = [
            (code, _alternation(ws, NOUN_ENDINGS)) for code, ws in lex.actor_words.items()]
        self.bounds = {name: _alternation(getattr(lex.bounds, name)) for name in ("at_least", "at_most", "about")}
        n = lex.numbers
        number_words = list(n.units) + list(n.tens) + list(n.scales)
        self.number_words = frozenset(w.replace(ZWNJ, "") for w in number_words)
        word = r"(?:" + "|".join(phrase_re(w) for w in sorted(number_words, key=len, reverse=True)) + r")"
        joiner = r"(?:" + "|".join(phrase_re(j) for j in n.joiners) + r")"
        digits = r"\d{1,3}(?:[,٬]\d{3}){1,4}|\d{1,12}"  # a longer run of digits is no count of people
        vague = r"(?:" + "|".join(phrase_re(v) for v in sorted(lex.vague, key=len, reverse=True)) + r")"
        # "سی و پنج", and with the joiner written onto the next word after a ZWNJ ("سی‌وپنج")
        one = (r"(?:" + digits + r"|" + word + r"(?:" + SEP + joiner + SEP + word + r"|\u200c" + joiner + word
               + r"|" + SEP + word + r")*)")
        self.joined_joiner = re.compile(r"(?<=\u200c)(" + joiner + r")(?=" + word + r")")
        ranges = r"(?:" + "|".join(phrase_re(r) for r in n.range_words) + r"|-|–)"
        self.number = re.compile(START + r"(?:(?P<vague>" + vague + r")|(?P<lo>" + one + r")(?:\s*" + ranges
                                 + r"\s*(?P<hi>" + one + r"))?)" + END)
        self.vague_keys = {re.sub(r"[\s\u200c]", "", v): v for v in lex.vague}
        self.not_people_after = _alternation(words("not_people_after"))
        self.person_classifiers = _alternation(words("person_classifiers"))
        self.group_size = _alternation(words("group_size_words"))
        self.not_one_person = _alternation(words("not_one_person"), NOUN_ENDINGS)
        self.agent_markers = _alternation(words("agent_markers"))
        self.target_markers = _alternation(words("target_markers"))
        self.object_marker = _alternation(words("object_marker"))
        self.manner = re.compile(r"(?:" + "|".join(phrase_re(w) for w in sorted(words("manner_markers"), key=len,
                                                                                 reverse=True)) + r")" + SEP + r"$")
        self.lead_up = re.compile(r"(?:" + "|".join(phrase_re(w) for w in sorted(words("lead_up_markers"), key=len,
                                                                                  reverse=True)) + r")" + SEP + r"$")
        self.aside_before = _alternation(words("aside_before"))
        self.back_reference = re.compile(_alternation(words("back_reference")).pattern + SEP + "$")
        self.also = _alternation(words("also_words"))
        self.pointing = re.compile(r"(?:و\s+)?" + _alternation(words("pointing_subjects")).pattern)
        self.owned = {w.replace(ZWNJ, "") for w in words("owned_nouns")}
        self.owned_modifiers = {w.replace(ZWNJ, "") for w in words("owned_modifiers")}
        self.counsel_nouns = {w.replace(ZWNJ, "") for w in words("counsel_nouns")}
        self.client_nouns = {w.replace(ZWNJ, "") for w in words("client_nouns")}
        self.counsel_titles = re.compile(_alternation(words("counsel_titles")).pattern)
        # (with its ezafe written: "خانه‌ی X")
        self.raided_nouns = re.compile(_alternation(words("raided_nouns"), r"(?:\u200c?ی)?").pattern + SEP)
        self.when_that = re.compile(_alternation(words("when_before_that")).pattern + SEP + "$")
        # a clash noun, "armed" perhaps, a word of its sides, then a few words of the first side and the "و" before
        # the next (no clause break): an actor right after is one of the sides
        self.clash_sides = re.compile(_alternation(words("clash_words")).pattern + r"(?:" + SEP + r"مسلحانه)?" + SEP
                                      + _alternation(words("clash_sides")).pattern
                                      + r"(?:" + SEP + r"[^\W\d_][\w\u200c]*){0,5}?" + SEP + r"$")
        self.protest_object = re.compile(r"[^.؛،]{0,40}?" + _alternation(words("protest_object_verbs")).pattern)
        self.speech = _alternation(words("speech_verbs"))
        # a head in any form: "فراخوان", "فراخواندند", "دعوت کردند", "تکذیب شد"
        self.planning = _alternation(words("planning_heads"), r"[\w\u200c]*")
        self.denial = _alternation(words("denial_heads"), r"[\w\u200c]*")
        self.denial_before = _alternation(words("denial_before"))
        self.modals = _alternation(words("hypothetical_modals"))
        self.conditional = _alternation(words("conditional_marks"))
        self.sentence_words = _alternation(words("sentence_verbs"))
        self.recent_after = _alternation(words("recent_after"))
        self.identity = _alternation(words("identity_cues"), r"[\w\u200c]*")
        self.natural_death = _alternation(words("natural_death"))
        self.died_of_wounds = _alternation(words("died_of_wounds"))
        self.accidental_death = _alternation(words("accidental_death"))
        forces = words("province_forces")
        self.province_forces = re.compile(r"(?:" + "|".join(phrase_re(w) for w in sorted(forces, key=len, reverse=True))
                                          + r")" + SEP + r"(?:استان" + SEP + r")?$") if forces else None
        # the second part of a compound family name right after a word ("سپاهی‌زاده"، "سربازپور")
        self.formant_after = re.compile(r"\u200c?(?:" + "|".join(phrase_re(w) for w in sorted(
            words("name_formants"), key=len, reverse=True)) + r")(?![\w\u200c])")
        self.accident = _alternation(words("accident_causes"))
        self.one_of = _alternation(words("one_of_words"))
        self.weapon_seized = _alternation(words("weapon_seized_verbs"), r"[\w\u200c]*")
        self.not_yet_before = re.compile(_alternation(words("not_yet_before")).pattern + SEP + r"$")
        self.against = re.compile(_alternation(words("against_words")).pattern + SEP + r"$")
        self.release = _alternation(words("release_words"))
        self.court_steps = _alternation(words("court_steps"), NOUN_ENDINGS)
        self.this_news = _alternation(words("this_news_words"))
        self.any_before = re.compile(_alternation(words("any_words")).pattern + SEP + "$")
        self.demand_heads = _alternation(words("demand_heads"), "(?![\\w\\u200c])")
        self.market_closed = re.compile(lex.pattern("market_closed"))
        self.absence_strike = re.compile(lex.pattern("absence_strike"))
        self.injured_in_part = re.compile(lex.pattern("injured_in_part"))
        # a relative "lost", as a bereaved relative tells it ("هر دو پسرم را در یک شب از دست دادم"): a death; only a
        # kin object (one's sight, job or home are lost too)
        kin = "|".join(phrase_re(w) for w in sorted(words("kin"), key=len, reverse=True))
        # a body handed over ("جنازه‌اش را از بازداشتگاه تحویل دادند"، "پیکر او به خانواده تحویل داده شد"): a death the
        # family learned of by its body, told as the authorities' act
        bodies = "|".join(phrase_re(w) for w in sorted(words("handed_bodies"), key=len, reverse=True))
        self.body_handed = re.compile(START + r"(?P<body>" + bodies + r")(?P<own>\u200c?(?:اش|ش)|" + SEP
                                      + r"(?:او|وی))?(?:" + SEP + r"[^\s.،؛:«»]+){0,8}?" + SEP + r"(?P<verb>تحویل"
                                      + SEP + r"(?:دادند|داد|داده" + SEP + r"شد|داده\u200c?اند))" + END)
        self.kin_lost = re.compile(START + r"(?:" + kin + r")(?:ان|های|ها)?\u200c?(?:ام|اش|م|ش|مان|شان)" + SEP + r"را"
                                   + r"(?:" + SEP + r"[^\s.،؛:«»]+){0,6}?" + SEP
                                   + r"(?P<verb>از" + SEP + r"دست" + SEP + r"(?:دادم|دادیم|داد|دادند|داده))" + END)
        self.symptoms_after_inhaling = re.compile(lex.pattern("symptoms_after_inhaling"))
        self.gathering_broken_up = re.compile(lex.pattern("gathering_broken_up"))
        # "the news of" an event a later denial denies ("خبر ربوده شدن ... را تکذیب کرد")
        self.news_of = re.compile(START + r"(?:" + "|".join(phrase_re(w) for w in sorted(
            words("news_of_words"), key=len, reverse=True)) + r")" + SEP + r"$")
        self.martyrdom_counted = re.compile(lex.pattern("martyrdom_counted"))
        self.unconfirmed_news = re.compile(lex.pattern("unconfirmed_news"))
        self.involvement = _alternation(words("involvement_verbs"), r"[\w\u200c]*")
        # a sentence opening with a label of names and a colon ("اسامی: X و Y"، "اسامی جان‌باختگان: ...")
        self.names_label = re.compile(r"\s*(?:" + "|".join(phrase_re(w) for w in sorted(
            words("names_labels"), key=len, reverse=True)) + r")(?:" + SEP + r"[\w\u200c]+){0,2}\s*:\s*")
        # "به نام X", "به نام‌های X، Y و Z" (by the name(s) of), and the others of naming_prepositions
        self.naming = re.compile(r"(?:" + "|".join(phrase_re(w) for w in sorted(
            words("naming_prepositions"), key=len, reverse=True)) + r")(?P<plural>" + JOIN + r"های)?" + SEP)
        self.martyred_and = re.compile(lex.pattern("martyred_and"))
        self.harm_to_people = re.compile(lex.pattern("harm_to_people"))
        self.hurt_to_hospital = re.compile(lex.pattern("hurt_to_hospital"))
        self.taken_away = re.compile(lex.pattern("taken_away"))
        self.others_after = re.compile(lex.pattern("others_after"))
        self.identified_as = re.compile(lex.pattern("identified_as"))
        self.negative_copula = re.compile(lex.pattern("negative_copula"))
        self.generic_copula = re.compile(lex.pattern("generic_copula"))
        self.relayed_by = re.compile(lex.pattern("relayed_by"))
        self.cited_after = re.compile(lex.pattern("cited_after"))
        self.one_of_them = re.compile(lex.pattern("one_of_them"))
        self.name_has = re.compile(lex.pattern("name_has"))
        self.dead_named = re.compile(lex.pattern("dead_named"))
        self.identity_verb = re.compile(lex.pattern("identity_verb"))
        self.identity_noun = re.compile(lex.pattern("identity_noun"))
        self.total_period = re.compile(lex.pattern("total_period"))
        self.period_report = re.compile(lex.pattern("period_report"))
        self.perfect_form = re.compile(lex.pattern("perfect_form"))
        self.perfect_auxiliary = re.compile(lex.pattern("perfect_auxiliary"))
        self.participle_and = re.compile(lex.pattern("participle_and"))
        self.joined_perfect = re.compile(lex.pattern("joined_perfect"))
        self.own_object = re.compile(lex.pattern("own_object"))
        self.not_event_phrases = _alternation(words("not_event_phrases"), NOUN_ENDINGS)
        self.non_lethal_means = _alternation(words("non_lethal_means"))
        self.non_lethal_before = re.compile(self.non_lethal_means.pattern + SEP + r"$")
        self.sentence_carried_out = re.compile(lex.pattern("sentence_carried_out"))
        # the first words of the means and weapons of the cue groups ("گاز اشک‌آور"، "ساچمه"، "گلوله"): no name opens
        # with one ("با شلیک گاز اشک‌آور ...": no person named "گاز اشک‌آور")
        self.means_words = {p.split(" ")[0].replace(ZWNJ, "") for group in ("crowd_control", "lethal_force", "air",
                                                                            "artillery")
                            for p in lex.cue_groups.get(group, ())}
        self.source_colon = re.compile(lex.pattern("source_colon"))
        self.jurisdiction = re.compile(r"(?:" + "|".join(phrase_re(w) for w in sorted(
            words("jurisdiction_titles"), key=len, reverse=True)) + r")" + SEP + r"$")
        self.organisation_of_place = re.compile(r"(?:" + "|".join(phrase_re(w) for w in sorted(
            words("organisation_of_place"), key=len, reverse=True)) + r")" + SEP + r"$")
        self.carried_out = _alternation(words("carried_out"), "(?![\\w])")
        self.not_a_trigger_after = _alternation(words("not_a_trigger_after"), "$")
        self.locative = r"(?:" + "|".join(phrase_re(w) for w in sorted(words("locative_prepositions"), key=len,
                                                                       reverse=True)) + r")"
        self.part_of_them = _alternation(words("part_of_them"))
        self.clause_ends = _alternation(words("clause_ends"))
        self.titles = _alternation(words("name_titles"))
        self.given_name_months = {w.replace(ZWNJ, "") for w in words("given_name_months")}
        # one-word titles: "دانشگاه شهید بهشتی" is named after a person, not a town (the hamlet Shahid)
        self.title_words = {w.replace(ZWNJ, "") for w in words("name_titles") if " " not in w}
        self.story_titles = _alternation(words("name_titles") | words("story_honorifics"))
        # words that end a name: function words, descriptions, dates, institutions and actors
        self.name_stop = {w.replace(ZWNJ, "") for w in words("name_stop_words") | words("name_end_words")
                          | frozenset(lex.facility_words)} | {w.replace(ZWNJ, "") for ws in lex.actor_words.values()
                                                              for w in ws if " " not in w}
        self.stop_given_names = {w.replace(ZWNJ, "") for w in words("stop_given_names")}
        self.name_stop |= {w for w in list(lex.numbers.units) + list(lex.numbers.tens) + list(lex.numbers.scales)}
        # one-word prepositions ("مقابل", "جلوی", "حوالی") open a place, not a name
        self.name_stop |= {w.replace(ZWNJ, "") for w in words("locative_prepositions") | frozenset(lex.near_words)
                           if " " not in w}
        # the heads of a plan or a call ("که قصد انجام ... را داشتند") open no name
        self.name_stop |= {w.replace(ZWNJ, "") for w in words("planning_heads") if " " not in w}
        self.known_as = _alternation(words("known_as"))
        self.openers = _alternation(words("attribution_openers"))
        # what a memorial story may open with before its person's name and a comma
        self.story_openers = _alternation(words("attribution_openers") | words("opening_invocations"))
        self.name_label = re.compile(r"(?:^|\n|[—|؛]\s*|\s[–-]\s+)[\s#*\-–]*(?:" + "|".join(
            phrase_re(w) for w in sorted(words("name_labels"), key=len, reverse=True)) + r")\s*[:：]\s*")
        self.family_name_label = re.compile(r"(?:^|\n|[—|؛]\s*|\s[–-]\s+)[\s#*\-–]*(?:" + "|".join(
            phrase_re(w) for w in sorted(words("family_name_labels"), key=len, reverse=True)) + r")\s*[:：]\s*")
        self.person_triggers = words("person_triggers")
        # the words that name people after a number: actors, relatives, descriptions, classifiers
        _d = lex.word_set
        self.people = {w.replace(ZWNJ, "") for w in (_d("kin") | _d("description_nouns") | _d("person_classifiers")
                                                     | _d("group_nouns")
                                                     | frozenset(w for ws in lex.actor_words.values() for w in ws))
                       if " " not in w}
        # a post or a station names the state's men when attacked, but "یک پاسگاه" counts a building, no one
        self.people -= {w.replace(ZWNJ, "") for w in lex.facility_words}
        # ... and their plural, ezafe and possessive forms ("دو برادرش", "سه فرزندشان"), made once
        self.people_forms = self.people | {p + e for p in self.people for e in words("people_endings")}
        self.counted_people = {w.replace(ZWNJ, "") for w in words("counted_people")}
        # a facility word, an optional ordinary adjective ("مرکزی"; a post's "انتظامی", "مرزی"), then a town's name
        self.facility_town = re.compile(START + r"(?:" + "|".join(phrase_re(w) for w in sorted(
            lex.facility_words, key=len, reverse=True)) + r")" + SEP + r"(?:(?:مرکزی|انتظامی|مرزی)" + SEP + r")?"
            + r"(?P<town>[^\W\d_][\w\u200c]*(?: [^\W\d_][\w\u200c]*)?)")
        self.office = re.compile(START + r"(?:" + "|".join(phrase_re(w) for w in sorted(
            words("office_words") | set(lex.facility_words), key=len, reverse=True)) + r")" + SEP)
        self.place_nouns = r"(?:" + "|".join(phrase_re(w) for w in sorted(words("place_nouns"), key=len, reverse=True)) + r")"
        # a quarter noun and the names listed after it, up to where a place starts ("محله‌های کوی علوی، ملاشیه و ")
        self.quarter_list = re.compile(_alternation(words("quarter_nouns"), NOUN_ENDINGS).pattern
                                       + r"(?:" + SEP + r"(?!در" + END + r")[^\W\d_][\w\u200c]*|\s*،)*" + SEP + r"$")
        # an origin, home or burial word right before a place (a place word between them allowed)
        self.origin_before = re.compile(START + r"(?:" + "|".join(
            phrase_re(w) for w in sorted(lex.origin_words, key=len, reverse=True)) + r")" + SEP
            + r"(?:" + self.place_nouns + SEP + r")?$")
        self.contrast = _alternation(words("contrast_words") | words("speech_verbs"), r"[\w\u200c]*")
        self.among = _alternation(words("among"))
        self.custody = re.compile(lex.pattern("died_in_custody"))
        self.age_after = re.compile(lex.pattern("victim_age"))
        # verb forms and separators: the past perfect ending a trigger, a relative clause's earlier verb, a
        # singular perfect, what separates the items of a list (``patterns`` of the data file, compiled once)
        self.past_perfect = re.compile(lex.pattern("past_perfect"))
        self.earlier_relative_verb = re.compile(lex.pattern("earlier_relative_verb"))
        self.earlier_relative_time = re.compile(lex.pattern("earlier_relative_time"))
        self.series_year = re.compile(lex.pattern("series_year"))
        self.past_reference = re.compile(lex.pattern("past_reference"))
        self.occasion_before = _alternation(words("occasion_before"))
        self.singular_perfect = re.compile(lex.pattern("singular_perfect"))
        self.list_separator = re.compile(lex.pattern("list_separator"))
        self.slogans = [re.compile(lex.pattern(name)) for name in ("slogan_after_noun", "slogan_before_verb", "death_to")]
        self.chanted = [self.slogans[1], re.compile(lex.pattern("slogan_noun_chanted"))]
        self.kin = {w.replace(ZWNJ, "") for w in words("kin")}
        self.relatives_circle = {w.replace(ZWNJ, "") for w in words("relatives_circle")}
        self.source_quantifiers = {w.replace(ZWNJ, "") for w in words("source_quantifiers")}
        # one person named by a singular noun ("راننده", "مادر"), as the first of a list with a figure after it
        self.one_described = {w.replace(ZWNJ, "") for w in words("description_nouns") | words("kin")} - \
            {w.replace(ZWNJ, "") for w in words("not_one_person")}
        # (not the sight verb of "زخمی دیده شد": "چشمانش آسیب دیده بود" keeps "دیده" in its run of words)
        seen = set(lex.words.get("seen_present") or ())
        self.trigger_words = {p.replace(ZWNJ, "") for t in lex.triggers if t not in seen for p in t.split(" ")}


@functools.lru_cache(maxsize=4)
def _vocab_of(lex: Lexicon) -> Persian:
    return Persian(lex)


def vocab() -> Persian:
    """The Persian vocabulary of ``data/incidents/fa.yaml``, compiled."""
    return _vocab_of(lexicon(LANG))


# ---------------------------------------------------------------------------------------------- triggers
_QUOTED_WORD = re.compile(r"«([^»]{1,20})»")  # a word or two in guillemets


def _clause_end(text: str, pos: int) -> int:
    m = BOUNDARY.search(text, pos)
    return m.start() if m else len(text)


_SHORT_NAME_QUOTED = re.compile(r"«[^«»\s.،,؛!؟]+(?:\s[^«»\s.،,؛!؟]+){0,2}»")  # «هنگه‌ژال»: a name of one to three words


def _clause_start(text: str, pos: int, boundary: re.Pattern = BOUNDARY) -> int:
    if boundary is STRONG_BOUNDARY and "«" in text:
        text = _TERM.sub(lambda m: " " + m.group(1) + " ", text)  # same offsets: the marks become spaces
        # an object in guillemets, however long ("۱۲ نفر از «عوامل اصلی ناآرامی‌های اخیر» را دستگیر کردند"): the
        # official's label for the people the clause's act counts, inside the clause
        # (and a label after a preposition: "دو نفر در «درگیری مسلحانه با اشرار» کشته شدند")
        text = _QUOTED_OBJECT.sub(lambda m: " " + (m.group(1) or m.group(2)) + " ", text)
    # a place's or a pass's name in guillemets ("در نقطه صفر مرزی «هنگه‌ژال» ... زخمی شد") does not cut the clause
    # its act's subject stands in, read back from the act
    names = [m.span() for m in _SHORT_NAME_QUOTED.finditer(text, 0, pos)] if boundary in (BOUNDARY, STRONG_BOUNDARY) else []
    return max((m.end() for m in boundary.finditer(text, 0, pos)
                if not any(s == m.start() or e == m.end() for s, e in names)), default=0)


_QUOTED_OBJECT = re.compile(r"«([^«».؛!؟]{1,80})»(?=[\s\u200c]+را(?![\w\u200c]))"
                            r"|(?<=(?<![\w\u200c])(?:در|با|از|به) )«([^«».؛!؟]{1,80})»")
# a term of one to three words in guillemets ("به اتهام «بغی»"، "«محاربه»"): a word set off, no clause of its own
# (a count before it reaches an act after it: "دو زندانی که به اتهام «بغی» ... محکوم شده بودند، ... اعدام شدند")
_TERM = re.compile(r"«([^«»\s]+(?:\s[^«»\s]+){0,2})»")


def slogan_spans(text: str) -> list[tuple[int, int]]:
    """The words of the slogans a sentence quotes ("شعار «مرگ بر دیکتاتور» سر دادند", "شعار مرگ بر ستمگر"): what
    people chanted, no event of its own; and phrases that name no event though a trigger's word is in them
    ("شرکت کشت و صنعت")."""
    spans = [m.span("slogan") for pattern in vocab().slogans for m in pattern.finditer(text)]
    if vocab().not_event_phrases is not None:  # "شرکت کشت و صنعت": words of no event either
        spans += [m.span() for m in vocab().not_event_phrases.finditer(text)]
    return spans


def _without_slogans(text: str) -> str:
    """The text with the words of its slogans blanked (offsets kept): "شعار «مرگ بر ستمگر» سر دادند" is read as
    "شعار سر دادند", a protest, with no death in it."""
    for s, e in slogan_spans(text):
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def find_triggers(text: str) -> list[Found]:
    """The triggers of one sentence's text, longest first, no character used twice, in text order; none in the
    words of a slogan, and the verb of chanting after one is a protest. Longest by the words matched, then by the
    phrase: a verb's perfect ("جان باخته است") outranks the participle noun ("جان‌باخته") its first words spell,
    and so does a participle joined by "و" to a later perfect (``_elided_auxiliary``)."""
    v = vocab()
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    chanted = [m.span("verb") for pattern in v.chanted for m in pattern.finditer(text)]
    text = _without_slogans(text)
    matches = [(tp, m) for tp in v.triggers if tp.anchor in text for m in tp.pattern.finditer(text)]
    order = {id(tp): i for i, tp in enumerate(v.triggers)}
    matches.sort(key=lambda x: (-len(x[1].group().split()) - _elided_auxiliary(text, x[0], x[1]), order[id(x[0])]))
    for tp, m in matches:
        s, e = m.span()
        if any(s < b and a < e for a, b in taken):
            continue
        if tp.verb is None and tp.phrase.endswith("ه") and v.perfect_auxiliary.match(text[e:e + 12]):
            continue  # "جان‌باخته است": the verb's perfect, matched by the verb's own pattern
        # "یگان ضد شورش": a trigger word after "ضد" is no event
        if v.not_a_trigger_after and v.not_a_trigger_after.search(text[max(0, s - 8):s].rstrip()) and \
                not text[max(0, s - 8):s].rstrip().endswith(("،", ".")):
            continue
        f = Found(s, e, tp.phrase, tp.label, tp.is_act, tp.verb)
        if tp.verb is not None:
            g = m.groupdict()
            f.negated, f.future = bool(g.get("neg")), bool(g.get("fut"))
            f.subjunctive = bool(g.get("pres")) and not g.get("mi")
            f.habitual = bool(g.get("pres")) and bool(g.get("mi"))
        found.append(f)
        taken.append((s, e))
    for s, e in chanted:  # "«زن، زندگی، آزادی» سر دادند": chanting is a protest
        if not any(s < b and a < e for a, b in taken):
            found.append(Found(s, e, "شعار سر داد", "protest", False, "داد"))
            taken.append((s, e))
    for m in list(v.market_closed.finditer(text)) + list(v.absence_strike.finditer(text)):
        s, e = m.span("verb")  # "بازار شهرهای X و Y تعطیل شد", "در کلاس‌ها حاضر نشدند": a strike
        if not any(s < b and a < e for a, b in taken):
            found.append(Found(s, e, "تعطیل شد", "strike", False, "شد"))
            taken.append((s, e))

    def add(pattern, phrase, label, is_act, verb):
        """The events a pattern's "verb" group marks, where no longer trigger took the words."""
        for m in pattern.finditer(text):
            s, e = m.span("verb")
            if not any(s < b and a < e for a, b in taken):
                found.append(Found(s, e, phrase, label, is_act, verb))
                taken.append((s, e))

    add(v.injured_in_part, "آسیب دید", "injured", True, "دید")  # "از ناحیه چشم آسیب دید": a wound
    add(v.kin_lost, "از دست داد", "killed", True, "داد")  # "هر دو پسرم را از دست دادم": a relative's death
    if not any(f.label == "killed" for f in found):  # (a death told already: the body is its aftermath)
        add(v.body_handed, "تحویل داد", "killed", True, "داد")  # "جنازه‌اش را تحویل دادند": a death
    add(v.gathering_broken_up, "بر هم زد", "protest", False, "زد")  # "مراسم را بر هم زدند": broken up by the state
    # "پس از استشمام گاز دچار سرگیجه شدند": people harmed
    add(v.symptoms_after_inhaling, "دچار مسمومیت شد", "injured", True, "شد")
    for m in v.martyrdom_counted.finditer(text):  # "از شهادت یک مامور ... خبر داد": a death counted
        s, e = m.span("verb")
        n = v.number.search(text, e, e + 20)
        if n is None or not _people_after(text, n.end(), Found(s, e, "شهادت", "killed", True, None)):
            continue  # "شهادت دو شاهد": the testimony of two witnesses
        if not any(s < b and a < e for a, b in taken):
            found.append(Found(s, e, "شهادت", "killed", True, None))
            taken.append((s, e))
    add(v.martyred_and, "شهید شد", "killed", True, None)  # "سه نفر شهید و نه نفر زخمی شدند": the first group's deaths
    add(v.sentence_carried_out, "اعدام", "executed", True, None)  # "حکم او ... اجرا شده بود": his execution
    add(v.taken_away, "با خود برد", "arrested", True, "برد")  # "دو نفر از آنان را با خود بردند": detained
    # "به دلیل جراحت به بیمارستان منتقل شدند": the wounded
    add(v.hurt_to_hospital, "به بیمارستان منتقل شد", "injured", True, "شد")
    add(v.harm_to_people, "آسیب رساند", "injured", True, "رساند")  # "به سه مامور آسیب رساندند": people harmed
    return sorted(found, key=lambda f: f.start)


def _elided_auxiliary(text: str, tp: TriggerPattern, m: re.Match) -> int:
    """1 when a verb's bare participle, written apart, is joined by "و" to a later perfect ("... جان باخته و ماموران
    پیکرش را دفن کرده‌اند"): the perfect's auxiliary is said once, at the chain's end, so the participle is a
    finite verb (not the noun "جان‌باخته" its letters also spell); else 0."""
    v = vocab()
    if tp.verb is None or " " not in m.group() or not v.participle_and.match(text, m.end() - 1):
        return 0
    return 1 if v.joined_perfect.search(text, m.end()) else 0


_AND_NEXT = re.compile(r"[\s\u200c]+و[\s\u200c]")


def _perfect(text: str, f: Found) -> bool:
    """Whether an act is told in the perfect ("اعدام شده‌اند"), its own auxiliary or, for a bare participle or noun
    joined by "و" to a later verb, the perfect that ends the chain ("... کشته و هزاران نفر بازداشت شده‌اند")."""
    v = vocab()
    if v.perfect_form.search(text, f.start, f.end):
        return True
    return bool(_AND_NEXT.match(text, f.end)) and bool(v.joined_perfect.search(text, f.end, _strong_end(text, f.end)))


def _clause_verb(text: str, pos: int) -> re.Match | None:
    """The verb that ends the clause after ``pos`` (the verb of a noun trigger): the last one before the
    clause break (Persian puts the verb last; a participle before it, "کشته", is no verb of its own)."""
    end = _clause_end(text, pos)
    best = None
    for pattern in vocab().clause_verbs:
        for m in pattern.finditer(text, pos, end):
            if best is None or m.start() > best.start():
                best = m
    return best


def _form_of_clause(f: Found, text: str) -> None:
    """A noun trigger takes the negation, future and mood of its clause's verb ("هیچ تجمعی برگزار نشد"; the
    negative copula: "اعتصاب راه حل مشکلات نیست")."""
    if vocab().negative_copula.search(text[f.end:_clause_end(text, f.end)]):
        f.negated = True
        return
    m = _clause_verb(text, f.end)
    if m is None:
        if f.label in ("protest", "strike") and _generic(text, f):
            f.negated = True  # "برگزاری تجمع حق قانونی مردم است": protest in general, no event
        return
    g = m.groupdict()
    f.negated, f.future = bool(g.get("neg")), bool(g.get("fut"))
    # "داشتن" takes no "می" in its present: "اعتصاب ... ادامه دارد" (goes on) is an indicative, no wish or call
    having = bool(g.get("pres")) and g["pres"].startswith("دار") and text[:m.start()].rstrip().endswith("ادامه")
    f.subjunctive = bool(g.get("pres")) and not g.get("mi") and not having
    f.habitual = bool(g.get("pres")) and bool(g.get("mi"))


def _generic(text: str, f: Found) -> bool:
    """A noun event whose sentence ends with the present copula, no verb between ("سر دادن شعار ... نماد ...
    است"): a statement about such events in general."""
    end = STRONG_END.search(text, f.end)
    rest = text[f.end:end.start() if end else len(text)]
    cop = vocab().generic_copula.search(rest)
    # a past verb between ends another clause; a present form there is a noun's homograph ("نماد": symbol)
    return cop is not None and not any(m.group("past") for p in vocab().clause_verbs
                                       for m in p.finditer(rest, 0, cop.start()))


STRONG_END = re.compile(r"[.!?؟؛;\n]")  # a sentence's or a main clause's end (guillemets and commas go on)


def _strong_end(text: str, pos: int) -> int:
    m = STRONG_END.search(text, pos)
    return m.start() if m else len(text)


def live_triggers(text: str, has_date: bool) -> list[Found]:
    """The triggers of a sentence that state an occurrence: not negated, future, hypothetical, conditional,
    planned or called for, denied, a sentence passed rather than an execution, a habit, or the cause or
    occasion of another event ("در اعتراض به مرگ ...")."""
    v = vocab()
    live = []
    trailing = trailing_source().search(text.rstrip(".!؛;،, "))  # "...، به گزارش کمپین «نه به اعدام»."
    found = find_triggers(text)
    tallied = False  # an act dropped as a running total
    series = [g for g in found if g.nominal and not g.is_act and v.series_year.match(text, g.end)]
    for f in found:
        if trailing is not None and f.start >= trailing.start():
            continue  # a word of the source's name, not an event
        if f.nominal:
            _form_of_clause(f, text)
        cs, ce = _clause_start(text, f.start), _clause_end(text, f.end)
        before, clause = text[cs:f.start], text[cs:ce]
        if f.negated or f.future or (f.habitual and not has_date and f.phrase not in v.lex.word_set("seen_present")):
            continue
        if f.subjunctive:
            continue  # "تجمع کنند", "تجمع کنید": a wish, a call, a purpose
        if (v.modals and v.modals.search(before)) or (v.conditional and v.conditional.search(before)):
            continue
        quoted = _QUOTED_WORD.match(text, ce)  # "... را «دروغ» خواند": the denial's word in guillemets
        if v.denial and v.denial.search(clause[f.start - cs:] + (" " + quoted.group(1) if quoted else "")):
            continue  # "... کشته شدن دو معترض را تکذیب کرد"
        if f.is_act and v.unconfirmed_news.search(text):
            continue  # "خبر تأییدنشده: دیشب سه نفر ... کشته شدند": a claim not yet confirmed, no fact
        if v.denial_before and v.denial_before.search(text[max(cs, f.start - 30):f.start]):
            continue  # "با رد خبر مرگ یک معترض ...": the denied report's event
        if v.denial and v.news_of.search(text[max(0, f.start - 12):f.start]) and v.denial.search(text, f.end):
            continue  # "خبر ربوده شدن دو کودک در زاهدان را ... تکذیب کرد": the news denied, no event
        if f.nominal and v.planning and v.planning.search(clause) and not _by_means_of(text, f):
            continue  # "فراخوان تجمع", "خواستار برگزاری اعتصاب شدند"
        if f.label in ("killed", "executed") and v.sentence_words and (
                v.sentence_words.search(text[max(cs, f.start - 12):f.start])
                or v.sentence_words.search(text[f.end:f.end + 12])) and not (
                f.label == "executed" and v.carried_out and v.carried_out.search(text, f.end)):
            continue  # "به اعدام محکوم شد", "حکم اعدام": a sentence, not an execution (unless "... اجرا شد")
        if f.nominal and v.aside_before and _after_aside(text, cs, f):
            continue
        if not f.nominal and v.occasion_before and _right_after_aside(text, cs, f):
            continue  # "مراسم سالگرد درگذشت X": the verb's form read as the noun of the occasion (ezafe)
        if not f.nominal and _after_demand(text, cs, f):
            continue  # "خواستار لغو احکام اعدام شدند": the verb is the demand's, the act a noun under it
        if f.label in ("arrested", "detained") and f.nominal and v.release and v.release.search(text) and \
                not _arrested_and_released(text, f):
            continue  # "پس از ۴۰ روز بازداشت ... آزاد شد": the custody a release ends
        if f.label in ("arrested", "detained") and _part_of_the_group(text, f) and v.court_steps and \
                v.court_steps.search(text, f.end):
            continue  # "برای ۳۱۵ نفر از بازداشت‌شدگان ... کیفرخواست صادر شد": a court's step, the arrests before it
        if f.label in ("bomb", "suicide", "grenade") and f.nominal and (
                v.weapon_seized.search(text, f.end, _strong_end(text, f.end))
                or v.not_yet_before.search(text[max(0, f.start - 12):f.start])):
            continue  # "جلیقه انفجاری ... کشف شد"، "پیش از انفجار خنثی شد": a weapon found or defused, no blast
        if f.is_act and f.nominal and v.against.search(text[max(0, f.start - 16):f.start]):
            continue  # "علیه اعدام‌ها شعار می‌دادند": what the slogans are against, no execution
        if f.label == "killed" and v.natural_death and v.natural_death.search(text, cs, ce):
            continue  # "به علت بیماری قلبی درگذشته است": a death, not a killing
        if f.label == "killed" and (_an_accidental_death(text) or (
                v.denial and v.denial.search(text) and _an_accidental_death(_said_last(text, cs, f, ce)))):
            # "بر اثر سقوط از داربست جان باخت": an accident, with no armed side and no shot named; in a denial, what
            # the denier said of the death ("... را کذب خواند و گفت این فرد در یک حادثه رانندگی جان خود را از دست
            # داده است": the forces are the denied report's)
            continue
        if f.nominal and any(0 <= g.start - f.end <= 2 for g in series) or f in series:
            continue  # "از جان‌باختگان اعتراضات ۱۴۰۱": a past movement named by its year, and its dead
        if f.nominal and f.is_act and v.recent_after and any(
                not g.is_act and 0 <= g.start - f.end <= 2 and _recent(text, g.end) for g in found):
            # "محاکمه هفت تن از بازداشت‌شدگان اعتراضات اخیر آغاز شد": those the recent protests' arrests took, named
            # for a trial or a sentence now; no arrest on this date
            continue
        if f.nominal and v.any_before.search(text, max(0, f.start - 20), f.start):
            continue  # "با «هرگونه تجمع غیرقانونی» برخورد خواهد شد": any such event, none that happened
        if _ANNIVERSARY_OF.search(text, 0, f.start):
            continue  # "امروز سالگرد کشته شدن X است که در اعتراضات ۱۴۰۱ جان باخت": the anniversary's person, long ago
        if any(a <= f.start and f.end <= b for a, b in _descriptions(text)):
            continue  # "X، از معترضان بازداشت‌شده در جریان اعتراضات سراسری، را ... محکوم کرد": who X is
        # (and in the perfect of those of a past movement named by its year: "ده تن از معترضان بازداشت‌شده در
        # اعتراضات ۱۴۰۱ تاکنون اعدام شده‌اند", a tally of that movement's executions)
        if f.is_act and (_perfect(text, f) and (v.total_period.search(text, 0, f.start)
                                                or any(g.end <= f.start for g in series))
                         or v.period_report.search(text, 0, f.start)):
            tallied = True
            continue  # "از ابتدای سال ... ۱۱۴۷ نفر اعدام شده‌اند": a running total, not one occurrence
        if _in_earlier_relative(text, f) and not _gathering_of_the_harmed(text, f, found):
            continue  # "X که دو هفته پیش بازداشت شده بود، ... جان باخت": what had happened before, background
        if f.label == "property" and v.own_object.search(text, max(0, f.start - 50), f.start):
            continue  # "روسری‌های خود را آتش زدند": their own things burned, a gesture, no destruction
        if f.phrase in v.person_triggers and text[f.start:f.end].endswith("ی") and _RELATIVE.match(
                text, f.end + len(text[f.end:]) - len(text[f.end:].lstrip())):
            continue  # "X، معترضی که ..." (a protester who ...): a description of someone, no protest
        if f.label in ("arrested", "detained") and not f.nominal and _JOINED_PARTICIPLE.search(text, f.start, f.end) and \
                not v.perfect_auxiliary.match(text[f.end:]) and not _ENDS_CLAUSE.match(text, f.end):
            # "کارگران بازداشت‌شده نیشکر ...": a participle joined to its noun describes the people, no arrest of the
            # sentence (a harm's, "زندانی قصاص‌شده"، may be the act an identity sentence names)
            continue
        if (f.phrase in v.person_triggers or f.is_act and f.nominal) and _in_describing_relative(text, f, found):
            # "X، وکیلی که وکالت چند تن از معترضان را بر عهده داشت، گفت ...": who X is, no protest; nor an arrest
            # the clients' noun tells ("... وکالت چند تن از کارگران بازداشتی را بر عهده داشت، گفت او ... بازداشت
            # شد": one arrest, the speaker's, not the clients' besides)
            continue
        if f.is_act and f.nominal and _kin_of_those(text, f):
            continue  # "سه تن از بستگان جان‌باختگان را بازداشت کردند": the dead name whose kin, no death told
        live.append(f)
    if (any(f.is_act for f in live) or any(f.is_act for f in found)) and v.recent_after:
        # "۴۵ نفر از لیدرهای اغتشاشات اخیر دستگیر شدند": the arrests, not a riot; and where the act was dropped
        # ("از آزادی ۴۰۰ نفر از بازداشت‌شدگان ناآرامی‌های اخیر خبر داد": a release) the series is still no event
        live = [f for f in live if f.is_act or not _recent(text, f.end)]
    # "دادگاه ۱۱ متهم اغتشاشات اخیر برگزار شد": the series before, named as the people's it was (their ezafe), is
    # theirs, no event of the sentence even where no act stands beside it
    live = [f for f in live if f.is_act or not _recent(text, f.end) or not _people_word_before(text, f.start)]
    # "...؛ در این درگیری دو نفر مصدوم شدند": an event noun after "این" that points back at a trigger before it in
    # the sentence names that event again, no event of a kind of its own (the beating called a clash)
    live = [f for f in live if f.is_act or not v.back_reference.search(text, max(0, f.start - 8), f.start)
            or not any(g.end <= f.start for g in live if g is not f)]
    if tallied:
        # "از آغاز اعتراضات ۵۰۰ معترض کشته شده‌اند": the movement that opens a running total's period, and the people
        # it counts, are no gathering of the sentence
        periods = [m.span() for m in list(v.total_period.finditer(text)) + list(v.period_report.finditer(text))]
        live = [f for f in live if not any(a <= f.start < b for a, b in periods)]
        if all(f.phrase in v.person_triggers for f in live):
            return []
    if live and all(f.phrase in v.person_triggers for f in live) and not any(
            v.number.search(text[max(0, f.start - 25):f.start].rstrip()[-20:]) for f in live):
        return []  # "این معترض جوان" names a person; "صدها معترض" counts a gathering
    earlier = [f for f in live if f.is_act and f.verb is not None and v.past_perfect.search(text, f.start, f.end)]
    if earlier and any(f.is_act and f not in earlier for f in live):
        # "... اعدام شد؛ به گفته ... او در ۱۷ سالگی بازداشت شده بود": an act in the past perfect beside one in the
        # simple past had happened before the event, its background
        live = [f for f in live if f not in earlier]
    if _an_accident(text, live):
        return []
    acts = {f.label for f in live if f.is_act}
    if acts and acts <= {"arrested", "detained"}:
        # "در عملیاتی ... دستگیر شدند": an operation that only arrests is the arrest itself, no fight
        operations = v.lex.word_set("arrest_operation_words")
        live = [f for f in live if f.phrase not in operations]
    if acts and acts <= {"sentenced", "executed", "tortured"}:
        # a court's sentence or an execution of "this protester" is no protest
        live = [f for f in live if f.phrase not in v.person_triggers]
    hospital = [f for f in live if f.phrase in _TO_HOSPITAL]
    if hospital and not any(f.label in _HARM_TOLD for f in live if f not in hospital) and \
            not v.symptoms_after_inhaling.search(text):  # "پس از استشمام گاز راهی بیمارستان شدند": harmed
        # "زندانی ... به بیمارستان منتقل شد": a transfer, no harm, unless a harm or an attack is told beside it
        live = [f for f in live if f not in hospital]
    arrests = [f for f in live if f.label in ("arrested", "detained")]
    involved = v.involvement.search(text, arrests[0].end) if arrests and v.involvement is not None else None
    if involved is not None:
        # "از دستگیری ۱۲ نفر ... خبر داد و گفت این افراد در حمله ماه گذشته ... که به شهادت دو مامور انجامید، دست
        # داشته‌اند": the event the arrested were involved in is what they are held for, background of the arrest
        live = [f for f in live if not (arrests[0].end <= f.start < involved.start())]
    return live


_JOINED_PARTICIPLE = re.compile(r"\u200cشده$")  # "بازداشت‌شده": a participle written joined, an adjective's form
_ENDS_CLAUSE = re.compile(r"[\s\u200c]*(?:[.!?؟؛;:،,\n]|و(?![\w\u200c])|$)")  # "... بازداشت‌شده و ..." ends a clause
# a kin word in the ezafe right before a noun of those harmed ("بستگان جان‌باختگان"، "خانواده‌های بازداشت‌شدگان"،
# "مادر یکی از کشته‌شدگان")
_KIN_BEFORE = re.compile(r"(?<![\w\u200c])(?P<kin>[^\W\d_][\w\u200c]*?)(?:\u200c?(?:های|ها|ی))?[\s\u200c]+"
                         r"(?:(?:یکی|تعدادی|شماری)[\s\u200c]+از[\s\u200c]+)?$")


def _people_word_before(text: str, start: int) -> bool:
    """Whether the word right before ``start`` names people ("متهم"، "بازداشت‌شدگان"، "معترضان")."""
    words = _WORD.findall(text[max(0, start - 30):start])
    return bool(words) and not text[start - 1:start].strip(" \u200c") and words[-1].replace(ZWNJ, "") in vocab().people_forms


def _recent(text: str, end: int) -> bool:
    """Whether the word after an event noun ending at ``end`` marks the series before ("اعتراضات اخیر")."""
    return bool(vocab().recent_after.match(text, end + len(text[end:]) - len(text[end:].lstrip())))


def _in_describing_relative(text: str, f: Found, found: list[Found]) -> bool:
    """A word for people inside a relative clause set off by commas that tells no act ("X، وکیل دادگستری که وکالت
    چند تن از معترضان را بر عهده داشت، ..."; no verb of an act in it): it describes X, whose people those are."""
    for rel in _RELATIVE.finditer(text, 0, f.start):
        end = _clause_end(text, rel.end())
        if f.end <= end and text[end:end + 1] in "،," and "،" in text[max(0, rel.start() - 60):rel.start()] and \
                not any(g.is_act and not g.nominal and rel.end() <= g.start < end for g in found):
            return True
    return False


def _kin_of_those(text: str, f: Found) -> bool:
    """A noun of those harmed after a kin word ("بستگان جان‌باختگان آبان ۹۸"): it names whose relatives the
    sentence's people are, not a harm the sentence tells."""
    m = _KIN_BEFORE.search(text, max(0, f.start - 40), f.start)
    return m is not None and m.group("kin").replace(ZWNJ, "") in vocab().kin


_TO_HOSPITAL = {"به بیمارستان منتقل شد", "راهی بیمارستان شد"}
# what makes people taken to hospital its harmed: a harm, a blast, an attack, a clash, a riot
_HARM_TOLD = {"killed", "injured", "shot", "beaten", "tortured", "attack", "raid", "bomb", "grenade", "suicide",
              "air", "artillery", "chemical", "clash", "riot", "mob"}


_RELATIVE = re.compile(r"(?<![\w\u200c])که(?![\w\u200c])")


def _an_accident(text: str, live: list[Found]) -> bool:
    """A blast the sentence puts down to an accident ("انفجار گاز در یک ساختمان مسکونی ... یک کشته بر جای گذاشت"),
    with no event but the blast and no armed side named: no political violence (the English rule's, filters.py)."""
    v = vocab()
    kinds = {f.label for f in live if not f.is_act}
    if not live or kinds != {"bomb"} or v.accident is None or not v.accident.search(text):
        return False
    return not any(v.cues[g].search(text) for g in ("non_state", "suicide", "armed_clash") if v.cues.get(g))


# "(امروز) سالگرد X است که ...": a sentence that says whose anniversary it is; what the relative clause after it tells
# happened to that person on the day remembered, not on the day of the report
_ANNIVERSARY_OF = re.compile(r"(?<![\w\u200c])(?:سالگرد|سالروز)(?![\w])[^.؛!؟]{0,160}?(?<![\w\u200c])است"
                             + SEP + r"که(?![\w\u200c])")
_DESCRIPTION = re.compile(r"،\s*(از(?!\s+جمله)\s+[^،.؛:«»]{3,70})،")


def _descriptions(text: str) -> list[tuple[int, int]]:
    """The spans of a person's description set off by commas and opening with "از" ("X، از بازداشت‌شدگان اعتراضات
    ۱۴۰۱، ..."، one of a group): what the person was, the background of the sentence's act; none holding a
    finite verb ("، از ساعت ۵ تجمع کردند،") and not a list ("، از جمله ...")."""
    v = vocab()
    return [m.span(1) for m in _DESCRIPTION.finditer(text)
            if not any(p.search(m.group(1)) for p in v.clause_verbs)]


def _said_last(text: str, cs: int, f: Found, ce: int) -> str:
    """The words of an act's clause after the last speech verb before the act ("... و گفت این فرد ... جان باخت"),
    or the whole clause when none stands there."""
    v = vocab()
    said = [m.end() for m in v.speech.finditer(text, cs, f.start)] if v.speech else []
    return text[said[-1]:ce] if said else text[cs:ce]


def _an_accidental_death(text: str) -> bool:
    """A sentence that puts a death down to an accident of work, the road or the weather and names no armed
    side, no state force and no shot: no political violence ("یک کارگر بر اثر سقوط از داربست جان باخت")."""
    v = vocab()
    if v.accidental_death is None or not v.accidental_death.search(text):
        return False
    if any(v.cues[g].search(text) for g in ("state_forces", "non_state", "armed_clash", "rioting") if v.cues.get(g)):
        return False
    # a shot said not to have been fired ("هیچ تیراندازی‌ای صورت نگرفته") names none
    return not any(f.label in ("shot", "beaten", "attack", "raid", "clash") and not (
        v.any_before.search(text, max(0, f.start - 20), f.start)) for f in find_triggers(text))


def earlier_relatives(text: str) -> list[tuple[int, int]]:
    """The spans of a sentence's relative clauses ("که ...", up to the next comma or the clause's end; not after
    a speech verb: "اعلام کرد که ...") whose verb is in the past perfect or "شاهد ... بود": they describe what
    had happened to the sentence's person or place before, its background, not its event."""
    v = vocab()
    speech = tuple(v.lex.word_set("speech_verbs"))
    spans = []
    for rel in _RELATIVE.finditer(text):
        if text[max(0, rel.start() - 16):rel.start()].rstrip().endswith(speech):
            continue
        end = _clause_end(text, rel.end())
        verb = v.earlier_relative_verb.search(text, rel.end(), end)
        if verb is None and v.earlier_relative_time.search(text, rel.end(), end) and text[end:end + 1] in "،,":
            # a relative clause set off by commas with a time before the sentence's ("X، نوجوانی که پاییز سال
            # گذشته ... جان باخت، ..."): all of it is background
            spans.append((rel.start(), end))
            continue
        if verb:
            # the clause ends with its verb: "... که از توقف خودداری کرده بود شلیک کردند" (no comma) goes on
            # with the main clause's verb
            spans.append((rel.start(), verb.end()))
        elif text[end:end + 1] in "،," and _occasion_named_before(text, rel.start()):
            # "در ششمین سالگرد سرنگونی هواپیما که ۱۷۶ سرنشین آن کشته شدند، ماموران ...": the relative tells what
            # happened on the day remembered, set off by its comma from the sentence's own act
            spans.append((rel.start(), end))
        elif _BODY_OF.search(text, max(0, rel.start() - 60), rel.start()) and text[end:end + 1] in "،,":
            # "پیکر دو مامور که روز گذشته ... به شهادت رسیدند، امروز تشییع شد": whoever's body is buried had died
            # before, whatever the tense; the funeral's person is background
            spans.append((rel.start(), end))
    return spans


def _occasion_named_before(text: str, pos: int) -> bool:
    """An occasion's word (سالگرد، سالروز، چهلم ...) in the clause before a relative's "که", with no verb between:
    the relative describes the occasion's past event."""
    v = vocab()
    if v.occasion_before is None:
        return False
    cs = _clause_start(text, pos)
    last = None
    for m in v.occasion_before.finditer(text, max(cs, pos - 120), pos):
        last = m
    return last is not None and not any(p.search(text, last.end(), pos) for p in v.clause_verbs)


def _wounding_relatives(text: str) -> list[tuple[int, int]]:
    """A sentence's past-perfect relative clauses that tell a wound (shot, hurt, beaten) when the sentence's death
    is of its wounds ("X که روز یکشنبه در مرز ... زخمی شده بود، روز جمعه بر اثر شدت جراحات ... جان باخت"): the
    wounding is the event, its day and place are the incident's."""
    v = vocab()
    if v.died_of_wounds is None or not v.died_of_wounds.search(text):
        return []
    harm = [f for f in find_triggers(text) if f.label in ("shot", "injured", "beaten")]
    return [(s, e) for s, e in earlier_relatives(text) if any(s <= f.start < e for f in harm)]


_BODY_OF = re.compile(r"(?<![\w\u200c])(?:پیکر|پیکرهای|جنازه|جسد)(?![\w])[^،.؛]*$")


def _gathering_of_the_harmed(text: str, f: Found, found: list[Found]) -> bool:
    """A protest or strike told in a relative clause in the past perfect, with no act and no earlier time of its
    own, before the sentence's act ("بازنشستگانی که مقابل ... تجمع کرده بودند مورد ضرب و شتم قرار گرفتند"): the
    gathering the harmed were holding when the act happened, the act's protest, not an earlier event."""
    if f.label not in ("protest", "strike"):
        return False
    span = next(((s, e) for s, e in earlier_relatives(text) if s <= f.start and f.end <= e), None)
    if span is None or vocab().earlier_relative_time.search(text, span[0], span[1]):
        return False
    return not any(g.is_act and span[0] <= g.start < span[1] for g in found) and \
        any(g.is_act and g.start >= span[1] for g in found)


def _in_earlier_relative(text: str, f: Found) -> bool:
    return any(s <= f.start and f.end <= e for s, e in earlier_relatives(text))


_MEANS = re.compile(r"(?<![\w\u200c])با(?:\s+(?:برپایی|برگزاری))?\s+$")


def _by_means_of(text: str, f: Found) -> bool:
    """A noun event after "با" ("با تجمع در مقابل استانداری خواستار ... شدند", "با برپایی راهپیمایی"): the means by
    which something was done, so done itself, whatever the clause demands."""
    return bool(_MEANS.search(text[max(0, f.start - 20):f.start]))


def _after_demand(text: str, cs: int, f: Found) -> bool:
    """A verbal trigger whose light verb completes "خواستار ... شدند" (demanded): "خواستار" in its clause with no
    verb between."""
    last = None
    for m in vocab().demand_heads.finditer(text, cs, f.start):
        last = m
    return last is not None and not any(p.search(text, last.end(), f.start) for p in vocab().clause_verbs)


def _right_after_aside(text: str, cs: int, f: Found) -> bool:
    """An occasion's word right before a trigger ("سالگرد درگذشت X"، "مراسم چهلم"): the trigger is its noun in the
    ezafe, the occasion's death, though its form is a verb's ("درگذشت")."""
    last = None
    for m in vocab().occasion_before.finditer(text, max(cs, f.start - 40), f.start):
        last = m
    return last is not None and not text[last.end():f.start].strip(" \u200c")


def _after_aside(text: str, cs: int, f: Found) -> bool:
    """A noun trigger inside "در اعتراض به ..." / "پس از ..." up to the clause's verb, or after "به" as a protest
    verb's object ("به اعدام‌ها اعتراض کردند"): the cause or occasion of the sentence's event, not an event of
    its own."""
    v = vocab()
    if re.search(r"(?<![\w\u200c])به\s+$", text[max(cs, f.start - 6):f.start]) and v.protest_object.match(text, f.end):
        return True  # "به اعدام‌ها اعتراض کردند": what is protested
    last = None
    for m in v.aside_before.finditer(text, cs, f.start):
        last = m
    if last is None:
        return False
    between = text[last.end():f.start]
    if re.fullmatch(r"[\s\u200c]*«[^«»]+»[\s\u200c]*", between):
        return False  # "به اتهام «اجتماع و تبانی» بازداشت و ... منتقل شد": the charge quoted, then the clause's own act
    # a verb between the aside words and the trigger closes the aside
    return not any(p.search(between) for p in v.clause_verbs) and len(between) <= 40


# ---------------------------------------------------------------------------------------------- counts
def _manner(text: str, f: Found) -> bool:
    """A noun act after "با", "بر اثر" ...: the manner of the clause's act ("با شلیک مستقیم کشتند"); a harm after
    "پس از" what led to it ("پس از ضرب‌وشتم جان باختند")."""
    before = text[max(0, f.start - 16):f.start]
    return f.is_act and f.nominal and bool(vocab().manner.search(before) or (
        f.label not in ("arrested", "detained") and vocab().lead_up.search(before)))


def _left_context(text: str, f: Found, live: list[Found]) -> int:
    """Where the clause of an act starts: the previous act's end ("سه تن کشته و ۲۰ نفر زخمی شدند": each
    participle after its own number) or the sentence break before it (a comma may part a list of names or an
    attribution from its clause; an act of manner, "با شلیک مستقیم", ends nothing)."""
    start = _clause_start(text, f.start, STRONG_BOUNDARY)
    for g in live:
        if g.is_act and g.end <= f.start and not _manner(text, g):
            start = max(start, g.end)
        elif not g.is_act and g.verb is not None and g.end <= f.start and _AND_NEXT.match(text, g.end):
            # an event's verb ends its clause too ("مراسم ... یک کولبر را بر هم زدند و چهار نفر را بازداشت کردند")
            start = max(start, g.end)
    return start


def _count_before(text: str, start: int, f: Found, dates: list[tuple[int, int]],
                  counted: set[tuple[int, int]] = frozenset()) -> tuple[Count, tuple[int, int]] | None:
    """The number that counts the people of an act: the first number expression of its clause (the subject or
    object stands before the verb), not an age, a time, a year or a date; for an act with a doer ("شلیک
    کردند"، "بازداشت کردند") only a number of its object ("۱۵ نفر را"، "به سوی سه معترض")."""
    v = vocab()
    object_only = f.is_act and f.verb is not None and f.verb in v.active
    if object_only and _THEM_OBJECT.search(text, start, f.start):
        # "به منازل چهار تن از نمایندگان ... یورش بردند و آنان را بازداشت کردند": the object points back at the
        # people counted before it, whatever their place in their clause
        object_only = False
    for m in v.number.finditer(text, start, f.start):
        s, e = m.span()
        if any(s < b and a < e for a, b in dates) or (s, e) in counted:
            continue  # a date, or a number that counts another act's people ("سه کشته و ده‌ها زخمی")
        after = text[e:e + 16]
        if v.not_people_after and v.not_people_after.match(after.lstrip() + " ") and \
                not (v.person_classifiers and v.person_classifiers.match(after.lstrip() + " ")):
            continue
        if re.match(r"\s*(?:ساله|سالگی|ام\b|مین|\u200cام)", after):
            continue  # an age or an ordinal
        if v.not_one_person and v.not_one_person.match(after.lstrip() + " "):
            continue  # "یک گروه", "گروهی از": a group, not a count
        if v.openers and any(o.end() <= s and "،" not in text[o.end():s] and len(text[o.end():s].split()) <= 3
                             and not any(b is not None and b.search(text, o.end(), s) for b in v.bounds.values())
                             for o in v.openers.finditer(text, 0, s)) and not (
                v.person_classifiers and v.person_classifiers.match(after.lstrip() + " ")):
            # "به گزارش یک گروه حقوق بشری، ...": the source's words (not "به گفته مقامات در این حمله پنج", nor
            # after a bound, which no source's name holds: "به گفته او دست‌کم ۴۰ نفر", nor a figure of people:
            # "به گفته دادستان کرج ۱۸ نفر بازداشت شدند")
            continue
        if re.fullmatch(r"1[34]\d\d|19\d\d|20\d\d", m.group(0)) and not (
                v.person_classifiers and v.person_classifiers.match(after.lstrip() + " ")):
            continue  # a year ("۳۰ شهریور ۱۴۰۱ نیروهای امنیتی ...")
        if object_only and not _object_position(text, e, f):
            continue
        if not _people_after(text, e, f):
            continue  # "یک بمب", "هفت‌تپه": a number of things, or part of a name
        before = text[max(start, s - 20):s]
        count = _count(m, before, text)
        if count is not None:
            pronoun = re.search(r"(?<![\w\u200c])(?:او|وی)\s+و\s+$", text[max(start, s - 12):s])
            if pronoun is not None:  # "او و دو فرزندش را بازداشت کردند": the one named before, and two more
                return _sum(Count(min=1, max=1, text=pronoun.group().strip()), count), (s - len(pronoun.group()), e)
            one = _one_described_and(text, start, s)
            if one is not None:  # "راننده خودرو و دو مسافر جان باختند": the driver, and two more
                return _sum(Count(min=1, max=1, text=text[one:s].strip()), count), (one, e)
            named = _named_and_kin(text, start, s, e)
            if named is not None:  # "X Y و دو تن از بستگانش بازداشت شدند": the one named, and two of their kin
                return _sum(Count(min=1, max=1, text=text[named:s].strip()), count), (named, e)
            return _and_more(text, count, (s, e), f, counted)
    return None


_AND_BEFORE = re.compile(r"\s+و\s+$")
_THEM_OBJECT = re.compile(r"(?<![\w\u200c])(?:آنان|آنها|آن\u200cها|ایشان)[\s\u200c]+را(?![\w\u200c])")
_OF_KIN = re.compile(r"[\s\u200c]+(?:(?:تن|نفر)[\s\u200c]+از[\s\u200c]+)?(?P<kin>[^\W\d_][\w\u200c]*)")


_ONE_AND_BEFORE = re.compile(r"(?<![\w\u200c])(?!و[\s\u200c])(?P<noun>[^\W\d_][\w\u200c]*)"
                             r"(?:[\s\u200c]+(?!و[\s\u200c])[^\W\d_][\w\u200c]*){0,2}\s+و\s+$")


def _one_described_and(text: str, start: int, s: int) -> int | None:
    """Where the clause's subject starts when it opens with one person named by a singular noun (a word or two
    after it) that "و" joins to the figure at ``s`` ("راننده بلوچ خودرو و دو مسافر ... جان باختند"): that one
    counts one more. Not a plural ("ماموران و دو ..."), and only at the clause's opening (the subject), or right
    after the "و" that opens a clause of its own."""
    for m in _ONE_AND_BEFORE.finditer(text, start, s):
        if m.end() != s:
            continue
        opening = text[start:m.start()].strip(" \u200c")
        if opening and not re.search(r"(?:^|\s)و$", opening) or \
                m.group("noun").replace(ZWNJ, "") not in vocab().one_described:
            return None  # (a clause of its own after "و" opens there too: "... شلیک کردند و مادر و دو فرزندش ...")
        return m.start()
    return None


def _named_and_kin(text: str, start: int, s: int, e: int) -> int | None:
    """Where a person's name starts that "و" joins to a figure of their kin ("نسرین X و دو تن از بستگانش"، "X Y و
    دو برادرش"): the name (two or three words, at the clause's opening, no force's) counts one more."""
    v = vocab()
    m = _AND_BEFORE.search(text, max(start, s - 6), s)
    k = _OF_KIN.match(text, e)
    if m is None or k is None:
        return None
    kin = k.group("kin").replace(ZWNJ, "")
    if not any(kin.startswith(w) for w in v.kin):
        return None
    span = _name_words(text, m.start(), False, limit=3)
    if span is None or len(text[span[0]:span[1]].split()) < 2 or text[start:span[0]].strip(" \u200c،,:") or \
            _is_actor(text, span):
        return None
    return span[0]


def _arrested_with(text: str, f: Found, live: list[Found]) -> Found | None:
    """The act an arrest is joined to by a bare "و", the two sharing one verb and one figure ("دو تن از اشرار زخمی
    و دستگیر شدند", "سه نفر را مضروب و بازداشت کردند"). Arrests only: "ده نفر کشته و زخمی شدند" is one toll of
    both, not ten of each."""
    before = [g for g in live if g.is_act and g.end <= f.start and g is not f]
    if not before:
        return None
    g = max(before, key=lambda g: g.end)
    return g if text[g.end:f.start].strip() == "و" else None


_ONE_OF_THEM_BEFORE = re.compile(r"(?<![\w\u200c])یکی" + SEP + r"از" + SEP + r"(?:آنان|آنها|آن" + JOIN + r"ها|ایشان|این"
                                 + SEP + r"[\w\u200c]+)(?:" + SEP + r"[^\W\d_][\w\u200c]*){0,4}" + r"\s*$")


def _one_of_as_object(text: str, start: int, f: Found) -> tuple[Count, tuple[int, int]] | None:
    """A doer's act whose object, the last "را" before it, is "one of" a group ("مغازه‌های ۱۲ شهروند را پلمب کردند
    و یکی از کسبه را که به این اقدام اعتراض کرده بود بازداشت کردند"): one person, not a figure of the clause
    before (the twelve whose shops were sealed)."""
    v = vocab()
    if v.one_of is None or f.verb is None or f.verb not in v.active:
        return None
    marks = [m for m in _OBJECT_MARK.finditer(text, start, f.start)]
    if not marks:
        return None
    mark = marks[-1]
    one = None
    for one in v.one_of.finditer(text, max(start, mark.start() - MAX_ONE_OF_CHARS), mark.start()):
        pass
    if one is None or _OBJECT_MARK.search(text, one.end(), mark.start()):
        return None
    return Count(min=1, max=1, text=one.group()), one.span()


MAX_ONE_OF_CHARS = 40  # "یکی از کسبه ... را": the group's noun, its ezafe and a word or two before the object's mark
_OBJECT_MARK = re.compile(r"(?<![\w\u200c])را(?![\w\u200c])")


def _one_of_them(text: str, start: int, f: Found) -> tuple[Count, tuple[int, int]] | None:
    """"یکی از آنها (از ناحیه دست) مجروح شد" right before an act: one of the people named before it, not all of them
    (the number before, "به دو زن حمله کرد", counts those attacked)."""
    m = _ONE_OF_THEM_BEFORE.search(text, max(start, f.start - 60), f.start)
    if m is None or not f.is_act:
        return None
    if f.verb is not None and f.verb in vocab().active and not _OBJECT_MARK.search(m.group()):
        # "چهار نوکیش را ... در منزل یکی از آنان بازداشت کردند": a doer's act whose object ("را") is elsewhere;
        # "one of them" is whose house, not whom it befell
        return None
    return Count(min=1, max=1, text=m.group().strip()), (m.start(), m.start() + 4)


_PART_OF = re.compile(r"(?:تن|نفر)?" + SEP + r"از" + SEP + "$")


def _part_of_the_group(text: str, f: Found) -> bool:
    """Whether a noun of the people an act befell follows a number and "از" ("هویت دو تن از بازداشت‌شدگان محرز شده
    است"، "سه نفر از کشته‌شدگان زن بودند"): some of a group the report has counted or will count, no figure of the
    act (the group's own figure stands with its verb: "دست‌کم ۶ شهروند ... بازداشت شدند")."""
    if not (f.nominal and f.is_act):
        return False
    m = _PART_OF.search(text, max(0, f.start - 16), f.start)
    if m is None:
        return False
    n = vocab().number.search(text, max(0, m.start() - 14), m.start() + 1)
    return n is not None and not text[n.end():m.start()].strip()


def _count_before_act(text: str, start: int, f: Found, dates: list[tuple[int, int]],
                      counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """``_count_before`` from the last comma before the act when a figure stands there ("در درگیری مسلحانه دو
    طایفه در ...، سه نفر کشته ... شدند": the phrase before the comma names the event's sides, the one after it
    the act's subject), else from the clause's start."""
    said = list(vocab().speech.finditer(text, start, f.start)) if vocab().speech else []
    if said and _one_referred_back(text[said[-1].end():f.start].lstrip(" ،,")):
        # "X، وکیلی که وکالت چند تن از ... را بر عهده داشت، گفت او/موکلش ... بازداشت شد": the speech verb opens
        # the clause told of one person named before; a number in the speaker's description counts no one of it
        start = said[-1].end()
    comma = text.rfind("،", start, f.start)
    found = _count_before(text, comma + 1, f, dates, counted) if comma > start else None
    return found if found is not None else _count_before(text, start, f, dates, counted)


def _people_after(text: str, end: int, f: Found) -> bool:
    """A number counts people when what follows it is a person word (نفر، تن؛ an actor, a relative, a
    description: معترض، سوخت‌بر، برادر، دانشجو), "از" (of: "سه تن از ..."), or the act itself ("سه کشته")."""
    v = vocab()
    if text[end:end + 1] == ZWNJ:  # "هفت‌تپه": a number inside a compound name; "تیم هفت‌نفره": a team of seven
        return bool(v.group_size and v.group_size.match(text[end + 1:end + 12]))
    rest = text[end:f.start + 1] if end < f.start else text[end:end + 20]
    m = _WORD.search(text, end, end + 30)
    if m is None or text[end:m.start()].strip():
        return False
    if m.start() == f.start:
        return True
    word = m.group().replace(ZWNJ, "")
    return word in v.people_forms or word in v.counted_people or bool(v.group_size and v.group_size.match(text, m.start())) \
        or bool(v.person_classifiers and v.person_classifiers.match(text, m.start())) or rest.lstrip().startswith("از ")


def _count_after(text: str, f: Found, dates: list[tuple[int, int]],
                 counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """The number right after a noun act, its ezafe or the figure it reaches: "اعدام سه زندانی", "بازداشت
    دست‌کم ۱۲ نفر", "شمار کشته‌شدگان به ۱۰ نفر رسید", "موجب مجروح شدن یک مامور و دو رهگذر شد" (groups joined
    by "و" add up)."""
    v = vocab()
    # "شمار کشته‌شدگان این حادثه را دو نفر اعلام کرد", "شمار جان‌باختگان جمعه خونین به ۶۶ نفر رسید": up to four
    # words and "را" or "به" before the figure; the infinitive of a noun act ("زخمی شدن سه نفر") before it
    # the figure right after the act (or its infinitive) first, then after the words up to "را"/"به"
    for lead in (_AFTER_ACT, _AFTER_OBJECT_WORDS, "را"):
        if lead == "را":
            pos = _after_object_marker(text, f.end, dates)  # "شمار جان‌باختگان تیراندازی ... در X را چهار نفر ..."
            if pos is None:
                continue
        else:
            m = lead.match(text[f.end:f.end + 40])
            if m is None:
                continue
            pos = f.end + m.end()
        if lead is _AFTER_ACT and f.label in ("executed", "arrested", "detained") and v.one_of is not None:
            one = v.one_of.match(text, pos)
            if one is not None and one.span() not in counted:
                return Count(min=1, max=1, text=one.group()), one.span()  # "حکم قصاص یکی از عاملان ..."
        for name, bound in v.bounds.items():
            b = bound.match(text, pos) if bound is not None else None
            if b is not None:
                pos = b.end() + len(text[b.end():]) - len(text[b.end():].lstrip())
                break
        n = v.number.match(text, pos)
        if n is None or (n.start(), n.end()) in counted or any(n.start() < b and a < n.end() for a, b in dates):
            continue
        after = text[n.end():n.end() + 16].lstrip() + " "
        if v.not_people_after and v.not_people_after.match(after) and not (
                v.person_classifiers and v.person_classifiers.match(after)):
            continue
        if lead is _AFTER_OBJECT_WORDS and text[:pos].rstrip().endswith("به") and not (
                _a_person_word_after(text, n.end()) or _REACHED.match(text, n.end())):
            continue  # "شمار کشته‌شدگان حمله ... به یک مسجد ...": the attack's target, no figure the toll reaches
        count = _count(n, text[max(0, n.start() - 20):n.start()], text)
        if count is not None:
            return _and_more(text, count, n.span(), f, counted)
    return _toll_figure(text, f, dates, counted)


# the words a toll's noun may run on before its figure ("شمار کشته‌شدگان حمله تروریستی روز چهارشنبه به حرم
# شاهچراغ در شیراز ۱۳ نفر است": the attack, its day, its target and its town), none a clause break
MAX_TOLL_WORDS = 10
_REACHED = re.compile(r"\s*رسید")  # "شمار کشته‌شدگان به ۱۰ رسید": the figure the toll reached


def _a_person_word_after(text: str, end: int) -> bool:
    """Whether the word after a figure names people ("۱۰ نفر"، "سه معترض"، "۲۳ درویش")."""
    v = vocab()
    m = _WORD.match(text, end + len(text[end:]) - len(text[end:].lstrip()))
    word = m.group().replace(ZWNJ, "") if m else ""
    return word in v.people_forms or word in v.counted_people or bool(
        v.person_classifiers and v.person_classifiers.match(text, m.start() if m else end))


_TOLL_NOUN = re.compile(r"(?:^|[\s\u200c])(?:شمار|تعداد|آمار)[\s\u200c]*$")
_TOLL_WORD = re.compile(r"\s+[^\W\d_][\w\u200c]*")
_TOLL_END = re.compile(r"\s*(?:نفر|تن)\s+(?:است|بود|اعلام|گزارش)")


def _toll_figure(text: str, f: Found, dates: list[tuple[int, int]],
                 counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """A toll stated with the copula a few words after it ("شمار شهدای حمله به پاسگاه پنج نفر است"، "تعداد
    کشته‌شدگان این حادثه سه نفر اعلام شد"): the figure of the act the toll names."""
    v = vocab()
    if not (f.phrase.startswith(("شمار", "تعداد", "آمار")) or _TOLL_NOUN.search(text, max(0, f.start - 8), f.start)):
        return None
    pos = f.end
    for _ in range(MAX_TOLL_WORDS):
        w = _TOLL_WORD.match(text, pos)
        if w is None:
            return None
        pos = w.end()
        n = v.number.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
        if n is not None and _TOLL_END.match(text, n.end()) and (n.start(), n.end()) not in counted and not any(
                n.start() < b and a < n.end() for a, b in dates):
            count = _count(n, "", text)
            return (count, n.span()) if count is not None else None
    return None


def _after_object_marker(text: str, pos: int, dates: list[tuple[int, int]], limit: int = 14) -> int | None:
    """Where the figure after a noun act's object starts when the object runs on (a place, the doers, a date) up
    to its "را" ("شمار جان‌باختگان تیراندازی ماموران به سوی معترضان در مهاباد را چهار نفر اعلام کرد"): after the
    first "را" of the clause, within ``limit`` words, none a figure outside a date."""
    for k, m in enumerate(re.finditer(r"[^\s.،,؛:!؟«»()]+", text[pos:pos + 160])):
        s, e = pos + m.start(), pos + m.end()
        if k >= limit or BOUNDARY.search(text, pos, s):
            return None
        if m.group() == "را":
            return e + len(text[e:]) - len(text[e:].lstrip())
        if any(ch.isdigit() for ch in m.group()) and not any(a <= s < b for a, b in dates):
            return None  # a figure before the mark is the act's own ("کشته‌شدگان ۵ نفر را ...")
    return None


_AFTER_ACT = re.compile(r"(?:\s+(?:شدن|کردن|گردیدن))?\s+")
_AFTER_OBJECT_WORDS = re.compile(r"(?:\s+(?:شدن|کردن|گردیدن))?(?:\s+[^\W\d_][\w\u200c]*){0,4}?\s+(?:را|به)\s+")


def _and_more(text: str, count: Count, span: tuple[int, int], f: Found,
              counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]]:
    """A figure and a second group of people joined to it by "و" (the first group's noun up to three words on):
    "یک مامور پلیس و دو رهگذر", "یک مامور نیروی انتظامی و دو شهروند ... جان باختند": one sum."""
    v = vocab()
    more = re.match(r"(?:\s+[^\W\d_][\w\u200c]*){1,3}?\s+و\s+", text[span[1]:span[1] + 50])
    if more is None:
        return count, span
    n2 = v.number.match(text, span[1] + more.end())
    # both groups on the same side of the act: "دو معترض کشته و سه نفر زخمی شدند" joins two acts' figures
    same_side = n2 is not None and ((span[0] >= f.end and n2.start() >= f.end) or (span[1] <= f.start and
                                                                                  n2.end() <= f.start))
    if not same_side or (n2.start(), n2.end()) in counted:
        return count, span
    if re.search(r"\s", text[n2.end():n2.end() + 1] or "x") is None or not _people_after(text, n2.end(), f):
        return count, span
    second = _count(n2, "", text)
    return (_sum(count, second), (span[0], n2.end())) if second is not None else (count, span)


def _object_position(text: str, end: int, f: Found) -> bool:
    """A number whose noun is the object of the act: "را" follows it, or a target marker comes before it."""
    v = vocab()
    after = text[end:f.start]
    marker = v.object_marker.search(after) if v.object_marker else None
    if marker is not None and any(not re.match(r"\s*را(?![\w\u200c])", text[m.end():m.end() + 6])
                                  for p in v.clause_verbs for m in p.finditer(text, end, end + marker.start())):
        # "یک فعال ... یورش بردند و او ... را": a verb between, the number is another clause's (a "verb" right
        # before "را" is a noun: "۲۳ شهروند کرد را")
        marker = None
    return marker is not None or bool(
        v.target_markers and re.search(r"(?:" + v.target_markers.pattern + r")" + SEP + r"$",
                                       text[max(0, end - 60):end].rsplit(" ", 1)[0] + " "))


def _count(m: re.Match, before: str, text: str) -> Count | None:
    v = vocab()
    phrase = m.group(0)
    if m.group("vague"):
        key = v.vague_keys.get(re.sub(r"[\s\u200c]", "", m.group("vague")))
        if key is None:
            return None
        lo, hi = v.lex.vague[key]
        return Count(min=lo, max=hi, text=key)
    lo = number_value(_plain(m.group("lo")), LANG)
    if lo is None:
        return None
    if m.group("hi"):
        hi = number_value(_plain(m.group("hi")), LANG)
        if hi is not None:
            a, b = sorted((lo, hi))
            return Count(min=a, max=b, text=phrase)
    for name, bound in v.bounds.items():
        if bound is None:
            continue
        b = None
        for b in bound.finditer(before):
            pass
        if b is not None and not before[b.end():].strip():
            text_ = before[b.start():] + phrase
            if name == "at_least":
                return Count(min=lo, max=None, text=text_)
            if name == "at_most":
                return Count(min=None, max=lo, text=text_)
            return Count(min=lo, max=lo, text=text_)
    return Count(min=lo, max=lo, text=phrase)


def _plain(words: str) -> str:
    """A number's words with ZWNJs as spaces and thousands separators dropped, for ``number_value``."""
    words = vocab().joined_joiner.sub(r"\1 ", words)  # "سی‌وپنج": "سی‌و پنج"
    return re.sub(r"(?<=\d)[,٬](?=\d{3})", "", words.replace(ZWNJ, " "))


# ---------------------------------------------------------------------------------------------- actors
@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    inter: int


def actor_mentions(text: str, lo: int = 0, hi: int | None = None) -> list[ActorMention]:
    """Actor words in ``text[lo:hi]`` with their ACLED inter codes (the first type that matches wins, longest
    phrase first; no character twice); actor words written together by ezafe are one actor ("مامور نیروی
    انتظامی", "ماموران یگان ویژه"), of the state when one of them is."""
    found: list[ActorMention] = []
    for code, pattern in vocab().actors:
        if pattern is None:
            continue
        for m in pattern.finditer(text, lo, len(text) if hi is None else hi):
            if vocab().formant_after.match(text, m.end()):
                continue  # "سپاهی‌زاده"، "سربازپور": a compound family name, not the force its first part names
            if not any(m.start() < a.end and a.start < m.end() for a in found):
                found.append(ActorMention(m.start(), m.end(), m.group(), code))
    out: list[ActorMention] = []
    for a in sorted(found, key=lambda a: a.start):
        prev = out[-1] if out else None
        if prev is not None and not text[prev.end:a.start].strip():
            inter = INTER_STATE if INTER_STATE in (prev.inter, a.inter) else prev.inter
            out[-1] = ActorMention(prev.start, a.end, text[prev.start:a.end], inter)
        else:
            out.append(a)
    return out


@functools.lru_cache(maxsize=4096)
def _resolve(name: str) -> str | None:
    try:
        from rasad.analysis.canon import resolve_actor

        actor = resolve_actor(name)
    except Exception:  # the canon is another part; incidents work without it
        return None
    return actor.id if actor is not None else None


def _role_of(text: str, a: ActorMention, f: Found, clause_start: int, subject: bool,
             dates: list[tuple[int, int]] = ()) -> str:
    """What an actor named in an act's clause is to the act: its doer or the one it was done to. ``subject``:
    the actor is the clause's first unmarked one (Persian opens the clause with its subject). A time between an
    event noun and its doer ("حمله مسلحانه شامگاه دوشنبه افراد ناشناس"; ``dates``) does not part them."""
    v = vocab()
    before = text[max(clause_start, a.start - 40):a.start]
    after = text[a.end:a.end + 6]
    # "توسط ماموران", "با شلیک مستقیم نیروهای امنیتی", "در حمله افراد ناشناس": an agent, up to two words between
    agent = r"(?:" + v.agent_markers.pattern + r")(?:" + SEP + r"[^\W\d_][\w\u200c]*){0,2}" + SEP + r"$"
    if v.agent_markers and re.search(agent, before + " "):
        return "perpetrator"
    if a.end <= f.start and _a_clash_side(text, a, clause_start):
        return "other"  # "درگیری مسلحانه میان مرزبانان و ... دو مرزبان را کشت": a side of the clash, not its subject
    if f.label in _ATTACKS and a.end <= f.start and re.match(r"\s*مسئولیت\s*$", text[a.end:f.start]):
        return "perpetrator"  # "جیش‌العدل مسئولیت حمله ... را بر عهده گرفت": who claimed the attack
    between = "".join(" " if any(d0 <= i < d1 for d0, d1 in dates) else c
                      for i, c in enumerate(text[f.end:a.start], f.end)) if a.start >= f.end else ""
    if (f.nominal and f.is_act and a.start >= f.end and _PASSIVE_NOUN.match(text, f.end)
            and len(between.split()) <= 2 and not BOUNDARY.search(text, f.end, a.start) and not _AND.search(between)):
        return "target"  # "کشته شدن چهار مامور": the ezafe of a passive act's noun is the one it befell
    if (f.nominal and (f.is_act or f.label in _ATTACKS) and a.start >= f.end
            and len(between.split()) <= 2 and not BOUNDARY.search(text, f.end, a.start)
            and not _AND.search(between)  # "کشته و یک مامور دیگر زخمی شد": "و" joins another clause, no ezafe
            and not (v.target_markers and v.target_markers.match(between.lstrip()))  # "تیراندازی به یک خودروی گشت"
            # (a noun pointing back takes no ezafe: "در این حمله دو سرباز جان باختند": the soldiers are the
            # dead, the subject of the clause after it, not the attack's doers)
            and not (v.back_reference and v.back_reference.search(text, max(0, f.start - 8), f.start))):
        return "perpetrator"  # ezafe: "شلیک ماموران", "تیراندازی نیروهای امنیتی", "حمله افراد مسلح"
    if (f.nominal and f.label in _ATTACKS and a.start >= f.end and len(between.split()) <= 3
            and not BOUNDARY.search(text, f.end, a.start) and v.target_markers
            and v.target_markers.match(between.lstrip())):
        return "target"  # "مسئولیت حمله روز دوشنبه به پاسگاه مرزی ... را بر عهده گرفت": the post attacked
    if a.start > f.end:
        return "other"
    if v.object_marker and v.object_marker.match(after.lstrip() + " "):
        return "target"
    if v.target_markers and re.search(r"(?:" + v.target_markers.pattern + r")" + SEP + r"$", before + " "):
        return "target"
    if f.verb is not None and f.verb in v.active:
        return "perpetrator" if subject else "target"  # "ماموران ... سه فعال را بازداشت کردند"
    if f.verb is None and f.is_act and re.search(r"(?<![\w\u200c])را\s+$", text[max(0, f.start - 5):f.start]):
        # a participle with its object marked, its verb shared with the next clause ("ماموران ... ده کارگر را مصدوم و
        # چهار نفر را بازداشت کردند"): done by the subject
        return "perpetrator" if subject else "target"
    if f.verb is not None or f.is_act:
        return "target"  # "یک مامور ... به شهادت رسید", "سه معترض کشته شدند"
    return "other"


def _a_clash_side(text: str, a: ActorMention, clause_start: int) -> bool:
    """Whether the actor is one of the sides named after a clash noun ("درگیری مسلحانه میان مرزبانان ایران و ..."):
    the clash is then the subject of the clause's verb."""
    return bool(vocab().clash_sides.search(text, max(clause_start, a.start - 60), a.start))


_AND = re.compile(r"(?<![\w\u200c])و(?![\w\u200c])")
_PASSIVE_NOUN = re.compile(r"[\s\u200c]*(?:شدن|گردیدن)(?![\w\u200c])")  # "کشته شدن": a passive act's noun
# the event kinds whose noun takes its doer by ezafe ("حمله افراد مسلح", "بمباران جنگنده‌ها")
_ATTACKS = {"attack", "raid", "air", "bomb", "artillery", "grenade", "suicide", "chemical", "property", "sexual"}
# the acts and events of someone firing on or attacking people (a death or a wound alone says no one did it)
_FIRED_ON = {"shot", "attack", "raid"}


# ---------------------------------------------------------------------------------------------- victims
# a Persian word: letters of the Arabic script with ZWNJs, no digit, no punctuation ("،" is in the same block)
_WORD = re.compile(r"(?:(?![\d_])[\w])(?:(?![\d_])[\w]|\u200c)*")


def _family_name_next(text: str, pos: int) -> bool:
    """Whether the next word after ``pos`` (a space apart) can be a family name: no function, trigger or stop word."""
    v = vocab()
    m = _WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip(" ")))
    if m is None or text[pos:m.start()].strip():
        return False
    word = m.group().replace(ZWNJ, "")
    return word not in v.name_stop and word not in v.trigger_words


def _name_words(text: str, start: int, forward: bool, limit: int = 4, quoted: bool = False) -> tuple[int, int] | None:
    """A person's name read from ``start`` forwards (after a cue) or backwards (before an age): 1 to ``limit``
    Persian words, none a function word, a trigger word or a description."""
    v = vocab()
    if forward:
        words = []
        # after a naming cue (``quoted``), a name set off in guillemets ("به نام «X Y»"): its words, up to the closing
        # mark (elsewhere guillemets open a quotation: "نوشت که «X جان‌باخت»")
        opening = re.match(r"[\s\u200c]*«", text[start:start + 4]) if quoted else None
        pos = start + opening.end() if opening else start
        for m in _WORD.finditer(text, pos):
            if text[pos:m.start()].strip() or len(words) == limit:
                break
            word = m.group().replace(ZWNJ, "")
            if word in v.stop_given_names and _family_name_next(text, m.end()):
                pass  # "به نام‌های X و جاوید شه‌بخش": a given name before a family name
            elif word in v.name_stop or word in v.trigger_words:
                break
            words.append(m.span())
            pos = m.end()
        return (words[0][0], words[-1][1]) if words else None
    words = []
    # a name in guillemets before its age or its verb ("«X Y» ۲۷ ساله"): read back from inside the closing mark
    closing = re.search(r"»[\s\u200c]*$", text[max(0, start - 4):start])
    pos = start - len(closing.group()) if closing else start
    complements = v.lex.word_set("act_complements")
    before = list(_WORD.finditer(text, max(0, start - 80), start))
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        if text[m.end():pos].strip() or len(words) == limit:
            break
        word = m.group().replace(ZWNJ, "")
        given = word in v.stop_given_names and bool(words) and \
            text[words[-1][0]:words[-1][1]].replace(ZWNJ, "") not in v.name_stop  # "جاوید ریگی": a given name
        if (word in v.name_stop and not given) or word in v.trigger_words:
            break
        if m.group() in complements and i and before[i - 1].group().replace(ZWNJ, "") in v.trigger_words:
            break  # "قصاص نفس X": the act noun's complement, no part of the name
        if _indefinite_person(m.group().replace(ZWNJ, "")) or m.group().replace(ZWNJ, "") in v.owned:
            break  # "خودروی مردی ۳۰ ساله": one unnamed man (and the thing he owns), no name
        words.append(m.span())
        pos = m.start()
    return (words[-1][0], words[0][1]) if words else None


def _indefinite_person(word: str) -> bool:
    """A person noun with the indefinite "ی" ("مردی", "جوانی", "دانشجویی"): someone unnamed."""
    people = vocab().people
    return word.endswith("ی") and (word[:-1] in people or (word.endswith("یی") and word[:-2] in people))


_PERFECT_ENDING = re.compile(r"\u200c(?:اند|است|ایم|اید)(?![\w\u200c])")  # "فرستاده‌اند": a verb, no name's word


def victim_names(text: str, lo: int, hi: int, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of named persons in ``text[lo:hi]`` by generic Persian cues: a title before the name
    ("جاویدنام", "زنده‌یاد"), "از جمله" (among them), "به نام" / "با هویت" (by the name of), an age after it
    ("X ۲۲ ساله", "X، ۲۲ ساله،"). Two words at least unless a title or a naming cue says it is a name."""
    v = vocab()
    spans: list[tuple[int, int]] = []

    def add(span, min_words=2, named=False):
        """``named``: after a naming cue ("به نام‌های"), where a name that is also a town's ("شهریار") is a name."""
        if span is None:
            return
        s, e = span
        if len(text[s:e].split()) < min_words or any(s < b and a < e for a, b in ([] if named else blocked) + spans):
            return
        first = text[s:e].replace(ZWNJ, "").split()[0]
        if first in (v.kin if named else v.people | v.counted_people):
            return  # a relative, or (before an age) a description: "پیک موتوری ۲۲ ساله" is a courier, no name
        if _PERFECT_ENDING.search(text[s:e]) or _plural_people(text[s:e].replace(ZWNJ, "").split()[0]):
            return  # "ویدیوهایی که شهروندان فرستاده‌اند": people and a verb's perfect after "که", no name
        if v.openers and any(o.end() <= s and not text[o.end():s].strip(" \u200c«")
                             for o in v.openers.finditer(text, 0, s)):
            return  # "به گزارش سازمان حقوق بشر ایران، زنی ۳۲ ساله ...": the source's name, no victim's
        spans.append(span)

    # "به نام X", "با هویت X", "به نام‌های X، Y و Z"
    for m in v.naming.finditer(text[:hi]):
        if m.start() < lo:
            continue
        pos = m.end()
        while True:
            found = _name_words(text, pos, True, quoted=True)
            add(found, 1, named=True)
            if found is None or not m.group("plural"):
                break
            sep = v.list_separator.match(text, found[1] + (text[found[1]:found[1] + 1] == "»"))  # «X» و «Y»
            if sep is None:
                break
            pos = sep.end()
    for m in v.identified_as.finditer(text, lo, hi):  # "خبرگزاری فارس او را X معرفی کرد"
        add(m.span("name"))
    for m in v.one_of_them.finditer(text, lo, hi):  # "یکی از آنان X بود"
        add(m.span("name"))
    for m in v.name_has.finditer(text, lo, hi):  # "این کولبر که «X Y» نام دارد"
        add(m.span("name"))
    for m in v.dead_named.finditer(text, lo):  # "فرد کشته‌شده «X Y»، کولبری غیرمسلح ..." (the name may run past hi)
        if m.start() >= hi:
            break
        for span in _full_names_from(text, m.end(), spans):
            add(span)
    if v.titles:
        for m in v.titles.finditer(text, lo, hi):
            add(_name_words(text, m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()), True), 1)
    if v.among:
        for m in v.among.finditer(text, lo, hi):
            rest = text[m.end():]
            found = _name_words(text, m.end() + len(rest) - len(rest.lstrip()), True)
            if found is not None and _REFLEXIVE_NEXT.match(text, found[1]):
                # "جوانی که دوران سربازی خود را می‌گذراند": the words after "که" are owned by the subject (a
                # reflexive possessor follows them), a noun of the relative clause, no name set beside "جوانی"
                continue
            add(found)
    # "محمود صادقی، فعال صنفی معلمان، را بازداشت کردند": a name, its description between commas, the object mark
    for m in re.finditer(r"،\s*([^\W\d_][\w\u200c]*)[^،.]{0,40}،\s*را(?![\w\u200c])", text[:hi]):
        if m.start() >= lo and _describes(m.group(1), _story_words(v.lex)[2]):
            add(_name_words(text, m.start(), False, limit=3))
    for m in re.finditer(r"[\s،,]*\(?\d{1,3}[\s\u200c]*ساله", text[:hi]):
        if m.start() >= lo:
            add(_name_words(text, m.start(), False))
    # an apposition with a one-word description before the age: "X، مکانیک ۳۰ ساله،" (the name before the comma;
    # two words there are the name itself: "در ...، نازنین سلطانی ۱۵ ساله")
    for m in re.finditer(r"\s*،\s*[^\W\d_][\w\u200c]*\s+\(?\d{1,3}[\s\u200c]*ساله", text[:hi]):
        if m.start() >= lo:
            add(_name_words(text, m.start(), False))
    # ... and a description of two words whose first is a person's noun: "X، درویش گنابادی ۵۴ ساله" (a dervish of
    # the Gonabadi order), "X، کارگر ساختمانی ۳۰ ساله"
    for m in re.finditer(r"\s*،\s*(?P<noun>[^\W\d_][\w\u200c]*)\s+[^\W\d_][\w\u200c]*\s+\(?\d{1,3}[\s\u200c]*ساله",
                         text[:hi]):
        if m.start() >= lo and m.group("noun").replace(ZWNJ, "") in v.people | v.counted_people:
            add(_name_words(text, m.start(), False))
    return sorted(spans)


_REFLEXIVE_NEXT = re.compile(r"[\s\u200c]+(?:خود|خویش)(?:[\s\u200c]|$)")


# ---------------------------------------------------------------------------------------------- candidates
_ANAPHORIC = re.compile(r"^(?:این|آن|وی|او|ایشان)(?:[\s\u200c]|$)")


def _source_end(text: str, pos: int) -> int:
    """Where the source an attribution opener introduces ends: at its comma ("به گزارش کمپین فعالان بلوچ، ..."), or
    at the speech verb that comes first ("... به نقل از فرماندار سراوان اعلام کرد در حمله افراد مسلح ...")."""
    comma = text.find("،", pos)
    end = comma if comma != -1 else pos
    speech = vocab().speech.search(text, pos, comma) if vocab().speech and comma != -1 else None
    return speech.start() if speech is not None else end


def _claimant(doc: Doc, sent: Span, claim) -> str:
    """Who asserts the sentence (its claim, as in English), written as the report writes it when the claim
    names a canonical actor: "هرانا (Human Rights Activists News Agency)" (a Persian reader, and a search, find
    the source's own name; the canonical name ties it to the English accounts). An anaphoric mention ("این
    گزارش", "وی") takes the same speaker's first named mention in the report."""
    who = claim.asserted_by
    if not who or who == "author":
        return who or "author"
    quotes = [q for q in (getattr(doc._, "quotes", None) or []) if q.speaker == who and q.speaker_mention]
    named = [q for q in quotes if not _ANAPHORIC.match(q.speaker_mention)]
    here = [q for q in named if sent.start_char <= (q.speaker_start or q.start) < sent.end_char]
    mention = (here or named or [None])[0]
    if mention is None:
        return who
    said = mention.speaker_mention.strip()
    written = _as_written(doc, mention.speaker_start, mention.speaker_mention) or said
    if said in who:
        name = written if who.strip() == said else who
    else:
        name = f"{written} ({who})"
    relay = _relay(doc_text(doc), mention.speaker_start)
    if relay:
        return f"{relay} به نقل از {name}"
    cited = _cited_by(doc, mention, who)
    return f"{name} به نقل از {cited}" if cited else name


def _as_written(doc: Doc, start: int | None, mention: str) -> str | None:
    """A speaker's mention as the stored text writes it, not as the normalised view reads it ("ماده ۱۸" with its
    Persian digits, where the view has "ماده 18"): the claimant is the source's name as the report gives it."""
    from rasad.languages.fa.normalise import fold

    remap = doc.user_data.get("rasad_offset") if start is not None else None
    source = getattr(remap, "source", None)
    if source is None:
        return None
    lead = len(mention) - len(mention.lstrip())
    s, e = remap.start(start + lead), remap.end(start + lead + len(mention.strip()))
    written = " ".join(source[s:e].split())
    return written if fold(written) == fold(mention) else None


def _source_after_the_event(doc: Doc, sent: Span, event_start: int) -> str | None:
    """A source named after the event in its own sentence, saying something of it ("... جان باخت؛ کردپا هویت او
    را X اعلام کرده است"): the claim is the author's by its length, but the report has it from that source."""
    for q in getattr(doc._, "quotes", None) or []:
        at = q.speaker_start
        if q.speaker and q.speaker != "author" and q.speaker_mention and at is not None and \
                event_start < at < sent.end_char and not _ANAPHORIC.match(q.speaker_mention):
            return _claimant(doc, sent, SimpleNamespace(asserted_by=q.speaker))
    return None


def _cited_by(doc: Doc, mention, who: str) -> str | None:
    """The source an outlet cites right after its name ("رادیو فردا به نقل از سازمان حقوق بشری هه‌نگاو گزارش داد
    که ..." -> "سازمان حقوق بشری هه‌نگاو"): the outlet is the verb's subject and publishes the claim, the source
    makes it, so the claimant names both, as "به گزارش X به نقل از Y" does (``_relay``)."""
    if mention.speaker_start is None:
        return None
    text = doc_text(doc)
    via = vocab().cited_after.match(text, mention.speaker_start + len(mention.speaker_mention))
    if via is None:
        return None
    for q in getattr(doc._, "quotes", None) or []:
        if q.speaker != who and q.speaker_mention and q.speaker_start is not None and \
                abs(q.speaker_start - via.end()) <= 1:
            said = vocab().speech.search(q.speaker_mention) if vocab().speech else None
            return q.speaker_mention[:said.start()].strip() if said else q.speaker_mention.strip()
    return None


def _relay(text: str, start: int | None) -> str | None:
    """The outlet that relays a source ("به گزارش ایرنا به نقل از دادستان ..." -> "ایرنا"): both assert the claim,
    the source by its words and the outlet by publishing them, so the claimant names both."""
    if start is None:
        return None
    m = vocab().relayed_by.search(text, max(0, start - 80), start)
    if m is None:
        return None
    relay = m.group("relay")
    opener = vocab().openers.match(relay) if vocab().openers else None
    if opener is not None:
        relay = relay[opener.end():].strip()
    return relay or None


def _figure_source(doc: Doc, base: int, spans: dict[str, tuple[int, int]]) -> str | None:
    """Who gives a figure of a sentence the author tells ("...؛ قوه قضاییه شمار کشته‌شدگان را چهار زندانی اعلام
    کرد"): the speaker of the statement the figure stands in, written as ``_claimant`` writes one."""
    for s, _e in spans.values():
        for q in getattr(doc._, "quotes", None) or []:
            if q.speaker and q.start <= base + s < q.end:
                mention = (q.speaker_mention or "").strip()
                return f"{mention} ({q.speaker})" if mention and mention not in q.speaker else q.speaker
    return None


# "فرمانده ... امروز از دستگیری ۹ نفر ... خبر داد": the day before "از" and the act's noun is the announcement's
_NEWS_OF_BEFORE = re.compile(r"[\s\u200c]*از[\s\u200c]+")
_NEWS_GIVEN = re.compile(r"(?<![\w\u200c])خبر[\s\u200c]+(?:داد|دادند|داده)(?![\w\u200c])")


def _sentence_date(text: str, base: int, sdates: list, first_trigger: int):
    """The event's date among the sentence's: not the day of a statement ("روز پنجشنبه اعلام کرد"); the last one
    before the first trigger, else the first. A day named before the trigger beats a coarser period after it
    ("روز گذشته برای سومین بار در هفته جاری تجمع کردند": yesterday, the third time this week). A sentence opening
    with its act's noun, whose verb comes last, takes its first day over a coarser period told in between ("حکم
    قصاص X، محکوم به قتل ... در سال ۱۳۹۹، سحرگاه شنبه ۲۳ دی اجرا شد": the year is the crime's)."""
    v = vocab()
    wounding = _wounding_relatives(text)
    at_wounding = [d for d in sdates if any(s <= d.start - base < e for s, e in wounding)]
    if at_wounding:  # died of the wounds a relative clause tells: the day of the wounding
        return next((d for d in at_wounding if d.precision == "day"), at_wounding[0])
    # (nor the day of a statement whose verb comes later but still before the first act: "حال‌وش امروز با انتشار
    # جزئیات تازه اعلام کرد در تیراندازی ... در روز پنجشنبه ...")
    # the announcement's day alone ("امروز از دستگیری ۹ نفر خبر داد"): no day of the act (a later sentence may tell it)
    # (nor is another date of the sentence, which is its asides': "... خبر داد و گفت این افراد در حمله ماه گذشته ...")
    if any(_NEWS_OF_BEFORE.fullmatch(text, d.end - base, first_trigger) for d in sdates) and \
            _NEWS_GIVEN.search(text, first_trigger):
        return None
    event_dates = [d for d in sdates if not (v.speech and (
        v.speech.match(text[d.end - base:d.end - base + 20].lstrip())
        or v.speech.search(text, d.end - base, first_trigger)))]
    # not the day of what a past-perfect relative clause tells had happened before ("حکم قصاص مردی که در سال ۱۳۹۹
    # همسرش را به قتل رسانده بود، صبح امروز اجرا شد": today)
    relatives = earlier_relatives(text)
    # nor, where another date is told, the day of an aside's event ("از دستگیری پنج نفر از عاملان تیراندازی روز جمعه
    # ... خبر داد و گفت: این افراد صبح دوشنبه ... دستگیر شدند": Monday)
    relatives += _aside_spans(text)
    now = [d for d in event_dates if not any(s <= d.start - base < e for s, e in relatives)]
    pool = now or event_dates or sdates
    before = [d for d in pool if d.start - base <= first_trigger]
    days = [d for d in before if d.precision == "day"]
    if before:
        return (days or before)[-1]
    return next((d for d in pool if d.precision == "day"), pool[0] if pool else None)


def _subject_after_speech(text: str, f: Found, actors: list, blocked: list[tuple[int, int]],
                          named: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"میزان اعلام کرد محسن شکاری صبح امروز اعدام شد": the two or three name-like words that open what a speech
    verb reports are the subject of the clause; before an act whose subject is the one it happened to ("اعدام
    شد", "کشته شد", "بازداشت شد") they name its victim. Not an actor ("ماموران امنیتی"), a place, a
    description or a kin word, and not a name already found."""
    v = vocab()
    if not v.speech or f.phrase not in v.lex.word_set("victim_subject_verbs"):
        return []
    speech = None
    for m in v.speech.finditer(text, 0, f.start):
        speech = m
    if speech is None:
        return []
    rest = text[speech.end():f.start]
    pos = speech.end() + len(rest) - len(rest.lstrip(" ،,:"))
    if text.startswith("که", pos):
        pos += 2
        pos += len(text[pos:]) - len(text[pos:].lstrip())
    span = _name_words(text, pos, True, limit=3)
    if span is None:
        return []
    s, e = span
    words = text[s:e].split()
    if not 2 <= len(words) <= 3 or not all(name_like(w, i == 0) for i, w in enumerate(words)):
        return []
    if any(w.replace(ZWNJ, "") in v.people or w.replace(ZWNJ, "") in v.kin for w in words):
        return []
    if any(a.start < e and s < a.end for a in actors) or any(a < e and s < b for a, b in blocked + named):
        return []
    return [span]


_KIN_OF = re.compile(r"(?<![\w\u200c])(?P<kin>[^\W\d_][\w\u200c]*?)(?:" + JOIN + r"(?:های|ها|ی))?" + SEP)
_THAT = re.compile(r"(?<![\w\u200c])که(?![\w\u200c])")


def _named_by_kin_or_owner(text: str, start: int, f: Found, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"خانواده‌های X و Y تأیید کرده‌اند که این دو جوان ... کشته شدند": when the act's subject only points back
    ("این دو جوان", "وی", "او", "هر دو نفر"), the full names that a kin word ("خانواده"، "پدر"، "مادر") or an owned
    thing ("خودروی X و Y") governs earlier in the sentence are the ones it happened to. The clause opens after
    "که" or a speech verb ("خانواده X می‌گویند او ... جان باخت"), and a kin word with a third person's ending is
    such a subject too ("مادر X گفت پسرش ... جان باخته است": her son is X). So is a singular pronoun object before
    an act with a doer ("ماموران به منزل X یورش بردند و او را بازداشت کردند": X's home, X arrested)."""
    v = vocab()
    pronoun = _PRONOUN_OR_WITH_KIN_OBJECT.search(text, max(start, f.start - 60), f.start) if f.is_act else None
    if pronoun is not None and not _CLAUSE_OPENS_BEFORE.search(text, max(0, pronoun.start() - 4), pronoun.start() + 1):
        return []  # (the pronoun opens no clause: "پدر او را بازداشت کردند" is the father, not the one named before)
    if pronoun is not None:
        spans: list[tuple[int, int]] = []
        for m in _KIN_OF.finditer(text, 0, pronoun.start()):
            if m.group("kin").replace(ZWNJ, "") in v.kin or m.group(0).strip().replace(ZWNJ, "") in v.owned:
                spans += _full_names_from(text, m.end(), blocked)
        return spans if len(spans) == 1 else []  # (two people named before: the pronoun is either)
    if f.phrase not in v.lex.word_set("victim_subject_verbs") | v.lex.word_set("victim_object_acts"):
        return []
    opening = start  # the clause a "که" or a speech verb opens ("... تأیید کرده‌اند که این دو جوان ... کشته شدند")
    earlier = {a for a, _b in earlier_relatives(text)}  # "پسرش که ... بازداشت شده بود،": no opening
    for that in _THAT.finditer(text, start, f.start):
        if that.start() not in earlier and not v.when_that.search(text, max(0, that.start() - 16), that.start()):
            opening = that.end()
    for said in (v.speech.finditer(text, start, f.start) if v.speech else ()):
        opening = max(opening, said.end())
    for o in (v.openers.finditer(text, start, f.start) if v.openers else ()):
        comma = text.find("،", o.end(), f.start)
        if comma != -1 and _KIN_OF.match(text, o.end() + len(text[o.end():]) - len(text[o.end():].lstrip())):
            opening = max(opening, comma + 1)  # "به گفته خانواده X، این مرد ... جان باخت": the clause after the source
    subject = text[opening:f.start].lstrip(" ،,:«\"")  # (a quotation opens after "گفت:": "«پسرم ...")
    if f.phrase in v.lex.word_set("victim_object_acts"):
        # the dead are the act's object: a relative's own kin word told since the speech verb ("گفت: «شوهرم را ...
        # بازداشت کردند و ... جنازه‌اش را تحویل دادند»") is whose body it is
        said = None
        for said in (v.speech.finditer(text, 0, f.start) if v.speech else ()):
            pass
        told = text[said.end():f.start] if said is not None else ""
        if not any(_kin_of_the_speaker(w.lstrip("«")) for w in told.split()):
            return []
        opening = said.end()
    elif not (_ANAPHORIC.match(subject) or v.pointing.match(subject) or _kin_of_theirs(subject)
              or _kin_of_theirs(subject, v.client_nouns) or _kin_of_the_speaker(subject)):
        return []
    spans: list[tuple[int, int]] = []
    for m in _KIN_OF.finditer(text, 0, opening):
        whole = m.group(0).strip().replace(ZWNJ, "")  # "دایی": a kin word that ends in the ezafe's letter itself
        # (and a lawyer's client: "وکیل X گفت موکلش/او ... بازداشت شد": X)
        if m.group("kin").replace(ZWNJ, "") not in v.kin | v.counsel_nouns and whole not in v.kin and \
                whole not in v.owned:
            continue
        if m.group("kin").replace(ZWNJ, "") in v.counsel_nouns and v.counsel_titles.match(text, m.end()):
            continue  # "وکیل دادگستری X": the lawyer's own title and name, no client
        spans += _full_names_from(text, m.end(), blocked)
    return spans


def _owner_of_the_object(text: str, f: Found, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"ماموران به منزل X یورش بردند و او را بازداشت کردند": an act on a singular pronoun object ("او را"، "وی را"),
    or told of a singular pronoun subject after "و" ("... یورش بردند و او بازداشت شد"), happened to the one person
    whose home, car or workplace (an owned noun) the sentence named before it; not where two people are named
    there (whose the pronoun means is not told). A plural pronoun ("... به منازل X و Y یورش بردند و آنان را
    بازداشت کردند") means all the owners named."""
    v = vocab()
    if f.label not in ("killed", "injured", "arrested", "detained", "executed"):
        return []
    window = max(0, f.start - 60)
    one = _PRONOUN_OBJECT.search(text, window, f.start) or (
        _PRONOUN_SUBJECT_AFTER_AND.search(text, window, f.start)
        if f.phrase in v.lex.word_set("victim_subject_verbs") else None)
    many = None if one is not None else _PLURAL_PRONOUN_OBJECT.search(text, window, f.start)
    pronoun = one or many
    if pronoun is None or pronoun.re is not _PRONOUN_SUBJECT_AFTER_AND and \
            not _CLAUSE_OPENS_BEFORE.search(text, max(0, pronoun.start() - 4), pronoun.start() + 1):
        # (the pronoun opens its clause, after "و" or a comma: "پدر او را بازداشت کردند" is his father)
        return []
    spans: list[tuple[int, int]] = []
    for m in v.raided_nouns.finditer(text, 0, pronoun.start()):
        after = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip())
        modifier = _WORD.match(text, after)
        if modifier is not None and modifier.group().replace(ZWNJ, "") in v.owned_modifiers:
            after = modifier.end() + len(text[modifier.end():]) - len(text[modifier.end():].lstrip())
        spans += [s for s in _full_names_from(text, after, blocked) if s[1] <= pronoun.start()]
    spans = list(dict.fromkeys(spans))
    return spans if (len(spans) == 1 if one is not None else len(spans) >= 2) else []


_CLAUSE_OPENS_BEFORE = re.compile(r"(?:(?<![\w\u200c])و|،|,)\s*(?=\S)")
# "... یورش بردند و او بازداشت شد": a singular pronoun opening the clause after "و", a few words before its act
_PRONOUN_SUBJECT_AFTER_AND = re.compile(r"(?<![\w\u200c])و\s+(?:او|وی)(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")
# "... و آنان را بازداشت کردند": a plural pronoun object a few words before its act
_PLURAL_PRONOUN_OBJECT = re.compile(
    r"(?<![\w\u200c])(?:آنان|آنها|آن\u200cها|ایشان)\s+را(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")


def _plural_people(word: str) -> bool:
    """A plural of a people word ("مرزبانان", "ماموران"): people, no part of a name ("تیراندازی مستقیم مرزبانان")."""
    return word.endswith(("ان", "ها", "های", "ین")) and word in vocab().people_forms and word not in vocab().people


def _one_referred_back(subject: str) -> bool:
    """Whether a clause's subject is one person pointed back at: a singular pronoun ("او"، "وی") or a noun with a
    third person's singular ending ("موکلش"، "پسرش"; not a plural's "فرزندانش")."""
    first = subject.split(maxsplit=1)[0].replace(ZWNJ, "") if subject.split() else ""
    return first in ("او", "وی") or (len(first) > 3 and first.endswith("ش") and not first.endswith(("انش", "هایش", "هاش")))


def _kin_of_theirs(subject: str, kin: set[str] | None = None) -> bool:
    """Whether ``subject`` opens with a kin word (or one of ``kin``) and a third person's ending ("پسرش",
    "برادر‌ش")."""
    first = subject.split(maxsplit=1)[0].replace(ZWNJ, "") if subject.split() else ""
    return first.endswith("ش") and first[:-1] in (vocab().kin if kin is None else kin)


def _a_kin_word(word: str) -> bool:
    """Whether ``word`` is a kin word, alone or in the ezafe ("عموی", "مادرِ")."""
    word = word.replace(ZWNJ, "").rstrip("\u0650")
    return word in vocab().kin or (word.endswith("ی") and word[:-1] in vocab().kin)


def _kin_of_the_speaker(subject: str) -> bool:
    """Whether ``subject`` opens with a kin word and the first person's ending ("پسرم", "برادرزاده‌ام"): a relative
    telling of their own ("مادر X به هرانا گفت: «پسرم ... کشته شد»": her son is X)."""
    first = subject.split(maxsplit=1)[0].replace(ZWNJ, "") if subject.split() else ""
    return (first.endswith("ام") and first[:-2] in vocab().kin) or (first.endswith("م") and first[:-1] in vocab().kin)


def _full_names_from(text: str, pos: int, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The full names (two or three name-like words) listed from ``pos`` on, apart by "و" or a comma ("X Y و Z W")."""
    spans: list[tuple[int, int]] = []
    while True:
        found = _name_words(text, pos, True, limit=3)
        if found is None:
            break
        words = list(_WORD.finditer(text, *found))
        while words and not all(name_like(w.group(), i == 0) for i, w in enumerate(words)):
            words.pop()  # "X Y گفت": the name ends before the verb
        if len(words) == 3 and _light_verb_next(text, words[-1].end()):
            words.pop()  # "X Y تأیید کرده‌اند": the verb's noun ends the name
        if len(words) < 2 or words[0].group().replace(ZWNJ, "") in vocab().people_forms | vocab().means_words or \
                any(_plural_people(w.group().replace(ZWNJ, "")) for w in words) or \
                any(a < words[-1].end() and words[0].start() < b for a, b in blocked):
            break
        found = (words[0].start(), words[-1].end())
        spans.append(found)
        # «X» و «Y»: each name set off in guillemets, the list's separator between the marks
        sep = vocab().list_separator.match(text, found[1] + (text[found[1]:found[1] + 1] == "»"))
        if sep is None:
            break
        pos = sep.end() + (text[sep.end():sep.end() + 1] == "«")
    return spans


def _named_after_the_act(text: str, f: Found, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"از جان باختن X و Y ... خبر دادند", "اعدام X": the full names right after a noun act (its ezafe, or its
    infinitive's) are the ones it happened to."""
    if not (f.nominal and f.is_act):
        return []
    m = re.match(r"(?:\s+(?:شدن|کردن|گردیدن))?\s+", text[f.end:f.end + 10])
    if m is None:
        return []
    pos = _past_complement(text, f.end + m.end())
    if text.startswith("«", pos):  # "حکم اعدام «X Y»، متهم به ...": the name set off in guillemets
        pos += 1
    return _full_names_from(text, pos, blocked)


def _past_complement(text: str, pos: int) -> int:
    """Where a name after an act noun starts: past the noun's complement ("حکم قصاص نفس X")."""
    word = _WORD.match(text, pos)
    if word is not None and word.group().replace(ZWNJ, "") in vocab().lex.word_set("act_complements"):
        return word.end() + len(text[word.end():]) - len(text[word.end():].lstrip())
    return pos


def _light_verb_next(text: str, end: int) -> bool:
    """Whether the word after ``end`` is a finite form of a light verb ("کرده‌اند", "کرد", "نمودند")."""
    m = _WORD.match(text, end + len(text[end:]) - len(text[end:].lstrip()))
    if m is None:
        return False
    word = m.group().replace(ZWNJ, "")
    return any(word.startswith(past) and len(word) <= len(past) + 4 for past in _stems(vocab().lex, "light_verbs"))


def _without_asides(text: str) -> str:
    """The sentence with the words of its asides' triggers blanked ("در اعتراض به کشته شدن معترضان مغازه‌ها را
    بستند": the deaths are the strike's cause, and do not make it lethal force)."""
    v = vocab()
    if not v.aside_before:
        return text
    out = text
    relatives = earlier_relatives(text)
    found = find_triggers(text)
    for f in found:
        held = [(s, e) for s, e in relatives if s <= f.start and f.end <= e]
        if held and f.label in ("protest", "strike") and not any(
                g.is_act and held[0][0] <= g.start < held[0][1] for g in found):
            # "بازنشستگانی که ... تجمع کرده بودند مورد ضرب و شتم قرار گرفتند": the gathering the harmed were holding,
            # with no act of its own, is where the act happened: it types it
            continue
        if held:
            # "X که ... در جریان یک تجمع بازداشت شده بود، در بازداشتگاه جان باخت": what had happened before (the
            # gathering he was arrested at) does not type the death
            out = out[:f.start] + " " * (f.end - f.start) + out[f.end:]
        elif f.nominal:
            _form_of_clause(f, text)
            if _after_aside(text, _clause_start(text, f.start), f):
                out = out[:f.start] + " " * (f.end - f.start) + out[f.end:]
    return out


def _cues(text: str) -> set[str]:
    """The cue groups of a sentence; rioting not in what people do to their own things ("روسری‌های خود را آتش
    زدند")."""
    v = vocab()
    out = set()
    for group, pattern in v.cues.items():
        if pattern is None:
            continue
        if group == "rioting":
            if any(not v.own_object.search(text, max(0, m.start() - 50), m.start()) for m in pattern.finditer(text)):
                out.add(group)
        elif group == "lethal_force" and v.non_lethal_means is not None:
            # "شلیک گاز اشک‌آور": the shot of tear gas or water is no lethal force
            # (and "گاز اشک‌آور شلیک کردند", the means before the verb)
            if any(not v.non_lethal_means.match(text, m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()))
                   and not v.non_lethal_before.search(text[max(0, m.start() - 24):m.start()])
                   for m in pattern.finditer(text)):
                out.add(group)
        elif pattern.search(text):
            out.add(group)
    return out


@dataclass
class PersianTrigger(Trigger):
    """A trigger with its words kept (``Trigger.text`` joins the whole Doc's text again at each call)."""

    words: str = ""

    @property
    def text(self) -> str:
        return self.words


def _trigger_tokens(doc: Doc, start: int, end: int) -> list:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None and len(span) else [doc[0]]


def candidate(doc: Doc, sent: Span, live: list[Found], claim, sdates: list, places: list,
              para_starts: list[int]) -> Candidate:
    """The incident that the live triggers of a Persian sentence state."""
    v = vocab()
    base = sent.start_char
    raw = sent.text  # names are copied from the text as written
    text = _hamza_free(raw)  # the vocabulary writes "ماموران"; copy also writes "مأموران" (same offsets)
    kinds = {f.label for f in live if not f.is_act}
    acts = {f.label for f in live if f.is_act}
    if acts & HARM_WAYS and "killed" not in acts:
        acts.add("injured")
    if "executed" in acts:
        acts.add("killed")
    if "killed" in acts and v.custody.search(text):
        acts.add("died in custody")
    cues = _cues(_without_asides(text))
    etype, sub = type_incident(kinds, acts, cues)
    triggers = [PersianTrigger(_trigger_tokens(doc, base + f.start, base + f.end), f.label, f.is_act,
                               text[f.start:f.end]) for f in live]
    cand = Candidate(sent=sent, paragraph=paragraph_of(para_starts, sent.start_char), triggers=triggers,
                     kinds=kinds, acts=acts, type=etype, sub_type=sub)
    cand.noun_only = all(f.nominal for f in live)
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    cand.evidence = [(sent.start_char + lead, sent.end_char - trail)]
    if claim is not None:
        cand.claimant = _claimant(doc, sent, claim)
        cand.hedged = bool(claim.hedges)
    cand.date = _sentence_date(text, base, sdates, live[0].start)
    date_spans = [(d.start - base, d.end - base) for d in sdates]
    place_spans = [(p.start - base, p.end - base) for p in places if base <= p.start < sent.end_char]

    # the source's own words ("به گزارش کمپین فعالان بلوچ، ...") name no actor of the incident
    sources = [(o.start(), _source_end(text, o.end())) for o in (v.openers.finditer(text) if v.openers else ())]
    # ... nor does the speaker of a speech verb that opens the sentence before its first act ("فراجا اعلام کرد
    # افراد مسلح ... دو مامور را به شهادت رساندند": the police tell it, they are no side of it)
    said = v.speech.search(text) if v.speech else None
    if said is not None and said.end() <= min(f.start for f in live):
        sources.append((0, said.start()))
    actors = [a for a in actor_mentions(text) if not any(s0 <= a.start < e0 for s0, e0 in sources)]
    state_harmed = False
    counted: set[tuple[int, int]] = set()
    last_span: dict[str, tuple[int, int]] = {}  # the span of the figure each count was last given by
    figure_of: dict[int, tuple[Count, tuple[int, int]]] = {}  # an act's start -> the figure it was given
    others: dict[str, tuple[int, int]] = {}  # "«X» و یک سوخت‌بر دیگر جان باختند": a figure of further people
    # the acts first, in text order (each reads back to the act before it), then the events
    for f in sorted(live, key=lambda f: (not f.is_act, f.start)):
        start = _left_context(text, f, live) if f.is_act else _clause_start(text, f.start)
        # "با ضرب و شتم": counts no one; "هویت دو تن از بازداشت‌شدگان": a part of a group counted before
        role = None if _manner(text, f) or _part_of_the_group(text, f) else _role_counted(f, acts)
        if role is not None:
            found = None
            if f.nominal and f.is_act and re.match(r"\s+(?:شدن|کردن|گردیدن)\s", text[f.end:f.end + 8]):
                # "منجر به کشته شدن دو تن شد": the figure after the infinitive, not a number before the act
                found = _count_after(text, f, date_spans, counted)
            shared = _arrested_with(text, f, live) if role == "arrested" else None
            if found is None and shared is not None and shared.start in figure_of:
                found = figure_of[shared.start]  # "دو تن زخمی و دستگیر شدند": the wounded two were arrested
            if found is None:
                found = _one_of_them(text, start, f)  # "به دو زن حمله کرد که یکی از آنها مجروح شد": one
            if found is None:
                found = _one_of_as_object(text, start, f)  # "... و یکی از کسبه را بازداشت کردند": one
            if found is None:
                found = _count_before_act(text, start, f, date_spans, counted)
                kin = _kin_listed(text, start, f, counted) if role in ("killed", "injured", "arrested") else None
                if kin is not None and (found is None or found[1][0] >= kin[1][0]):
                    # "پدر و برادر X"، "مادر و خواهر یک زندانی" (a prisoner's): the relatives listed; a figure
                    # inside the list is one of its items' ("دو پسرم و برادرزاده‌ام": three)
                    found = kin
            wide = _clause_start(text, f.start, STRONG_BOUNDARY)
            if found is None and f.is_act and wide < start:
                # "دو سوخت‌بر ... هدف شلیک ... قرار گرفتند و جان باختند": the subject stands before an earlier act
                found = _count_before(text, wide, f, date_spans, counted)
            if found is None and f.nominal and f.is_act:
                found = _count_after(text, f, date_spans, counted)
            if found is None and role not in cand.counts and (_one_by_its_verb(text, f) or _one_by_its_object(text, f)
                                                              or _one_indefinite_object(text, start, f)
                                                              or _one_pronoun_object(text, f)
                                                              or _one_kin_of_someones(text, start, f)
                                                              or _ones_body(text, f)):
                cand.counts[role] = Count(min=1, max=1, text=text[f.start:f.end])  # "همراه وی زخمی شد"
            if found is not None and not (
                    role == "participants" and not _next_to(text, found[1], f)):
                count, span = found
                counted.add(span)
                figure_of[f.start] = found
                prev = last_span.get(role)
                if prev is not None and role != "participants" and not (
                        v.contrast and v.contrast.search(text, prev[1], span[0])):
                    cand.counts[role] = _sum(cand.counts[role], count)  # "یک مامور ... و دو نفر ... کشته شدند"
                else:  # two sides' figures ("..., اما منابع محلی می‌گویند ..."): a range, flagged
                    cand.counts[role], contradictory = merge_counts(cand.counts.get(role), count)
                    if contradictory:
                        cand.flags.add("contradictory-counts")
                last_span[role] = span
                if role in ("killed", "injured", "arrested") and v.others_after.match(text, span[1], f.start):
                    others[role] = span
        clause_start = start
        subject = None  # the clause's first actor with no mark of an object or a target before the act
        for a in actors:
            if clause_start <= a.start and a.end <= f.start and _a_clash_side(text, a, clause_start):
                break  # the clash whose sides it names is the subject ("درگیری ... میان X و Y ... دو تن را کشت")
            if clause_start <= a.start and a.end <= f.start and subject is None and \
                    _role_of(text, a, f, clause_start, True, date_spans) == "perpetrator":
                subject = a
        for a in actors:
            if a.end <= clause_start or a.start >= _clause_end(text, f.end) + 1:
                continue
            r = _role_of(text, a, f, clause_start, a is subject, date_spans)
            if r == "other":
                if not f.is_act and a.inter in (INTER_PROTESTERS, INTER_RIOTERS):
                    r = "participant" if f.label in ("protest", "strike") else "perpetrator"
                else:
                    continue
            if r == "target" and a.inter == INTER_STATE and f.label in ("killed", "injured", "shot", "attack", "raid"):
                state_harmed = True  # (or attacked: "افراد مسلح به یک پاسگاه انتظامی حمله کردند")
            if r == "perpetrator" and a.inter in (INTER_PROTESTERS,) and f.label in ("protest", "strike"):
                r = "participant"
            _add_actor(cand.actors, a, r)
        if f.is_act:
            fate = {"shot": "injured", "beaten": "injured"}.get(f.label, f.label)
            if f.label in HARM_WAYS and "killed" in acts:
                fate = "killed"
            if f.label in ("detained", "killed") and "died in custody" in acts:
                fate = "died in custody"
            named = victim_names(text, start, _clause_end(text, f.end), place_spans) + \
                _described_subject_of(text, f, date_spans) + _described_after(text, f)
            named += _subject_after_speech(text, f, actors, place_spans, named)
            named += _named_by_kin_or_owner(text, start, f, place_spans + named)
            named += _owner_of_the_object(text, f, place_spans + named)
            named += _named_after_the_act(text, f, named)  # a town's name is a name there ("شهریار محمدی")
            for s, e in named:
                name = raw[s:e]
                if _names_an_organisation(name):
                    continue  # "سازمان هه‌نگاو از کشته شدن شش نفر خبر داد": the source, no victim
                if not any(x.name == name for x in cand.victims):
                    cand.victims.append(Victim(name=name, fate=fate, age=_age_after(text, e),
                                               start=base + s, end=base + e))
                elif fate in ("killed", "died in custody", "executed"):
                    for x in cand.victims:  # "زیر شکنجه جان باخت": the death outranks the act before it
                        if x.name == name:
                            x.fate = fate
    for role, span in others.items():
        # "«X» ۳۲ ساله و یک سوخت‌بر دیگر ... جان باختند": the people named before "N ... دیگر" (N others) add to N
        fates = {"killed": ("killed", "died in custody", "executed"), "injured": ("injured",),
                 "arrested": ("arrested", "detained")}[role]
        named_before = [x for x in cand.victims if x.fate in fates and x.end <= base + span[0]]
        if named_before and role in cand.counts:
            cand.counts[role] = _sum(cand.counts[role], Count(min=len(named_before), max=len(named_before),
                                                               text="، ".join(x.name for x in named_before)))
    for role, fate in (("killed", "killed"), ("arrested", "arrested")):
        named = [x for x in cand.victims if x.fate in (fate, "died in custody", "executed" if fate == "killed" else "detained")]
        if named and role not in cand.counts:
            cand.counts[role] = Count(min=len(named), max=len(named), text="، ".join(x.name for x in named))
    if cand.claimant in (None, "author"):
        cand.claimant = _figure_source(doc, base, last_span) or cand.claimant
    if cand.claimant in (None, "author") and live:
        cand.claimant = _source_after_the_event(doc, sent, base + live[0].start) or cand.claimant
    # "در این درگیری چهار تروریست نیز به هلاکت رسیدند": the event before, further people
    cand.refers_back = any(not f.is_act and v.back_reference.search(text, max(0, f.start - 8), f.start)
                           for f in live)
    cand.more_people = cand.refers_back and bool(v.also.search(text))
    cand.blocked_places = set()
    # a town's name that opens a victim's name ("شهریار محمدی ... در بازداشتگاه ... سنندج جان باخت") is the name's
    names = [(x.start, x.end) for x in cand.victims if x.start is not None and x.end is not None]
    places = [p for p in places if not any(s <= p.start < e for s, e in names)]
    cand.place = _sentence_place_fa(doc, sent, places)
    if cand.place is None and not places:
        cand.place = _facility_town(doc, sent)
    elif cand.place is None and all(v.jurisdiction.search(text[max(0, p.start - 40):p.start])
                                    or _a_forces_province(doc_text(doc), p) for p in places):
        # every place named is an official's jurisdiction ("معاون امنیتی استاندار سیستان و بلوچستان گفت: ... به مقر
        # فرماندهی انتظامی راسک حمله کردند"): the town in the facility's name is where it happened
        cand.place = _facility_town(doc, sent)
    elif cand.place is not None and _in_relatives(sent, cand.place.start, [
            r for r in earlier_relatives(text) if r not in _wounding_relatives(text)] + _aside_spans(text)):
        # (not the clause of the wounding a death of its wounds followed: its town is the incident's, not the
        # hospital's: "X که ... در مریوان هدف شلیک قرار گرفته بود، ... در بیمارستان سنندج جان باخت")
        # "X که ... در مریوان بازداشت شده بود، ... در بازداشتگاه سپاه سنندج جان باخت": the only town the gazetteer
        # found is the background's; a town in the facility's name outside it is where the event was
        facility = _facility_town(doc, sent)
        # (and a town in an aside, the crime a sentence is for: "حکم قصاص یکی از عاملان قتل ... در خاش، ... در زندان
        # زاهدان اجرا شد" was carried out in Zahedan)
        if facility is not None and not _in_relatives(sent, facility.start,
                                                      earlier_relatives(text) + _aside_spans(text)):
            cand.place = facility
    if "killed" in acts or "injured" in acts:
        cand.cause = cause_of_harm(text, LANG)
    for kind, count in cand.counts.items():
        if is_absurd(kind, count):
            cand.flags.add("absurd-count")
    if kinds & {"protest", "strike"} and not any(a.inter == INTER_PROTESTERS for a in cand.actors):
        cand.actors.insert(0, IncidentActor(name="معترضان", role="participant", inter=INTER_PROTESTERS))
    if state_harmed:
        retyped = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues)
        if retyped == (cand.type, cand.sub_type) and any(f.label == "clash" for f in live) and \
                not any(f.label in ("riot", "mob", "protest", "strike") for f in live):
            # "در این درگیری دو مامور انتظامی کشته شدند": a clash the state's men die in, no crowd named, is a
            # battle with an unidentified armed group (the English rule)
            retyped = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues, (UNNAMED_CLASH_WITH_THE_STATE,))
        if retyped == (cand.type, cand.sub_type) and any(f.label in _FIRED_ON for f in live) and \
                not any(a.role == "perpetrator" or a.inter != INTER_STATE for a in cand.actors):
            # "در تیراندازی به یک خودروی گشت، سرباز وظیفه X کشته شد": the state's armed men shot or attacked by no one
            # named fight ACLED's unidentified armed group (the English rule), unless a crowd is there (not_cues) or
            # anyone but the state's men is named ("ماموران ... یک کولبر را هدف شلیک قرار دادند": the state shot)
            retyped = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues,
                                          (UNNAMED_ATTACKERS_OF_THE_STATE,))
        cand.type, cand.sub_type = retyped
    cand.type, cand.sub_type = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues, (RIOTERS_ATTACK,))
    return cand


_AND_THEN = re.compile(r"[\s\u200c]*و[\s\u200c]")


def _arrested_and_released(text: str, f: Found) -> bool:
    """"X دیروز در کرج بازداشت و شامگاه همان روز آزاد شد": an arrest's participle joined by "و" to a release told
    in the simple past is a chain of two acts (the auxiliary said once): the arrest is an event told here, not the
    custody the release ends. A release in the past perfect ("... بازداشت و پس از دو ماه آزاد شده بود") still tells
    of an arrest long before."""
    v = vocab()
    return bool(_AND_THEN.match(text, f.end)) and not any(
        "بود" in m.group() for m in v.release.finditer(text, f.end))


def _described_subject(text: str, dates: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """A sentence that opens with a name and its description between commas ("محمد احمدی، معلم بازنشسته، ...",
    "X، ۲۳ ساله، ...", "X، از نیروهای بسیج، ..."): the name, the subject of the sentence's act. The name may
    follow an attribution ("به گزارش X، ...", read by ``story_name``) and a time set off by a comma ("بامداد
    امروز دوشنبه ۲۵ مرداد، X، کولبر ..."): a segment that holds one of the sentence's ``dates``."""
    v = vocab()
    _death, _not, description = _story_words(v.lex)
    pos = 0
    for _ in range(3):
        span = story_name(text, pos)
        if span is not None and _a_kin_word(text[span[0]:span[1]].split()[0]):
            # "عموی X، کولبر ۲۲ ساله، به هه‌نگاو گفت ...": the speaker is X's relative and the description is X's;
            # who the act befell, X or the relative, the sentence's kin words tell (``_named_by_kin_or_owner``)
            return []
        if span is not None and len(text[span[0]:span[1]].split()) >= 2:
            after = text[span[1]:span[1] + 40]
            m = re.match(r"\s*[،,]\s*(?:\d{1,3}[\s\u200c]*ساله|از\s+([^\W\d_][\w\u200c]*)|([^\W\d_][\w\u200c]*))",
                         after)
            if re.match(r"\s*\(\s*\d{1,3}[\s\u200c]*ساله\s*\)", after):
                return [span]  # "نگین عباسی (۱۶ ساله) ... جان باخت"
            if re.match(r"\s+که\s", after) and all(name_like(w, i == 0) for i, w in enumerate(
                    text[span[0]:span[1]].split())):
                return [span]  # "X که هفته پیش بازداشت شده بود، ...": a name and its relative clause
            if m is not None and (not (m.group(1) or m.group(2)) or _describes(m.group(1) or m.group(2), description)):
                return [span]
        # skip a leading time segment: an attribution up to its comma, then a segment with a date in it
        start = pos
        lead = pos + len(text[pos:]) - len(text[pos:].lstrip())
        colon = v.source_colon.match(text, lead) if pos == 0 else None
        if colon is not None and span is None or colon is not None and span[1] <= colon.end():
            pos = colon.end()  # "هه‌نگاو: X، زندانی سیاسی ...، ...": the bulletin's source before a colon
            continue
        day = _day_before_colon(text, lead, dates) if pos == 0 else None
        if day is not None and (span is None or span[1] <= day):
            pos = day  # "۲۴ شهریور ۱۴۰۲: X، پدر ...، ...": a chronology's entry opens with its day and a colon
            continue
        if v.story_openers is not None and v.story_openers.match(text, lead):
            comma = text.find("،", pos)
            if comma == -1:
                return []
            start = comma + 1
        comma = text.find("،", start)
        if comma == -1 or not any(start <= a < comma for a, _b in dates):
            return []
        pos = comma + 1
    return []


def _described_subject_of(text: str, f: Found, dates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``_described_subject`` when it is the act's: not the speaker of a speech verb before the act whose clause
    tells of one person pointed back at ("سارا احمدی، وکیل دادگستری، گفت موکلش ... بازداشت شد": the lawyer
    speaks, the client was arrested)."""
    spans = _described_subject(text, dates)
    v = vocab()
    if spans and v.speech:
        said = [m for m in v.speech.finditer(text, spans[-1][1], f.start)]
        if said and _one_referred_back(text[said[-1].end():f.start].lstrip(" ،,")):
            return []
    return spans


_DAY_COLON = re.compile(r"[\s\u200c]*(?:\([^()\n]{1,40}\)[\s\u200c]*)?:[\s\u200c]*")


def _day_before_colon(text: str, lead: int, dates) -> int | None:
    """Where the text after a leading day and its colon starts ("۲۵ آبان ۱۴۰۱ (۱۶ نوامبر ۲۰۲۲): ..."): a
    timeline's entry; None when the text opens otherwise."""
    end = next((b for a, b in dates if a == lead), None)
    m = _DAY_COLON.match(text, end) if end is not None else None
    return m.end() if m is not None else None


def _described_after(text: str, f: Found) -> list[tuple[int, int]]:
    """A name right after a noun act, with its description between commas ("حکم اعدام محمد قبادلو، معترض
    بازداشت‌شده، ... اجرا شد"): the one the act was done to."""
    if not (f.nominal and f.is_act):
        return []
    pos = _past_complement(text, f.end + len(text[f.end:]) - len(text[f.end:].lstrip()))
    span = _name_words(text, pos, True, limit=3)
    if span is None or not 2 <= len(text[span[0]:span[1]].split()) <= 3:
        return []
    m = re.match(r"\s*[،,]\s*([^\W\d_][\w\u200c]*)", text[span[1]:span[1] + 40])
    if m is None or not _describes(m.group(1), _story_words(vocab().lex)[2]):
        return []
    return [span] if all(name_like(w, i == 0) for i, w in enumerate(text[span[0]:span[1]].split())) else []


def _describes(word: str, description: frozenset[str]) -> bool:
    """A word that describes a person: a description noun ("کولبر", "کارگر", with its ezafe or plural) or an
    actor word ("از نیروهای بسیج", "از پاسداران سپاه": one of a force)."""
    bare = word.replace(ZWNJ, "")
    return bare in description or any(bare == d + e for d in description for e in ("ی", "ای")) or \
        bare in vocab().people or any(bare == p + e for p in vocab().people for e in ("ان", "های", "ها", "ی", "یان"))


def _sentence_place_fa(doc: Doc, sent: Span, places: list):
    """The town where the sentence's event happened: not one named as someone's home, origin or grave
    (the origin word right before it: "اهل بوکان", "ساکن روستای X", "آرامستان X"), nor one in the source's name
    ("به گزارش کانون حقوق بشر کردستان، ..."), nor an official's jurisdiction ("استاندار کرمانشاه"), one after
    "در" (in) first, a town before a province."""
    v = vocab()
    text = doc_text(doc)
    splaces = [p for p in places if sent.start_char <= p.start < sent.end_char
               and not v.jurisdiction.search(text[max(0, p.start - 40):p.start]) and not _a_forces_province(text, p)
               and not v.organisation_of_place.search(text[max(0, p.start - 30):p.start])]
    if not splaces:
        return None  # the paragraph's place, else the report's (assemble.finish)
    relatives = earlier_relatives(sent.text)  # "X که در مهاباد بازداشت شده بود، در ارومیه جان باخت": Urmia
    # ... but a death of the wounds such a clause tells happened where the wounding did, not in the hospital after
    wounding = _wounding_relatives(sent.text)
    relatives = [r for r in relatives if r not in wounding]
    # the source's name ("به گزارش کانون حقوق بشر کردستان، ...") is no place of the event: the last resort
    sources = [(o.start(), sent.text.find("،", o.end())) for o in (v.openers.finditer(sent.text) if v.openers else ())
               if "،" in sent.text[o.end():]]

    def key(p):
        before = text[max(0, p.start - 40):p.start]
        origin = bool(v.origin_before.search(before))
        locative = bool(re.search(START + v.locative + SEP + r"(?:" + v.place_nouns + SEP + r")?$", before))
        earlier = any(s <= p.start - sent.start_char < e for s, e in relatives)
        in_source = any(s <= p.start - sent.start_char < e for s, e in sources)
        feature = {"city": 0, "province": 1}.get(getattr(p, "feature", "city"), 2)
        # a landmark followed by its town ("میدان آزادی شهر اراک"): the town, not the landmark's namesake
        town_after = any(q is not p and 0 <= q.start - p.end <= 12 and "شهر" in text[p.end:q.start] for q in splaces)
        # ... and a quarter of a city named like a town elsewhere ("محله فردیس کرج", "محله‌های X و Y اهواز"): the city
        town_after = town_after or _quarter_of(text, p, splaces)
        # a town in the name of the site people work or study at ("کارگران کارخانه قند اصفهان ... مقابل فرمانداری
        # نجف‌آباد تجمع کردند"): where they belong, not where they are when the sentence names another town
        employer = _in_site_of_people(text, p) and any(
            q.feature == "city" and not _in_site_of_people(text, q) for q in splaces if q is not p)
        # (a place after the wounding clause is where the wounded was taken or died: the hospital's town)
        after = bool(wounding) and p.start - sent.start_char >= max(e for _s, e in wounding)
        return in_source, after, origin or earlier, town_after or employer, not locative, feature

    ranked = sorted(splaces, key=key)
    best = ranked[0]
    if key(best)[0]:
        # only the source's name names a place ("به گزارش صداوسیمای مرکز کردستان، فرماندار سنندج اعلام کرد در
        # ناآرامی‌های شب گذشته ..."): a town an official of the town speaks for is nearer the event than the outlet's
        official = [p for p in places if sent.start_char <= p.start < sent.end_char and p.feature == "city"
                    and v.jurisdiction.search(text[max(0, p.start - 40):p.start])]
        if official:
            return official[0]
    if best.feature == "province" and not key(best)[2]:
        # the province only of a force's or an office's name ("پلیس گیلان ..."), its town told in the background
        # ("X که ... در رشت بازداشت شده بود، ... در بازداشتگاه جان باخت؛ پلیس گیلان ..."): the town, in that province
        towns = [p for p in ranked[1:] if p.feature == "city" and p.province == best.province
                 and not v.origin_before.search(text[max(0, p.start - 40):p.start])]
        if towns and not re.search(START + v.locative + SEP + r"(?:" + v.place_nouns + SEP + r")?$",
                                   text[max(0, best.start - 40):best.start]):
            return towns[0]
    return _site_town_in_province(text, best) or best


def _site_start(text: str, pos: int) -> int | None:
    """Where the name of a site (a facility's or an office's word: "معدن"، "کارخانه"، "پتروشیمی") that ``pos`` is in
    starts, when the name runs up to ``pos`` unbroken within a few words ("معدن مس میدوک شهربابک کرمان"); else None."""
    v = vocab()
    lo = max(0, pos - 50)
    # (a locative ends the name: "کارگران معدن ... چادرملو در اردکان": the town the site is in, told as such)
    sites = [m for m in v.office.finditer(text, lo, pos) if not BOUNDARY.search(text, m.end(), pos)
             and not re.search(START + v.locative + END, text[m.end():pos])]
    sites = [m for m in sites if len(_WORD.findall(text[m.end():pos])) <= SITE_NAME_WORDS]
    return sites[0].start() if sites else None


def _in_site_of_people(text: str, p) -> bool:
    """Whether place ``p`` ends the name of a site named as people's workplace or school ("کارگران کارخانه قند
    اصفهان"، "دانشجویان دانشگاه تبریز"): the people noun right before the site's word."""
    start = _site_start(text, p.start)
    if start is None:
        return False
    before = _WORD.findall(text[max(0, start - 30):start])
    return bool(before) and before[-1].replace(ZWNJ, "") in vocab().people_forms


def _site_town_in_province(text: str, p):
    """A site's name that ends with a province's name ("فولاد مبارکه اصفهان"، "معدن مس میدوک شهربابک کرمان"): the
    province is the site's, so the town of that province its name holds before it is the place, not the
    province's capital of the same name."""
    from rasad.analysis.where import _to_place
    from rasad.languages.fa.normalise import fold
    from rasad.languages.fa.where import _lookup
    from rasad.languages.fa.where import words as place_words

    if p.feature != "city" or not any(e.feature == "province" and e.name == p.name for e in _lookup(fold(p.text))):
        return None
    start = _site_start(text, p.start)
    if start is None:
        return None
    words = list(_WORD.finditer(text, start, p.start))[1:]  # the site's own word is none
    for i in range(len(words)):
        for size in (2, 1):
            if i + size > len(words):
                continue
            span = text[words[i].start():words[i + size - 1].end()]
            if fold(span) in place_words().common:
                continue
            found = [e for e in _lookup(fold(span), joined=size > 1) if e.feature == "city" and e.country == "IR"
                     and e.province == p.province and e.name != p.name and e.population >= OFFICE_SEAT_POPULATION]
            if found:
                entry = max(found, key=lambda e: e.population)
                return _to_place(entry, span, words[i].start(), words[i + size - 1].end())
    return None


SITE_NAME_WORDS = 4  # a site's name after its word: "مس میدوک شهربابک", "زغال‌سنگ طبس"


def _quarter_of(text: str, p, splaces: list) -> bool:
    """Whether place ``p`` is named in a list after a quarter noun and a city follows the list ("در محله‌های کوی
    علوی، ملاشیه و کوت عبدالله اهواز", "در محله فردیس کرج"): a quarter of that city (Persian names the quarter
    before its city), not the town elsewhere that bears its name."""
    v = vocab()
    if not v.quarter_list.search(text, max(0, p.start - 60), p.start):
        return False
    for q in splaces:
        gap = text[p.end:q.start]
        if q.start >= p.end and getattr(q, "feature", "city") == "city" and len(gap) <= 40 and \
                not BOUNDARY.search(gap.replace("،", "")) and not re.search(START + r"در" + END, gap):
            return True
    return False


def _a_forces_province(text: str, p) -> bool:
    """A province named right after a force ("پلیس استان کرمانشاه"، "فرماندهی انتظامی کردستان"): the force's
    jurisdiction, no place of the event."""
    v = vocab()
    province = getattr(p, "feature", "") == "province" or text[p.start:p.end].startswith("استان")
    return province and v.province_forces is not None and \
        bool(v.province_forces.search(text[max(0, p.start - 30):p.start]))


def facility_town(text: str, start: int = 0, end: int | None = None, provinces: bool = False):
    """A town named in a facility's name in ``text[start:end]`` ("دانشجوی دانشگاه تبریز", "زندان مرکزی ارومیه",
    "بیمارستان سردشت" -> Tabriz, Urmia, Sardasht; with ``provinces`` also "دانشگاه مازندران" -> the province),
    which the place stage rightly does not read as a place of its own: (gazetteer entry, start, end) or None."""
    from rasad.languages.fa.normalise import fold
    from rasad.languages.fa.where import _lookup
    from rasad.languages.fa.where import words as place_words

    v = vocab()
    kinds = ("city", "province") if provinces else ("city",)
    for m in v.facility_town.finditer(text, start, len(text) if end is None else end):
        if m.group("town").split()[0].replace(ZWNJ, "") in v.title_words:
            continue  # a facility named after a person ("دانشگاه شهید بهشتی")
        for size in (2, 1):
            words = m.group("town").split()[:size]
            if len(words) < size:
                continue
            found = [e for e in _lookup(fold(" ".join(words))) if e.feature in kinds and e.country == "IR"]
            if found:
                entry = max(found, key=lambda e: (e.feature == "city", e.population))
                return entry, m.start("town"), m.start("town") + len(" ".join(words))
    # an office's longer name, the town it serves at its end ("اداره کل تامین اجتماعی شوش"): a town of some size
    # within a few words, in the same clause
    for m in v.office.finditer(text, start, len(text) if end is None else end):
        tail = list(_WORD.finditer(text, m.end(), min(len(text) if end is None else end, m.end() + 60)))
        tail = [w for w in tail[:OFFICE_NAME_WORDS] if not re.search(r"[،,.؛]", text[m.end():w.start()])]
        for i in range(len(tail)):
            # the town right after the office's word is its seat ("مقر فرماندهی انتظامی راسک"): a smaller town
            # than one further on, where the office's own name has ordinary nouns that are also villages' names
            least = OFFICE_SEAT_POPULATION if i == 0 else OFFICE_TOWN_POPULATION
            if fold(tail[i].group()) in place_words().common:
                continue  # "خیابان چهارباغ بالا روی دو زن": "دو" (two) is also a town's name, as the place stage knows
            found = [e for e in _lookup(fold(tail[i].group())) if e.feature == "city" and e.country == "IR"
                     and e.population >= least]
            if found:
                return max(found, key=lambda e: e.population), tail[i].start(), tail[i].end()
    return None


OFFICE_NAME_WORDS = 5  # the office word's name and town: "تامین اجتماعی شوش", "آموزش و پرورش سقز"
OFFICE_TOWN_POPULATION = 20000  # the name's own words are ordinary nouns, some also a village's name
OFFICE_SEAT_POPULATION = 5000  # the town right after the office word: as after a preposition (places_fa.yaml)


def _aside_spans(text: str) -> list[tuple[int, int]]:
    """The asides of a sentence: from a word of ``aside_before`` (a cause, an occasion, a charge, the doers of a
    crime: "عاملان قتل دو مامور در خاش") to the clause's end."""
    v = vocab()
    if not v.aside_before:
        return []
    return [(m.start(), _clause_end(text, m.end())) for m in v.aside_before.finditer(text)]


def _in_relatives(sent: Span, pos: int, relatives: list[tuple[int, int]]) -> bool:
    return any(s <= pos - sent.start_char < e for s, e in relatives)


def _facility_town(doc: Doc, sent: Span):
    """The last resort of a report that names no place: a town in a facility's name in the sentence."""
    from rasad.analysis.where import _to_place

    text = doc_text(doc)
    found = facility_town(text, sent.start_char, sent.end_char)
    if found is None:
        return None
    entry, start, end = found
    return _to_place(entry, text[start:end], start, end)


def _one_by_its_verb(text: str, f: Found) -> bool:
    """An act with no figure whose verb is a finite singular one that happens to its subject ("همراه وی نیز
    زخمی شد"، "برادرش بازداشت شده است"): one person (a Persian verb agrees in number with a human subject).
    Not an act whose subject is its doer ("شلیک کرد"), nor a shot or a beating, which count no one."""
    if f.verb is None or f.verb in vocab().active or f.label not in ("killed", "injured", "arrested", "detained",
                                                                         "shot"):
        return False  # (a shot's singular passive, "وی مورد اصابت گلوله قرار گرفت", is one wounded)
    form = text[f.start:f.end].rstrip()
    # the bare past stem ("شد", "رسید", "باخت": no person ending) or a singular perfect ("زخمی شده است")
    return form.endswith(f.verb) or bool(vocab().singular_perfect.search(form))


_ONE_PRONOUNS = frozenset({"او", "وی"})


def _kin_listed(text: str, start: int, f: Found, counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """Relatives listed with no figure before an act ("پدر و برادر X را بازداشت کردند"، "مادر، خواهر و همسرش ...
    زخمی شدند"): as many people as kin nouns in the list (two at least). The person a singular pronoun points back
    to may open the list ("او و برادرش را بازداشت کردند": the one named before, and their brother)."""
    v = vocab()
    words = list(_WORD.finditer(text, start, f.start))
    best: list[re.Match] = []
    run: list[re.Match] = []
    for w in words:
        bare = w.group().replace(ZWNJ, "")
        kin = bare in v.kin or any(bare == k + e for k in v.kin for e in ("ش", "شان", "م", "ان", "ام", "اش"))
        if kin and (not run or v.list_separator.fullmatch(text, run[-1].end(), w.start())):
            run.append(w)
        elif kin or bare in _ONE_PRONOUNS:
            run = [w]
        elif bare != "و":
            run = []
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2:
        return None
    # a kin noun counted in the list stands for its figure ("دو پسرم و برادرزاده‌ام": three)
    figures = [_figure_before(text, w.start()) for w in best]
    ahead = list(_WORD.finditer(text, max(start, best[0].start() - 12), best[0].start())) if figures[0] > 1 else []
    span = (ahead[-1].start() if ahead else best[0].start(), best[-1].end())
    if span in counted:
        return None
    return Count(min=sum(figures), max=sum(figures), text=text[span[0]:span[1]]), span


def _figure_before(text: str, pos: int) -> int:
    """The figure right before a noun ("دو پسرم": 2, "۳ برادر": 3), else 1."""
    before = text[max(0, pos - 12):pos].rstrip()
    last = list(_WORD.finditer(before))
    word = last[-1].group().replace(ZWNJ, "") if last and last[-1].end() == len(before) else ""
    if word.isdigit():
        return int(word)
    return vocab().lex.numbers.units.get(word, 1) or 1


def _one_by_its_object(text: str, f: Found) -> bool:
    """An execution noun (or an arrest noun, of a suspect) whose object is one person named by a singular noun, no
    figure ("حکم قصاص قاتل دو مامور ... اجرا شد", "اعدام این زندانی"): one person; the figure of another clause
    inside the object (the killer's victims) counts no one."""
    if f.label not in ("executed", "arrested", "detained") or not f.nominal:
        return False
    words = _WORD.findall(text, f.end, f.end + 36)[:3]
    if f.label != "executed":
        # "از دستگیری قاتل یک طلبه خبر داد"، "دستگیری ضارب": an arrest noun whose object is one suspect named by a
        # singular noun (a count in the object, the victim's, counts no one)
        return bool(words) and words[0].replace(ZWNJ, "") in vocab().lex.word_set("singular_suspects")
    if words and words[0].replace(ZWNJ, "") in vocab().lex.word_set("act_complements"):
        words = words[1:]  # "حکم قصاص نفس محکومی که ...": past the act noun's complement
    if words and words[0] in ("این", "آن", "همین"):
        words = words[1:]
    if not words:
        return False
    word = words[0].replace(ZWNJ, "")
    if word in ("او", "وی"):
        return True  # "حکم او ... اجرا شد": one person
    # "قصاص مردی که ...", "اعدام جوانی ۲۳ ساله": a person's noun with the indefinite "ی" is one person too
    return word in vocab().people or any(word.endswith(e) and word[:-len(e)] in vocab().people for e in ("ی", "ای"))


_INDEFINITE_OBJECT = re.compile(r"(?<![\w\u200c])(?P<noun>[^\W\d_][\w\u200c]*?)\u200c?ی(?:\s+\d{1,3}[\s\u200c]*ساله)?"
                                r"\s+را(?![\w\u200c])")


def _one_indefinite_object(text: str, start: int, f: Found) -> bool:
    """A doer's act on an object that is one indefinite person ("دختری ۱۶ ساله را مورد ضرب و شتم قرار دادند",
    "جوانی را زخمی کردند", "دانشجویی را بازداشت کردند"): the indefinite "ی" on a person noun is one person."""
    v = vocab()
    after = text[f.end:f.end + 16].lstrip()
    done_to = f.verb in v.active if f.verb is not None else (
        any(after.startswith(stem) for stem in v.active) or after.startswith(("قرار داد", "قرار‌داد")))
    if not done_to:
        return False  # "زخمی کردند", "مورد ضرب و شتم قرار دادند": a doer's act on its object
    for m in _INDEFINITE_OBJECT.finditer(text, start, f.start):
        noun = m.group("noun").replace(ZWNJ, "")
        if noun in vocab().people or (noun.endswith("ی") and noun[:-1] in vocab().people):
            return True  # "دانشجویی": a vowel-final noun's "یی"
    return False


_PRONOUN_OBJECT = re.compile(r"(?<![\w\u200c])(?:او|وی)\s+را(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")
# ... and with one more joined to it ("او و برادرش را بازداشت کردند")
_PRONOUN_OR_WITH_KIN_OBJECT = re.compile(r"(?<![\w\u200c])(?:او|وی)(?:\s+و\s+[^\s.،,؛:«»]+)?\s+را"
                                         r"(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")


def _one_pronoun_object(text: str, f: Found) -> bool:
    """An act on a singular pronoun object before it, a few words of its clause between ("... او را بازداشت و به
    مکانی نامعلوم منتقل کردند", "وی را در خیابان بازداشت کردند"): one person, the one named before."""
    return f.label in ("killed", "injured", "arrested", "detained", "executed") and \
        bool(_PRONOUN_OBJECT.search(text, max(0, f.start - 60), f.start))


# a kin noun with a possessive ending, one relative of someone's ("برادرش", "شوهرم", "برادرزاده‌ام"), as the act's
# object ("... را"), or opening its clause as its subject ("برادرش که ... زخمی شده بود، ...")
_KIN_POSSESSED = re.compile(r"(?<![\w\u200c])(?P<kin>[^\W\d_][\w\u200c]*?)\u200c?(?:اش|ام|ش|م|شان|مان)"
                            r"(?:\s+را|(?=\s+که\s))(?![\w\u200c])")


def _ones_body(text: str, f: Found) -> bool:
    """A body handed over that is one person's ("جنازه‌اش", "پیکر او"): one dead."""
    if f.phrase != "تحویل داد":
        return False
    m = None
    for m in vocab().body_handed.finditer(text, max(0, f.start - 120), f.end):
        pass
    return m is not None and bool(m.group("own"))


_KIN_OPENING = re.compile(r"[\s«:،,]*(?P<kin>[^\W\d_][\w\u200c]*?)\u200c?(?:اش|ام|ش|م)(?![\w\u200c])")


def _one_kin_of_someones(text: str, start: int, f: Found) -> bool:
    """An act on one relative of someone's, no figure ("ماموران ... برادرش را بازداشت کردند", "«شوهرم را ...
    بازداشت کردند»", "برادرش که ... زخمی شده بود"): a singular kin noun with a possessive ending is one person
    (a plural one, "پسرانم", or a counted one, "دو پسرم", is not read here)."""
    if f.label not in ("killed", "injured", "arrested", "detained"):
        return False
    v = vocab()
    # (a kin word for many, "خانواده‌اش"، "بستگانش", is no one person)
    one = v.kin - {w.replace(ZWNJ, "") for w in v.lex.word_set("not_one_person")} - {"بستگان"}
    # the act's clause opens at its start, or after a speech verb or "که" before the act
    openings = [start] + [m.end() for m in (v.speech.finditer(text, start, f.start) if v.speech else ())] + \
        [m.end() for m in _THAT.finditer(text, start, f.start)]
    for at in openings:
        opening = _KIN_OPENING.match(text, at)
        if opening is not None and opening.group("kin").replace(ZWNJ, "") in one and f.verb not in v.active:
            return True  # "... گفت دخترش در اعتراضات ... آسیب دیده": the clause's subject, the act befell her
    for m in _KIN_POSSESSED.finditer(text, start, f.start):
        before = text[max(start, m.start() - 12):m.start()].split()
        if m.group("kin").replace(ZWNJ, "") in one and not (before and _a_figure(before[-1])):
            return True
    return False


def _a_figure(word: str) -> bool:
    """Whether ``word`` is a figure, in digits or words ("۲", "دو")."""
    return word.isdigit() or word.replace(ZWNJ, "") in vocab().number_words


def _next_to(text: str, span: tuple[int, int], f: Found) -> bool:
    """A number counts a protest's participants as the subject of its verb ("صدها تن از کارگران ... تجمع
    کردند") or right before a protest noun ("صدها معترض"), not a number of a clause that only names the
    protest ("۱۵ نفر ... در جریان این اعتراضات بازداشت شدند")."""
    return not f.nominal or len(text[span[1]:f.start].split()) <= 3


def _sum(a: Count, b: Count) -> Count:
    lo = (a.min or 0) + (b.min or 0) if a.min is not None or b.min is not None else None
    hi = a.max + b.max if a.max is not None and b.max is not None else None
    return Count(min=lo, max=hi, text=f"{a.text} + {b.text}")


def _age_after(text: str, end: int) -> int | None:
    m = vocab().age_after.match(text[end:end + 20])
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 110 else None


# the count an act fills (rasad.incidents.slots, the same roles)
_ROLE_OF_ACT = {"killed": "killed", "injured": "injured", "shot": "injured", "beaten": "injured",
                "arrested": "arrested", "detained": "arrested", "executed": "killed"}


def _role_counted(f: Found, acts: set[str]) -> str | None:
    if not f.is_act:
        return "participants" if f.label in ("protest", "strike") else None
    role = _ROLE_OF_ACT.get(f.label)
    if f.label == "shot" and "killed" in acts:
        role = None  # "با شلیک ... کشته شدند": the number counts the dead, at the killing
    return role


def _add_actor(actors: list[IncidentActor], a: ActorMention, role: str) -> None:
    for x in actors:
        if x.name == a.text:
            if role == "perpetrator" and x.role != "perpetrator":
                x.role = "perpetrator"
            return
    actors.append(IncidentActor(name=a.text, role=role, inter=a.inter, actor=_resolve(a.text)))


# ---------------------------------------------------------------------------------------------- the component
def extract_incidents(doc: Doc) -> list[IncidentReport]:
    """The incident reports of a Persian Doc (its text the normalised view; part 1's components have run)."""
    claims = list(getattr(doc._, "claims", None) or [])
    dates = list(getattr(doc._, "dates", None) or [])
    places = list(getattr(doc._, "places", None) or [])
    para_starts = paragraph_starts(doc)
    candidates: list[Candidate] = []
    v = vocab()
    earlier: list[tuple[int, int]] = []  # the spans of relative clauses that tell what had happened before
    released_in = None  # the paragraph of the sentence before, where it told a release and no event
    with joined_once([doc]):  # the steps read slices of the text: joined once
        for sent in _sentences(doc):
            text = _hamza_free(sent.text)
            if not text.strip() or len(text) > 3000:
                continue
            earlier += [(sent.start_char + s, sent.start_char + e) for s, e in earlier_relatives(text)]
            claim = _claim_for(sent, claims)
            if claim is not None and not claim.factual:
                if v.names_label.match(text) and candidates and \
                        paragraph_of(para_starts, sent.start_char) == candidates[-1].paragraph:
                    _identified_victims(candidates[-1], sent, places)  # "اسامی: X و Y." (no verb): the names
                continue
            if text.rstrip().endswith(("؟", "?")):
                continue  # a question asserts nothing
            sdates = [d for d in dates if sent.start_char <= d.start < sent.end_char and d.value]
            if claim is not None and v.this_news and v.this_news.search(text) and candidates and \
                    paragraph_of(para_starts, sent.start_char) == candidates[-1].paragraph:
                _announced_by(doc, sent, claim, candidates[-1])
            live = live_triggers(text, bool(sdates))
            if live and v.past_reference.match(text) and not (
                    candidates and paragraph_of(para_starts, sent.start_char) == candidates[-1].paragraph):
                continue  # "مراسم یادبود ... برگزار شد. ... در آن رویداد ده‌ها نفر جان باختند": the memorial's occasion
            if live and candidates and paragraph_of(para_starts, sent.start_char) == candidates[-1].paragraph and \
                    _all_acts_before(text, live):
                continue  # "... محکوم کرد. این کارگر سال گذشته بازداشت شده بود": what had happened before the lead's event
            if live and released_in is not None and released_in == paragraph_of(para_starts, sent.start_char) and \
                    _all_acts_before(text, live):
                continue  # "X روز سه‌شنبه با قرار وثیقه آزاد شد. او ماه گذشته ... بازداشت شده بود": the custody ended
            released_in = paragraph_of(para_starts, sent.start_char) if (
                not live and v.release and v.release.search(text)) else None
            if live:
                candidates.append(candidate(doc, sent, live, claim, sdates, places, para_starts))
                _identified_in_the_last_clause(doc, sent, candidates[-1], places)
                if v.identity is not None and v.identity.search(text) or _names_announced(text):
                    # "هویت زندانی اعدام‌شده ...، X، ۴۱ ساله، احراز شد": the act is an attribute, the sentence names
                    _identified_victims(candidates[-1], sent, places)
            elif candidates and paragraph_of(para_starts, sent.start_char) == candidates[-1].paragraph:
                _identified_victims(candidates[-1], sent, places)
        _arrests_at_the_protest(candidates)
        merged = merge(candidates)
        _bulletin_source(doc, merged, para_starts)
        _relative_told_after(doc, merged, claims, para_starts)
        merged = _without_relatives_retelling(merged)
        # a later sentence without a date of its own takes the paragraph's last date, but not one a background
        # relative tells ("... مهسا امینی که ۲۵ شهریور ۱۴۰۱ ... جان باخت، ... . شش نفر بازداشت شدند": today's)
        told = [d for d in dates if not any(s <= d.start < e for s, e in earlier)]
        for c in merged:
            if c.date is None:
                # only the announcement's day was told ("پلیس روز دوشنبه از دستگیری سه نفر خبر داد") and no later
                # sentence gave the act's: the act was on or before it, the announcement's day the nearest told
                said = [d for d in dates if c.sent.start_char <= d.start < c.sent.end_char and d.value]
                c.date = said[0] if said else None
        return [finish(c, doc, told, places, para_starts) for c in merged]


def _announced_by(doc: Doc, sent: Span, claim, cand: Candidate) -> None:
    """"... سرباز وظیفه X به شهادت رسید. دادستان ایذه با اعلام این خبر گفت ...": the speaker who announces the news the
    sentence before told is its source too (after the outlet that relays it)."""
    who = _claimant(doc, sent, claim)
    if not who or who == "author":
        return
    parts = [p for p in (cand.claimant or "author").split("; ") if p != "author"]
    if who not in parts:
        cand.claimant = "; ".join(parts + [who])


def _all_acts_before(text: str, live: list[Found]) -> bool:
    """Whether every act a sentence tells is in the past perfect ("... کشته شده بود", "بازداشت شده بودند"): after a
    sentence of the paragraph that told its event, such a sentence tells what had happened before it (the crime a
    court tried, the arrest a sentence follows), background, as a past-perfect relative clause is."""
    acts = [f for f in live if f.is_act]
    if not acts and live and all(f.nominal for f in live) and vocab().earlier_relative_time.search(text):
        # no act left (a release dropped the custody it ended: "... اسفندماه سال گذشته پس از شرکت در یک تجمع بازداشت و
        # پس از یک ماه با قرار وثیقه آزاد شده بود"), a time long before, and every event noun's clause ends in the past
        # perfect: the same background (not "تجمع روز یکشنبه ... برگزار شده بود": a recent gathering the lead follows)
        verbs = [_clause_verb(text, f.end) for f in live]
        return all(m is not None and vocab().past_perfect.search(text, max(0, m.start() - 6), m.end()) for m in verbs)
    return bool(acts) and all(f.verb is not None and vocab().past_perfect.search(text, f.start, f.end) for f in acts)


def _bulletin_source(doc: Doc, cands: list[Candidate], para_starts: list[int]) -> None:
    """A monitor's or an agency's item names its source once, often in its second sentence ("... بازداشت
    کردند. به گزارش هرانا، ..."): an incident its own sentence tells without a source takes the one
    organisation (an outlet or a monitor of data/actors.yaml) that a source phrase names in its paragraph;
    not where two organisations are cited, nor a person ("به گفته یک منبع مطلع")."""
    from rasad.analysis.canon import get_actor_table

    table = get_actor_table()
    by_para: dict[int, dict[str, str]] = {}
    for q in getattr(doc._, "quotes", None) or []:
        if not q.speaker or not q.derived_from.startswith(("fa:prefix", "fa:headline")):
            continue
        mention = (q.speaker_mention or "").strip()
        actor = table.actors.get(q.speaker_actor) if q.speaker_actor else None
        words = fold_key(mention).split()
        if not (actor is not None and actor.kind == "organisation" if q.speaker_actor else
                bool(words) and (words[0] in quotes_lexicon().organisations or words[0] in quotes_lexicon().outlet_words)):
            continue  # an organisation of the actors file, or one named by its kind ("کمپین فعالان بلوچ")
        name = q.speaker if not mention or mention in q.speaker else f"{mention} ({q.speaker})"
        by_para.setdefault(paragraph_of(para_starts, q.start), {}).setdefault(q.speaker_actor or fold_key(mention), name)
    for c in cands:
        sources = by_para.get(c.paragraph) or {}
        parts = (c.claimant or "author").split("; ")
        if "author" in parts and len(sources) == 1:
            # (a joined incident's own part: "author; X" when a later sentence gives another side's words)
            name = next(iter(sources.values()))
            c.claimant = "; ".join(dict.fromkeys(name if p == "author" else p for p in parts))


def _relative_told_after(doc: Doc, cands: list[Candidate], claims: list, para_starts: list[int]) -> None:
    """"X روز یکشنبه ... کشته شد. برادر او به هرانا گفت ..."، "... جان باخت. یکی از بستگان او گفت: «...»": an
    incident told in the author's voice whose paragraph goes on with a relative's words has it from the
    relative (and the outlet the relative spoke to, which the claim names): the family is the source, as in
    English ("His family said ..." after the lead). The nearest such sentence after it; none where the item has
    named another source."""
    for c in cands:
        if (c.claimant or "author") != "author" or not c.evidence:
            continue
        last = max(e for _s, e in c.evidence)
        for sent in _sentences(doc):
            if sent.start_char < last or paragraph_of(para_starts, sent.start_char) != c.paragraph:
                continue
            claim = _claim_for(sent, claims)
            if claim is not None and claim.asserted_by and _a_relative(claim.asserted_by):
                c.claimant = _claimant(doc, sent, claim)
                break


def _without_relatives_retelling(cands: list[Candidate]) -> list[Candidate]:
    """"... جان باخت. یکی از بستگان او گفت: «... آثار ضرب و شتم دیده می‌شد»": a relative's words after the lead
    that name a harm again with no figure of their own, and no one but the lead's victim, tell the lead's
    incident (whose claimant the relative already is: ``_relative_told_after``), no second one."""
    kept: list[Candidate] = []
    for c in cands:
        lead = next((p for p in reversed(kept) if p.paragraph == c.paragraph and p.counts
                     and p.claimant == c.claimant), None)
        others = [v for v in c.victims if lead is None or not any(
            v.name in x.name or x.name in v.name for x in lead.victims)]
        if lead is not None and not c.counts and not others and not c.kinds - {"attack"} and \
                c.claimant and c.claimant != "author" and _a_relative(c.claimant):
            continue
        kept.append(c)
    return kept


def _a_relative(source: str) -> bool:
    """Whether a source is named as a relative of someone ("برادر او"، "مادرش"، "یکی از بستگان او"، "خانواده
    وی"): the kin word first, after "one of" and with a possessive ending."""
    v = vocab()
    words = fold_key(source).replace(ZWNJ, "").split()
    while words and words[0] in v.source_quantifiers:
        words.pop(0)  # "یکی از بستگان او": one of the relatives
    if not words:
        return False
    first = words[0]
    stems = {first} | {first[:-len(e)] for e in ("ش", "شان", "م", "ان", "های", "ها") if first.endswith(e)}
    return bool(stems & (v.kin | v.relatives_circle))


def _arrests_at_the_protest(candidates: list[Candidate]) -> None:
    """Arrests told in the sentence after a protest, in its paragraph, on no other day or in no other town ("...
    ماموران با شلیک گاز اشک‌آور تجمع‌کنندگان را متفرق کردند. به گفته X دست‌کم هفت نفر بازداشت شدند."): the
    protest's intervention (ACLED codes arrests at a protest so), one incident with it, not arrests of their own."""
    for prev, cand in zip(candidates, candidates[1:]):
        if prev.paragraph != cand.paragraph or prev.type != "Protests" or cand.kinds or not cand.acts or \
                not cand.acts <= {"arrested", "detained"}:
            continue
        if cand.date is not None and prev.date is not None and cand.date.value != prev.date.value:
            continue
        if cand.place is not None and prev.place is not None and cand.place.geonameid != prev.place.geonameid:
            continue
        cand.type, cand.sub_type = "Protests", "Protest with intervention"


def _identified_victims(cand: Candidate, sent: Span, places: list) -> None:
    """A sentence with no event that identifies people ("هویت یکی از آنان، X ۲۲ ساله، احراز شده است") names
    the victims of the incident before it: they join its victims with its gravest fate."""
    v = vocab()
    text = _hamza_free(sent.text)
    label = v.names_label.match(text)  # "اسامی: X و Y" (the names:), a post's list after its news
    if (v.identity is None or not v.identity.search(text)) and not v.one_of_them.search(text) and \
            not _names_announced(text) and label is None:
        return
    blocked = [(p.start - sent.start_char, p.end - sent.start_char) for p in places
               if sent.start_char <= p.start < sent.end_char]
    fate = next((f for f in ("killed", "injured", "arrested") if f in cand.acts), None)
    if fate is None and "executed" in cand.acts:
        fate = "killed"
    if fate is None:
        return
    named = victim_names(text, 0, len(text), blocked)
    if label is not None:
        named += [n for n in _full_names_from(text, label.end(), blocked) if n not in named]
    named += _listed_before_identity_verb(text, blocked + named)
    for comma in re.finditer(r"،\s*", text):  # "هویت دو تن از آنان، X و Y، احراز شده است": a list of names
        listed = _full_names_from(text, comma.end(), blocked + named)
        if listed and re.match(r"\s*[،,]", text[listed[-1][1]:]):  # set off by commas
            named += listed
    for s, e in named:
        if not any(x.name == sent.text[s:e] for x in cand.victims):
            cand.victims.append(Victim(name=sent.text[s:e], fate=fate, age=_age_after(text, e),
                                       start=sent.start_char + s, end=sent.start_char + e))
            if (sent.start_char, sent.end_char) not in cand.evidence:
                cand.evidence.append((sent.start_char, sent.end_char))


_NAME_LIST_END = re.compile(r"[.!?؟؛;:،,\"()\n]")  # a clause's end, but not guillemets: names are set off by them


def _names_announced(text: str) -> bool:
    """"نام دو تن از بازداشت‌شدگان X و Y اعلام شده است": a sentence that announces names (the identity noun, then
    its verb in the same clause)."""
    v = vocab()
    for cue in v.identity_noun.finditer(text):
        stop = _NAME_LIST_END.search(text, cue.end())
        if v.identity_verb.search(text, cue.end(), stop.start() if stop else len(text)):
            return True
    return False


def _listed_before_identity_verb(text: str, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"هویت این دو زندانی X و Y عنوان شده است": the names joined by "و" between the identity noun and the verb
    that announces them, each read back from its end (two or three words, not the people's noun before it)."""
    v = vocab()
    out: list[tuple[int, int]] = []
    for cue in v.identity_noun.finditer(text):
        stop = _NAME_LIST_END.search(text, cue.end())
        verb = v.identity_verb.search(text, cue.end(), stop.start() if stop else len(text))
        if verb is None:
            continue
        end = verb.start()
        while end > cue.end():
            span = _name_words(text, end, False, limit=3)
            if span is None or len(text[span[0]:span[1]].split()) < 2 or any(s < b and a < e for a, b in blocked
                                                                              for s, e in [span]):
                break
            out.append(span)
            before = re.search(r"»?[\s\u200c]+و[\s\u200c]+«?$", text[cue.end():span[0]])  # "X و Y", "«X» و «Y»"
            if before is None:
                break
            end = cue.end() + before.start() + before.group().startswith("»")
    return sorted(out)


def _identified_in_the_last_clause(doc: Doc, sent: Span, cand: Candidate, places: list) -> None:
    """"... جان باخت؛ خبرگزاری تسنیم او را X معرفی کرد": a last clause after "؛" with no event of its own that
    identifies people names the victims of the clause before it, as a sentence of its own would."""
    cut = sent.text.rfind("؛")
    if cut == -1:
        return
    clause = doc.char_span(sent.start_char + cut + 1, sent.end_char, alignment_mode="expand")
    if clause is not None and len(clause) and not live_triggers(_hamza_free(clause.text), False):
        _identified_victims(cand, clause, places)


_SENTENCE_END = re.compile(r"(?<=[.!?؟])[\s»\"]*\s|\n+")


def _sentences(doc: Doc):
    """The Doc's sentences, each cut again at a full stop followed by a space and at a line break (a headline
    has no full stop; a sentencizer that joins the sentence after a line break to the one before must not
    join two incidents' counts)."""
    text = doc_text(doc)
    for sent in doc.sents:
        start = sent.start_char
        for m in _SENTENCE_END.finditer(text, sent.start_char, sent.end_char):
            span = doc.char_span(start, m.start(), alignment_mode="expand")
            if span is not None and len(span):
                yield span
            start = m.end()
        span = doc.char_span(start, sent.end_char, alignment_mode="expand")
        if span is not None and len(span) and start < sent.end_char:
            yield span


@dataclass
class PersianIncidentExtractor:
    """The ``rasad_incidents`` component of the Persian pipeline (``rasad.languages.component``)."""

    name: str = "rasad_incidents"
    errors: list = field(default_factory=list)

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.incidents = [r.model_dump(mode="json") for r in extract_incidents(doc)]
        except Exception as exc:  # one bad sentence must not lose the report's other analyses
            doc._.incidents = []
            doc.user_data["rasad_incidents_error"] = repr(exc)
        return doc

    def pipe(self, docs, batch_size: int = 64):
        for doc in docs:
            yield self(doc)


def make_component(nlp: Language, name: str) -> PersianIncidentExtractor:
    return PersianIncidentExtractor(name=name)


# ---------------------------------------------------------------------------------------------- memorial stories
@functools.lru_cache(maxsize=4)
def _story_words(lex: Lexicon) -> tuple[re.Pattern | None, re.Pattern | None, frozenset[str]]:
    words = lex.word_set
    any_ending = r"[\w\u200c]*"
    description = set()
    for w in words("description_nouns"):
        bare = w.replace(ZWNJ, "")
        description.update({bare, bare + "ها", bare + "های", bare + "ان"})
    return (_alternation(words("story_death"), any_ending), _alternation(words("story_not_death"), any_ending),
            frozenset(description))


_ONE_FOR_ONE = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                              **{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}})


def story_birth_days(text: str, days: list) -> set[int]:
    """The starts of the day mentions a story marks as a birth ("زادهٔ ۱۰ بهمن"، "تولدش بود (۲۶ بهمن)")."""
    birth = _birth_before()
    plain = text.translate(_ONE_FOR_ONE)
    return {d.start for d in days if birth.search(plain[max(0, d.start - 20):d.start])}


@functools.lru_cache(maxsize=1)
def _birth_before() -> re.Pattern:
    """A birth word right before a day (fa.yaml "patterns": "story_birth_before")."""
    return re.compile(lexicon(LANG).pattern("story_birth_before"))


def story_death_day(text: str, days: list) -> object | None:
    """The day of death among a story's day mentions (``days``: records with start/end in ``text``): not a
    birth ("زادهٔ ۱۰ بهمن ..."); the later of a lifespan "(X – Y)"; else a day right before or after a death
    word in its sentence ("۱۷ مهر زیر شکنجه جان سپرد", "درگذشتهٔ ۳۰ خرداد"); None when no day is marked so.
    Read on the stored text with the one-for-one Persian letters and digits, so offsets stay."""
    death = _alternation(lexicon(LANG).word_set("story_death_event"), r"[\w\u200c]*")
    birth = _birth_before()
    plain = text.translate(_ONE_FOR_ONE)
    # a death sentence passed ("به اعدام محکوم شد") is no death: blanked, one space a letter (offsets hold)
    plain = re.sub(lexicon(LANG).pattern("story_sentence_passed"), lambda m: " " * len(m.group()), plain)
    days = sorted(days, key=lambda d: d.start)

    def births(d) -> bool:
        return bool(birth.search(plain[max(0, d.start - 20):d.start]))

    kept = [d for d in days if not births(d)]
    for a, b in zip(days, days[1:]):  # a lifespan: "(۱۱ تیر ۱۳۸۵ – ۳۰ شهریور ۱۴۰۱)"
        between = plain[a.end:b.start]
        if re.fullmatch(r"[^()]{0,20}[–—-][^()]{0,20}", between) and "(" in plain[max(0, a.start - 20):a.start] \
                and b in kept:
            return b
    if death is None:
        return None
    for i, d in enumerate(kept):
        nxt = kept[i + 1].start if i + 1 < len(kept) else len(plain)
        after = plain[d.end:nxt]
        after = re.split(r"[.!?؟\n]", after, maxsplit=1)[0]
        before = plain[max(0, d.start - 16):d.start]
        if death.search(after) or death.search(before):
            return d
    return None


def story_states_death(text: str) -> bool | None:
    """Whether a memorial story states or implies its person's death: True, False (it tells of an arrest, a
    disappearance or an injury only), None (neither)."""
    death, not_death, _ = _story_words(lexicon(LANG))
    if death is not None and death.search(text) or _death_idiom().search(text):
        return True
    if not_death is not None and not_death.search(text):
        return False
    return None


@functools.lru_cache(maxsize=1)
def _death_idiom() -> re.Pattern:
    """A family's idiom of dying that a word list cannot hold (fa.yaml "patterns": "story_death_idiom")."""
    return re.compile(lexicon(LANG).pattern("story_death_idiom"))


_LEADING = re.compile(r"^[\s#\"'«»“”\-–—.:…]+")
_LEADING_AT = re.compile(r"[\s#\"'«»“”\-–—.:…]+")  # the same, matched at a position
# a one- or two-word other name in brackets after a given name, before the family name ("مهسا (ژینا) امینی")
_BRACKETED_ALIAS = re.compile(r"\s*\(\s*([^\W\d_][\w\u200c]*(?:\s[^\W\d_][\w\u200c]*)?)\s*\)\s*(?=[^\W\d_])")


def _ends_name(word: str, following: str, description: frozenset[str]) -> bool:
    """A word that is no part of a person's name: a function word, a description ("جوان", "جوانان"; "دانشجوی"
    with the ezafe to the word after it), a date word, a trigger or a verb."""
    v = vocab()
    bare = word.replace(ZWNJ, "")
    if bare in v.name_stop or bare in v.trigger_words or bare in description:
        return True
    for ezafe in ("ی", "ای"):
        stem = bare[:-len(ezafe)]
        if bare.endswith(ezafe) and stem in description and (re.match(r"\s+[^\W\d_]", following) or
                                                              ezafe == "ی" and stem.endswith(("و", "ا"))):
            # "دانشجوی رشته ...", not the surname "وکیلی" at the end of a name; after a final vowel ("دانشجو")
            # the "ی" is the ezafe's glide, never a surname's ending, whatever follows ("دانشجوی ۱۹ ساله")
            return True
    return any(p.fullmatch(word) for p in v.clause_verbs)


def story_name(text: str, start: int = 0) -> tuple[int, int] | None:
    """The span of the person a memorial story is about: its opening noun phrase (after a title such as
    "جاویدنام", a hashtag, an opening attribution "به گزارش X،" or quotes), up to a punctuation mark, a digit
    (an age, a date), a function word, a description ("جوان"، "دانشجوی") or a verb; one to five words.
    Structural, not a list of names: Persian stories open with the person's name as their subject."""
    v = vocab()
    _death, _not, description = _story_words(v.lex)
    lead = _LEADING_AT.match(text, start)
    pos = lead.end() if lead else start
    if v.story_openers is not None:
        m = v.story_openers.match(text, pos)
        comma = text.find("،", pos, pos + 60)
        if m is not None and comma != -1:
            pos = comma + 1
            pos += len(text[pos:]) - len(_LEADING.sub("", text[pos:]))
    while True:  # titles: "جاویدنام", "شهید", "زنده‌یاد", "کاک" ...
        m = v.story_titles.match(text, pos) if v.story_titles else None
        if m is None:
            break
        pos = m.end()
        pos += len(text[pos:]) - len(_LEADING.sub("", text[pos:]))
    words: list[tuple[int, int]] = []
    at = pos
    for m in re.finditer(r"[\w\u200c]+", text[pos:pos + 120]):
        s, e = m.start() + pos, m.end() + pos
        if s < at:
            continue  # a word of the bracketed other name skipped below
        alias = _BRACKETED_ALIAS.match(text, at) if len(words) == 1 and at == words[0][1] else None
        if alias is not None and s < alias.end():
            at = alias.end()  # "مهسا (ژینا) امینی": the other given name in brackets is part of the name
            continue
        if words and text[at:s].strip(" _"):
            break  # a comma, a bracket, a colon, a quote: the name ended
        word = m.group().replace("_", " ").strip()
        if not word or any(c.isdigit() for c in word) or not re.match(r"[\u0600-\u06FF]", word):
            break
        if not words and word in v.given_name_months:
            # a month that is a given name opening the story, a name's word after it ("بهمن صفایی"), not a date
            nxt = re.match(r"[ \u200c]+([\w\u200c]+)", text[e:e + 40])
            if nxt and not any(c.isdigit() for c in nxt.group(1)) and \
                    not _ends_name(nxt.group(1), text[e + nxt.end():e + nxt.end() + 3], description):
                words.append((s, e))
                at = e
                continue
        if any(_ends_name(w, text[e:e + 3] if w == word.split()[-1] else " x", description) for w in word.split()):
            break
        words.append((s, e))
        at = e
        if len(words) == 5:
            break
    if not words:
        return None
    return words[0][0], words[-1][1]


@functools.lru_cache(maxsize=1)
def _name_word_classes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Word classes that are no part of a person's name: spaCy's Persian stop words (function words, pronouns,
    auxiliaries, time words such as "مدت"), the forms of the light verbs and the copula that are not finite
    verbs (infinitive "شدن", participle "شده", "بوده"); and the surname formants ("زاده") that a stop-word list
    may hold but that end compound family names ("حسن زاده")."""
    from spacy.lang.fa.stop_words import STOP_WORDS

    lex = lexicon(LANG)
    stems = set(_stems(lex, "light_verbs")) | set(_stems(lex, "clause_verbs")) | {"بود", "داشت", "گشت"}
    verbal = {s + "ن" for s in stems} | {s + "ه" for s in stems} | {"باد"}  # "باد": "may it be" ("گرامی باد")
    formants = frozenset(w.replace(ZWNJ, "") for w in lex.word_set("name_formants"))
    return frozenset(w.replace(ZWNJ, "") for w in STOP_WORDS), frozenset(verbal), formants


def _name_word_class(word: str, first: bool) -> str:
    """"name" for a word that can be part of a person's name (``first``: its first word), else its class:
    "verb" (an infinitive "شدن", a participle "شده"/"بوده", a light verb's finite form), "number" (spaCy's
    ``like_num``: "سه", "اول", "پنجم"), "other" (a stop word, save a surname formant after the first word; a
    plural "ها"/"کاندیداهای"; a word with a digit). Word classes, not a list of names."""
    from spacy.lang.fa.lex_attrs import like_num

    stop, verbal, formants = _name_word_classes()
    bare = word.replace(ZWNJ, "")
    if not bare or any(c.isdigit() for c in bare):
        return "other"
    if like_num(bare):
        return "number"
    if word.startswith("بی" + ZWNJ) and len(bare) > 3:
        return "epithet"  # "بی‌جان" (lifeless), "بی‌گناه" (innocent): an adjective made with "بی‌", before a name
    description = _story_words(lexicon(LANG))[2]
    if any(bare.endswith(end) and bare[:-len(end)] in description for end in _FIRST_PERSON_ENDINGS):
        return "epithet"  # "پسرمان X" (our son X): the family tells of its own, who is named after
    if any(bare.endswith(end) and bare[:-len(end)] in description for end in _POSSESSIVE_ENDINGS):
        return "other"  # "پدرش، حسن ...": his father (a description noun with a possessive ending), a relative
    if any(bare.endswith(end) and bare[:-len(end)] in description for end in _PLURAL_ENDINGS):
        return "other"  # "عاملان اصلی", "کارگران": the plural of a noun of people names a group, no one person
    if bare in _body_parts() or re.sub(r"(?:ی|ای)$", "", bare) in _body_parts():
        return "epithet"  # "گلوی X", "سینه X" (X's throat, chest: with the ezafe): the part of the body hit
    if bare in verbal or any(p.fullmatch(word) for p in vocab().clause_verbs):
        return "verb"
    if bare in stop and (first or bare not in formants):
        return "other"
    if bare == "ها" or (len(bare) > 3 and (_PLURAL_JOINED.search(word) or re.search(r"هایی?$", bare))):
        return "other"
    return "name"


_PLURAL_JOINED = re.compile("\u200cها(?:ی|یی)?$")
# the possessive endings of a noun ("پدرش" his father, "مادرم" my mother, "برادرشان" their brother); the first
# person's (my, our) tell of the family's own
_POSSESSIVE_ENDINGS = ("ش", "م", "ت", "شان", "مان", "تان")
_FIRST_PERSON_ENDINGS = ("م", "مان")
_PLURAL_ENDINGS = ("ان", "ین", "ها")


@functools.lru_cache(maxsize=1)
def _body_parts() -> frozenset[str]:
    return frozenset(w.replace(ZWNJ, "") for w in lexicon(LANG).word_set("body_parts"))


def name_like(word: str, first: bool) -> bool:
    """Whether a word can be part of a person's name (see ``_name_word_class``)."""
    return _name_word_class(word, first) == "name"


def clean_name(text: str, min_words: int = 1, after: str = "") -> str | None:
    """The name in a candidate phrase, read by word class (``_name_word_class``): leading verb forms dropped
    (they end the clause before: "جاویدنام شدن X"); a phrase opening with another non-name word (a stop word,
    a plural noun, a number) is no name; a verb or a number inside it makes it a clause or a numbered noun
    ("صورتش متلاشی شده", "شعبه اول"), no name; a stop word or a plural after the name ends it. None when no
    name or fewer than ``min_words`` words remain. ``after``: the text after the phrase; its first word, when
    only a space stands between and it is a verb, says the phrase ends with a predicate: a participle ("آسیب
    دیده" + "بود": a clause, no name) or an adjective, dropped ("زهرا کریمی باردار" + "بود")."""
    words = text.replace("_", " ").split()
    follow = re.match(r"[ \u200c]+([\w\u200c]+)", after)
    tail = [follow.group(1)] if follow else []
    kept: list[str] = []
    for n, w in enumerate(words + tail):
        if n == len(words):  # the word after the phrase only tells whether it ended with a clause's predicate
            if kept and len(kept) == len(words) and _name_word_class(w, False) == "verb":
                if re.search(r"[دت]ه$", kept[-1]) or len(kept) < 3:
                    return None  # a participle before its auxiliary ("آسیب دیده بود"): a clause, no name
                kept.pop()  # an adjective before the copula ("X Y باردار بود"): the name is before it
            break
        kind = _name_word_class(w, not kept)
        if kind == "name":
            kept.append(w)
        elif not kept and kind in ("verb", "epithet"):
            continue
        elif not kept or kind in ("verb", "number"):
            return None
        else:
            break
    return " ".join(kept) if len(kept) >= min_words else None


def registry_form(name: str) -> str:
    """A name as name registries and memorial lists write it: every part of a compound a word of its own (a ZWNJ
    between the parts as a space: "کریم‌زاده" -> "کریم زاده", "عزت‌الله" -> "عزت الله"; texts join the parts
    with a ZWNJ, a space or nothing, and lists write them apart), and a word-final hamza after alef dropped, as
    Persian spelling drops it ("اسراء" -> "اسرا"). A part written joined without a ZWNJ ("امیرحسین") stays one
    word: where it splits is not written."""
    words = name.replace(ZWNJ, " ").split()
    return " ".join(re.sub("\u0627\u0621$", "\u0627", w) for w in words)


def story_names(text: str) -> list[str]:
    """The names a memorial story gives its person: the opening noun phrase, else a name found by the news cues
    (a title, "به نام", "از جمله", an age after it); each read through ``clean_name``, so a phrase of function
    words, verbs or numbers ("مدت ها", "شعبه اول") is no name and the next cue is tried."""
    text = text.translate(_HASHTAG_AS_WORDS)  # "#علی_احمدی" is "علی احمدی" (offsets kept)
    labelled = _labelled_name(text)
    if labelled is not None:
        return [labelled]
    name_is = _alternation(lexicon(LANG).word_set("name_is_words"))
    for m in name_is.finditer(text) if name_is is not None else ():
        found = _name_words(text, m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()), True)
        # the copula after the name is expected here ("نامش X Y بود"), so the name is read without what follows
        name = clean_name(text[found[0]:found[1]], min_words=2) if found is not None else None
        if name is not None:
            return [name]
    v = vocab()
    span = story_name(text)
    quoted = None
    if span is not None and _LEADING.match(text) and "«" in _LEADING.match(text).group():
        quoted, span = span, None  # a story opening with a quoted phrase («بابا نادر» ...): a nickname, tried last
    if span is not None and _is_actor(text, span):
        span = None  # "خودروی نیروی انتظامی ...": an actor opens the story, not the person
    if span is not None and re.match(r"\s*[:：]\s*\d", text[span[1]:]):
        span = None  # a field's label before its date or figure ("سالروز جاودانگی: ۲۸ آبان ..."), no name
    if span is not None:
        name = clean_name(text[span[0]:span[1]], after=text[span[1]:span[1] + 40])
        if name is not None and len(name.split()) == 1 and name.replace(ZWNJ, "") in v.people:
            name = None  # a kin or description noun opening the story ("مادربزرگ ۷۲ ساله‌ای به نام X"): no name
        rest = span[1] + len(text[span[1]:]) - len(text[span[1]:].lstrip(" ،,"))
        # one word before a title ("یاد جاویدنام X Y ..."): the titled name after it is the person
        titled_after = name is not None and len(name.split()) == 1 and v.titles is not None and \
            v.titles.match(text, rest) is not None
        if name is not None and not titled_after:
            # a one-word opening ("مهران، آرمان و میلاد ... مهران شاکری"): the full name the text writes, if any
            return [known_as(text, span[1]) or _patronymic(text, span[1], name) or
                    (_full_name(text[span[1]:], name) if len(name.split()) == 1 else None) or name]
    after = _alternation(lexicon(LANG).word_set("name_after_words"))
    for m in after.finditer(text) if after is not None else ():
        rest = text[m.end():]
        found = _name_words(text, m.end() + len(rest) - len(rest.lstrip()), True)
        if found is not None:
            name = clean_name(text[found[0]:found[1]], min_words=2, after=text[found[1]:found[1] + 40])
            if name is not None:
                return [name]
    for s, e in victim_names(text, 0, len(text), []):
        # a force named before the name ("ماموران ... X Y ۴۰ ساله را زدند"): the name starts after it
        s = max([s] + [a.end for a in actor_mentions(_hamza_free(text), s, e) if a.inter in (1, 2, 3, 4)])
        s += len(text[s:e]) - len(text[s:e].lstrip())
        name = clean_name(text[s:e], min_words=1 if _titled(text, s) else 2, after=text[e:e + 40]) if s < e else None
        if re.search(r"(?:^|[\s\u200c])در[\s\u200c]+$", text[max(0, s - 4):s]):
            continue  # "در X Y، ..." (in X Y): a place, not a person
        if name is not None and not _is_actor(text, (s, e)):
            return [name]
    # the subject of a later sentence, where the first names nobody ("۲۳ ساله ... بود. X Y، اهل ...") or
    # tells of someone else: a full name opening one of the next sentences, before a comma or an age
    for m in _SENTENCE_START.finditer(text, 0, min(len(text), 400)):
        span = story_name(text, m.end())
        if span is None or _is_actor(text, span):
            continue
        name = clean_name(text[span[0]:span[1]], min_words=1, after=text[span[1]:span[1] + 40])
        death = _story_words(v.lex)[0]
        if name is None or _names_a_place(name) or (death is not None and death.search(name)):
            continue  # a place, or a grave or a burial ("آرامستان X")
        # the name ends at a comma or an age, or (two words at least) at a function or time word ("X Y روز ۱۹ دی")
        nxt = re.match(r"\s*([\w\u200c]+)", text[span[1]:span[1] + 30])
        if not re.match(r"\s*(?:،|\d|[۰-۹])", text[span[1]:span[1] + 3]) and \
                not (len(name.split()) > 1 and nxt and nxt.group(1).replace(ZWNJ, "") in vocab().name_stop):
            continue
        full = name if len(name.split()) > 1 else _full_name(text, name)
        if full is not None:
            return [full]
    if quoted is not None:
        name = clean_name(text[quoted[0]:quoted[1]], after=text[quoted[1]:quoted[1] + 40])
        if name is not None:
            return [name]
    # a story opening with when or where, then a comma ("در روز ۱۸ دی، X Y در سقز ..."; "دو روز مانده به تولدش، روز
    # ۱۹ دی، X Y ..."): the full name after one of the first sentence's commas
    first = _SENTENCE_END_AT.search(text)
    for comma in [m.start() for m in re.finditer("،", text[:min(120, first.start() if first else len(text))])][:3]:
        span = story_name(text, comma + 1)
        if span is not None and not _is_actor(text, span):
            name = clean_name(text[span[0]:span[1]], min_words=2, after=text[span[1]:span[1] + 40])
            if name is not None and not _names_a_place(name):
                return [name]
    # a relative speaking of the person ("مادر X Y در ویدیویی گفت دخترش ..."): the full name after a kin noun that
    # opens the story or a sentence, where the story goes on to speak of X alone ("X ۱۶ سال داشت")
    for m in re.finditer(r"(?:^|(?<=[.!?؟\n]))[\s«»\"]*([^\W\d_][\w\u200c]*)[ \u200c]+", text):
        if m.group(1).replace(ZWNJ, "") not in v.kin:
            continue
        found = _name_words(text, m.end(), True)
        name = clean_name(text[found[0]:found[1]], min_words=2) if found is not None else None
        if name is not None and re.search(START + re.escape(name.split()[0]) + r"(?![\w\u200c])", text[found[1]:]):
            return [name]
    return []


_SENTENCE_END_AT = re.compile(r"[.!?؟\n]")


_SENTENCE_START = re.compile(r"(?<=[.!?؟\n:])[\s»\"]*")  # a colon too: "... جان باخت: X Y، ..."


def _names_an_organisation(name: str) -> bool:
    """Whether a phrase read as a name is an outlet's or an organisation's ("سازمان هه‌نگاو", "خبرگزاری هرانا",
    "هرانا"): its first word is an outlet's or an organisation's word, or the phrase is an organisation's alias."""
    words = fold_key(name).split()
    lex = quotes_lexicon()
    return bool(words) and (words[0] in lex.organisations or words[0] in lex.outlet_words
                            or " ".join(words) in lex.organisations)


def _is_actor(text: str, span: tuple[int, int]) -> bool:
    """Whether the phrase at ``span`` holds the words of a force ("نیروی انتظامی", "سپاه"; ACLED inter 1-4: state
    forces, rebels, militias): no person's name. Civilian and protester words are not counted: a surname may
    hold one ("وکیلی", with "وکیل", lawyer)."""
    return any(a.start < span[1] and span[0] < a.end and a.inter in (1, 2, 3, 4)
               for a in actor_mentions(_hamza_free(text), span[0], span[1]))


def _hamza_free(text: str) -> str:
    """The text with alef-hamza as a plain alef, one letter for one ("مأموران" as the actor words write it): the
    incident steps read this view of each sentence (the normaliser keeps أ, which spells Persian words, so the
    vocabulary would miss "مأمور" and "تأیید" as agencies often write them)."""
    return text.replace("أ", "ا")


def _full_name(text: str, given: str) -> str | None:
    """A one-word name completed from the text: the given name followed by a family name elsewhere in the
    story ("... از روی مهدی جعفری‌نژاد گذشت. مهدی ۲۷ ساله بود": "مهدی جعفری‌نژاد"); None when the text
    never writes it with a second name."""
    for m in re.finditer(START + re.escape(given) + r"[ \u200c]+([\w\u200c]+)", text):
        if name_like(m.group(1), False) and not _ends_name(m.group(1), " x", _story_words(lexicon(LANG))[2]):
            return f"{given} {m.group(1)}"
    return None


def _patronymic(text: str, end: int, given: str) -> str | None:
    """A one-word name followed by "فرزند" and the father's full name ("علی فرزند حسین اکبری"): the person's
    name is the given name with the family name (the father's last word); None otherwise ("X Y فرزند Z" keeps
    X Y)."""
    m = re.match(r"[ \u200c]+فرزند[ \u200c]+", text[end:])
    if m is None or len(given.split()) != 1:
        return None
    found = _name_words(text, end + m.end(), True)
    father = clean_name(text[found[0]:found[1]], min_words=2) if found is not None else None
    return f"{given} {father.split()[-1]}" if father is not None else None


def _names_a_place(name: str) -> bool:
    """Whether a phrase after a preamble is a place's name, not a person's ("در گیلان، آستانه اشرفیه ...")."""
    from rasad.languages.fa.normalise import fold
    from rasad.languages.fa.where import _lookup

    words = name.split()
    return any(_lookup(fold(" ".join(words[:n])), joined=True) for n in (len(words), 2))


def _labelled_name(text: str) -> str | None:
    """The name of a story written as a form: "نام و نام خانوادگی: X" / "نام: X" with "نام خانوادگی: Y"."""
    v = vocab()
    found = v.name_label.search(text)
    if found is None:
        return None
    line = text[:text.find("\n", found.end())] if "\n" in text[found.end():] else text  # a field is one line
    span = _name_words(line, found.end(), True)
    name = clean_name(text[span[0]:span[1]]) if span else None
    family = v.family_name_label.search(text)
    if name is not None and len(name.split()) == 1 and family is not None:
        line = text[:text.find("\n", family.end())] if "\n" in text[family.end():] else text
        fspan = _name_words(line, family.end(), True)
        surname = clean_name(text[fspan[0]:fspan[1]]) if fspan else None
        name = f"{name} {surname}" if surname else name
    return name


_HASHTAG_AS_WORDS = str.maketrans({"#": " ", "_": " "})


def known_as(text: str, end: int) -> str | None:
    """The name a person is known by, written right after their name: "X معروف به Y" / "مشهور به Y" /
    "ملقب به Y" (known as, called): the name lists and the public use, so the story's name (Y) when it is a
    full name of two words or more; a one-word nickname ("معروف به کاک") is not."""
    pattern = vocab().known_as
    m = pattern.match(text, end + len(text[end:]) - len(text[end:].lstrip(" ،,"))) if pattern is not None else None
    if m is None:
        return None
    rest = text[m.end():]
    pos = m.end() + len(rest) - len(rest.lstrip(" «\""))
    honorific = vocab().story_titles.match(text, pos) if vocab().story_titles else None
    if honorific is not None:  # "معروف به «کاک صالح»": a title and a given name are a nickname, not a full name
        pos = honorific.end() + len(text[honorific.end():]) - len(text[honorific.end():].lstrip())
    found = _name_words(text, pos, True)
    if found is None:
        return None
    return clean_name(text[found[0]:found[1]], min_words=2, after=text[found[1]:found[1] + 40])


def _titled(text: str, start: int) -> bool:
    """Whether a title ("جاویدنام", "زنده‌یاد") stands right before ``start``: a one-word name is a name then."""
    titles = vocab().titles
    before = text[max(0, start - 20):start].rstrip(" _#")
    return titles is not None and any(m.end() == len(before) for m in titles.finditer(before))
