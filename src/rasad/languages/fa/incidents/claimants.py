"""Who a Persian sentence's incident is claimed by: the source named around it, a relay's, the
source of its figures."""

from __future__ import annotations

import re
from types import SimpleNamespace

from spacy.tokens import Doc, Span

from rasad.analysis.doc_text import doc_text
from rasad.languages.fa.incidents.common import vocab


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
