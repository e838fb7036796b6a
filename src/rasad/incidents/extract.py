"""spaCy component ``rasad_incidents``: incident reports from the sentences of a report. This module only
wires the steps together; each lives in its own module of ``rasad.incidents``.

Method (rules over spaCy's lemmas and dependency parse; no library does ACLED event extraction):

1. **Triggers** (``triggers.py``). Each sentence's lemmas are matched against trigger words: event words
   ("protest", "rally", "drone strike", "clash", ...) and acts against persons ("kill", "shoot dead",
   "execute", "arrest", ...). A sentence with at least one live trigger gives one candidate incident.
2. **Filters** (``filters.py``). A trigger is dropped when it is negated ("no one was killed", "did not
   protest"), hypothetical or future ("will protest", "could be executed", "if ..."), planned or called for
   ("called for protests", "plans to strike", imperatives), generic (a present-tense habitual verb
   with no date: "the regime kills its people"; a noun governed by a gerund: "organising protests"),
   or in a sentence that part 1 marked non-factual (headlines, questions, exhortations).
3. **Typing** (``acled.py``, two decision tables). The event type and sub-type follow ACLED from the cues
   of the whole sentence: air/drone words -> Explosions/Remote violence (Air/drone strike), protest +
   lethal force -> Protests (Excessive force against protesters), protest + tear gas/arrests -> Protest
   with intervention, arrests -> Strategic developments (Arrests), killings of unarmed people ->
   Violence against civilians (Attack) ...; then by who is harmed (police wounded by protesters: a riot).
4. **Slots** (``candidate.py`` with ``slots.py``, ``victims.py``, ``actors.py``). Counts from numbers and
   vague quantifiers attached to the trigger's arguments; victims from PERSON entities that are the
   trigger's object (or the subject of "die"); actors from the agent / subject / modifier of the trigger
   with ACLED inter codes; date from the sentence's DateMention, else the paragraph's, else the
   publication date; place from the sentence's Place, else the paragraph's, else the report's most
   frequent; claimant from the sentence's Claim.
5. **Merging** (``assemble.py``). Neighbouring sentences of one paragraph that describe the same incident
   (same type, no conflicting date or place) merge; figures that disagree become a range flagged
   ``contradictory-counts``; absurd figures are kept and flagged ``absurd-count``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from rasad.analysis.doc_text import doc_text, joined_once
from rasad.analysis.where import BORDER_AFTER, FACILITY_AFTER, LOCATIVE_WORDS, PLACE_NOUNS, WORKS_AFTER, resolve_place
from rasad.incidents.actors import report_country
from rasad.incidents.assemble import finish, merge
from rasad.incidents.background import first_day
from rasad.incidents.candidate import Candidate, apply_stated_figures, candidate, paragraph_of, paragraph_starts
from rasad.incidents.filters import live_triggers
from rasad.incidents.lexicon import given_names, has_lexicon, lexicon, optional_words
from rasad.incidents.reporting import claimant_of, phrase, source_of_report
from rasad.incidents.records import IncidentReport
from rasad.incidents.sides import split_by_sides
from rasad.incidents.slots import sum_counts
from rasad.incidents.triggers import told_as_later
from rasad.incidents.typing import refine_types
from rasad.incidents.victims import listed_victims
from rasad.languages import component


class IncidentExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        """Rules per document, then the event-type classifier once for the incidents of a whole batch
        of documents (nlp.pipe calls this; one ONNX run for many short evidence texts is far cheaper
        than one per document)."""
        for batch in minibatch(docs, size=batch_size):
            found: list[tuple[Doc, list[IncidentReport]]] = []
            with joined_once(batch):  # the steps read slices of doc.text: each text joined once
                for doc in batch:
                    try:
                        found.append((doc, extract_incidents(doc)))
                    except Exception as exc:  # one bad sentence must not lose the report's other analyses
                        doc._.incidents = []
                        doc.user_data["rasad_incidents_error"] = repr(exc)
                try:
                    # the event-type classifier is English: another language's incidents keep their rules' types
                    refine_types([(doc_text(doc), r) for doc, reports in found if doc.lang_ == "en"
                                  for r in reports])
                except Exception as exc:  # the rules' types stand; the classifier's opinion is missing
                    for doc, _reports in found:
                        doc.user_data["rasad_incidents_error"] = f"event-type model: {exc!r}"
            for doc, reports in found:
                doc._.incidents = [r.model_dump(mode="json") for r in reports]
            yield from batch


def extract_incidents(doc: Doc) -> list[IncidentReport]:
    """The incident reports of a parsed document (part 1's components have run: claims, dates, places), read
    with the vocabulary of its language (none for a language without one)."""
    if not has_lexicon(doc.lang_):
        return []
    claims = list(getattr(doc._, "claims", None) or [])
    dates = list(getattr(doc._, "dates", None) or [])
    places = list(getattr(doc._, "places", None) or [])
    para_starts = paragraph_starts(doc)
    dates = [d for d in dates if not _in_dateline(doc, d.start, para_starts)]
    filed_from = [p for p in places if _in_dateline(doc, p.start, para_starts)]
    # the dateline's town is where the story was filed ("DUBAI, April 4 (Reuters) -"), not where anything happened
    places = [p for p in places if not _in_dateline(doc, p.start, para_starts) and not _a_groups_base(doc, p)
              and not _a_foreign_owner(doc, p) and not _a_lone_given_name(doc, p)]
    # ... unless the text names no other place: a reporter or photographer in Iran files from where it happened
    # ("SANANDAJ, Iran (AP) - Riot police fired on mourners ...", a caption's "ZAHEDAN, Iran - Smoke rises ..."); a
    # bureau abroad ("DUBAI (Reuters) -") never is the place
    filed_from = [p for p in filed_from + _all_caps_dateline_town(doc) if p.feature == "city" and p.country == "IR"]
    places = places or filed_from
    doc_country = report_country(places)
    candidates: list[Candidate] = []
    claims_near = _ByStart(claims)
    dates_at = _ByStart(dates)
    for sent in doc.sents:
        if not sent.text.strip() or len(sent) > 300:
            continue
        claim = _claim_for(sent, claims_near.overlapping(sent.start_char, sent.end_char))
        if claim is not None and not claim.factual:
            continue  # a headline, question or exhortation (part 1's claims)
        sdates = [d for d in dates_at.starting_in(sent.start_char, sent.end_char) if d.value]
        live, aside_tokens = live_triggers(sent, sdates)
        if live:
            candidates.extend(_candidates(sent, live, claim, sdates, places, para_starts, doc_country, aside_tokens))
    merged = merge(candidates)
    _past_detentions_told_after(merged, doc, para_starts)
    _add_listed_victims(doc, merged, para_starts)
    _add_sources_told_after(doc, merged, para_starts, claims_near)
    _add_figures_told_after(doc, merged, para_starts)
    _add_paragraph_sources(doc, merged, para_starts)
    _name_the_source_told_before(doc, merged, para_starts)
    _name_the_organisation_told_before(doc, merged, para_starts)
    _add_sources_told_before(doc, merged, para_starts, claims_near)
    _add_dateline_agencies(doc, merged, para_starts)
    if places is filed_from:
        for c in merged:
            # (the parser may run the dateline into the subject, "SANANDAJ, Iran - Riot police": no actor's name)
            c.blocked_places -= {p.start for p in filed_from}
    return [finish(c, doc, dates, places, para_starts) for c in merged]


def _candidates(sent: Span, live: list, claim, sdates: list, places: list, para_starts: list[int],
                doc_country: str | None, aside_tokens: frozenset[int]) -> list[Candidate]:
    """The sentence's candidate incidents: one, or one per side where two sides' harm is told in it
    (``sides.split_by_sides``: "protesters killed a Basij member and security forces shot dead two young men"
    is a riot and lethal force against protesters). Each side's words do not type the other's incident. Both
    sides of one armed clash ("militants ambushed a patrol, killing a guard, and soldiers returned fire,
    killing three of them") stay one battle whose dead are both sides' added up."""
    apart = [t for t in live if t.told_apart is not None]
    if apart:
        # an act told with its own earlier day inside a funeral's phrase: its own incident, read from its clause only
        # (background.background_triggers); the sentence's other events stay one or more incidents of their own
        rest = [t for t in live if t.told_apart is None]
        clause = frozenset().union(*(t.told_apart for t in apart))
        outside = frozenset(t.i for t in sent if t.i not in clause)
        # (the clause's day is not the rest's: "mourners gathered for the funeral of a boy shot dead last month")
        starts = {sent.doc[i].idx for i in clause}
        own_dates = [d for d in sdates if d.start not in starts]
        pieces = _candidates(sent, rest, claim, own_dates, places, para_starts, doc_country, aside_tokens) if rest \
            else []
        # (and the act's is the clause's: "a kolbar shot dead on Saturday", the participle read as a noun, is in no
        # relative clause that the sentence's date choice would know)
        clause_dates = [d for d in sdates if d.start in starts] or sdates
        pieces.append(candidate(sent, apart, claim, clause_dates, places, para_starts, doc_country,
                                (aside_tokens | outside) - clause))
        for p in pieces:
            p.split_from = sent.start if p.split_from is None else p.split_from
        return pieces
    groups = split_by_sides(sent, live)
    if len(groups) == 1:
        return _split_by_places(sent, live, claim, sdates, places, para_starts, doc_country, aside_tokens) or \
            [candidate(sent, live, claim, sdates, places, para_starts, doc_country, aside_tokens)]
    spans = [range(min(t.tokens[0].i for t in g), max(t.tokens[-1].i for t in g) + 1) for g in groups]
    pieces = []
    for k, group in enumerate(groups):
        others = frozenset(i for j, r in enumerate(spans) if j != k for i in r)
        pieces.append(candidate(sent, group, claim, sdates, places, para_starts, doc_country,
                                aside_tokens | others))
    # (not where a side's act is told as later: "... and security forces later killed two of the attackers in a
    # shootout" is a second engagement, an incident of its own)
    if all(p.type == "Battles" for p in pieces) and not any(told_as_later(g) for g in groups[1:]):
        whole = candidate(sent, live, claim, sdates, places, para_starts, doc_country, aside_tokens)
        for role in ("killed", "injured"):
            if all(p.counts.get(role) is not None for p in pieces):
                whole.counts[role] = sum_counts([p.counts[role] for p in pieces])
        return [whole]
    for p in pieces:
        p.split_from = sent.start
    return pieces


def _split_by_places(sent: Span, live: list, claim, sdates: list, places: list, para_starts: list[int],
                     doc_country: str | None, aside_tokens: frozenset[int]) -> list[Candidate]:
    """"agents arrested 11 people in Semnan and detained four more in Shahrud": two acts joined in one sentence, each
    with its own figure and its own town, are two incidents (ACLED codes one event per location), each with the
    sentence's day and source; [] where the sentence does not tell its acts so."""
    verbs = sorted({t.head for t in live if t.is_act and t.head.pos_ in ("VERB", "AUX")}, key=lambda v: v.i)
    if len(verbs) != 2 or verbs[1].dep_ != "conj" or verbs[1].head.i != verbs[0].i:
        return []
    second = frozenset(t.i for t in verbs[1].subtree)
    # (the first act's own words: the verb and what hangs on it between it and the second; the rest, the subject, the
    # day and the source, are both acts')
    first = frozenset([verbs[0].i]).union(*({t.i for t in c.subtree} for c in verbs[0].children
                                           if verbs[0].i < c.i < verbs[1].left_edge.i))
    pieces = [candidate(sent, [t for t in live if t.head.i == verbs[0].i], claim, sdates, places, para_starts, doc_country,
                        aside_tokens | second),
              candidate(sent, [t for t in live if t.head.i == verbs[1].i], claim, sdates, places, para_starts, doc_country,
                        aside_tokens | first)]
    for piece, own in zip(pieces, (first, second)):
        chars = {sent.doc[i].idx for i in own}
        piece.place = next((p for p in places if p.start in chars and p.feature == "city"), None)
    towns = {p.place.geonameid for p in pieces if p.place is not None}
    if len(towns) != 2 or not all(any(p.counts.get(r) is not None for r in ("killed", "injured", "arrested"))
                                  for p in pieces):
        return []
    # (one source tells both: the parser may hang "..., Hengaw said" on the second act's words alone)
    sources = [p.claimant for p in pieces if p.claimant != "author"]
    for p in pieces:
        p.split_from = sent.start
        if p.claimant == "author" and sources:
            p.claimant = sources[0]
    return pieces


def _add_listed_victims(doc: Doc, cands: list[Candidate], para_starts: list[int]) -> None:
    """Names listed in an incident's sentences, or in the sentence after them when that one tells no incident
    of its own ("Iran hanged two men ... The men, A and B, had been convicted of ..."), added to its victims
    (``victims.listed_victims``)."""
    told = [(s, e) for c in cands for s, e in c.evidence]
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    for c in cands:
        spans = list(c.evidence)
        end = max(e for _s, e in c.evidence)
        # "... killing one, the group said. The dead man was named as A. He was the fifth porter killed this year,
        # according to the group.": a sentence between two of the incident's own that tells none of its own is read too
        first = min(s for s, _e in c.evidence)
        spans.extend((s, e) for s, e in sents if first < s and e <= end and not any(s <= x < e for x, _e in told))
        after = next(((s, e) for s, e in sents if s >= end), None)
        told_after = False
        if after is not None and paragraph_of(para_starts, after[0]) == c.paragraph:
            if any(after[0] <= s < after[1] for s, _e in told):
                told_after = True
            else:
                spans.append(after)
        c.victims.extend(listed_victims(doc, spans, c.acts, c.counts, c.victims))
        # "A dissident died on Sunday ... X, 52, had refused food to protest ...": the sentence after tells a protest
        # of its own with no one named as its victim; the one it names with an age is the dead man
        if told_after and not c.victims and not any(o.victims for o in cands if o is not c and any(
                after[0] <= s < after[1] for s, _e in o.evidence)):
            c.victims.extend(listed_victims(doc, [after], c.acts, c.counts, c.victims, aged_only=True))


def _past_detentions_told_after(cands: list[Candidate], doc: Doc, para_starts: list[int]) -> None:
    """"Security forces shot dead a young man in Bukan on Monday. Ahmad Karimi, 24, had been arrested in October",
    "A court acquitted the journalist on Sunday. She had been arrested in November and held for seven weeks": a
    detention told after another sentence of its paragraph, dated only by a month or year before the day of the
    incident told before it (in the past perfect: dated so, or of one person), is the past of someone in the story,
    background, not an arrest the report tells (with no incident before it: in the past perfect and dated by a month or year before the
    publication's). Those it names are the ones the incident before it harmed, where that one harmed as many and
    named none."""
    pub = _published_day(doc)
    for k, c in enumerate(cands):
        # (an event named only as when it happened is the detention's time: "during last year's unrest")
        events = [t for t in c.triggers if not t.is_act]
        if not c.acts or not c.acts <= {"arrested", "detained"} or \
                any(t.head.pos_ != "NOUN" or t.head.dep_ != "pobj" for t in events) or \
                {"killed", "injured"} & set(c.counts) or c.sent.start_char <= para_starts[c.paragraph]:
            continue
        before = cands[k - 1] if k and cands[k - 1].paragraph == c.paragraph else None
        held = [t.head for t in c.triggers if t.is_act and t.kind in ("arrested", "detained")]
        perfect = any(a.dep_ == "aux" and a.lemma_ == "have" and a.tag_ == "VBD" for h in held for a in h.children)
        then = (first_day(before.date.value) if before.date is not None else pub) if before is not None else pub
        own = [d for d in (c.date,) if d is not None]
        month_or_year = bool(own) and all(d.precision in ("month", "year") for d in own)
        # the detention's own date, where told, is before the month of the incident it follows (of the publication)
        if then is None or any(first_day(d.value) is None or first_day(d.value) >= then.replace(day=1) for d in own):
            continue
        # (with no date of its own, the past perfect tells one person's past only: "27 rioters had been detained"
        # after a protest is its outcome)
        one = bool(c.victims) or (c.counts.get("arrested") is not None and c.counts["arrested"].min == 1)
        if not (perfect and (own or one) or month_or_year) or before is None and not (perfect and month_or_year):
            continue
        c.past_of_another = True
        harm = next((r for r in ("killed", "injured") if before is not None and r in before.counts), None)
        count = before.counts.get(harm) if harm else None
        if harm and c.victims and not before.victims and count is not None and count.min == len(c.victims):
            before.victims.extend(v.model_copy(update={"fate": harm}) for v in c.victims)


def _published_day(doc: Doc):
    from rasad.analysis.when import parse_published

    return parse_published(getattr(doc._, "published_at", None))


def _add_sources_told_after(doc: Doc, cands: list[Candidate], para_starts: list[int], claims_near) -> None:
    """An incident told in the author's voice whose source is named only in the sentence after it, when that one
    tells no incident of its own ("... shot dead near Saravan on Monday. The dead man is X, the rights group said.",
    "Hengaw named him as X"): that sentence's reporting clause, "according to", or the subject of a naming verb
    (``naming_verbs``) is the claimant."""
    told = [(s, e) for c in cands for s, e in c.evidence]
    sents = list(doc.sents)
    naming = optional_words(doc, "naming_verbs")
    for c in cands:
        if c.claimant != "author":
            continue
        end = max(e for _s, e in c.evidence)
        after = next((s for s in sents if s.start_char >= end), None)
        if after is None or paragraph_of(para_starts, after.start_char) != c.paragraph or \
                any(after.start_char <= s < after.end_char for s, _e in told):
            continue
        heads = [t for t in after if t.pos_ in ("VERB", "AUX")] or [after.root]
        source = claimant_of(after, heads, _claim_for(after, claims_near.overlapping(after.start_char, after.end_char)))
        if source == "author" or source.lower() in optional_words(doc, "source_pronouns"):
            namer = next((s for t in after if t.pos_ == "VERB" and t.lemma_.lower() in naming
                          for s in t.children if s.dep_ == "nsubj" and s.pos_ in ("PROPN", "NOUN")), None)
            source = phrase(namer) if namer is not None else source
        if source != "author" and source.lower() not in optional_words(doc, "source_pronouns"):
            c.claimant = source


def _add_paragraph_sources(doc: Doc, cands: list[Candidate], para_starts: list[int]) -> None:
    """An incident told in the author's voice in a paragraph whose other sentences name who says what it tells: a
    lead that names the source before the details ("X has been arrested, his son says. He was taken from his home
    in Qom on Friday night."), a release in a monitor's voice ("Reporters Without Borders said on Thursday that
    ... Her husband was detained on Tuesday ..."), a source named after ("... downed tools last Saturday. By
    Thursday the strike had spread, the council said."). The nearest such sentence before it, else after it, names
    the claimant; a source named only by a pronoun ("she said": a relative's words) or no source leaves the
    author. The paragraph is where a report's attribution holds; another paragraph's source is not carried."""
    pronouns, kin = optional_words(doc, "source_pronouns"), optional_words(doc, "kin")
    if not pronouns:
        return
    sents = list(doc.sents)
    sources: dict[int, str | None] = {}

    def source(k: int) -> str | None:
        if k not in sources:
            s = sents[k]
            heads = [t for t in s if t.pos_ in ("VERB", "AUX", "NOUN")]
            name = claimant_of(s, heads, None) if heads else "author"
            sources[k] = None if name == "author" or name.lower() in pronouns else name
        return sources[k]

    for c in cands:
        # (the one harmed is no source of what was done to him: "prison officials hanged X, ... in a trial his
        # lawyers called a sham" attributed to X by part 1's claims is the author's)
        if c.claimant != "author" and not any(v.name.lower() == c.claimant.lower() for v in c.victims):
            continue
        first, last = min(s for s, _e in c.evidence), max(e for _s, e in c.evidence)
        before = [k for k, s in enumerate(sents) if s.end_char <= first
                  and paragraph_of(para_starts, s.start_char) == c.paragraph]
        after = [k for k, s in enumerate(sents) if s.start_char >= last
                 and paragraph_of(para_starts, s.start_char) == c.paragraph]
        # (a relative who speaks after the incident speaks of the family's own: "Mousavi's son told a local news
        # site that his father had received threats")
        named = next((n for k in [*reversed(before), *after] if (n := source(k)) is not None
                      and not (k in after and _a_relative(n, kin))), None)
        if named is not None:
            c.claimant = named


def _a_relative(source: str, kin: frozenset[str]) -> bool:
    """A source named as someone's relative ("Mousavi's son", "his family")."""
    return any(w.lower().removesuffix("'s").removesuffix("\u2019s") in kin for w in source.split())


def _add_figures_told_after(doc: Doc, cands: list[Candidate], para_starts: list[int]) -> None:
    """A figure stated in the sentence after an incident's, when that one tells no incident of its own ("Dozens of
    schoolgirls were taken to hospital on Tuesday. A health official put the number treated at 37."): the
    incident's figure (``candidate.apply_stated_figures``)."""
    told = [(s, e) for c in cands for s, e in c.evidence]
    sents = list(doc.sents)
    for c in cands:
        end = max(e for _s, e in c.evidence)
        after = next((s for s in sents if s.start_char >= end), None)
        if after is None or paragraph_of(para_starts, after.start_char) != c.paragraph or \
                any(after.start_char <= s < after.end_char for s, _e in told):
            continue
        apply_stated_figures(c, after)


def _name_the_source_told_before(doc: Doc, cands: list[Candidate], para_starts: list[int]) -> None:
    """"..., according to a tally by the rights group Haalvsh. The latest victim ... was shot on Sunday, the group
    said.": a claimant that is a bare common noun ("group") is the one of that noun named in its paragraph up to
    the incident's end (the proper name right after the noun: "the rights group Haalvsh" -> "group Haalvsh")."""
    outlets = optional_words(doc, "outlet_nouns")
    text = doc_text(doc)
    for c in cands:
        if not c.claimant or not c.evidence:
            continue
        start = max(e for _s, e in c.evidence)
        opens = para_starts[c.paragraph] if c.paragraph < len(para_starts) else 0
        parts = c.claimant.split("; ")
        for k, part in enumerate(parts):
            if " " in part or not part.isalpha() or not part.islower():
                continue
            named, whole = None, None
            # ("..., the newspaper said" after "reporters for the daily Ham-Mihan": any outlet's noun names the
            # outlet an outlet's noun stands for)
            nouns = outlets if part in outlets else frozenset((part,))
            for tok in doc:
                if tok.idx >= start:
                    break
                if tok.idx < opens or tok.lower_ not in nouns:
                    continue
                run = _name_run(doc[tok.i + 1:tok.i + 8])
                if run:
                    named = text[run[0].idx:run[-1].idx + len(run[-1].text)]
                elif tok.pos_ == "PROPN" and tok.lower_ == part:
                    # "a Defence Ministry workshop ..., the ministry said": the name the noun closes
                    before = _name_run(list(reversed(doc[max(0, tok.i - 4):tok.i])))
                    if before and all(t.idx >= opens for t in before):
                        # (with a country after "of" that the tagger left out: "... Party of Iran")
                        whole = _with_its_country(doc, doc[before[-1].i:tok.i + 1])
            if named is not None:
                parts[k] = f"{part} {named}"  # "group Haalvsh": the noun the sentence used, and whose it is
            elif whole is not None:
                parts[k] = whole
        c.claimant = "; ".join(dict.fromkeys(parts))


def _name_run(tokens) -> list:
    """The proper nouns that follow one another from the first of ``tokens`` on, a hyphen written without spaces
    inside a name ("Ham-Mihan") included; empty when the first is no proper noun."""
    run = []
    for k, tok in enumerate(tokens):
        if tok.pos_ == "PROPN":
            run.append(tok)
            continue
        doc = tok.doc
        inner = tok.text in ("-", "\u2010", "\u2011") and run and k + 1 < len(tokens) and \
            tokens[k + 1].pos_ == "PROPN" and 0 < tok.i < len(doc) - 1 and not tok.whitespace_ and \
            not doc[tok.i - 1].whitespace_
        if not inner:
            break
        run.append(tok)
    return run


def _sentence_source(doc: Doc, sent: Span, claims_near) -> str:
    """Who a sentence's reporting clause, "according to" or part 1's claim names as its source ("author" when none)."""
    heads = [t for t in sent if t.pos_ in ("VERB", "AUX")] or [sent.root]
    source = claimant_of(sent, heads, _claim_for(sent, claims_near.overlapping(sent.start_char, sent.end_char)))
    if source == "author":
        # "Amnesty's monthly review recorded 11 deaths in custody in May": the reporting verb is the sentence's own
        source = next((s for s in map(source_of_report, heads) if s), "author")
    return source


def _name_the_organisation_told_before(doc: Doc, cands: list[Candidate], para_starts: list[int]) -> None:
    """"The toll from Monday's strike on a camp of the Democratic Party of Iranian Kurdistan rose to four, the party
    said": a claimant that is only a noun standing for an organisation (``source_back_nouns``) is the organisation
    named before it in the paragraph whose name holds that noun ("... Party ...", "the Komala party")."""
    back = optional_words(doc, "source_back_nouns")
    if not back:
        return
    for c in cands:
        words = c.claimant.lower().split()
        if len(words) != 1 or words[0] not in back:
            continue
        noun = words[0]
        lo = para_starts[c.paragraph] if 0 <= c.paragraph < len(para_starts) else 0
        end = max(e for _s, e in c.evidence)
        said = [t for t in doc if lo <= t.idx < end and t.lower_ == noun and t.i > 0 and doc[t.i - 1].lower_ == "the"
                and not t.is_title]
        if not said:
            continue
        before = said[-1].idx
        names = [_with_its_country(doc, e) for e in doc.ents if e.label_ == "ORG" and lo <= e.start_char < before and
                 noun in (w.lower() for w in e.text.split())]
        # ("the Komala party": a proper name compounded on the noun itself)
        names += [doc[t.left_edge.i:t.i + 1].text for t in doc if lo <= t.idx < before and t.lower_ == noun and
                  any(g.dep_ == "compound" and g.pos_ == "PROPN" for g in t.children)]
        if names:
            best = max(names, key=lambda n: doc_text(doc).rfind(n, lo, before))
            c.claimant = best[4:] if best.lower().startswith("the ") else best


def _with_its_country(doc: Doc, ent: Span) -> str:
    """"the Kurdistan Democratic Party" + "of Iran": the tagger may leave a country after "of" out of the name."""
    end = ent.end
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].ent_type_ == "GPE" and doc[end + 1].is_title:
        end += 2
        while end < len(doc) and doc[end].ent_type_ == "GPE" and doc[end].is_title and doc[end].ent_iob_ == "I":
            end += 1
    return doc[ent.start:end].text


def _add_sources_told_before(doc: Doc, cands: list[Candidate], para_starts: list[int], claims_near) -> None:
    """An incident of a round-up or a report's later sentence whose source is the one an earlier sentence of its
    paragraph named: told in the author's voice ("Iran Human Rights said 61 people were executed in May. On May 24,
    two prisoners were hanged in Zahedan ...") or by a noun standing for it ("..., the group said"; ``source_back_nouns``).
    The nearest earlier sentence of the paragraph that names a source of its own gives it."""
    pronouns = optional_words(doc, "source_pronouns")
    # ("..., the channel said": an outlet's noun stands for the outlet named before, too)
    back = optional_words(doc, "source_back_nouns") | optional_words(doc, "outlet_nouns")
    if not back:
        return
    sents = list(doc.sents)

    def standing_in(name: str) -> bool:
        words = name.lower().split()
        return name == "author" or name.lower() in pronouns or bool(words) and words[-1] in back and \
            all(w in back or w in ("the", "rights", "its", "their") for w in words)

    for c in cands:
        if not standing_in(c.claimant):
            continue
        first = min(s for s, _e in c.evidence)
        for sent in reversed([s for s in sents if s.end_char <= first
                              and paragraph_of(para_starts, s.start_char) == c.paragraph]):
            source = _sentence_source(doc, sent, claims_near)
            if not standing_in(source):
                c.claimant = source
                break


def _add_dateline_agencies(doc: Doc, cands: list[Candidate], para_starts: list[int]) -> None:
    """An incident told in the story's own voice, under a dateline that names the agency ("TEHRAN (IRNA) -",
    "Zahedan, IRNA -", "DUBAI (Reuters) -"): the agency that filed it asserts it."""
    lex = lexicon(doc.lang_)
    if not lex.patterns.get("dateline_agency"):
        return
    text = doc_text(doc)
    for c in cands:
        opens = para_starts[c.paragraph] if c.paragraph < len(para_starts) else 0
        line = lex.regex("dateline").match(text[opens:opens + 120])
        agency = lex.regex("dateline_agency").search(line.group(0)) if line is not None else None
        if agency is None:
            continue
        # (the parser may take a title-case dateline for the subject of a reporting clause: "Tehran, IRNA - ...")
        town = line.group(0)[:agency.start()].strip(" ,")
        if c.claimant == "author" or town and c.claimant.startswith(town):
            c.claimant = next(g for g in agency.groups() if g).strip()


def _all_caps_dateline_town(doc: Doc) -> list:
    """The town of a wire dateline in capitals opening the story ("ZAHEDAN, Iran -", "TABRIZ (Reuters) -"), which the
    tagger and the gazetteer's search, reading title-case names, leave out: looked up by its exact name. Only the
    dateline's own words are read, so capitals elsewhere (a headline, an acronym) are never taken for a town."""
    lex = lexicon(doc.lang_)
    if not lex.patterns.get("dateline"):
        return []
    text = doc_text(doc)
    line = lex.regex("dateline").match(text)
    town = re.match(r"\s*([A-Z][A-Z'’\-]+(?: [A-Z][A-Z'’\-]+)?)(?=[,\s(])", line.group(0)) if line else None
    if town is None or len(town.group(1)) < 3:
        return []
    place = resolve_place(town.group(1).title(), fuzzy=False)
    if place is None:
        return []
    return [place.model_copy(update={"text": town.group(1), "start": town.start(1), "end": town.end(1)})]


def _in_dateline(doc: Doc, start: int, para_starts: list[int]) -> bool:
    """A date or place inside the wire dateline that opens its paragraph ("DUBAI, Jan 5 (Reuters) - ..."): the
    day and town the story was filed from, not the day or place of anything it reports."""
    pattern = lexicon(doc.lang_).patterns.get("dateline")
    if not pattern:
        return False
    opens = para_starts[paragraph_of(para_starts, start)]
    m = lexicon(doc.lang_).regex("dateline").match(doc_text(doc)[opens:opens + 120])
    return m is not None and start < opens + m.end()


def _a_foreign_owner(doc: Doc, place) -> bool:
    """Another country named as the owner of what follows ("spying for Israel's Mossad", "Pakistan's army"): whose
    agency or force it is, not where anything happened. (Iran's own name stays: the country of the report.)"""
    if place.feature != "country" or place.country in (None, "IR"):
        return False
    return doc_text(doc)[place.end:place.end + 3] in ("'s ", "’s ")


def _a_lone_given_name(doc: Doc, place) -> bool:
    """A common given name alone ("Soran was shot dead", "Border guards shot dead Nika") that spaCy took for a place
    and the gazetteer matched to a town of a like name (Suran, Neka): a person, unless the words around it say a
    place ("in Mehran", "the Mehran border crossing"). English only: the list is of English spellings."""
    if doc.lang_ != "en" or place.feature != "city":
        return False
    text = doc_text(doc)
    word = text[place.start:place.end]
    if not word.isalpha() or word.lower() not in given_names():
        return False
    before = text[max(0, place.start - 30):place.start].split()
    after = text[place.end:place.end + 30].split()
    if before and before[-1].lower() in LOCATIVE_WORDS:
        return False
    return not (after and after[0].lower().strip(",.;") in PLACE_NOUNS | BORDER_AFTER | FACILITY_AFTER | WORKS_AFTER)


def _a_groups_base(doc: Doc, place) -> bool:
    """A place named as the home of a group or outlet ("the Oslo-based group Iran Human Rights", "a group
    based in London"): where it works from, not where anything it reports happened."""
    lex = lexicon(doc.lang_)
    if not lex.patterns.get("based_after"):
        return False
    text = doc_text(doc)
    return bool(lex.regex("based_after").match(text[place.end:place.end + 12])
                or lex.regex("based_before").search(text[max(0, place.start - 20):place.start]))


class _ByStart:
    """Records (anything with ``start`` and ``end``) found by where they lie, in their list order: each sentence
    looked at every claim and date of the report (a news article's hundreds of sentences times its hundreds of
    claims), now at those near it only, with the same result."""

    def __init__(self, records: list) -> None:
        self.records = records
        self.order = sorted(range(len(records)), key=lambda i: records[i].start)
        self.starts = [records[i].start for i in self.order]
        self.longest = max((r.end - r.start for r in records), default=0)

    def starting_in(self, start: int, end: int) -> list:
        """The records with ``start <= record.start < end``, in list order."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [self.records[i] for i in sorted(self.order[lo:hi])]

    def overlapping(self, start: int, end: int) -> list:
        """In list order, every record that may overlap ``[start, end)`` (it starts before ``end`` and less than
        the longest record's length before ``start``): a superset of those that do."""
        lo, hi = bisect_left(self.starts, start - self.longest), bisect_left(self.starts, end)
        return [self.records[i] for i in sorted(self.order[lo:hi])]


def _claim_for(sent: Span, claims: list) -> object | None:
    """The claim that overlaps the sentence most (None when no claim covers it)."""
    best, overlap = None, 0
    for c in claims:
        o = min(c.end, sent.end_char) - max(c.start, sent.start_char)
        if o > overlap:
            best, overlap = c, o
    return best


@Language.factory("rasad_incidents")
def make_component(nlp: Language, name: str) -> IncidentExtractor:
    # English here; another language's own component or empty records (rasad.languages)
    return component(nlp, name, "incidents", IncidentExtractor)
