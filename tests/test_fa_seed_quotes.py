"""The quote, claim and framing must-items of ../shared/corpus/fa-seed/expected.yaml, through the pipeline a
user runs (read the file, analyse it), plus the English "X quoted Y as saying" shape the wire uses."""

from __future__ import annotations

import functools

import pytest
import yaml

from rasad.analysis.pipeline import analyze
from rasad.ingest.read import read_path
from rasad.records import Report
from tests.conftest import requires_shared

SEED = requires_shared("corpus", "fa-seed")


@functools.lru_cache(maxsize=None)
def _expected() -> dict:
    return yaml.safe_load((SEED / "expected.yaml").read_text(encoding="utf-8"))["reports"]


@functools.lru_cache(maxsize=None)
def _analysis(name: str):
    return analyze(read_path(SEED / name))


def _items(kind: str) -> list[tuple[str, dict]]:
    return [(name, item) for name, rep in _expected().items() for item in rep.get(kind) or []]


@pytest.mark.parametrize(("name", "item"), _items("quotes"), ids=lambda v: v if isinstance(v, str) else v["contains"][:20])
def test_seed_quotes(name, item):
    analysis = _analysis(name)
    found = [q for q in analysis.quotes if item["contains"] in q.text]
    assert found, f"{name}: no quote holds {item['contains']!r}: {[(q.text[:30], q.speaker) for q in analysis.quotes]}"
    q = found[0]
    assert item["speaker_contains"] in (q.speaker or ""), (q.speaker, q.speaker_mention)
    if "cue" in item:
        assert q.cue == item["cue"]
    text = analysis.report.text
    assert text[q.start: q.end] == q.text


@pytest.mark.parametrize(("name", "item"), _items("claims"), ids=lambda v: v if isinstance(v, str) else v["contains"][:20])
def test_seed_claims(name, item):
    analysis = _analysis(name)
    text = analysis.report.text
    found = [c for c in analysis.claims if item["contains"] in text[c.start: c.end]]
    assert found, f"{name}: no claim holds {item['contains']!r}"
    assert item["claimant_contains"] in found[0].asserted_by


@pytest.mark.parametrize("name", [n for n, r in _expected().items() if (r.get("framing") or {}).get("loaded_terms_flagged")])
def test_seed_loaded_terms_flagged(name):
    analysis = _analysis(name)
    flagged = {f.text for f in analysis.framing}
    for term in _expected()[name]["framing"]["loaded_terms_flagged"]:
        assert term in flagged, f"{term!r} not flagged in {name}: {sorted(flagged)}"
    camps = {f.camp for f in analysis.framing if f.text in _expected()[name]["framing"]["loaded_terms_flagged"]}
    assert camps == {"state"}
    assert analysis.profile["vocabulary_camp"] == "state"
    assert analysis.profile["framing_scope"] == "lexical"
    assert not any(f.reason.startswith("model") for f in analysis.framing)


def test_seed_hrana_claims_are_the_monitors():
    """HRANA's report: "به گزارش هرانا، ..." and "بر اساس این گزارش، ..." are HRANA's claims; the eyewitness's
    quotation is the witness's."""
    analysis = _analysis("hrana-saqqez.html")
    text = analysis.report.text
    by_text = {text[c.start: c.end]: (c.asserted_by, c.asserted_by_actor) for c in analysis.claims}
    # "هرانا" is the canonical actor hrana (its Persian alias), as an English report's "HRANA" would be
    assert any("نیروهای امنیتی" in t and actor == "hrana" for t, (_who, actor) in by_text.items())
    assert any("دست‌کم سه تن" in t and actor == "hrana" for t, (_who, actor) in by_text.items())
    assert any("گلوله جنگی" in t and "شاهد عینی" in who for t, (who, _actor) in by_text.items())


def test_quoted_as_saying_gives_the_one_quoted(nlp):
    report = Report(id="q", sha256="q", language="en",
                    text='Reuters quoted a hospital doctor as saying that "dozens of wounded" had arrived overnight.')
    quote = next(q for q in analyze(report, nlp=nlp).quotes if "dozens of wounded" in q.text)
    assert quote.speaker_mention == "a hospital doctor"
    assert quote.cue == "quoted"
