"""Counting words: numbers, number words and vague quantifiers become ranges."""

from __future__ import annotations

import pytest

from rasad.incidents.counts import acled_fatalities, is_absurd, merge_counts, number_value
from rasad.incidents.records import Count


@pytest.mark.parametrize(
    ("words", "value"),
    [("20", 20), ("1,500", 1500), ("two", 2), ("twenty-five", 25), ("3 million", 3_000_000), ("a dozen", 12)],
)
def test_number_values(words, value):
    assert number_value(words) == value


def test_merging_two_figures_keeps_both_ends():
    merged, contradictory = merge_counts(Count(min=5, max=5, text="5"), Count(min=12, max=12, text="12"))
    assert (merged.min, merged.max, contradictory) == (5, 12, True)


def test_acled_conservative_fatalities_for_vague_words():
    assert acled_fatalities(Count(min=24, max=99, text="dozens")) == 12
    assert acled_fatalities(Count(min=20, max=None, text="at least 20")) == 20
    assert acled_fatalities(None) == 0


def test_absurd_numbers():
    assert is_absurd("killed", Count(min=10_000_000, max=10_000_000))
    assert not is_absurd("participants", Count(min=20000, max=99999))
