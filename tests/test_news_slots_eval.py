"""`rasad eval news-slots`: wire-style paragraphs -> incidents, from the text, publication date and language
alone (never a gold field)."""

from __future__ import annotations

import json

import pytest

from conftest import requires_shared

# Paragraphs written for this test in the style of wire copy (not taken from the eval set).
CASES = [
    {"id": "w1", "published": "2023-01-10", "lang": "en",
     "text": "Police arrested 12 people in Rasht on Monday during a rally outside the governor's office.",
     "gold": {"types": ["Protests", "Strategic developments/Arrests"], "date": "2023-01-09", "place": [118743, "Rasht"],
              "arrested": [12, 12]}},
    {"id": "w2", "published": "2023-01-10", "lang": "en",
     "text": "Students are planning to rally in Shiraz next week.", "gold": {"no_incident": True}},
    {"id": "w3", "published": "2023-01-10", "lang": "xx",
     "text": "Lorem ipsum dolor sit amet, protesters were killed.", "gold": {"no_incident": True}},
]


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("news") / "gold.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in CASES), encoding="utf-8")
    return path


def test_predictions_use_the_publication_date_and_language(gold_file):
    from rasad.eval.news_slots import predictions

    preds = {p["id"]: p["incidents"] for p in predictions(gold_file)}
    assert set(preds) == {"w1", "w2", "w3"}
    (inc,) = [i for i in preds["w1"] if not i.get("background")]
    assert inc["date"]["value"] == "2023-01-09"  # "on Monday" before Tuesday 10 January 2023
    assert inc["place"]["name"] == "Rasht" and inc["counts"]["arrested"]["min"] == 12
    assert preds["w2"] == []
    assert preds["w3"] == []  # a language the pipeline does not analyse yields nothing


def test_a_malformed_line_or_date_is_skipped_not_a_crash(tmp_path):
    from rasad.eval.news_slots import predictions

    path = tmp_path / "bad.jsonl"
    path.write_text("not json\n[1]\n" + json.dumps({"id": "b", "published": "Tuesday", "text": None}) + "\n",
                    encoding="utf-8")
    assert predictions(path) == [{"id": "b", "incidents": []}]


def test_gold_fields_are_never_read(gold_file, tmp_path):
    from rasad.eval.news_slots import predictions

    blind = tmp_path / "blind.jsonl"
    blind.write_text("".join(json.dumps({k: c[k] for k in ("id", "published", "lang", "text")}) + "\n"
                             for c in CASES), encoding="utf-8")
    assert predictions(blind) == predictions(gold_file)


def test_run_prints_the_scorers_last_line(gold_file, tmp_path):
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(gold_file, tmp_path / "pred.jsonl")
    assert line.startswith("NEWS_SLOT_ACC=1.0000 NEWS_CASES_OK=3/3"), line


def test_the_cli_command_exists(tmp_path):
    requires_shared("eval", "news-slots", "score.py")
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    _load_commands()

    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(CASES[1]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "news-slots", str(gold), "--out", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 0, result.output
    assert "NEWS_SLOT_ACC=1.0000 NEWS_CASES_OK=1/1" in result.output
