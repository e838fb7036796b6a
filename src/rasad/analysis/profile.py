"""How a report is built: the report profile (part 3, source criticism).

``attach(analysis)`` is called by the pipeline once a report's analysis is complete and sets
``analysis.profile`` to a dict (the JSON contract of ``rasad analyze --json``)::

    {publisher, affiliation, independence_group, attributed_share, unattributed_claim_share,
     techniques {name: count}, density_per_1000_words, self_promotion, summary, ...}

Every figure is computed from records earlier stages wrote (claims, quotes, framing spans) and the
source registry; the one-paragraph ``summary`` is filled in from those figures by fixed templates,
so each of its statements can be traced to a number in the profile (no language model).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from rasad.analysis.sources import (
    _registry,
    mention_counts,
    recognise_publisher_with_evidence,
    self_mentions,
)
from rasad.records import Analysis, Source

_WORD = re.compile(r"\w+", re.UNICODE)
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")

AFFILIATION_WORDS = {
    "state_media": "state media",
    "state_aligned": "state-aligned media",
    "opposition_advocacy": "opposition advocacy",
    "independent_press": "independent press",
    "international_press": "international press / wire",
    "ngo_monitor": "a human-rights monitor (NGO)",
    "official_body": "an official body",
    "unknown": "of unknown affiliation",
}
MOSTLY = 0.6  # "mostly unattributed" from this share up
CAMP_KEYS = ("state", "opposition", "shared")
CAMP_WORDS = {"state": "the state camp's", "opposition": "the opposition camp's"}
DOMINANT = 2  # one camp's labels speak for the report when they are at least twice the other's
# Languages the learned framing model reads; on any other only the lexical detectors run.
LEARNED_FRAMING_LANGUAGES = ("en",)


def framing_scope(language: str | None) -> str:
    """"learned+lexical" where the learned framing model runs (English), "lexical" where only the camp labels
    and the keyword-group repetition do (Persian)."""
    return "learned+lexical" if (language or "en") in LEARNED_FRAMING_LANGUAGES else "lexical"


def camp_counts(analysis: Analysis) -> tuple[dict[str, int], dict[str, int], str | None]:
    """Camp labels the report uses in its own voice, those it only cites inside quotation marks, and whose
    vocabulary it speaks: "state", "opposition", "both", or None when it uses no camp's label (shared martyr
    words count for neither side)."""
    own = {camp: 0 for camp in CAMP_KEYS}
    quoted = {camp: 0 for camp in CAMP_KEYS}
    for f in analysis.framing:
        camp = getattr(f, "camp", None)
        if camp in own:
            (quoted if f.quoted else own)[camp] += 1
    state, opposition = own["state"], own["opposition"]
    if not state and not opposition:
        speaks = None
    elif state >= DOMINANT * opposition:
        speaks = "state"
    elif opposition >= DOMINANT * state:
        speaks = "opposition"
    else:
        speaks = "both"
    return own, quoted, speaks


def empty_profile(reason: str = "The report has no sentences to profile.") -> dict[str, Any]:
    return {
        "publisher": None,
        "publisher_id": None,
        "publisher_evidence": None,
        "affiliation": None,
        "independence_group": None,
        "camp": None,
        "sentences": 0,
        "words": 0,
        "author_share": None,
        "attributed_share": None,
        "factual_claims": 0,
        "unattributed_claim_share": None,
        "quotes_by_speaker": {},
        "techniques": {},
        "framing_spans": 0,
        "density_per_1000_words": 0.0,
        "self_promotion": {"found": False, "mentions": 0, "organisations": [], "evidence": []},
        "camp_labels": {camp: 0 for camp in CAMP_KEYS},
        "camp_labels_quoted": {camp: 0 for camp in CAMP_KEYS},
        "vocabulary_camp": None,
        "framing_scope": None,
        "summary": reason,
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def camp_name(source: Source, mentioned: list[str] | None = None) -> str:
    """A short name for an independence group from its members' short aliases ("NCRI/PMOI"):
    the members the report itself names, else the group's first two."""
    members = [s for s in _registry() if s.independence_group == source.independence_group]
    named = [s for s in members if s.id in (mentioned or [])] or members[:2]
    short = []
    for member in named:
        abbrev = next((a for a in member.aliases if a.isupper() and 2 <= len(a) <= 6), None)
        if abbrev and abbrev not in short:
            short.append(abbrev)
    return "/".join(short) or source.name


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{round(100 * x)}%"


def _analysed_text(analysis: Analysis) -> str:
    """The part of the text the pipeline read: a very long report is analysed up to a limit (flag
    ``analysis-truncated:N``), and shares and densities must be over that part only."""
    text = analysis.report.text or ""
    for flag in analysis.flags:
        if flag.startswith("analysis-truncated:") and flag.split(":", 1)[1].isdigit():
            return text[: int(flag.split(":", 1)[1])]
    return text


def build_profile(analysis: Analysis) -> dict[str, Any]:
    report = analysis.report
    if not report.language_supported:
        return empty_profile("The report is in a language Rasad does not analyse: nothing to profile.")
    text = _analysed_text(analysis)
    n_sent = len(analysis.sentences)
    words = len(_WORD.findall(text))
    prose = _URL.sub(" ", text)  # a bare link, numbers, punctuation or emoji are not sentences to profile
    if n_sent == 0 or not any(ch.isalpha() for ch in prose):
        return empty_profile()

    claims = analysis.claims
    by_author = sum(c.asserted_by == "author" for c in claims)
    attributed = len(claims) - by_author
    factual = [c for c in claims if c.factual]
    unattributed_factual = sum(c.asserted_by == "author" for c in factual)

    speakers = Counter((q.speaker or "unknown speaker") for q in analysis.quotes)
    techniques = Counter(f.technique for f in analysis.framing)
    density = round(1000 * len(analysis.framing) / words, 2) if words else 0.0

    meta = {"publisher": report.publisher, "url": report.url, "title": report.title, "author": report.author}
    found = recognise_publisher_with_evidence(meta, text, report.url)
    publisher, evidence = found if found else (None, None)

    self_promo: dict[str, Any] = {"found": False, "mentions": 0, "organisations": [], "evidence": []}
    if publisher is not None:
        group = [s for s in _registry() if s.independence_group == publisher.independence_group]
        counts = mention_counts(text, group)
        mentions = sum(counts.values())
        stuffing = self_mentions(text, group)
        self_promo = {
            "found": mentions > 0,
            "mentions": mentions,
            "organisations": sorted(counts),
            "evidence": sorted({e for ev in stuffing.values() for e in ev})[:5],
        }

    profile = {
        "publisher": publisher.name if publisher else None,
        "publisher_id": publisher.id if publisher else None,
        "publisher_evidence": evidence,
        "affiliation": publisher.affiliation if publisher else None,
        "independence_group": publisher.independence_group if publisher else None,
        "camp": camp_name(publisher, self_promo["organisations"]) if publisher else None,
        "sentences": n_sent,
        "words": words,
        "author_share": _share(by_author, len(claims)),
        "attributed_share": _share(attributed, len(claims)),
        "factual_claims": len(factual),
        "unattributed_claim_share": _share(unattributed_factual, len(factual)),
        "quotes_by_speaker": dict(speakers.most_common()),
        "techniques": dict(sorted(techniques.items(), key=lambda kv: (-kv[1], kv[0]))),
        "framing_spans": len(analysis.framing),
        "density_per_1000_words": density,
        "self_promotion": self_promo,
    }
    own, quoted, speaks = camp_counts(analysis)
    profile.update({"camp_labels": own, "camp_labels_quoted": quoted, "vocabulary_camp": speaks,
                    "framing_scope": framing_scope(report.language)})
    profile["summary"] = summarise(profile, n_claims=len(claims))
    return profile


def summarise(p: dict[str, Any], n_claims: int) -> str:
    """One plain-language paragraph, filled in from the profile's figures by fixed templates."""
    parts: list[str] = []
    if p["publisher"]:
        kind = AFFILIATION_WORDS.get(p["affiliation"] or "unknown", "of unknown affiliation")
        how = (p["publisher_evidence"] or "").split(":")[0]
        parts.append(f"Published by {p['publisher']} ({kind}; recognised from {how}).")
        if p["affiliation"] == "opposition_advocacy":
            parts.append(f"Read it as advocacy from the {p['camp']} camp, not as independent reporting.")
        elif p["affiliation"] in ("state_media", "state_aligned"):
            parts.append("Read it as the voice of the Iranian state, not as independent reporting.")
    else:
        parts.append("The publisher is not recognised (no metadata, known domain or self-mention).")
    if n_claims:
        parts.append(
            f"Of {n_claims} sentence-level claims, {_pct(p['author_share'])} are asserted by the author and "
            f"{_pct(p['attributed_share'])} are attributed to someone else."
        )
    if p["factual_claims"]:
        share = p["unattributed_claim_share"] or 0.0
        verdict = "mostly unattributed" if share >= MOSTLY else "mostly attributed" if share <= 1 - MOSTLY else "partly attributed"
        parts.append(
            f"{_pct(share)} of its {p['factual_claims']} factual claims name no source ({verdict})."
        )
    quotes = p["quotes_by_speaker"]
    if quotes:
        listed = ", ".join(f"{name} ({n})" for name, n in list(quotes.items())[:4])
        parts.append(f"Quotes and reported speech: {sum(quotes.values())}, by {listed}.")
    else:
        parts.append("It quotes no one.")
    if p["self_promotion"]["found"]:
        orgs = ", ".join(p["self_promotion"]["organisations"])
        parts.append(
            f"It names its own organisation {p['self_promotion']['mentions']} times ({orgs}): self-promotion."
        )
    if p["framing_spans"]:
        top = ", ".join(f"{t} ({n})" for t, n in list(p["techniques"].items())[:3])
        parts.append(
            f"{p['framing_spans']} persuasion-technique spans were found "
            f"({p['density_per_1000_words']} per 1,000 words), most often {top}."
        )
    else:
        parts.append("No persuasion-technique spans were found.")
    parts.extend(_camp_sentences(p))
    return " ".join(parts)


def _camp_sentences(p: dict[str, Any]) -> list[str]:
    """Whose vocabulary the report speaks, from the camp label counts; and, for a language the learned
    framing model does not read, that only the lexical part of framing ran."""
    own = p.get("camp_labels") or {}
    quoted = p.get("camp_labels_quoted") or {}
    speaks = p.get("vocabulary_camp")
    out: list[str] = []
    if speaks in CAMP_WORDS:
        out.append(f"It speaks {CAMP_WORDS[speaks]} vocabulary ({own.get(speaks, 0)} of its labels in its own voice"
                   + (f", {own.get('opposition' if speaks == 'state' else 'state', 0)} of the other camp's" if
                      own.get("opposition" if speaks == "state" else "state") else "") + ").")
    elif speaks == "both":
        out.append(f"It uses both camps' labels (state {own.get('state', 0)}, opposition {own.get('opposition', 0)}).")
    cited = {camp: n for camp, n in quoted.items() if n and camp in CAMP_WORDS}
    if cited:
        listed = " and ".join(f"{CAMP_WORDS[camp]} ({n})" for camp, n in cited.items())
        out.append(f"It cites {listed} labels inside quotation marks.")
    if p.get("framing_scope") == "lexical":
        out.append("Only the lexical part of framing ran (camp labels, keyword repetition): the learned "
                   "technique model reads English only.")
    return out


def attach(analysis: Analysis) -> Analysis:
    """Set ``analysis.profile`` (never raises on odd input: an empty report gets an empty profile)."""
    analysis.profile = build_profile(analysis)
    return analysis
