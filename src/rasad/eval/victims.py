"""``rasad eval victims GOLD.jsonl [--out PRED.jsonl]``: victim stories -> who, killed?, when, where, how.

Reads only each record's ``id`` and ``text`` (never a gold field), runs the full analysis pipeline on
the text, builds one prediction per story from the incidents and the Doc's dates/places/entities, writes
the scorer's JSON Lines and prints the scorer's last line (../shared/eval/victims/score.py, run as is).

Per story:
- victims: the named victims of the incidents (killed first); else the first PERSON entity; else a
  leading capitalised name ("Javid Nam Ali Rezaei, 19, ..."): the stories are about one person.
- killed: True when an incident has a killing act or the text states a death; False when it only
  states an arrest, disappearance or injury; None when it says neither (the words: data/incidents/en.yaml
  "story_death", "story_not_death", read through ``rasad.incidents.victims.story_words``).
- date: the killing incident's date, else a day stated in a sentence that states the death, else
  another incident's day, else the first day-precision date of the text. A date whose year the text
  does not state is written with the placeholder year 0001 (the scorer's DATE_ACC compares month and
  day only; the strict full-date figures count these as wrong, honestly).
- place: the victim's town as the words around each place suggest (residence, else origin, else the
  first town named; ``rasad.incidents.victim_place``), else the capital of a province named alone
  (ACLED's convention for region-only locations).
- cause: generic English cue words in the text (``rasad.incidents.victims.cause_of_harm``).

A file whose records carry ``"lang": "fa"`` (../shared/eval/victims-fa/) is analysed as Persian
(``predict_fa``): the same predictions from the Persian pipeline, the name in Persian script (the story's
opening noun phrase, ``rasad.languages.fa.incidents.story_names``), the death words, causes and place cues of
the Persian vocabulary (data/incidents/fa.yaml), and scored by the scorer beside the file. A story that states no cause gets
none: the archive's commonest cause would raise the figure, but a cause no text states is not what Rasad reads.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from rasad.config import DATA_DIR, SHARED_DIR
from rasad.incidents.victim_place import victim_place

DEFAULT_GOLD = SHARED_DIR / "eval" / "victims" / "dev.jsonl"
SCORER = SHARED_DIR / "eval" / "victims" / "score.py"
SCORER_FA = SHARED_DIR / "eval" / "victims-fa" / "score.py"

# a nickname in quotes inside a name ("Ali 'Babak' Moradi")
_QUOTED_NICKNAME = "['\"‘“][A-Z][\\w\\-]+['\"’”]"
# The story's name after a title (en.yaml "name_titles": "Javid Nam #Ali_Rezaei, 19, ...", "The immortal X was
# ..."), built per language by ``_name_rules``: the name ends where the words stop being capitalised (a lower-case
# word, a figure, punctuation, the end).
_LEADING_NAME = (r"^(?:TITLES)?\s*#?([A-Z][\w'’\-]+(?:[ _]+(?:\([A-Z][\w'’\-]+\)|" + _QUOTED_NICKNAME + "|"
                 r"[A-Z][\w'’\-]+)){1,5})"
                 r"(?=\s*[,(.:;\d–—\-]|\s+[a-z]|\s*$)")
# The victim named anywhere: "the late Pouria Bahari", "where Farzin Poost-Ashkan was killed".
_NAMED_VICTIM = (r"\b(?:TITLES)\s+#?([A-Z][\w'’]+(?:[ _\-][A-Z][\w'’]+){1,3})"
                 r"|\b([A-Z][\w'’]+(?:[ _\-][A-Z][\w'’]+){1,3})(?:,)? (?:who )?(?:AUXILIARIES) (?:ACTS)")
# A victim named through a relative: "The son of Reza Vaisi, from ..., lost his life": the victim is "son of
# Reza Vaisi", not Reza Vaisi.
_RELATIVE_OF = (r"^(?:The\s+|A\s+)?((?:RELATIVES)"
                r"\s+of\s+[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3})")
# A story written all in lower case after its title (machine-translated): "javid nam hamed farzaneh 20 years old"
_TITLED_LOWER = r"^(?:TITLES)\s+([a-z]{2,}(?: [a-z]{2,}){1,3})(?=\s+\d|\s*,)"
# A one-word name opening the story: "Ayoub, 30 years old, ..."
_LEADING_SINGLE = re.compile(r"^#?([A-Z][a-z]{2,})(?=,\s*\d)")
# A name the sentence marks as a person's, whatever spaCy's NER labelled it (the small model often calls an
# Iranian name ORG or GPE, or misses it): an age or an article-led description after it ("X, a 24-year-old
# baker", "X, 19,", "X (26)", "X – 31 years old"), "named/called X", or the object of an act ("shot X").
_NAME_RUN = r"([A-Z][\w'’\-]+(?:[ _](?:(?:PARTICLES)-)?[A-Z][\w'’\-]+){1,4})"
_CUED_NAME = (
    _NAME_RUN + r"(?=,\s*(?:a|an)\s+(?:\d{1,2}[- ]years?[- ]old|[a-z]+)\b|,\s*\d{1,2}\s*(?:,|\.|years?\b)|"
    r"\s*\(\d{1,2}\)|\s*[–—-]\s*\d{1,2}\s*years?\b)"
    r"|\b(?:NAMING)\s+" + _NAME_RUN +
    r"|\b(?:OBJECT_ACTS)\s+" + _NAME_RUN +
    # an age before the name, with a word of description ("30-year-old mechanic Reza Asgari")
    r"|\b\d{1,2}-years?-old\s+(?:[a-z]+\s+){0,2}" + _NAME_RUN +
    # the subject after an opening clause ("Arrested on 12 Dey in Qazvin, Behzad Alavi was released ...")
    r"|(?<=,\s)" + _NAME_RUN + r"(?=\s+(?:SUBJECT_VERBS|(?P<verb>[a-z]{3,}))\b)"
)
# Words before a name that are no part of it: titles and honorifics or epithets of these accounts (en.yaml
# "name_titles", "story_honorifics": "Young Parisa Rahimi"), an age word ("Twenty-six-year-old X"), a verb
# opening a heading ("Remembering X: ...")
_NAME_NOISE = r"^(?:TITLES|HONORIFICS|[A-Za-z]+(?:-[a-z]+)*-years?-old|(?-i:[A-Z][a-z]+ing))\s+"
# "Mohammadreza, son of Ali-Akbar Karimzadeh, ...": a given name and the father's full name (patronymic): the
# person's name is the given name with the family name
_PATRONYMIC = (r"^#?([A-Z][a-z]{2,}),\s+(?:PATRONYMIC_RELATIVES)\s+of\s+"
               r"(?:[A-Z][\w'’\-]+\s+){1,3}([A-Z][\w'’\-]+)\b(?!\s+[A-Z])")
# a one-word name with an age ("Farshad, 17, was shot"): the name is completed from the text
_SINGLE_WITH_AGE = re.compile(r"(?:^|[.;!?]\s+)([A-Z][a-z]{2,}),\s*\d{1,2}\s*,")


def _alternation(phrases) -> str:
    """The phrases as one alternation, longest first; the words of a phrase written apart, with a hyphen or
    together ("Javid Nam", "Javid-Nam", "Javidnam")."""
    return "|".join(r"[\s\-]?".join(re.escape(w) for w in p.split(" ")) for p in sorted(phrases, key=len, reverse=True))


STORY_NAMES_YAML = DATA_DIR / "incidents" / "story_names_en.yaml"


@functools.lru_cache(maxsize=1)
def _story_name_words() -> dict[str, tuple[str, ...]]:
    """The words of the English name rules (data/incidents/story_names_en.yaml: relatives, acts, verbs), read
    once; each list a non-empty list of lower-case phrases."""
    import yaml

    data = yaml.safe_load(STORY_NAMES_YAML.read_text(encoding="utf-8"))
    out = {}
    for key in ("relatives_of", "patronymic_relatives", "named_victim_auxiliaries", "named_victim_acts",
                "naming_words", "name_object_acts", "subject_verbs", "opening_verbs", "speaker_verbs",
                "given_name_months", "name_particles"):
        words = data.get(key) if isinstance(data, dict) else None
        if not words or not all(isinstance(w, str) and w == w.strip().lower() and w for w in words):
            raise ValueError(f"{STORY_NAMES_YAML}: {key!r} must be a list of lower-case words")
        out[key] = tuple(words)
    return out


def _words_as_written(words) -> str:
    """One alternation of the phrases as written (longest first)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def _name_rules(lang: str) -> SimpleNamespace:
    """The name patterns above with the vocabulary's titles and honorifics (case ignored in them), the words of
    the English name rules (relatives, acts, verbs: ``_story_name_words``), and the words that are no part of a
    name (months, weekdays, a few function words: compared in lower case)."""
    from rasad.incidents.victims import story_name_words

    words = story_name_words(lang)
    story = {k: _words_as_written(v) for k, v in _story_name_words().items()}
    titles = "(?i:" + _alternation(words.titles) + ")"
    return SimpleNamespace(
        leading=re.compile(_LEADING_NAME.replace("TITLES", titles)),
        named=re.compile(_NAMED_VICTIM.replace("TITLES", titles).replace("AUXILIARIES", story["named_victim_auxiliaries"])
                         .replace("ACTS", story["named_victim_acts"])),
        relative_of=re.compile(_RELATIVE_OF.replace("RELATIVES", story["relatives_of"])),
        patronymic=re.compile(_PATRONYMIC.replace("PATRONYMIC_RELATIVES", story["patronymic_relatives"])),
        cued=re.compile(_CUED_NAME.replace("PARTICLES", story["name_particles"]).replace("NAMING", story["naming_words"])
                        .replace("OBJECT_ACTS", story["name_object_acts"])
                        .replace("SUBJECT_VERBS", story["subject_verbs"])),
        # a relative who tells the story ("The mother of X, 22, said ..."): an age, then a verb of saying
        relative_speaks=re.compile(r"(?:,\s*\d{1,2}\s*,?)?\s+(?:" + story["speaker_verbs"] + r")\b"),
        opening_given=re.compile(r"([A-Z][a-z]{2,})\s+(?:" + story["opening_verbs"] + r")\b"),
        titled_lower=re.compile(_TITLED_LOWER.replace("TITLES", _alternation(words.titles))),
        noise=re.compile(_NAME_NOISE.replace("TITLES", _alternation(words.titles))
                         .replace("HONORIFICS", _alternation(words.honorifics)), re.I),
        end_words=words.end_words)


def _not_name(words: str, lang: str = "en") -> bool:
    """Whether any word of ``words`` is one that is no part of a name ("Dey", "January", "Killed")."""
    end = _name_rules(lang).end_words
    return any(w.lower() in end for w in words.split())


def _month_as_given_name(text: str, start: int, name: str) -> bool:
    """A name run opening with a month that is also a given name (story_names_en.yaml "given_name_months":
    "Bahman Lotfi, 35, ..."), its other words no month nor any other word that is no part of a name, and no day
    number before it ("on 19 Bahman Reza ..." is a date)."""
    words = name.split()
    return len(words) >= 2 and words[0].lower() in _story_name_words()["given_name_months"] and \
        not _not_name(" ".join(words[1:])) and not re.search(r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?$", text[:start])


def _word_after_number(text: str) -> str:
    """The word right after the number that follows a story's opening word ("Mahshahr, 19 Dey: ..." -> "Dey"), or
    "" (none there: "Kourosh, 23, a barber ...")."""
    m = re.match(r"#?[A-Z][a-z]{2,},\s*\d+(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)", text)
    return m.group(1) if m else ""


def _province_capitals() -> dict[str, int]:
    from rasad.analysis.gazetteer import PROVINCES_TSV

    lines = [ln for ln in PROVINCES_TSV.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {row["name"]: int(row["capital_geonameid"]) for row in csv.DictReader(lines, delimiter="\t",
                                                                                   quoting=csv.QUOTE_NONE)}


def _clean_name(name: str) -> str:
    name = _name_rules("en").noise.sub("", name.strip())
    name = re.sub(r"\s*\([^()]*\)$", "", name)  # a nickname in brackets after the full name ("X Y (Mamo)")
    name = re.sub(r"\s+" + _QUOTED_NICKNAME + r"(?=\s)", "", name)  # a nickname in quotes inside it
    name = re.sub(r"^[A-Z][\w'’]+-(?:born|based)\s+", "", name)  # "Tabriz-born Saber Karami"
    return re.sub(r"['’]s$", "", name).strip(" ,.")


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i != -1]
    return text[start:min(ends) if ends else len(text)]


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the victim's names occur in the text ("Mansoureh ..." is a name there, not a town)."""
    spans = []
    for name in names:
        words = [re.escape(w) for w in name.split()]
        if words:
            spans += [m.span() for m in re.finditer(r"[ _\-]+".join(words), text)]
    return spans


def _names_no_person(start: int, length: int, analysis) -> bool:
    """The words at ``start`` are a place the pipeline resolved or an organisation, state or other actor that
    canon knows ("Islamic Republic forces ...", "Tehran University ..."), not a person's name."""
    if start < 0:
        return False
    end = start + length
    kinds = {a.id: a.kind for a in analysis.actors}
    # the whole run a place ("Bandar Abbas, ..."); a place inside a name is often the pipeline's slip
    # ("Mansoureh ..." read as the town Mansuriyeh)
    if any(p.start <= start and end <= p.end for p in analysis.places):
        return True
    return any(start < e.end and e.start < end and e.actor and kinds.get(e.actor, "person") != "person"
               for e in analysis.entities)


def _heading_town(text: str, run: str) -> bool:
    """A story opening with a town as its heading, which the pipeline did not resolve ("Eslamabad-e Gharb, Kermanshah
    province – X, 34, ...": en.yaml "heading_after"): a town the gazetteer knows exactly, not a person's name."""
    from rasad.incidents.victim_place import _patterns, _resolve_iranian

    start = text.find(run)
    if start < 0 or text[:start].strip(" #\n\"'«") or not _patterns("en").HEADING_AFTER.match(text[start + len(run):]):
        return False
    place = _resolve_iranian(run)
    return place is not None and place.feature == "city"


def _cued_names(text: str, analysis) -> list[str]:
    """Names the words around them mark as a person's (``_CUED_NAME``), not a place the pipeline resolved nor
    a date word."""
    from rasad.incidents.victims import not_a_person_words

    actors = not_a_person_words(analysis.report.language)  # words of actors ("Security Forces" is none's name)
    place_spans = [(p.start, p.end) for p in analysis.places]
    out = []
    for m in _name_rules(analysis.report.language or "en").cued.finditer(text):
        group = next(g for g in range(1, 6) if m.group(g))
        start, end = m.span(group)
        name = _clean_name(m.group(group).replace("_", " "))
        # a place the pipeline resolved is no name; but a run with an age after it is a person's name where a
        # place covers only part of it ("Soran Ahmadi, 24,": the given name is also a town's)
        inside = any(s <= start and end <= e for s, e in place_spans)
        if (inside or group != 1 and any(start < e and s < end for s, e in place_spans)) or \
                (_not_name(name) and not _month_as_given_name(text, start, name)):
            continue
        if m.group("verb") and (m.group("verb") in _stop_words() or _names_no_person(start, end - start, analysis)
                                or all(w.lower() in actors or w.lower().removesuffix("s") in actors for w in name.split())):
            # the subject after an opening clause with another verb ("Born in A, X Y spent ..."): not a function
            # word after it ("..., X Y and ..."), not a place, an organisation or the state's forces
            continue
        out.append(name)
    return out


def _capitalised_after_origin(text: str, lang: str) -> str:
    """A story written all in lower case (machine-translated: "... 21 years old from khomein killed ...") with the
    word after each of the vocabulary's origin words capitalised ("from Khomein"), so that the place rules, which
    read capitalised names, find the town; a story with any capital letter is returned as it is. Same length."""
    if any(c.isupper() for c in text):
        return text
    from rasad.incidents.lexicon import lexicon

    cues = "|".join(re.escape(w) for w in sorted(lexicon(lang).origin_words, key=len, reverse=True))
    return re.sub(r"\b(?:" + cues + r")\s+[a-z]", lambda m: m.group(0)[:-1] + m.group(0)[-1].upper(), text)


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _completed_names(text: str) -> list[str]:
    """A one-word name given with an age ("Farshad, 17, was shot ...") completed from the text, where the story
    also writes it with a family name ("the mother of Farshad Yousefvand"); none when it never does."""
    out = []
    for m in _SINGLE_WITH_AGE.finditer(text):
        given = m.group(1)
        if _not_name(given) or given.lower() in _stop_words():
            continue
        full = re.search(r"\b" + re.escape(given) + r"[ _]([A-Z][\w'’\-]+)\b", text)
        if full and not _not_name(full.group(1)):
            out.append(f"{given} {full.group(1)}")
    return out


def predict(record_id: str, analysis, capitals: dict[str, int]) -> dict:
    """The scorer's prediction for one story, from its Analysis alone."""
    if analysis.report.language == "fa":
        return predict_fa(record_id, analysis, capitals)
    text = analysis.report.text
    incidents = analysis.incidents or []
    killings = [i for i in incidents if set(i.get("acts") or []) & {"killed", "executed", "died in custody"}]
    ordered = killings + [i for i in incidents if i not in killings]

    names: list[str] = []
    opening_only = False  # a one-word opening taken only to be completed from the text
    rules = _name_rules(analysis.report.language or "en")
    lead = rules.leading.match(text.strip().lstrip("#"))
    if lead and lead.group(1).split()[0].lower() in _stop_words():
        lead = None  # "From Bandar Lengeh, fisherman X ...": a run opening with a function word is no name
    relative = rules.relative_of.match(text.strip())
    patronymic = rules.patronymic.match(text.strip())
    if patronymic:
        names.append(f"{patronymic.group(1)} {patronymic.group(2)}")
    elif relative and rules.relative_speaks.match(text.strip(), relative.end()):
        # "The mother of Arman Yazdani, 22, said her son ...": the relative tells the story, the victim is the
        # one named
        names.append(relative.group(1).split(" of ", 1)[1])
    elif relative:
        names.append(relative.group(1))
    elif lead and not _not_name(lead.group(1).split()[0].split("_")[0]) and \
            not _names_no_person(text.find(lead.group(1)), len(lead.group(1)), analysis) and \
            not _heading_town(text, lead.group(1)):
        names.append(_clean_name(lead.group(1).replace("_", " ").replace("#", "")))
    elif _LEADING_SINGLE.match(text.strip()) and not _not_name(_word_after_number(text.strip())):
        # (the number an age, not a day: "Mahshahr, 19 Dey: ..." is a town heading with its day)
        names.append(_LEADING_SINGLE.match(text.strip()).group(1))
    elif rules.titled_lower.match(text.strip()):
        names.append(rules.titled_lower.match(text.strip()).group(1).title())
    if not names:
        for m in rules.named.finditer(text):
            name = _clean_name((m.group(1) or m.group(2)).replace("_", " "))
            if not _not_name(name):
                names.append(name)
                break
    if not names:
        names += _cued_names(text, analysis)[:1]
    if not names:
        names += _completed_names(text)[:1]
    for inc in ordered:
        for v in inc.get("victims") or []:
            n = _clean_name(v["name"])
            if n and not any(n in m or m in n for m in names) and not _not_name(n):
                names.append(n)
    if not names:
        place_starts = {p.start for p in analysis.places}
        persons = [e for e in analysis.entities if e.label == "PERSON" and e.start not in place_starts
                   and not _not_name(e.text)]
        if persons:  # a full name first ("Mehran, Arman and Milad ...; only Mehran Shakeri ...")
            names.append(_clean_name(min(persons, key=lambda e: (len(e.text.split()) < 2, e.start)).text))
    if not names and rules.opening_given.match(text.strip()):
        # "Siamak was a gentle carpenter. Siamak Rahbar lived in ...": a given name opening the story, kept only
        # when the text also writes it with a family name (below)
        first = text.strip().split()[0]
        if not _not_name(first) and first.lower() not in _stop_words():
            names.append(first)
            opening_only = True
    if names and len(names[0].split()) == 1:
        # a one-word name ("Kamran was a 31-year-old father ... Kamran Heidari worked ..."): the full name the
        # text writes, if any
        full = re.search(r"\b" + re.escape(names[0]) + r"[ _]([A-Z][\w'’\-]+)\b", text)
        if full and not _not_name(full.group(1)) and full.group(1).lower() not in _stop_words() and \
                not _names_no_person(full.start(1), len(full.group(1)), analysis):
            names[0] = f"{names[0]} {full.group(1)}"
        elif opening_only:
            names.pop(0)

    # the death, the body and the arrest words of the vocabulary (en.yaml "story_death", ...)
    from rasad.incidents.victims import story_words

    story = story_words(analysis.report.language or "en")
    killed: bool | None
    if killings or story.death.search(text):
        killed = True
    elif story.not_death.search(text) or any(i.get("acts") for i in incidents):
        killed = False
    else:
        killed = None

    from rasad.analysis.when import COUNTED_ON_FROM_TOLD

    def stated_day(inc: dict) -> str | None:
        d = inc.get("date") or {}
        derived = str(d.get("derived", ""))
        # (neither the publication day nor a day counted on from a told one: "he died two days later")
        if d.get("precision") == "day" and d.get("value") and not derived.startswith("publication") and \
                COUNTED_ON_FROM_TOLD not in derived:
            return d["value"]
        return None

    # a day counted on from a day told ("he was shot on 19 Dey; he died two days later") is no day the story states
    # (the archive's day is a stated one: the README's date_in_text rule): the told day stands
    days = [d for d in analysis.dates if d.precision == "day" and d.value and d.derived != COUNTED_ON_FROM_TOLD]
    # a day naming a hospital, a street or a square ("died in 5 Azar hospital", "on 17 Shahrivar street") is no date
    # of the story (the vocabulary's facility words right after it)
    from rasad.incidents.lexicon import lexicon

    named_for = re.compile(r"^\s+(?:" + "|".join(re.escape(w) for w in lexicon("en").facility_words) + r")\b", re.I)
    days = [d for d in days if not named_for.match(text[d.end:d.end + 30])]
    # the day of death: a day stated right after the death ("died ... on 3 Mehr"), else a killing's date, else a day stated in a sentence that states
    # the death ("was wounded on 18 Dey ... lost his life on 26 Bahman"), else another incident's day, else the
    # first day named
    from rasad.incidents.victims import day_after_death

    def after_death_day(start: int | None) -> bool:
        """A day told of what followed the death ("his body was found on 23 Dey", "... and buried on 20 Dey"): an
        after-death word earlier in its clause."""
        return start is not None and bool(story.after_death.search(re.split(r"[.;!?]\s", text[:start])[-1]))

    def incident_day(inc: dict) -> str | None:
        return None if after_death_day((inc.get("date") or {}).get("start")) else stated_day(inc)

    date = day_after_death(text, days)
    if date is None:
        date = next((incident_day(i) for i in killings if incident_day(i)), None)
    if date is None:
        # (the death itself, not the body, the funeral or the grave: "His body was handed over on 22 Dey" is not
        # the day he was shot)
        date = next((d.value for d in days if story.death.search(_sentence_at(text, d.start))
                     and not story.after_death.search(_sentence_at(text, d.start))), None)
    if date is None:
        date = next((incident_day(i) for i in ordered if incident_day(i)), None)
    if date is None and days:
        # the first day named, one of the death's own before one of the body's or the funeral's
        date = next((d.value for d in days if not after_death_day(d.start)), days[0].value)
    if date and date.startswith("--"):
        date = "0001" + date[1:]  # year not stated: placeholder year (see module docstring)

    geonameid, place = None, None
    # the victim's town: residence, else origin, else the first town named (rasad.incidents.victim_place)
    cased = _capitalised_after_origin(text, analysis.report.language or "en")
    home = victim_place(cased, analysis.places, _name_spans(cased, names[:1]))
    if home is not None and home.feature == "city":
        geonameid, place = home.geonameid, home.name
    elif home is not None and home.province in capitals:
        geonameid, place = capitals[home.province], home.province

    from rasad.incidents.victims import cause_of_harm

    cause = next((i.get("cause") for i in killings if i.get("cause")), None) or cause_of_harm(text)
    if cause == "other":
        # "other" is the residual cause: a story that says elsewhere how the person was harmed (tortured, shot) is
        # about that ("died in Urmia prison ... His family say he was tortured")
        cause = cause_of_harm(text) or cause
    return {"id": record_id, "victims": [{"name": n} for n in names], "killed": killed, "date": date,
            "geonameid": geonameid, "place": place, "cause": cause}


def _stated_day(inc: dict) -> str | None:
    d = inc.get("date") or {}
    if d.get("precision") == "day" and d.get("value") and not str(d.get("derived", "")).startswith("publication"):
        return d["value"]
    return None


def predict_fa(record_id: str, analysis, capitals: dict[str, int]) -> dict:
    """The prediction for one Persian story (the same fields as ``predict``; see the module docstring)."""
    from rasad.incidents.victims import cause_of_harm
    from rasad.incidents.lexicon import lexicon
    from rasad.languages.fa.incidents import (
        _ONE_FOR_ONE,
        _alternation as _fa_alternation,
        clean_name,
        facility_town,
        registry_form,
        story_birth_days,
        story_death_day,
        story_names,
        story_states_death,
    )
    from rasad.languages.fa.normalise import normalise

    text = analysis.report.text
    view = normalise(text)  # the words are read on the normalised view (yeh, kaf, digits, marks), as analysis does
    incidents = analysis.incidents or []
    killings = [i for i in incidents if set(i.get("acts") or []) & {"killed", "executed", "died in custody"}]
    ordered = killings + [i for i in incidents if i not in killings]
    names = story_names(view.text)
    if not names:
        # the incidents' victims, read through the same word classes as the story's name ("مدت ها" is none)
        names = [c for c in (clean_name(v["name"]) for i in ordered for v in (i.get("victims") or [])) if c][:1]
    stated = story_states_death(view.text)
    killed = True if killings or stated else (False if stated is False or any(i.get("acts") for i in incidents)
                                               else None)
    days = [d for d in analysis.dates if d.precision == "day" and d.value]
    # a day naming a street or square ("خیابان ششم بهمن", "میدان ۱۵ خرداد") is no date of the story
    street = re.compile(r"(?:" + "|".join(re.escape(w) for w in lexicon("fa").facility_words) + r")[\s\u200c]*$")
    plain = text.translate(_ONE_FOR_ONE)  # one letter for one: the dates' offsets hold
    days = [d for d in days if not street.search(plain[max(0, d.start - 20):d.start])]
    births = story_birth_days(text, days)  # a birthday is no day of death, whatever else says so
    days = [d for d in days if d.start not in births]
    killings = [i for i in killings if (i.get("date") or {}).get("start") not in births]
    ordered = [i for i in ordered if (i.get("date") or {}).get("start") not in births]
    # the day of death: a day the story marks as one (not a birth; the end of a lifespan; next to a death
    # word), else a killing's date, else a day in a sentence that states the death, else another incident's
    # day, else the first day named
    marked = story_death_day(text, days)
    death_days = [d for d in days if story_states_death(normalise(_sentence_at(text, d.start)).text)]
    # the body, the burial, the grave, with any ending ("پیکرش")
    after_death = _fa_alternation(lexicon("fa").word_set("story_after_death"), r"[\w\u200c]*")

    def of_the_body(d) -> bool:
        """A day whose sentence states the death only through the body, the burial or the grave."""
        sentence = normalise(_sentence_at(text, d.start)).text
        return bool(after_death.search(sentence)) and not story_states_death(after_death.sub(" ", sentence))

    if death_days and all(of_the_body(d) for d in death_days):
        # only the body's or the burial's day states the death ("... هدف تیر قرار گرفت. پیکر او روز ۲۱ دی به خاک
        # سپرده شد"): the day a sentence tells how the person was harmed comes first (not a day of an arrest or a
        # disappearance, which the archive and the body's day disagree on)
        harmed = [d for d in days if not of_the_body(d)
                  and cause_of_harm(normalise(_sentence_at(text, d.start)).text, "fa")]
        death_days = harmed[:1] + death_days
    date = (marked.value if marked else None) or next((_stated_day(i) for i in killings if _stated_day(i)), None) or \
        (death_days[0].value if death_days else None) or \
        next((_stated_day(i) for i in ordered if _stated_day(i)), None) or (days[0].value if days else None)
    if date and date.startswith("--"):
        # the same day written with its year elsewhere in the story ("(۱۳۵۶ – ۲ مهر ۱۳۹۳) ... در ۲ مهر ... اعدام شد")
        # (compared as written: a year-less Solar day's Gregorian value is that of most years, a day off in some)
        written = {plain[d.start:d.end].strip() for d in days if d.value == date}
        date = next((d.value for d in days if not d.value.startswith("--")
                     and any(plain[d.start:d.end].startswith(w) for w in written if w)), date)
    if date and date.startswith("--"):
        date = "0001" + date[1:]  # year not stated: placeholder year (see module docstring)
    geonameid, place = None, None
    skip = [view.map.to_source(s, e) for s, e in _name_spans(view.text, names[:1])]
    home = victim_place(text, analysis.places, skip, lang="fa")
    if home is not None and home.feature == "city":
        geonameid, place = home.geonameid, home.name
    elif home is not None and home.province in capitals:
        geonameid, place = capitals[home.province], home.province
    elif home is None:  # the last resort: the town of a facility the story names ("دانشجوی دانشگاه یزد")
        found = facility_town(view.text, provinces=True)
        if found is not None and found[0].feature == "city":
            geonameid, place = found[0].geonameid, found[0].name
        elif found is not None and found[0].province in capitals:
            geonameid, place = capitals[found[0].province], found[0].province
    cause = next((i.get("cause") for i in killings if i.get("cause")), None) or cause_of_harm(view.text, "fa")
    # the name as the registry writes names (compound parts apart), which is what a story's name is compared to
    names = [registry_form(n) for n in names]
    # No prior: a story that does not say how the person died gets no cause (as in English), so the figure
    # counts only what the texts say.
    return {"id": record_id, "victims": [{"name": n} for n in names], "killed": killed, "date": date,
            "geonameid": geonameid, "place": place, "cause": cause}


def predictions(gold: Path) -> list[dict]:
    from rasad.analysis.deadline import analyses_bounded
    from rasad.analysis.pipeline import load_nlp
    from rasad.records import Report

    rows = []
    with open(gold, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                # the text and the file's language only
                rows.append((str(rec["id"]), str(rec.get("text") or ""), str(rec.get("lang") or "en")))
    reports = []
    for _rid, text, lang in rows:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        reports.append(Report(id=digest, sha256=digest, text=text, language=lang))
    capitals = _province_capitals()
    # framing (propaganda techniques) plays no part in victim extraction: left out to save time
    nlp = load_nlp(exclude=("rasad_framing",))
    return [predict(rid, a, capitals) for (rid, *_), a in zip(rows, analyses_bounded(reports, nlp), strict=True)]


def _file_language(gold: Path) -> str:
    """The language of a story file: its first record's ``lang`` (an input field, like ``text``), else English."""
    with open(gold, encoding="utf-8") as f:
        first = next((line for line in f if line.strip()), "{}")
    return str(json.loads(first).get("lang") or "en")


def run(gold: Path | None, out: Path | None) -> str:
    gold = Path(gold) if gold else DEFAULT_GOLD
    if not gold.exists():
        return f"gold file {gold} not found"
    preds = predictions(gold)
    out = Path(out) if out else Path("victims-pred.jsonl")
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    # the scorer beside the file (victims-fa has its own, with Persian name matching), else the Persian one for a
    # file of Persian stories (tests/data/victim_stories_blind_fa.jsonl), else the English one
    scorer = gold.parent / "score.py" if (gold.parent / "score.py").exists() else \
        SCORER_FA if _file_language(gold) == "fa" else SCORER
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(out)], capture_output=True, text=True,
                            check=False)
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    return lines[-1] if lines else (result.stderr.strip() or "scorer printed nothing")
