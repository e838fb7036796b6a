"""The Persian incident component: the sentences of a Doc read into candidates, merged and finished."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from rasad.incidents.assemble import finish, merge
from rasad.incidents.candidate import Candidate, paragraph_of, paragraph_starts
from rasad.analysis.doc_text import doc_text, joined_once
from rasad.incidents.extract import _claim_for
from rasad.incidents.records import IncidentReport, Victim
from rasad.languages.fa.quotes import fold_key
from rasad.languages.fa.quotes import lexicon as quotes_lexicon
from rasad.languages.fa.incidents.common import Found, ZWNJ, _hamza_free, vocab
from rasad.languages.fa.incidents.victims import _full_names_from, _name_words, victim_names
from rasad.languages.fa.incidents.triggers import _clause_verb, earlier_relatives, live_triggers
from rasad.languages.fa.incidents.claimants import _claimant
from rasad.languages.fa.incidents.candidates import _age_after, candidate


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
