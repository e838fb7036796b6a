"""Event typing of news snippets on the CASE 2021 / ACLED labels (shipped model, part 2)."""

from __future__ import annotations

import pytest

from conftest import requires_shared
from rasad.incidents.typing import ACLED_TYPE, MODEL_PATH, cue_features, predict_types

pytestmark = pytest.mark.skipif(not MODEL_PATH.exists(), reason="shipped event-type model missing")


def test_obvious_new_sentences_get_their_type():
    # written for this test, not taken from the training file
    sentences = {
        "Riot police fired tear gas and water cannon to disperse hundreds of students marching in the capital.":
            {"PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST"},
        "A magnitude 6.4 earthquake struck the region overnight, flattening homes in several villages.":
            {"NATURAL_DISASTER"},
        "Warplanes carried out airstrikes on the rebel-held town, killing eleven people.": {"AIR_STRIKE"},
        "A suicide bomber blew himself up at a checkpoint outside the ministry.": {"SUIC_BOMB"},
        "Police arrested three opposition activists at their homes on Tuesday.": {"ARREST"},
        "Thousands of teachers held a peaceful sit-in outside parliament to demand higher pay.": {"PEACE_PROTEST"},
    }
    predicted = predict_types(list(sentences))
    wrong = [(s, p) for (s, ok), p in zip(sentences.items(), predicted) if p not in ok]
    assert len(wrong) <= 1, wrong


def test_cue_features_see_who_takes_territory():
    retaken = cue_features("Government troops recaptured the town from the militants.")
    seized = cue_features("Militants seized control of the town after the army withdrew.")
    assert retaken != seized


def test_every_acled_label_maps_to_an_acled_event_type():
    labels = requires_shared("eval", "event-types", "labels.txt").read_text(encoding="utf-8").splitlines()
    names = [line.split("\t")[0] for line in labels if line.strip()]
    unseen = {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
    assert set(ACLED_TYPE) == set(names) - unseen
