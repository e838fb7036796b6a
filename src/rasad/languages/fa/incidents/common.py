"""Shared by every step of the Persian incident reader: the word-sequence regular expressions (a phrase, a verb in
every form), the vocabulary of ``data/incidents/fa.yaml`` compiled once (``vocab()``) and the trigger records."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rasad.incidents.lexicon import Lexicon, lexicon


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


def _hamza_free(text: str) -> str:
    """The text with alef-hamza as a plain alef, one letter for one ("مأموران" as the actor words write it): the
    incident steps read this view of each sentence (the normaliser keeps أ, which spells Persian words, so the
    vocabulary would miss "مأمور" and "تأیید" as agencies often write them)."""
    return text.replace("أ", "ا")
