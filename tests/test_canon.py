"""Entities resolve to canonical actors (rasad_canon): the alias table, spaCy's entities, surnames, demonyms,
spelling variants; entities never overlap and always slice back to their text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rasad.analysis.canon import get_actor_table, resolve_actor

EXPECTED = yaml.safe_load((Path(__file__).parent / "seed_expected.yaml").read_text(encoding="utf-8"))
# The stages after ours are not needed to test ours (and may be mid-change in a shared checkout).
LATER_STAGES = ("rasad_quotes", "rasad_claims", "rasad_framing", "rasad_incidents")


@pytest.fixture(scope="module")
def analyse():
    from rasad.analysis.pipeline import load_nlp

    nlp = load_nlp(exclude=LATER_STAGES)

    def run(text: str, published_at: str | None = None):
        doc = nlp.make_doc(text)
        doc._.published_at = published_at
        return nlp(doc)

    return run


@pytest.fixture(scope="module")
def seed(analyse, seed_text):
    return analyse(seed_text)


def _occurrences(text: str, mention: str) -> list[re.Match]:
    """Where a mention occurs as whole words; any run of spaces (the seed has no-break spaces) matches."""
    words = [re.escape(w).replace("\\'", "['\u2019]").replace("\u2019", "['\u2019]") for w in mention.split()]
    return list(re.finditer(r"(?<!\w)" + r"[\s\u00a0]+".join(words) + r"(?!\w)", text))


@pytest.mark.parametrize("expected", EXPECTED["canonical_actors"], ids=lambda a: a["name"])
def test_every_seed_mention_resolves_to_its_actor(seed, seed_text, expected):
    actor = resolve_actor(expected["name"])
    assert actor is not None, f"{expected['name']} is not in the alias table"
    for mention in expected["mentions"]:
        found = _occurrences(seed_text, mention)
        assert found, f"{mention!r} does not occur in the seed"
        for occurrence in found:
            last = occurrence.end() - 1  # the head of these names is their last word
            covering = [e for e in seed._.entities if e.start <= last < e.end]
            assert covering, f"{mention!r} at {occurrence.start()} is in no entity"
            assert covering[0].actor == actor.id, (mention, covering[0])


def test_entities_slice_back_and_never_overlap(seed, seed_text):
    entities = sorted(seed._.entities, key=lambda e: e.start)
    assert entities
    for entity in entities:
        assert seed_text[entity.start : entity.end] == entity.text
    for left, right in zip(entities, entities[1:]):
        assert left.end <= right.start, (left, right)


def test_doc_actors_are_the_resolved_ones(seed):
    resolved = {e.actor for e in seed._.entities if e.actor}
    assert set(seed._.actors) == resolved
    assert seed._.actors["ali-khamenei"].kind == "person"
    assert seed._.actors["jcpoa"].kind == "agreement"


def test_title_and_name_make_one_entity(seed):
    texts = {e.text.replace("\u2019", "'") for e in seed._.entities if e.actor == "ali-khamenei"}
    assert "Iran's Supreme Leader Ali Khamenei" in texts
    assert "Supreme Leader Ali Khamenei" in texts


def test_unknown_people_stay_unresolved(analyse):
    doc = analyse("Mehdi Khamenei, a cousin, spoke to Sara Jafari in Tabriz on Monday.")
    by_text = {e.text: e.actor for e in doc._.entities}
    assert by_text.get("Mehdi Khamenei", "missing") is None  # another Khamenei, not the Supreme Leader
    assert "ali-khamenei" not in doc._.actors


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Qasem Soleimani", "qassem-soleimani"),
        ("Ghasem Soleimani", "qassem-soleimani"),
        ("Qasim Suleimani", "qassem-soleimani"),  # fuzzy: not in the table as written
        ("General Qassem Soleimani", "qassem-soleimani"),
        ("the IRGC", "irgc"),
        ("Revolutionary Guards", "irgc"),
        ("Ayatollah Khamenei", "ali-khamenei"),
        ("President Pezeshkian", "masoud-pezeshkian"),
        ("Raisi", "ebrahim-raisi"),
        ("Mujahedin-e Khalq", "pmoi"),
        ("Iran Human Rights", "iran-human-rights"),
        ("HRANA", "hrana"),
        ("Hengaw", "hengaw"),
        ("FARAJA", "faraja"),
        ("morality police", "morality-police"),
        ("the Americans", "united-states"),
        ("U.S.", "united-states"),
    ],
)
def test_resolve_actor(name, actor_id):
    actor = resolve_actor(name)
    assert actor is not None and actor.id == actor_id


@pytest.mark.parametrize("name", ["us", "Ali", "the government", "Sara Jafari", "", "x" * 1000])
def test_resolve_actor_declines_what_it_does_not_know(name):
    assert resolve_actor(name) is None


def test_acronyms_are_case_sensitive(analyse):
    doc = analyse("Tell us what the US said.")
    resolved = [(e.text, e.actor) for e in doc._.entities if e.actor]
    assert resolved == [("US", "united-states")]


def test_curly_and_straight_apostrophes_match(analyse):
    for text in ["The People's Mojahedin protested.", "The People\u2019s Mojahedin protested."]:
        doc = analyse(text)
        assert [e.actor for e in doc._.entities if e.actor] == ["pmoi"], text


def test_surname_resolves_to_the_full_name_in_the_document(analyse):
    doc = analyse("Hassan Rouhani met reporters. Later Rouhani left Tehran.")
    assert [e.actor for e in doc._.entities if e.text == "Rouhani"] == ["hassan-rouhani"]


def test_alias_table_is_unambiguous_and_complete():
    table = get_actor_table()
    assert not table.ambiguous, f"aliases claimed by two actors: {sorted(table.ambiguous)}"
    kinds = {a.kind for a in table.actors.values()}
    assert {"person", "organisation", "state", "agreement"} <= kinds
    for actor_id in ["ali-khamenei", "ebrahim-raisi", "hassan-rouhani", "masoud-pezeshkian", "ruhollah-khomeini",
                     "irgc", "quds-force", "basij", "faraja", "ministry-of-intelligence", "judiciary-of-iran",
                     "ncri", "pmoi", "hrana", "hengaw", "iran-human-rights", "amnesty-international",
                     "united-states", "israel", "jcpoa"]:
        assert actor_id in table.actors


def test_empty_and_entity_free_docs(analyse):
    for text in ["", "   \n", "nothing to see here."]:
        doc = analyse(text)
        assert doc._.entities == [] and doc._.actors == {}
