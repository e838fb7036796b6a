"""The "must" items of the seed's hand-written expectations (tests/seed_expected.yaml, a copy of
../shared/corpus/seed/expected.yaml) hold for the full pipeline, read through `rasad analyze --json`'s record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

EXPECTED = yaml.safe_load((Path(__file__).parent / "seed_expected.yaml").read_text(encoding="utf-8"))


def _norm(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())  # the seed has no-break spaces inside names


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
    entities = [(_norm(e["text"]), names.get(e["actor"])) for e in record["entities"]]
    for mention in actor["mentions"]:
        key = _norm(mention)
        if not any(text == key or key in text for text, _ in entities):
            key = key.removeprefix("the ")
        # the mention as an entity of its own; else (e.g. "the People's Mojahedin", which the seed only
        # writes as the start of the full name) inside a longer entity
        hits = [name for text, name in entities if text == key] or [
            name for text, name in entities if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text)
        ]
        assert hits, f"mention {mention!r} was not found as an entity"
        assert actor["name"] in hits, f"{mention!r} resolved to {hits}"


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
