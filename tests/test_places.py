"""Places resolve offline to GeoNames ids, coordinates and Iran's 31 provinces (rasad_where)."""

from __future__ import annotations

import csv

import pytest

from rasad.analysis.gazetteer import IRAN_GEONAMEID, PROVINCES_TSV, get_gazetteer, province_name
from rasad.analysis.where import resolve_place

LATER_STAGES = ("rasad_quotes", "rasad_claims", "rasad_framing", "rasad_incidents")
PROVINCES = [
    "Tehran", "Razavi Khorasan", "Sistan and Baluchestan", "Kurdistan", "West Azerbaijan", "East Azerbaijan",
    "Khuzestan", "Gilan", "Mazandaran", "Isfahan", "Fars", "Kermanshah", "Lorestan", "Hormozgan", "Ilam",
    "Kohgiluyeh and Boyer-Ahmad", "Chaharmahal and Bakhtiari", "Markazi", "Qazvin", "Qom", "Semnan", "Golestan",
    "Ardabil", "Zanjan", "Hamadan", "Yazd", "Kerman", "Bushehr", "North Khorasan", "South Khorasan", "Alborz",
]


@pytest.fixture(scope="module")
def places_of():
    from rasad.analysis.pipeline import load_nlp

    nlp = load_nlp(exclude=LATER_STAGES)
    return lambda text: nlp(text)._.places


def test_the_gazetteer_has_all_31_provinces():
    gaz = get_gazetteer()
    assert sorted(gaz.provinces) == sorted(PROVINCES)


def test_province_codes_agree_with_their_capitals():
    """provinces.tsv's GeoNames admin1 code is the one GeoNames gives the province's capital."""
    gaz = get_gazetteer()
    lines = [line for line in PROVINCES_TSV.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        capital = gaz.by_id[int(row["capital_geonameid"])]
        assert capital.country == "IR" and capital.province == row["name"], row


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("Kordestan", "Kurdistan"),
        ("Sistan-Baluchestan", "Sistan and Baluchestan"),
        ("Sistan va Baluchestan province", "Sistan and Baluchestan"),
        ("Khorasan Razavi", "Razavi Khorasan"),
        ("Western Azerbaijan", "West Azerbaijan"),
        ("Kohgiluyeh and Boyer Ahmad", "Kohgiluyeh and Boyer-Ahmad"),
        ("Chaharmahal va Bakhtiari", "Chaharmahal and Bakhtiari"),
        ("Khuzestan Province", "Khuzestan"),
        ("استان خوزستان", None),  # Persian "province of" is not stripped ...
        ("خوزستان", "Khuzestan"),  # ... the Persian name is known
    ],
)
def test_province_variants(name, province):
    assert province_name(name) == province


@pytest.mark.parametrize(
    ("name", "geonameid", "province"),
    [
        ("Zahedan", 1159301, "Sistan and Baluchestan"),  # not the village Zahed Shahr in Fars
        ("Mahabad", 125446, "West Azerbaijan"),
        ("Karaj", 128747, "Alborz"),
        ("Urmia", 121801, "West Azerbaijan"),
        ("Saqez", 117392, "Kurdistan"),  # spelling variant of Saqqez
        ("Chalous", 139223, "Mazandaran"),  # of Chalus
        ("Ahwaz", 144448, "Khuzestan"),
        ("Ghom", 119208, "Qom"),
        ("Torbat Jam", 1159362, "Razavi Khorasan"),  # Torbat-e Jam without its ezafe
        ("the city of Sanandaj", 117574, "Kurdistan"),
        ("Narmak", 112931, "Tehran"),  # a neighbourhood of Tehran falls back to the city
        ("Evin Prison", 112931, "Tehran"),
        ("Narmak, Tehran", 112931, "Tehran"),
        ("Mahabad, West Azerbaijan", 125446, "West Azerbaijan"),
    ],
)
def test_iranian_cities(name, geonameid, province):
    place = resolve_place(name)
    assert place is not None, name
    assert (place.geonameid, place.province, place.country, place.feature) == (geonameid, province, "IR", "city")
    assert place.lat is not None and place.lon is not None
    assert (place.text, place.start, place.end) == ("", 0, 0)


def test_a_city_name_means_the_city_and_a_province_name_the_province():
    assert resolve_place("Tehran").feature == "city"
    assert resolve_place("Tehran province").feature == "province"
    assert resolve_place("Gilan").feature == "province"  # not the town Gilan-e Gharb
    assert resolve_place("Kurdistan").province == "Kurdistan"


def test_province_hint_picks_among_towns_of_one_name():
    anywhere = resolve_place("Dowlatabad")  # a name of towns in five provinces
    in_fars = resolve_place("Dowlatabad", province_hint="Pars")  # any spelling of the province will do
    assert in_fars is not None and in_fars.province == "Fars"
    assert anywhere is not None and anywhere.province != "Fars"


def test_countries():
    assert resolve_place("Iran").geonameid == IRAN_GEONAMEID
    assert resolve_place("U.S.").country == "US"
    assert resolve_place("Azerbaijan").feature == "country"  # the country; the provinces say West/East
    assert resolve_place("Syria").country == "SY"
    assert resolve_place("Baghdad").country == "IQ"


@pytest.mark.parametrize("name", ["", "   ", "Nowhere-on-earth-ville", "x" * 500, "the"])
def test_unknown_places(name):
    assert resolve_place(name) is None


def test_seed_places(places_of, seed_text):
    places = places_of(seed_text)
    for place in places:
        assert seed_text[place.start : place.end] == place.text
    across = [p for p in places if seed_text[max(0, p.start - 7) : p.start] == "across "]
    assert across and all(p.geonameid == IRAN_GEONAMEID and p.feature == "country" for p in across)
    assert {p.country for p in places} >= {"IR", "US", "SY", "IQ"}
    # "Mojahedin Organization of Iran" names an organisation: its "Iran" is not a place mention.
    organisation = seed_text.index("Mojahedin Organization of Iran")
    assert not any(organisation <= p.start < organisation + 30 for p in places)


def test_towns_spacy_misreads_as_people(places_of):
    text = "Ashkan Rostami was killed on 19 Dey in Shahin Shahr, Isfahan. Omid was from Najafabad."
    found = {p.text: (p.name, p.province) for p in places_of(text)}
    assert found["Shahin Shahr"][1] == "Isfahan"
    assert found["Najafabad"][1] == "Isfahan"
    assert "Ashkan Rostami" not in found


def test_towns_listed_after_a_plural_place_noun_or_joined_to_a_town(places_of):
    """"in at least 20 cities, including Isfahan and Shiraz": spaCy may call both an organisation or a person."""
    text = "Nurses walked out in at least 12 cities, including Isfahan and Shiraz, on Monday."
    names = {p.name for p in places_of(text)}
    assert {"Isfahan", "Shiraz"} <= names
    # a person's name after "and" is not made a town
    assert "Karimi" not in {p.text for p in places_of("Police arrested Reza in Shiraz and Ali Karimi in Yazd.")}


@pytest.mark.parametrize(
    "text",
    [
        "Ray Charles sang. Police said the bazaar was closed at noon.",
        "The White House said it was okay. Room 12 was empty.",  # Casablanca, Les Cayes and Rome have these names
    ],
)
def test_common_words_are_not_places(places_of, text):
    assert places_of(text) == []


def test_foreign_cities_by_their_english_names():
    assert resolve_place("New York").name == "New York City"
    assert resolve_place("Najaf").country == "IQ"  # the Iraqi city, not the Iranian village of that name
    assert resolve_place("Erbil").country == "IQ"


def test_border_towns_of_iraqi_kurdistan_that_reports_about_iran_name():
    """Under the extract's 100,000 people, added in gazetteer_extra.yaml: the camps Iran strikes are near them."""
    assert resolve_place("Koya").geonameid == 94220 and resolve_place("Koya").country == "IQ"
    assert resolve_place("کویه").geonameid == 94220
    assert resolve_place("Penjwen").country == "IQ"
    # a Kurdish given name is not made a town abroad
    assert resolve_place("Soran") is None or resolve_place("Soran").country != "IQ"


def test_empty_doc(places_of):
    assert places_of("") == []


def test_a_country_has_a_representative_point_inside_its_borders():
    from rasad.analysis.where import resolve_place

    iran = resolve_place("Iran")
    assert iran.feature == "country" and iran.geonameid == 130758
    # Iran's bounding box (about 25-40 N, 44-63.5 E): a point for country-level precision, not (0, 0)
    assert 25 < iran.lat < 40 and 44 < iran.lon < 63.5


def test_transliteration_variants_of_o_and_u_resolve_alike():
    assert resolve_place("Bomehen", fuzzy=False).name == "Bumahen"  # GeoNames: Bumehen / Būmahen (its ASCII form)
    assert resolve_place("Jonqan", fuzzy=False).name == "Junqan"  # GeoNames: Junqan


def test_without_fuzzy_matching_a_spelling_guess_is_not_made():
    assert resolve_place("Taqi Abad", fuzzy=False) is None  # a quarter of Mashhad, no GeoNames town
    assert resolve_place("Chalous", fuzzy=False).geonameid == 139223  # transliteration variants still match


def test_a_square_or_street_is_not_its_namesake_town(places_of):
    # Baharestan is also a town in Isfahan province; Enghelab Square is a place in Tehran the gazetteer knows
    found = {p.text: p.name for p in places_of("Police dispersed the march near Baharestan Square and on Enghelab "
                                               "Square in Tehran.")}
    assert "Baharestan" not in set(found.values()) and found.get("Enghelab Square") == "Tehran"


def test_a_towns_name_with_province_after_it_is_the_province(places_of):
    (place,) = places_of("Farmers in the east of Isfahan province blocked a road.")
    assert place.feature == "province" and place.province == "Isfahan"


def test_a_persons_surname_is_no_town(places_of):
    # "Soltani" is near the name of the town Soltaniyeh
    found = [p.name for p in places_of("Prison officials hanged Reza Soltani in Karaj. The judiciary described "
                                       "Soltani as a rioter.")]
    assert found == ["Karaj"]
