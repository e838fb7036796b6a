"""One log across languages (issue 18): a Persian and an English account of one incident merge into one
incident through the real merger and store; figures stay side by side; corroboration counts source
groups. The accounts are written for these tests (a constructed night in Saqqez), not taken from any
evaluation file."""

from __future__ import annotations

import pytest

from rasad.log.merge import features_from_incident_report, score_pair
from rasad.log.queries import list_incidents
from rasad.log.service import incident_detail, merge_pending
from rasad.store import incident_report_row, open_store
from rasad.store.schema import SourceRow

SAQQEZ = {"geonameid": 117392, "province": "Kurdistan", "country": "IR", "lat": 36.25, "lon": 46.27}


def _account(place_name: str, **fields) -> dict:
    return {"date": "2022-09-21", "date_precision": "day", "place": {"name": place_name, **SAQQEZ}, **fields}


HRANA_FA = _account("سقز", event_type="Protests", sub_type="Excessive force against protesters",
                    counts={"killed": 3, "injured": {"low": 20, "high": 20}}, victims=[{"name": "آرین کریمی"}],
                    claimant="هرانا")
IRNA_FA = _account("سقز", event_type="Riots", sub_type="Violent demonstration",
                   counts={"killed": 3, "arrested": 12}, claimant="فرماندار سقز")
WIRE_EN = _account("Saqqez", event_type="Violence against civilians", sub_type="Attack",
                   counts={"killed": 3}, victims=[{"name": "Arian Karimi"}], claimant="Hengaw")


def test_persian_and_latin_names_of_one_victim_merge_and_another_name_does_not():
    a = features_from_incident_report(HRANA_FA)
    b = features_from_incident_report(WIRE_EN)
    decision = score_pair(a, b)
    assert decision.merge, decision.explanation()
    assert decision.explanation()["fields"]["victims"]["verdict"] == "agree"
    other = features_from_incident_report({**WIRE_EN, "victims": [{"name": "Armin Rahimi"}]})
    assert not score_pair(a, other).merge


def test_three_accounts_in_two_languages_are_one_incident_with_figures_side_by_side(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        with store.session() as s:
            s.add(SourceRow(id="hrana", name="HRANA", aliases=["هرانا"], independence_group="hrana",
                            affiliation="ngo_monitor", reliability="B", domains=["hra-news.org"]))
            s.add(SourceRow(id="irna", name="IRNA", aliases=["ایرنا"], independence_group="irib-irna",
                            affiliation="state_media", reliability="D", domains=["irna.ir"]))
            s.add(SourceRow(id="reuters", name="Reuters", independence_group="reuters",
                            affiliation="wire", reliability="A", domains=["reuters.com"]))
            s.flush()
            for key, source_id, item in (("hrana:1", "hrana", HRANA_FA), ("irna:1", "irna", IRNA_FA),
                                         ("wire:1", "reuters", WIRE_EN)):
                s.add(incident_report_row(item, pipeline_version="test", source_key=key, source_id=source_id))
        merge_pending(store)
        incidents = list_incidents(store)
        assert len(incidents) == 1, incidents
        inc = incidents[0]
        assert inc["geonameid"] == 117392 and inc["date"] == "2022-09-21"
        assert inc["corroboration"] >= 2
        assert set(inc["source_groups"]) == {"hrana", "irib-irna", "reuters"}
        detail = incident_detail(store, inc["id"])
        killed = {e["source"]: e["low"] for e in detail["figures"]["killed"]}
        assert killed == {"HRANA": 3, "IRNA": 3, "Reuters": 3}
        assert {e["source"] for e in detail["figures"]["arrested"]} == {"IRNA"}
        assert {"آرین کریمی", "Arian Karimi"} & {v["name"] for v in detail["victims_detail"]}
    finally:
        store.close()


def test_a_persian_account_joins_the_incident_that_names_its_person_in_persian_script(tmp_path):
    """A Latin spelling that the Persian one cannot be read from (George / ژرژ) keeps that pair apart, but
    does not bar the incident whose registry-style account also carries the name in Persian script."""
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    registry = _account("Tehran", event_type="Violence against civilians", sub_type="Attack", counts={"killed": 1},
                        victims=[{"name": "George Kalbasian", "names": ["ژرژ کالباسیان"]}])
    english = {**registry, "victims": [{"name": "George Kalbasian"}]}
    persian = {**registry, "victims": [{"name": "ژرژ کالباسیان"}]}
    try:
        with store.session() as s:
            for key, item in (("registry:1", registry), ("wire:1", english), ("monitor:1", persian)):
                s.add(incident_report_row(item, pipeline_version="test", source_key=key))
        merge_pending(store)
        assert len(list_incidents(store)) == 1
    finally:
        store.close()


def test_a_place_named_in_persian_and_in_latin_letters_agrees_without_geonames_ids():
    a = features_from_incident_report({**HRANA_FA, "place": {"name": "سقز"}})
    b = features_from_incident_report({**WIRE_EN, "place": {"name": "Saqqez"}})
    verdict = score_pair(a, b).explanation()["fields"]["place"]
    assert verdict["verdict"] == "agree", verdict
    other = features_from_incident_report({**WIRE_EN, "place": {"name": "Sabzevar"}})
    assert score_pair(a, other).explanation()["fields"]["place"]["verdict"] != "agree"


def test_incident_text_filter_folds_persian_letter_forms(store):
    """SQLite and PostgreSQL alike: Arabic yeh/kaf, a ZWNJ or a diacritic in the query or the stored title."""
    from rasad.log.queries import IncidentFilter

    item = _account("كردستان", event_type="Violence against civilians", sub_type="Attack", counts={"killed": 1},
                    victims=[{"name": "علي رضائي"}])  # Arabic yeh and kaf, yeh with hamza, as some sites write
    with store.session() as s:
        s.add(incident_report_row(item, pipeline_version="test", source_key="x:1"))
    merge_pending(store)
    for query in ("علی رضایی", "علي", "کردستان", "كُردستان"):
        assert len(list_incidents(store, IncidentFilter(text=query))) == 1, query
    assert list_incidents(store, IncidentFilter(text="حسین")) == []


@pytest.mark.parametrize("text, language, date", [
    ("Sara Karimi (born 3 May 1990) was shot dead in Karaj on 8 January 2026.", "en", "2026-01-08"),
    ("Sara Karimi (3 May 1990 – 8 January 2026) was shot dead by security forces in Karaj.", "en", "2026-01-08"),
    ("سارا کریمی (۱۷ دی ۱۳۷۵ – ۱۸ دی ۱۴۰۴) در کرج با شلیک ماموران جان باخت.", "fa", "2026-01-08"),
    ("سارا کریمی متولد ۱۷ دی ۱۳۷۵ بود و روز ۱۸ دی ۱۴۰۴ در کرج با شلیک ماموران جان باخت.", "fa", "2026-01-08"),
])
def test_a_victim_accounts_date_is_not_the_birth_date(nlp, text, language, date):
    """Stories written for this test: a life span or a birth date before the day of death."""
    import hashlib

    from rasad.analysis.pipeline import analyze
    from rasad.log.stories import victim_account
    from rasad.records import Report

    if language == "fa":
        import importlib

        try:
            has_story_reading = hasattr(importlib.import_module("rasad.languages.fa.incidents"), "story_names")
        except ImportError:
            has_story_reading = False
        if not has_story_reading:
            pytest.skip("the Persian incident stage's story reading (fa-incidents) is not on this branch yet")
    digest = hashlib.sha256(text.encode()).hexdigest()
    analysis = analyze(Report(id=digest, sha256=digest, text=text, original=text.encode(), language=language), nlp=nlp)
    account = victim_account(analysis)
    assert account is not None and account.get("date") == date, (account, [(d.text, d.value) for d in analysis.dates])


def test_a_persian_story_account_reads_names_with_short_vowel_marks_and_the_day_the_story_marks(nlp):
    """A story written for this test: the name carries short-vowel marks (read on the normalised view, not cut
    at the mark); a day named before the death's in a sentence that states the death is not taken for it
    when the story marks the death's day (the end of the life span)."""
    import hashlib

    from rasad.analysis.pipeline import analyze
    from rasad.log.stories import victim_account
    from rasad.records import Report

    text = ("بَهرام اَحمدی (۵ مهر ۱۳۶۰ – ۲۰ آبان ۱۴۰۱) معلم بود. او روز ۱۲ آبان ۱۴۰۱ بازداشت شد و در بازداشت "
            "جان باخت.")
    digest = hashlib.sha256(text.encode()).hexdigest()
    analysis = analyze(Report(id=digest, sha256=digest, text=text, original=text.encode(), language="fa"), nlp=nlp)
    account = victim_account(analysis)
    assert account is not None
    assert account["victims"] == [{"name": "بهرام احمدی"}]
    assert account.get("date") == "2022-11-11", [(d.text, d.value) for d in analysis.dates]


def test_equal_candidates_go_to_the_oldest_incident_stored_before_new():
    """Ties (a registry holding one person twice) are decided by age, not set order; an incident this batch
    creates counts as newer than any stored one (and comparing the two kinds must not fail)."""
    from rasad.log.service import _decide

    account = features_from_incident_report(WIRE_EN)
    cache = {1: account, 2: account, 3: account}
    for candidates in ({("new", 0): [2], 7: [1], 5: [3]}, {5: [3], ("new", 0): [2], 7: [1]}):
        found = _decide(account, candidates, cache)
        assert found is not None and found[0] == 5
