"""The "must" items of the seed's hand-written expectations (tests/seed_expected.yaml, a copy of
../shared/corpus/seed/expected.yaml) hold for the full pipeline, read through `rasad analyze --json`'s record."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

EXPECTED = yaml.safe_load((Path(__file__).parent / "seed_expected.yaml").read_text(encoding="utf-8"))


def _norm(s: str) -> str:
    return s.replace("’", "'").lower()


@pytest.fixture(scope="module")
def record(seed_analysis):
    return seed_analysis.to_json_dict()


def test_every_span_slices_back_to_its_text(record):
    text = record["report"]["text"]
    for key in ("entities", "quotes", "dates", "places", "framing"):
        for item in record[key]:
            assert text[item["start"] : item["end"]] == item["text"], (key, item)
    for claim in record["claims"]:
        assert 0 <= claim["start"] < claim["end"] <= len(text)


@pytest.mark.parametrize("actor", EXPECTED["canonical_actors"], ids=lambda a: a["name"])
def test_mentions_resolve_to_their_actor(record, actor):
    names = {a["id"]: a["name"] for a in record["actors"]}
    resolved: dict[str, set[str]] = {}
    for entity in record["entities"]:
        resolved.setdefault(_norm(entity["text"]), set()).add(names.get(entity["actor"]))
    for mention in actor["mentions"]:
        key = _norm(mention)
        hits = {k: v for k, v in resolved.items() if k == key or k.endswith(key) and k[-len(key) - 1 : -len(key)] in (" ", "")}
        assert hits, f"mention {mention!r} was not found as an entity"
        assert any(actor["name"] in v for v in hits.values()), f"{mention!r} resolved to {hits}"


@pytest.mark.parametrize("expected", EXPECTED["quotes"], ids=lambda q: q["starts"][:20])
def test_direct_quotes_have_the_right_speaker(record, expected):
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    matches = [q for q in direct if _norm(expected["starts"]) in _norm(q["text"])[:80]]
    assert matches, f"no direct quote starting {expected['starts']!r}"
    quote = matches[0]
    assert quote["speaker"] == expected["speaker"]
    if "cue" in expected:
        assert quote["cue"] and expected["cue"] in quote["cue"]


def test_year_of_3rd_january_is_not_invented(record):
    mentions = [d for d in record["dates"] if "3rd January" in d["text"]]
    assert mentions, "the date '3rd January' was not found"
    for d in mentions:
        assert not d["year_known"]
        assert not (d["value"] or "").startswith("2021")  # no publication date: no year to infer from
