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

The package, one module per step, each importing only the ones listed before it: ``common`` (the
word-sequence expressions and the vocabulary compiled once), ``actors``, ``names`` (whether words are a
person's name), ``victims``, ``triggers``, ``counts``, ``claimants``, ``places``, ``candidates`` (one
sentence's candidate), ``component`` (the spaCy component: a Doc's incident reports) and ``stories`` (memorial
stories). The names other code reads are imported here.
"""

from rasad.languages.fa.incidents.common import (
    BOUNDARY, END, Found, JOIN, LANG, NOUN_ENDINGS, PERSONS, Persian, SEP, START, STRONG_BOUNDARY, TriggerPattern,
    ZWNJ, _alternation, phrase_re, verb_form_re, vocab,
)
from rasad.languages.fa.incidents.actors import ActorMention, actor_mentions
from rasad.languages.fa.incidents.names import name_like, story_name
from rasad.languages.fa.incidents.victims import victim_names
from rasad.languages.fa.incidents.triggers import (
    STRONG_END, earlier_relatives, find_triggers, live_triggers, slogan_spans,
)
from rasad.languages.fa.incidents.counts import MAX_ONE_OF_CHARS, MAX_TOLL_WORDS
from rasad.languages.fa.incidents.places import (
    OFFICE_NAME_WORDS, OFFICE_SEAT_POPULATION, OFFICE_TOWN_POPULATION, SITE_NAME_WORDS, facility_town,
)
from rasad.languages.fa.incidents.candidates import PersianTrigger, candidate
from rasad.languages.fa.incidents.component import PersianIncidentExtractor, extract_incidents, make_component
from rasad.languages.fa.incidents.stories import (
    _ONE_FOR_ONE, clean_name, known_as, registry_form, story_birth_days, story_death_day, story_names,
    story_states_death,
)

__all__ = [
    "ActorMention", "BOUNDARY", "END", "Found", "JOIN", "LANG", "MAX_ONE_OF_CHARS", "MAX_TOLL_WORDS", "NOUN_ENDINGS",
    "OFFICE_NAME_WORDS", "OFFICE_SEAT_POPULATION", "OFFICE_TOWN_POPULATION", "PERSONS", "Persian",
    "PersianIncidentExtractor", "PersianTrigger", "SEP", "SITE_NAME_WORDS", "START", "STRONG_BOUNDARY", "STRONG_END",
    "TriggerPattern", "ZWNJ", "_ONE_FOR_ONE", "_alternation", "actor_mentions", "candidate", "clean_name",
    "earlier_relatives", "extract_incidents", "facility_town", "find_triggers", "known_as", "live_triggers",
    "make_component", "name_like", "phrase_re", "registry_form", "slogan_spans", "story_birth_days", "story_death_day",
    "story_name", "story_names", "story_states_death", "verb_form_re", "victim_names", "vocab",
]
