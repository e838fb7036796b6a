"""`rasad eval victims`: victim stories -> name, killed, date, place, cause, from the text alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import requires_shared

# Stories written for this test in the style of the memorial accounts (not taken from the eval set).
STORIES = [
    {"id": "t1", "text": "Javid Nam Reza Karimi, 24 years old, was shot dead by security forces on 19 Dey 1404 in Rasht.",
     "name": "Reza Karimi", "killed": True, "date": "2026-01-09", "date_in_text": True, "geonameid": 118743,
     "city_en": "Rasht", "place_names": ["Rasht"], "cause": "shot"},
    {"id": "t2", "text": "Sara Ahmadi, a 31-year-old nurse from Kermanshah, died under torture in detention on 12 October.",
     "name": "Sara Ahmadi", "killed": True, "date": "2022-10-12", "date_in_text": True, "geonameid": 128226,
     "city_en": "Kermanshah", "place_names": ["Kermanshah"], "cause": "torture"},
    {"id": "t3", "text": "Mehdi Rostami was arrested in Tabriz on 20 Mehr 1401 and his whereabouts are unknown.",
     "name": "Mehdi Rostami", "killed": False, "date": "2022-10-12", "date_in_text": True, "geonameid": 113646,
     "city_en": "Tabriz", "place_names": ["Tabriz"], "cause": "unknown"},
]


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("victims") / "gold.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    return path


def test_predictions_come_from_the_story_text(gold_file):
    from rasad.eval.victims import predictions

    preds = {p["id"]: p for p in predictions(gold_file)}
    assert [v["name"] for v in preds["t1"]["victims"]][0] == "Reza Karimi"
    assert preds["t1"]["killed"] is True and preds["t1"]["cause"] == "shot"
    assert preds["t1"]["date"] == "2026-01-09" and preds["t1"]["place"] == "Rasht"
    assert preds["t2"]["cause"] == "torture" and preds["t2"]["date"].endswith("-10-12")  # year not stated
    assert preds["t2"]["killed"] is True
    assert preds["t3"]["killed"] is False  # arrested and missing: no death stated
    assert preds["t3"]["date"] == "2022-10-12"  # Solar Hijri 20 Mehr 1401


def test_gold_fields_are_never_read(gold_file, tmp_path):
    from rasad.eval.victims import predictions

    blind = tmp_path / "blind.jsonl"
    blind.write_text("".join(json.dumps({"id": s["id"], "text": s["text"]}) + "\n" for s in STORIES), encoding="utf-8")
    assert predictions(blind) == predictions(gold_file)


def test_run_prints_the_scorers_last_line(gold_file, tmp_path):
    requires_shared("eval", "victims", "score.py")
    from rasad.eval.victims import run

    line = run(gold_file, tmp_path / "pred.jsonl")
    assert line.startswith("NAME_R=1.0000 KILLED_R=1.0000"), line


# Sentences written for these tests (not from the eval set): which of several named places is the victim's town.
HOME_CASES = [
    ("Ali Karimi, originally from Kuhdasht and a resident of Karaj, was killed in Tehran.", "Karaj"),  # residence
    ("Reza Ahmadi was killed in Tehran on 18 Dey. He was originally from Malayer.", "Malayer"),  # origin, later
    ("Hamid Nouri, born in Tabriz, had worked in Shiraz for years.", "Shiraz"),  # a birthplace is not the home
    ("Saeed Rahimi died in Rasht and was buried in Kashan.", "Rasht"),  # a grave is not the home
    ("Kaveh Amini was from Gilan (Langarud) and was shot in Karaj.", "Langarud"),  # province (town): the town
    ("Omid Sadeghi, 30, rests in Tehran, Lavasan.", "Lavasan"),  # province-capital, town: the town
    ("Nima Karimi was killed in Najafabad, Isfahan.", "Najafabad"),  # town, its province: the town
    ("Babak Yazdani was killed in Javadiyeh, District 16 of Tehran.", "Tehran"),  # a district of Tehran
    ("Arash Nazari, a student at Chamran University in Ahvaz, was killed.", "Ahvaz"),  # university named after a town
    ("Mansoureh Karimi, on 18 Dey in Mashhad.", "Mashhad"),  # "Mansoureh" is her name, not a town
]


@pytest.mark.parametrize("text,town", HOME_CASES)
def test_the_victims_town_is_chosen_among_the_places_named(text, town, tmp_path):
    from rasad.eval.victims import predictions

    gold = tmp_path / "one.jsonl"
    gold.write_text(json.dumps({"id": "h", "text": text}) + "\n", encoding="utf-8")
    assert predictions(gold)[0]["place"] == town


def test_a_province_alone_gives_its_capital(tmp_path):
    from rasad.eval.victims import predictions

    gold = tmp_path / "one.jsonl"
    gold.write_text(json.dumps({"id": "p", "text": "Leila Moradi, a student at Mazandaran University."}) + "\n",
                    encoding="utf-8")
    pred = predictions(gold)[0]
    assert pred["place"] == "Mazandaran" and pred["geonameid"] == 116996  # Sari, the province capital


def test_a_victim_named_through_a_relative_and_the_day_of_death(tmp_path):
    from rasad.eval.victims import predictions

    text = ("The son of Hassan Rahimi, from Kerman, was wounded by gunfire on 18 Dey and fell into a coma. "
            "After a month in hospital he lost his life on 20 Bahman.")
    gold = tmp_path / "one.jsonl"
    gold.write_text(json.dumps({"id": "r", "text": text}) + "\n", encoding="utf-8")
    pred = predictions(gold)[0]
    assert pred["victims"][0]["name"] == "son of Hassan Rahimi"
    assert pred["date"].endswith("-02-09")  # 20 Bahman, the death, not 18 Dey, the wounding


def test_ceilings_count_only_what_the_text_supports(tmp_path):
    """tools/victims_ceilings.py: a gold name or cause that the story never states is outside the bound."""
    requires_shared("eval", "victims", "score.py")  # the tool uses the scorer's own name test
    import subprocess
    import sys
    from pathlib import Path

    stories = [
        {"id": "c1", "text": "Javid Nam Reza Karimi was shot in Rasht.", "name": "Reza Karimi", "cause": "shot"},
        {"id": "c2", "text": "Ali Ahmadi was killed on 18 Dey.", "name": "Ali Ahmadi", "cause": "shot"},
        {"id": "c3", "text": "A young man died in Tabriz.", "name": "Mehdi Rostami", "cause": "unknown"},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "c1", "victims": [{"name": "Karimi"}], "cause": "shot"}) + "\n", encoding="utf-8")
    tool = Path(__file__).resolve().parents[1] / "tools" / "victims_ceilings.py"
    out = subprocess.run([sys.executable, str(tool), str(gold), str(pred)], capture_output=True, text=True,
                         check=True).stdout
    assert "NAME_R ceiling    0.6667  (2/3" in out  # Mehdi Rostami is not in his story
    assert "CAUSE_ACC ceiling 0.5000  (1/2" in out  # "was killed" says nothing about how
    assert "name misses: 3, of which the text holds the gold name: 2" in out  # "Karimi" alone is 1/2 < 0.67
    assert "cause misses: 1, of which the text says anything about a cause: 0" in out


# Persian stories written for this test (not taken from the eval set); the file's "lang" makes them Persian.
STORIES_FA = [
    {"id": "f1", "lang": "fa", "text": "جاویدنام رضا کریمی، ۲۴ ساله، اهل رشت، روز ۱۹ دی با شلیک گلوله ماموران جان باخت.",
     "name": "رضا کریمی", "killed": True, "date": "2023-01-09", "date_in_text": True, "geonameid": 118743,
     "city_en": "Rasht", "place_names": ["Rasht"], "cause": "shot"},
    {"id": "f2", "lang": "fa", "text": "سارا احمدی (زادهٔ ۳ مهر ۱۳۷۰ – درگذشتهٔ ۲۰ مهر ۱۴۰۱) پرستار بود و در بازداشتگاه "
     "کرمانشاه زیر شکنجه جان سپرد.", "name": "سارا احمدی", "killed": True, "date": "2022-10-12", "date_in_text": True,
     "geonameid": 128226, "city_en": "Kermanshah", "place_names": ["Kermanshah"], "cause": "torture"},
    {"id": "f3", "lang": "fa", "text": "مهدی رستمی روز ۲۰ مهر در تبریز بازداشت شد و از سرنوشت او خبری نیست.",
     "name": "مهدی رستمی", "killed": False, "date": "2022-10-12", "date_in_text": True, "geonameid": 113646,
     "city_en": "Tabriz", "place_names": ["Tabriz"], "cause": "unknown"},
]


def test_persian_stories_are_read_as_persian(tmp_path):
    import shutil

    from rasad.eval.victims import predictions, run

    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in STORIES_FA), encoding="utf-8")
    preds = {p["id"]: p for p in predictions(path)}
    assert [v["name"] for v in preds["f1"]["victims"]] == ["رضا کریمی"]
    assert (preds["f1"]["killed"], preds["f1"]["cause"], preds["f1"]["place"]) == (True, "shot", "Rasht")
    assert preds["f1"]["date"].endswith("-01-09")  # 19 Dey; the year is not stated
    assert (preds["f2"]["date"], preds["f2"]["cause"]) == ("2022-10-12", "torture")  # the lifespan's end
    assert preds["f3"]["killed"] is False and preds["f3"]["place"] == "Tabriz"
    # the scorer beside the file (the Persian one) prints the last line
    shutil.copy(requires_shared("eval", "victims-fa", "score.py"), tmp_path / "score.py")
    line = run(path, tmp_path / "pred.jsonl")
    assert line.startswith("NAME_R=1.0000 KILLED_R=1.0000"), line


def test_a_persian_story_naming_only_a_facility_gives_its_town(tmp_path):
    from rasad.eval.victims import predictions

    story = {"id": "f4", "lang": "fa", "text": "نادر صالحی، دانشجوی دانشگاه یزد، در دی ماه جان باخت."}
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(story, ensure_ascii=False) + "\n", encoding="utf-8")
    [pred] = predictions(path)
    assert pred["place"] == "Yazd" and [v["name"] for v in pred["victims"]] == ["نادر صالحی"]


def test_persian_stories_places_dates_and_names_by_general_rules(tmp_path):
    """Stories written for this test: a town whose Persian name GeoNames also lists for a larger neighbour
    (ساوه, listed under Arāk too), a town written joined with its cue word (شهرری), a town after a
    preposition-like noun with its ezafe (در نزدیکیِ), a day/month/Solar-year date, a compound ordinal
    written joined, and stories whose opening phrase is no name (a time phrase, a verb form)."""
    from rasad.eval.victims import predictions

    stories = [
        {"id": "s1", "lang": "fa", "text": "کامیار نوروزی، ۲۸ ساله، اهل ساوه، روز ۱۹ دی با گلوله جنگی جان باخت."},
        {"id": "s2", "lang": "fa", "text": "پژمان سلطانی در شهرری در تاریخ ۱۸/۱۰/۱۴۰۱ با شلیک گلوله کشته شد."},
        {"id": "s3", "lang": "fa", "text": "آیدین فرهمند در نزدیکی اشنویه در بیست‌وششم آذر ۱۴۰۱ جان باخت."},
        {"id": "s4", "lang": "fa", "text": "مدت ها در زندان بود و سرانجام زیر شکنجه جان باخت."},
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in stories), encoding="utf-8")
    preds = {p["id"]: p for p in predictions(path)}
    assert (preds["s1"]["place"], preds["s1"]["geonameid"]) == ("Saveh", 116667)
    assert (preds["s2"]["place"], preds["s2"]["date"]) == ("Rey", "2023-01-08")
    assert [v["name"] for v in preds["s2"]["victims"]] == ["پژمان سلطانی"]
    assert (preds["s3"]["place"], preds["s3"]["date"]) == ("Oshnaviyeh", "2022-12-17")
    assert preds["s4"]["victims"] == [] and preds["s4"]["killed"] is True


# Stories written for this work in the style of the memorial accounts, none from the eval set
# (tests/data/victim_stories_own.jsonl): openings the dev stories do not use ("X works as ...", "X of Mahabad",
# "Young X", a name after "named", an age in brackets, an act's object, a name mid-sentence), places after a
# semicolon or a dash, a birthplace with its year ("born 1981 in Sari"), a town in a province that is also a
# town's name ("Gonbad-e Kavus in Golestan"), a town as a word of origin or home ("Tabriz-born", "a Mashhad
# resident"), machine-translated wording ("Javid-Nam X (22 years) – Qazvin", "born 1380 Karaj"). Batches 2-6
# were written with their gold before the system ran on them (names 17/20, 20/20, 19/20, 9/10, 14/15; places
# 18/20, 17/20, 20/20, 8/10, 14/15; notes in /work/notes/newsgen.md).
OWN_STORIES = Path(__file__).parent / "data" / "victim_stories_own.jsonl"


def test_own_stories_name_the_victim_and_the_town(tmp_path):
    from rasad.analysis.gazetteer import fold
    from rasad.eval.victims import predictions

    gold = [json.loads(line) for line in OWN_STORIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = {p["id"]: p for p in predictions(OWN_STORIES)}
    misses = []
    for story in gold:
        pred = preds[story["id"]]
        names = [set(v["name"].lower().split()) for v in pred["victims"]]
        if set(story["name"].lower().split()) not in names:
            misses.append((story["id"], "name", story["name"], pred["victims"]))
        if fold(pred["place"] or "") != fold(story["place"]):
            misses.append((story["id"], "place", story["place"], pred["place"]))
    assert misses == []


# Blind batches (tests/data/victim_stories_blind_{en,fa}.jsonl): 32 English and 32 Persian stories written for
# this work, with their gold, before the system ran on them (an honest proxy for the archive's private half;
# notes in docs/incidents.md and docs/persian.md). Scored with the eval's own scorers; the floors are the
# figures after the rules below (a drop fails). Gold conventions: the home town, the day of death, the
# archive's cause labels (a few gold days follow the death where the archive records the injury: see the docs).
BLIND_FLOORS = {
    # victen2 (issue 19, English places): batches 13-21, 25 stories each, gold committed before any run; first runs
    # PLACE 0.92 / 1.0 / 0.96 / 0.96 / 0.92 / 0.96 / 1.0 / 0.96 (notes/victen2, docs/incidents.md); left: 13's body
    # day before the shooting's ("three days after he was shot on 19 Dey"), 15's name after "Born in ... in Jiroft,"
    # read as a town ("Narmashiri"), 16's "one of the victims of 19 Dey" not read as a death
    "victim_stories_blind13_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 0.96, "CAUSE_ACC": 1.0}),
    "victim_stories_blind14_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind15_en.jsonl": ("victims", {"NAME_R": 0.96, "PLACE_ACC": 1.0, "DATE_ACC": 0.96, "CAUSE_ACC": 1.0}),
    "victim_stories_blind16_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind17_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind18_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind19_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind20_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # batch 21: first run 1.0 / 1.0 / 0.96 / 1.0 / 1.0 ("Esfahan's Khomeini Shahr" read as Isfahan, mended)
    "victim_stories_blind21_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 0.90, "CAUSE_ACC": 0.96}),
    "victim_stories_blind2_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 0.93, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind2_fa.jsonl": ("victims-fa", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind3_en.jsonl": ("victims", {"NAME_R": 0.93, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind3_fa.jsonl": ("victims-fa", {"NAME_R": 0.93, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind4_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind4_fa.jsonl": ("victims-fa", {"NAME_R": 1.0, "PLACE_ACC": 0.94, "DATE_ACC": 1.0, "CAUSE_ACC": 0.94}),
    "victim_stories_blind5_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind5_fa.jsonl": ("victims-fa", {"NAME_R": 0.93, "PLACE_ACC": 0.93, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind6_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # batch 7 (32, before the system ran: 1.0/1.0/1.0/1.0, cause 0.9286; the two cause misses mended in en.yaml)
    "victim_stories_blind7_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # batch 8 (20, harder; before: 0.95/1.0/0.95/1.0, cause 0.8667; the two cause misses, the name after an opening
    # clause with another verb and the town of an all-lower-case story mended)
    "victim_stories_blind8_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # batch 9 (20; before: 1.0/0.9474/1.0/0.95/0.9444; the day of a body found later and a death of a heart attack
    # mended; left: "crushed under the wheels" is not read as a death)
    "victim_stories_blind9_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # batch 10 (20; before: 0.90/1.0/0.95/1.0/0.8125; a rifle butt, electric shocks, "run down by an IRGC motorcycle",
    # a quoted nickname, "Teenager X", "her hometown was X" mended)
    "victim_stories_blind10_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # batch 11 (20; before: 1.0/1.0/0.95/1.0/1.0; "moved to Bushehr for work" as residence mended)
    "victim_stories_blind11_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # batch 12 (12; before: 0.83/0.92/0.83/0.92/0.82; an ISO day ending a sentence, a stun grenade, a death in a named
    # prison or with care denied, a given name that is a town's, a town heading with its day mended; left: "run over"
    # alone read as not killed (the gold's true is itself doubtful: the story does not say he died))
    "victim_stories_blind12_en.jsonl": ("victims", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    "victim_stories_blind6_fa.jsonl": ("victims-fa", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 1.0, "CAUSE_ACC": 1.0}),
    # victfa: 32 archive-style stories; first run 0.94 / 0.94 / 0.97 / 1.0 (one story names nobody; gold 15 is the
    # day the family heard of the death, the story's arrest day is taken, as the archive itself often records)
    # victfa: 24 stories; first run 0.96 / 1.0 / 0.96 / 0.90 (story 2: the gold is the day after the injury, "the
    # next day"; the archive's own stories keep the stated day, so no rule adds days)
    "victim_stories_blind8_fa.jsonl": ("victims-fa", {"NAME_R": 1.0, "PLACE_ACC": 1.0, "DATE_ACC": 0.95, "CAUSE_ACC": 1.0}),
    "victim_stories_blind7_fa.jsonl": ("victims-fa", {"NAME_R": 0.96, "PLACE_ACC": 1.0, "DATE_ACC": 0.96, "CAUSE_ACC": 1.0}),
    "victim_stories_blind_fa.jsonl": ("victims-fa", {"NAME_R": 0.93, "PLACE_ACC": 0.96, "DATE_ACC": 0.87,
                                                     "CAUSE_ACC": 1.0}),
}


@pytest.mark.parametrize("name", sorted(BLIND_FLOORS))
def test_blind_batches_hold_their_figures(name, tmp_path):
    import re

    from rasad.eval.victims import run

    folder, floors = BLIND_FLOORS[name]
    requires_shared("eval", folder, "score.py")
    line = run(Path(__file__).parent / "data" / name, tmp_path / "pred.jsonl")  # the scorer chosen by the file's lang
    figures = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
    assert all(figures[k] >= v for k, v in floors.items()), line


# Sentences written for the rules the blind batches called for (not from any eval file, nor from the batches).
def _predict_one(tmp_path, text: str, lang: str = "en") -> dict:
    from rasad.eval.victims import predictions

    gold = tmp_path / "one.jsonl"
    gold.write_text(json.dumps({"id": "x", "lang": lang, "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    return predictions(gold)[0]


@pytest.mark.parametrize("text,cause", [
    ("Kamal Rostami was struck in the face by a tear-gas canister fired at close range in Bukan and died.", "other"),
    ("Nasim Karami suffocated after police filled the hall with tear gas; she died in Arak.", "other"),
    ("Plainclothes men stabbed Hadi Soltani outside his shop in Yasuj; he died on the way to hospital.", "other"),
    ("Officials claimed that Davood Nouri, held in Sanandaj, had committed suicide in his cell.", "other"),
    ("Behrouz Kiani was shot in the chest; witnesses also saw a stabbing nearby. He died in Rasht.", "shot"),
    ("Guards fired from the roof of the governor's office and Saman Ahmadi fell dead in Khoy.", "shot"),
    ("Mina Jafari had been fired from her job at the factory months before she died in Abadan.", None),
    ("Officials told his family that Kasra Nemati had died of a heart attack in the Arak detention centre.", "other"),
    ("Witnesses say Parisa Yazdani was thrown from the fourth floor of a building in Karaj by agents.", "other"),
    ("Plainclothes agents ran her over with a van near the square in Ilam.", "vehicle"),
    ("Kourosh Yavari was knocked down by a police car in Arak and died.", "vehicle"),
    ("Forces fired tear gas into the courtyard; Soraya Amini, 60, inhaled it and died in Sari.", "other"),
    ("A police van drove into the crowd in Khoy and left Arsalan Piri under its wheels.", "vehicle"),
    ("Riot police kicked Omid Haghi in the head until he stopped moving.", "beaten"),
    ("Bahram Shokri died in custody in Yasuj in what the prosecutor called a stroke.", "other"),
    # a live round is a bullet; "gunned down"; choking on gas is breathing it in (the seventh blind batch's misses)
    ("A live round fired by the guards hit Teymour Azadi in the square of Bojnurd and he died.", "shot"),
    ("Agents fired two live rounds into the car where Nasrin Pakzad sat; she died in Saveh.", "shot"),
    ("Milad Ashrafi was gunned down outside the mosque in Marand on 20 Dey.", "shot"),
    ("Azam Rezvani, 71, choked on the gas that filled her street in Saqqez and died the next day.", "other"),
    ("The boy was choking from the fumes of the canisters and died before dawn in Javanrud.", "other"),
    # a vehicle that drove into a person; a death in custody with no other cause (the eighth blind batch's misses)
    ("An IRGC pickup drove straight into Vahid Najafi at the roundabout in Borujerd; he died that night.", "vehicle"),
    ("In Kashmar a police car slammed into the motorbike of Reza Golabi, who died on the spot.", "vehicle"),
    ("Three weeks after her arrest in Yazd, the family of Mina Ghorbani learnt she had died in custody.", "other"),
    ("Officials announced the death in prison of the teacher Javad Ansari, held in Tabriz since Dey.", "other"),
    ("Kamran Zamani was beaten in Evin and died in detention a week later.", "beaten"),
    ("He was shot in Zanjan, arrested in hospital and died in custody.", "shot"),
    # a death of a heart attack under the force used (the ninth blind batch's miss)
    ("Parvin Moradi, 66, died of a heart attack when agents stormed her home in Tabriz.", "other"),
    ("Raids went on all night in Khoy; the death from cardiac arrest of Said Amani followed at dawn.", "other"),
    ("Ehsan Moradi was beaten by guards and died of a stroke two days later in Bam.", "beaten"),
    # the butt of a gun as a club, electric shocks, a vehicle with its owner named (the tenth blind batch's misses)
    ("A guard struck Kazem Nouri with the butt of his rifle outside the bazaar of Zanjan; he never woke up.", "beaten"),
    ("Officers swung their gun butts at the head of Omid Khani in Birjand and he died.", "beaten"),
    ("Her body showed the marks of electric shocks, her sister said after Neda Salari died in Evin.", "torture"),
    ("Mohammad Sharafi was mown down by a Basij jeep at the Khoy roundabout and died.", "vehicle"),
    # a death in a named prison, care withheld, a stun grenade that struck (the twelfth blind batch's misses)
    ("Teacher Rasoul Emami died in Adelabad prison in Shiraz on 3 Bahman, his lawyer said.", "other"),
    ("The guards denied Yadollah Kian treatment for his heart for a month; he died in Evin.", "other"),
    ("A flash-bang hit Iraj Sadeghi in the face in Kashan; a sound bomb was thrown at his friends too.", "other"),
    ("A stun grenade and then live fire: Rahman Gol was shot in the neck in Piranshahr.", "shot"),
])
def test_causes_the_archive_calls_other_and_armed_men_who_fired(text, cause):
    from rasad.incidents.victims import cause_of_harm

    assert cause_of_harm(text) == cause


@pytest.mark.parametrize("text,cause", [
    ("نرگس جلالی بر اثر اصابت نارنجک گاز اشک‌آور به صورتش در ایلام جان باخت.", "other"),
    ("حمید کرمی پس از استنشاق گاز اشک‌آور در خانه‌اش درگذشت.", "other"),
    ("مأموران لباس شخصی با چاقو به یاسر امینی حمله کردند و او جان باخت.", "other"),
    ("مرتضی نیک‌پور در میدان شهر هدف تیر قرار گرفت و جان سپرد.", "shot"),
    ("ضربه قنداق اسلحه مأموران به سر ماهان فرجی خورد.", "shot"),  # "اسلحه" (a firearm) is named first: shot wins
    ("با ضربه قنداق تفنگ به سرش زدند و جان باخت.", "beaten"),
    ("ون پلیس در خیابان از روی پیمان قربانی رد شد.", "vehicle"),
    ("او در ۲۰ دی با موتورسیکلت نیروی انتظامی که به جمعیت زد برخورد کرد و جان باخت.", "vehicle"),
    ("او در بازداشتگاه درگذشت و مسئولان علت مرگ او را سکته قلبی اعلام کردند.", "other"),
    ("به خانواده گفتند که او بر اثر ایست قلبی درگذشته است.", "other"),
    ("به گفته پلیس او از پشت‌بام سقوط کرده است.", "other"),
    # a bullet that struck a body part, any part and a few words between (victfa)
    ("کاوه در کوچه ایستاده بود که تیر به شانه‌اش خورد و همان شب جان باخت.", "shot"),
    ("تیر به گلوی رامین اصابت کرد.", "shot"),
    ("در ۱۸ تیر به خوابگاه دانشجویان حمله کردند و او جان باخت.", None),  # the month, not a bullet
    # what was done to others in a clause of its own ("به دوستانش ...") is not how the person died
    ("مأموران با تیر جنگی به او شلیک کردند، در حالی که به دوستانش ساچمه زدند.", "shot"),
    ("او با ساچمه زخمی شد و جان باخت، اما به دیگران گلوله شلیک کردند.", "pellet"),
    # (blind batch 8) pellets and then live rounds in one clause: the live round killed; a vehicle's collision
    ("شهرام را ابتدا با ساچمه زدند و چند دقیقه بعد با گلوله جنگی از پا درآمد.", "shot"),
    ("با شلیک ساچمه به چشمش جان باخت. مأموران سلاح جنگی هم داشتند.", "pellet"),
    ("او بر اثر تصادف ون گشت ارشاد با موتورش در خیابان جان باخت.", "vehicle"),
])
def test_persian_causes_said_indirectly(text, cause):
    from rasad.incidents.victims import cause_of_harm
    from rasad.languages.fa.normalise import normalise

    assert cause_of_harm(normalise(text).text, "fa") == cause


def test_english_names_after_a_place_an_age_word_a_patronymic_or_a_relative(tmp_path):
    cases = [
        ("From Sonqor, shepherd Mokhtar Veisi, 50, was shot dead on 21 Dey 1404.", "Mokhtar Veisi", "Sonqor"),
        ("Nineteen-year-old Aida Shokri of Sari was killed on the night of 19 Dey.", "Aida Shokri", "Sari"),
        ("Hossein, son of Karim Tavakoli, was a tailor in Zanjan. He was shot on 20 Dey.", "Hossein Tavakoli", "Zanjan"),
        ("'She was our light,' says the brother of Leila Nouri. Leila, 23, was killed by a bullet in Babol.",
         "Leila Nouri", "Babol"),
    ]
    for text, name, town in cases:
        pred = _predict_one(tmp_path, text)
        assert ([v["name"] for v in pred["victims"]][:1], pred["place"]) == ([name], town), text


def test_english_places_a_heading_an_age_then_of_and_a_towns_prison(tmp_path):
    assert _predict_one(tmp_path, "Mahabad: Karwan Rasouli (20) - killed by live fire, 7 Mehr 1401.")["place"] == "Mahabad"
    pred = _predict_one(tmp_path, "Tortured for weeks in Tabriz's central prison, Ramin Ghafari, 33, of Maragheh, "
                                  "died on 4 Esfand 1401.")
    assert pred["place"] == "Maragheh"  # "of" after an age is the origin; "Tabriz's ... prison" a facility


def test_the_day_stated_right_after_the_death(tmp_path):
    pred = _predict_one(tmp_path, "Omid Bahrami was shot in Kerman on 4 Aban 1401; he died in hospital on 9 Aban.")
    assert pred["date"].endswith("-10-31")  # 9 Aban (its year not stated), not 4 Aban


def test_persian_town_adjective_after_an_age_and_a_street_named_for_a_date(tmp_path):
    pred = _predict_one(tmp_path, "ساچمه‌ها به چشم ریحانه کریمی خورد و این کارگر ۲۹ ساله مریوانی در ۲۰ مهر ۱۴۰۱ "
                                  "جان باخت.", "fa")
    assert pred["place"] == "Marivan"
    pred = _predict_one(tmp_path, "سامان نوری روز ۲ آبان ۱۴۰۱ در خیابان ۱۷ شهریور تهران با گلوله کشته شد.", "fa")
    assert pred["date"] == "2022-10-24"  # 2 Aban 1401; "۱۷ شهریور" names the street


def test_english_names_after_a_title_a_heading_verb_or_in_lower_case(tmp_path):
    cases = [
        ("Haj Reza Moradi, a carpet seller in Kashmar, was shot on 20 Dey 1404.", "Reza Moradi"),
        ("Honouring Leyla Sadeghi: the 30-year-old teacher from Ardabil was shot on 19 Dey 1404.", "Leyla Sadeghi"),
        ("javid nam kamal yazdani 31 years old from sabzevar was shot at 19 Dey 1404", "Kamal Yazdani"),
    ]
    for text, name in cases:
        assert [v["name"] for v in _predict_one(tmp_path, text)["victims"]][:1] == [name], text


def test_english_names_in_a_relative_clause_or_after_an_opening_clause_and_the_day_of_a_shooting(tmp_path):
    pred = _predict_one(tmp_path, "\"He loved football,\" said Maryam, mother of Kian Ghorbani, who was killed in "
                                  "Izeh on 25 Aban 1401.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Kian Ghorbani"]
    pred = _predict_one(tmp_path, "Summoned on 2 Dey 1404 by the intelligence office in Saqqez, Karo Moradi was freed "
                                  "on 5 Dey and then shot dead at a protest on 18 Dey 1404.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Karo Moradi"]
    assert pred["date"] == "2026-01-08"  # 18 Dey, the day he was shot dead, not the summons
    # the subject after an opening clause with any verb (the eighth blind batch's miss), not a function word after
    # the words, nor the state's forces
    pred = _predict_one(tmp_path, "Raised in Zanjan, Omid Farzaneh studied law before he was shot on 19 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Omid Farzaneh"]
    pred = _predict_one(tmp_path, "After the march, Golbahar Nouri spent two nights in a coma and died in Ilam.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Golbahar Nouri"]
    pred = _predict_one(tmp_path, "On the night of 19 Dey, Security Forces opened fire in Ilam and a young man died.")
    assert "Security Forces" not in [v["name"] for v in pred["victims"]]
    # a day told of the body or the burial is not the day of death (the ninth blind batch's miss)
    pred = _predict_one(tmp_path, "The body of Sohrab Nikzad was found on 25 Dey near Sanandaj; he had been shot on 21 Dey.")
    assert pred["date"] == "0001-01-11"
    pred = _predict_one(tmp_path, "A funeral was held on 24 Dey in Arak for Behrooz Kalantari, 30; he was shot there on 20 Dey.")
    assert pred["date"] == "0001-01-10"
    # titles, honorifics and the words that are no name come from en.yaml (name_titles, story_honorifics,
    # name_end_words)
    pred = _predict_one(tmp_path, "Shahid Sadra Vafaei, 20, was shot on 19 Dey in Ilam.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Sadra Vafaei"]
    pred = _predict_one(tmp_path, "On 19 Dey in Ilam, Hajji Karim Sohrabi, 70, was shot at his door and died.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Karim Sohrabi"]
    # a nickname in quotes, a description opening the name, a town after a word of home (the tenth batch's misses)
    pred = _predict_one(tmp_path, "Reza \u201cKako\u201d Amini, 41, a baker, was shot dead in Marivan on 20 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Reza Amini"]
    pred = _predict_one(tmp_path, "Schoolgirl Taraneh Hosseini, 16, died of a bullet wound in Kamyaran on 19 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Taraneh Hosseini"]
    pred = _predict_one(tmp_path, "Omid Sharifi, 24, worked at a garage in Tabriz and was shot there on 19 Dey. His home "
                                  "town was Ahar.")
    assert pred["place"] == "Ahar"
    # one who moved to a town lives there, one who was moved there does not (the eleventh batch's miss)
    pred = _predict_one(tmp_path, "Raised in Shiraz, Arash Kamali moved to Karaj in 1398 and was killed there on 19 Dey.")
    assert pred["place"] == "Karaj"
    pred = _predict_one(tmp_path, "Reza Alavi, from Ilam, was moved to Tehran for treatment and died there on 22 Dey.")
    assert pred["place"] == "Ilam"
    # a given name that is also a town's, with an age after the name; a town heading with its day; the day at the end
    # of a sentence (the twelfth blind batch's misses)
    pred = _predict_one(tmp_path, "In the border town of Sardasht, Sirvan Karimi, 30, was shot dead on 20 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Sirvan Karimi"] and pred["place"] == "Sardasht"
    pred = _predict_one(tmp_path, "Saqqez, 18 Dey: Hejar Amini, a 25-year-old tailor, was killed by live fire.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Hejar Amini"] and pred["place"] == "Saqqez"
    pred = _predict_one(tmp_path, "Mehrdad Soltani, 41, of Yazd, was shot dead on 2026-01-10.")
    assert pred["date"] == "2026-01-10"
    # a story all in lower case: the town after an origin word (the eighth blind batch's miss)
    pred = _predict_one(tmp_path, "javid nam parsa heidari 23 years old resident of bojnurd shot dead on 20 dey")
    assert pred["place"] == "Bojnurd"
    pred = _predict_one(tmp_path, "the young worker from saqqez was shot by the guards and died")
    assert pred["place"] == "Saqqez"


# Persian openings and cues written for the rules the blind batches called for (not from any eval file)
PERSIAN_NAME_CASES = [
    ("پیکر بی‌جان سینا مرادی، ۱۹ ساله، به خانواده‌اش در اراک تحویل داده شد.", "سینا مرادی"),
    ("برادرش، کاوه نیکنام، می‌گوید او فقط نان می‌خرید. آرش نیکنام، ۲۶ ساله، در کرج جان باخت.", "آرش نیکنام"),
    ("«عمو رحیم» را همه بازاریان می‌شناختند. رحیم سلطانی، ۶۰ ساله، در قزوین کشته شد.", "رحیم سلطانی"),
    ("ماموران سپاه در میدان شهر به سوی مردم شلیک کردند. یاسین فتاحی ۱۸ ساله در بانه جان باخت.", "یاسین فتاحی"),
    ("او در کارگاه نجاری کار می‌کرد. نامش هومن اکبری بود و در مشهد کشته شد.", "هومن اکبری"),
    ("بهنام کاویانی، ۳۰ ساله، در ساری از پا درآمد.", "بهنام کاویانی"),
    ("فرهاد وکیلی، ۴۰ ساله، در سنندج کشته شد.", "فرهاد وکیلی"),  # "وکیل" (lawyer) inside a surname is no actor
    ("یوسف رحیمی معروف به «کاک یوسف»، کشاورز اهل بانه، روز ۵ مهر ۱۴۰۱ کشته شد.", "یوسف رحیمی"),  # a nickname
    ("حسن فرزند محمد رستمی، ۲۸ ساله، اهل ملایر، روز ۲۰ دی ۱۴۰۴ کشته شد.", "حسن رستمی"),  # patronymic
    ("در ۲۱ دی ۱۴۰۴ در کرمان گلوله به سینه نیما جعفری ۲۰ ساله خورد و او جان باخت.", "نیما جعفری"),  # body part
    ("دخترم سحر مختاری فقط ۱۹ سال داشت. او در ۱۹ دی ۱۴۰۴ در قم کشته شد.", "سحر مختاری"),  # "my daughter X"
    ("در ۲۰ دی ۱۴۰۴ در اراک کشته شد: کامیار نوری، کارگر ۳۳ ساله.", "کامیار نوری"),  # the name after a colon
    ("نیروهای یگان ویژه در ایذه شلیک کردند و کیوان عباسی، کارگر ۲۸ ساله، کشته شد.", "کیوان عباسی"),
    ("در روستا به دنیا آمده بود و در شهر کار می‌کرد. سهراب کیانی روز ۲۰ دی ۱۴۰۴ در اراک کشته شد.", "سهراب کیانی"),
    ("مأموران آنقدر رامین صالحی ۳۰ ساله را زدند که جان باخت.", "رامین صالحی"),
    ("نامش پریا نادری بود و در کرج درس می‌خواند.", "پریا نادری"),  # the name after "نامش" at the opening
    ("یک هفته پیش از عروسی‌اش، در ۲۰ دی ۱۴۰۴، کیارش ملکی در ساری کشته شد.", "کیارش ملکی"),  # the second comma
    ("نیما، سعید و کاوه با هم به خیابان رفتند؛ نیما رضایی دیگر بازنگشت و کشته شد.", "نیما رضایی"),  # completed
    ("غروب ۲۰ دی ۱۴۰۴ کاوه صمدی ۲۵ ساله در سنندج کشته شد.", "کاوه صمدی"),  # a time of day opens the story
    ("مولوی عبدالرحیم نارویی، امام جماعت مسجدی در خاش، روز ۸ آبان ۱۴۰۱ کشته شد.", "عبدالرحیم نارویی"),  # a title
    ("در شهرک اندیشه شهریار، مینا کاظمی ۱۷ ساله با گلوله کشته شد.", "مینا کاظمی"),  # "در X Y، ..." is a place
    ("کسری نادری دانشجوی ۲۰ ساله اهل زنجان بود و در ۲۱ دی کشته شد.", "کسری نادری"),  # the ezafe's glide before an age
    ("فرهاد وکیلی ۳۵ ساله در اراک کشته شد.", "فرهاد وکیلی"),  # a surname "وکیلی" before an age stays
]


@pytest.mark.parametrize("text,name", PERSIAN_NAME_CASES)
def test_persian_story_names_by_word_class_and_structure(text, name, tmp_path):
    assert [v["name"] for v in _predict_one(tmp_path, text, "fa")["victims"]] == [name]


def test_a_persian_death_said_as_felled(tmp_path):
    assert _predict_one(tmp_path, "بهنام کاویانی، ۳۰ ساله، در ساری از پا درآمد.", "fa")["killed"] is True


def test_a_one_word_name_completed_and_the_day_not_the_bodys(tmp_path):
    pred = _predict_one(tmp_path, "Siamak was a gentle 40-year-old carpenter. Siamak Rahbar lived in Zanjan and was "
                                  "shot on 20 Dey 1404 near the bazaar. His body was returned to his family on 25 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Siamak Rahbar"]
    assert pred["date"] == "2026-01-10"  # 20 Dey, the shooting; 25 Dey is the day the body was returned


@pytest.mark.parametrize("text,town", [
    ("ساچمه به سر آرش ولی‌زاده خورد؛ این کارگر کرمانی در ۲۰ دی ۱۴۰۴ جان باخت.", "Kerman"),  # after a description
    ("بردیا نوری، معلم مراغه، روز ۲۱ دی ۱۴۰۴ در تبریز کشته شد.", "Maragheh"),  # the town of the teacher
    ("ژیار امینی، زندانی کرد، روز ۱۲ بهمن ۱۴۰۳ در زندان ارومیه اعدام شد.", "Orumiyeh"),  # "کرد": no hamlet Kord
])
def test_persian_towns_named_with_a_description(text, town, tmp_path):
    assert _predict_one(tmp_path, text, "fa")["place"] == town


def test_english_names_with_a_title_a_nickname_after_or_an_age_before(tmp_path):
    cases = [
        ("Mamosta Osman Rahimi, a prayer leader in Sardasht, was shot on 21 Dey 1404.", "Osman Rahimi"),
        ("Behrang Sadri (Bebe), born 1380, resident of Qazvin, was killed on 19 Dey 1404.", "Behrang Sadri"),
        ("On the second night, a sniper's bullet took the life of 31-year-old baker Farid Nikzad in Ilam.",
         "Farid Nikzad"),
    ]
    for text, name in cases:
        pred = _predict_one(tmp_path, text)
        assert [v["name"] for v in pred["victims"]][:1] == [name], text
    assert _predict_one(tmp_path, cases[2][0])["killed"] is True  # "took the life of"


# A Persian story's cause is what its text states: a death told without its cause gets none (the archive's
# commonest cause would raise the figure but no text states it).
@pytest.mark.parametrize("text,cause", [
    ("سامان کیانی، ۳۱ ساله، روز ۲۰ دی ۱۴۰۴ در اعتراضات شیراز جان باخت.", None),
    ("سامان کیانی، ۳۱ ساله، روز ۲۰ دی ۱۴۰۴ در شیراز با ضربات باتوم جان باخت.", "beaten"),
    ("سامان کیانی روز ۱۲ دی بازداشت شد و پنج روز بعد پیکرش را به خانواده دادند.", None),
    ("سامان کیانی، ۳۱ ساله، اهل شیراز و معلم ریاضی بود.", None),
])
def test_persian_cause_only_as_the_story_states_it(text, cause, tmp_path):
    pred = _predict_one(tmp_path, text, "fa")
    assert pred["cause"] == cause


# victfa: places. A facility word after a town opens the next phrase in Persian ("در تهران بلوار ..."): the town
# is no facility's name; a facility named after a person ("دانشگاه شهید ...") names no town; "اصالتاً X" and
# "زادگاه X" are origins whatever the town's size.
@pytest.mark.parametrize("text,town", [
    ("نیما صادقی روز ۲ مهر در تبریز خیابان امام مفقود شد و پیکرش یک هفته بعد در کهریزک پیدا شد.", "Tabriz"),
    ("آرین مهدوی، دانشجوی دانشگاه شهید چمران، در ۲۲ دی جان باخت.", None),
    ("لیلا کاوه در ۱۹ دی در کرمان جان باخت. او اصالتاً اهل قصر شیرین بود.", "Qasr-e Shirin"),
    ("لیلا کاوه در ۱۹ دی در کرمان جان باخت. او اصالتاً کرد بود.", "Kerman"),  # an ethnonym, not the hamlet Kord
    ("بهروز رنجبر، زادگاه پاوه، در ۱۹ دی در کرمانشاه جان باخت.", "Paveh"),
    # (blind batch 7) "از اهالی X" is an origin; a birthplace in a lifespan's brackets ranks below the town of death
    ("جواد کاظمی ۳۰ ساله از اهالی رامهرمز، ۲۵ آبان ۱۳۹۸ در ماهشهر با گلوله کشته شد.", "Ramhormoz"),
    ("نگار رحیمی (زاده ۱۳۷۹ در زنجان – درگذشته ۵ مهر ۱۴۰۱ در قزوین) دانشجوی حقوق بود.", "Qazvin"),
    ("صادق حسن‌زاده در ارومیه با شلیک گلوله کشته شد.", "Orumiyeh"),  # a surname in زاده is no birth word
])
def test_persian_places_after_a_town_a_persons_facility_and_an_origin(text, town, tmp_path):
    assert _predict_one(tmp_path, text, "fa")["place"] == town


# victfa (blind batch 7): a noun heading an account ("روایت خانواده: ...") is no name; the name is read later.
def test_a_persian_story_opening_with_an_accounts_heading(tmp_path):
    text = "خاطره یک دوست: «بابک همیشه می‌خندید.» بابک نوری ۲۶ ساله اهل اراک بود و ۲۰ دی ۱۴۰۴ جان باخت."
    assert [v["name"] for v in _predict_one(tmp_path, text, "fa")["victims"]][:1] == ["بابک نوری"]


# victfa (blind batch 8): a month that is also a given name opens a story as a name, not as a date.
@pytest.mark.parametrize("text,name", [
    ("آذر کاظمی، ۴۱ ساله، معلم اهل زنجان، ۲۰ دی ۱۴۰۴ در زنجان جان باخت.", "آذر کاظمی"),
    ("مهر ۱۴۰۱ بود که سینا احمدی ۱۹ ساله در سنندج با گلوله کشته شد.", "سینا احمدی"),
])
def test_a_persian_story_opening_with_a_month_that_is_a_given_name(text, name, tmp_path):
    assert [v["name"] for v in _predict_one(tmp_path, text, "fa")["victims"]][:1] == [name]


def test_the_english_name_rules_take_their_words_from_data(tmp_path, monkeypatch):
    """The relatives, acts and verbs of the English name rules are data (story_names_en.yaml), read once."""
    import yaml

    from rasad.eval import victims

    data = yaml.safe_load(victims.STORY_NAMES_YAML.read_text(encoding="utf-8"))
    words = victims._story_name_words()
    assert set(words["relatives_of"]) == set(data["relatives_of"]) >= {"son", "daughter", "mother", "father"}
    assert "killed" in words["named_victim_acts"] and "remember" in words["name_object_acts"]
    rules = victims._name_rules("en")
    assert rules.relative_of.match("The daughter of Karim Sohrabi, from Baneh, was shot.").group(1) == \
        "daughter of Karim Sohrabi"
    assert rules.named.search("in the square where Omid Farahani was martyred on").group(2) == "Omid Farahani"
    assert not rules.relative_of.match("The neighbour of Karim Sohrabi was shot.")  # not a relative's word
    # a list that is missing or not lower case is refused, naming the file
    bad = tmp_path / "story_names_en.yaml"
    bad.write_text("relatives_of: [Son]\n", encoding="utf-8")
    monkeypatch.setattr(victims, "STORY_NAMES_YAML", bad)
    victims._story_name_words.cache_clear()
    try:
        with pytest.raises(ValueError, match="story_names_en.yaml"):
            victims._story_name_words()
    finally:
        victims._story_name_words.cache_clear()


# Sentences written for the classes blind batches 13–15 showed (not the batches' own wording).
@pytest.mark.parametrize("text,town", [
    # the town lived in beats the town of origin, however the living is said
    ("Originally from Dezful, Karim Nasseri had lived in Andimeshk since 2015 and was shot there on 3 Aban 1401.",
     "Andimeshk"),
    ("A native of Bijar, Leyla Kamali lived with her husband in Qorveh until she was killed on 22 Dey.", "Qorveh"),
    # a birthplace gives way to the town a person grew up in
    ("Hamid Soleimani was born in Tabriz and grew up in Maragheh; he died on 19 Dey.", "Maragheh"),
    # where someone came back from is no origin, with the place come back to between
    ("Jafar Azimi was shot dead on 22 Dey in Sonqor, days after he returned to his family from Tehran.", "Sonqor"),
    # a relative clause of living on the town ("..., where he lived")
    ("Saber Ghorbani died on 3 Bahman in a hospital in Kermanshah; he was shot in Harsin, where he lived with his "
     "parents.", "Harsin"),
    # the spelling with I- for Persian e- (Islamshahr / Eslamshahr)
    ("Kasra Nouri, 30, was executed on 9 Esfand 1404. He came from Islamshahr.", "Eslamshahr"),
    # of the towns named without a word of home, the one named most often
    ("Behnaz Saberi trained as a nurse in Hamedan and worked at a clinic in Malayer. She was shot during the "
     "protests in Malayer on 20 Dey.", "Malayer"),
    # a town after its province's or city's possessive; a quarter or a facility there leaves the city
    ("Kasra Jalali, 23, was killed by a bullet on 21 Dey in Isfahan's Najafabad.", "Najafabad"),
    ("Kasra Jalali, 23, died on 21 Dey in Karaj's Rajaei Shahr prison.", "Karaj"),
    # a town heading with its province, the town unknown to the pipeline, before the victim's name
    ("Sarpol-e Zahab, Kermanshah province – Arsalan Mohammadi, 41, died of gunshot wounds on 20 Dey.",
     "Sarpol-e Zahab"),
])
def test_english_places_lived_in_grew_up_in_and_a_town_heading_with_its_province(text, town, tmp_path):
    assert _predict_one(tmp_path, text)["place"] == town, text


def test_english_a_relative_who_tells_the_story_and_a_cousin_who_says_how(tmp_path):
    pred = _predict_one(tmp_path, "The father of Payam Rezvani, 19, told reporters his son was shot in Sanandaj "
                                  "on 21 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Payam Rezvani"]
    pred = _predict_one(tmp_path, "The son of Jalal Moradi, from Ilam, lost his life on 20 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["son of Jalal Moradi"]  # the relative is the victim here
    from rasad.incidents.victims import cause_of_harm

    assert cause_of_harm("Vahid Rezaei died on 20 Dey. His brother said he had been shot in the neck.") == "shot"
    assert cause_of_harm("Vahid Rezaei was beaten; his brothers were shot with pellets.") == "beaten"


def test_english_a_month_that_is_a_given_name(tmp_path):
    pred = _predict_one(tmp_path, "Witnesses in Bukan say that Bahman Hosseini, 41, was shot dead on 20 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Bahman Hosseini"]
    from rasad.eval.victims import _month_as_given_name

    text = "He was shot on 19 Bahman Street and ..."
    assert not _month_as_given_name(text, text.index("Bahman"), "Bahman Street")  # a day number before it
    assert not _month_as_given_name("Dey Karimi", 0, "Dey Karimi")  # not a month that is a given name


def test_english_a_death_in_prison_with_its_day_between():
    from rasad.incidents.victims import cause_of_harm

    assert cause_of_harm("Karim Zand, 48, died on 7 Bahman 1404 in the central prison of Zahedan.") == "other"
    assert cause_of_harm("Karim Zand died on 7 Bahman in custody after he was shot in the leg.") == "shot"


def test_english_a_death_in_prison_yields_to_the_torture_the_story_tells(tmp_path):
    pred = _predict_one(tmp_path, "Kaveh Sadri died on 4 Bahman 1404 in Dizelabad prison in Kermanshah. Fellow prisoners "
                                  "said guards had tortured him for days.")
    assert pred["cause"] == "torture"
    assert _predict_one(tmp_path, "Kaveh Sadri died on 4 Bahman 1404 in Dizelabad prison in Kermanshah.")["cause"] == "other"


def test_english_an_arabic_particle_a_kurdish_given_name_a_day_naming_a_hospital_and_fell_in_a_town(tmp_path):
    pred = _predict_one(tmp_path, "Witnesses in Shadegan said Hamid al-Sawari, 29, was shot dead on 21 Dey.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Hamid al-Sawari"]
    pred = _predict_one(tmp_path, "Hero Karimi, 31, was killed on 20 Dey in Baneh.")
    assert [v["name"] for v in pred["victims"]][:1] == ["Hero Karimi"]
    pred = _predict_one(tmp_path, "Reza Moradi, 40, was wounded on 19 Dey and died in 17 Shahrivar hospital on 24 Dey.")
    assert pred["date"].endswith("-01-14")  # 24 Dey; "17 Shahrivar" names the hospital
    assert _predict_one(tmp_path, "Kian Amiri fell in Sanandaj on 21 Dey, struck by a bullet.")["killed"] is True
    assert _predict_one(tmp_path, "Kian Amiri fell in love with painting as a boy in Sanandaj.")["killed"] is not True


def test_english_a_province_named_with_and_a_town_by_its_county_and_a_heart_attack_with_its_day(tmp_path):
    pred = _predict_one(tmp_path, "Omid Rasti, 25, from Kohgiluyeh and Boyer-Ahmad province, was killed on 22 Dey.")
    assert pred["geonameid"] == 66093  # the province's capital (Yasuj), not Dehdasht ("Kohgiluyeh" alone)
    assert _predict_one(tmp_path, "Gachsaran: Omid Rasti, 25, a driller at the oil field, was killed on 22 Dey.")[
        "geonameid"] == 136014  # Dogonbadan, the town of Gachsaran County
    from rasad.incidents.victims import cause_of_harm

    assert cause_of_harm("Soraya Nemati died on 3 Bahman of a heart attack when agents stormed her flat.") == "other"


# victfa2 (blind batch 9): "found hanged" / "hanged himself" (the authorities' word) is a death in custody
# explained away, the archive's "other"; an execution names اعدام or the gallows first.
@pytest.mark.parametrize("text,cause", [
    ("نگهبانان گفتند کامران رحمانی را در سلولش حلق‌آویز یافته‌اند.", "other"),
    ("مسئولان زندان مدعی شدند که او خود را حلق‌آویز کرده است.", "other"),
    ("حکم اعدام او سحرگاه امروز در ملاء عام با حلق‌آویز کردن اجرا شد.", "executed"),
])
def test_persian_hanging_in_a_cell_and_by_sentence(text, cause):
    from rasad.incidents.victims import cause_of_harm
    from rasad.languages.fa.normalise import normalise

    assert cause_of_harm(normalise(text).text, "fa") == cause


# victfa2 (blind batch 9): a facility's own name may run to several words before its town ("دانشگاه آزاد اسلامی
# X"): the town is the facility's, ranked below the town of the death; a verb or a preposition ends it.
@pytest.mark.parametrize("text,town", [
    ("رامین ساعدی، استاد دانشگاه آزاد اسلامی تبریز، در ۲۰ دی ۱۴۰۴ در مرند با گلوله جان باخت.", "Marand"),
    ("یاسر نوری سال‌ها در زندان بود و در ساری با گلوله جان باخت.", "Sari"),
])
def test_persian_a_facility_with_a_long_name_names_its_town(text, town, tmp_path):
    assert _predict_one(tmp_path, text, "fa")["place"] == town


# victfa2 (blind batch 9): a kin or description noun opening the story with an indefinite age ("پدربزرگ ۷۰
# ساله‌ای به نام X") is no name: the name after "به نام" is.
@pytest.mark.parametrize("text,name", [
    ("پدربزرگ ۷۰ ساله‌ای به نام غلامعلی سبحانی در ۱۹ دی ۱۴۰۴ در کاشان با شلیک گلوله جان باخت.", "غلامعلی سبحانی"),
    ("راننده ۳۵ ساله‌ای به نام جمشید ملکی روز ۱۸ دی در اراک کشته شد.", "جمشید ملکی"),
])
def test_a_persian_story_opening_with_a_described_person_then_the_name(text, name, tmp_path):
    assert [v["name"] for v in _predict_one(tmp_path, text, "fa")["victims"]][:1] == [name]


# victfa2 (blind batch 10): a clause about other people ends at its comma ("در حالی که مردم ...، ماموران شلیک
# کردند"): the shooting after it is the person's cause.
@pytest.mark.parametrize("text,cause", [
    ("در حالی که جوانان در میدان جمع شده بودند، ماموران از بالای ساختمان شلیک کردند و بردیا کاظمی جان باخت.", "shot"),
    ("او با ساچمه جان باخت، در حالی که دوستانش با گلوله جنگی زخمی شدند.", "pellet"),
])
def test_persian_a_clause_about_others_ends_at_its_comma(text, cause):
    from rasad.incidents.victims import cause_of_harm
    from rasad.languages.fa.normalise import normalise

    assert cause_of_harm(normalise(text).text, "fa") == cause


# victfa2 (blind batch 10): "تمام کرد" with no object is a family's word for dying; "را تمام کرد" is finishing.
@pytest.mark.parametrize("text,killed", [
    ("نادر را با ون گشت زیر گرفتند و پیش از رسیدن آمبولانس تمام کرد.", True),
    ("نادر سال گذشته درسش را تمام کرد و در بازداشت است.", False),
])
def test_persian_a_familys_word_for_dying(text, killed):
    from rasad.languages.fa.incidents import story_states_death
    from rasad.languages.fa.normalise import normalise

    assert story_states_death(normalise(text).text) is killed


# victfa2 (blind batch 10): a town's adjective inside a facility's name ("بیمارستان امام خمینی": a person's name)
# is no origin; the town of the death is the place.
def test_persian_a_facility_named_after_a_person_gives_no_origin(tmp_path):
    text = "کاوه نوری، تکنسین ۳۰ ساله درمانگاه امام خمینی، ۲۰ دی ۱۴۰۴ در بوکان با گلوله کشته شد."
    assert _predict_one(tmp_path, text, "fa")["place"] == "Bukan"


# victfa2 (blind batch 10): a relative speaking of the person ("پدر X Y گفت پسرش ..."), the story going on with X
# alone: X Y is the person.
def test_a_persian_story_opening_with_a_relatives_words(tmp_path):
    text = "برادر رامین قاسمی به خبرنگاران گفت او ۱۹ دی در اراک کشته شد. رامین ۲۵ سال داشت و نقاش ساختمان بود."
    assert [v["name"] for v in _predict_one(tmp_path, text, "fa")["victims"]][:1] == ["رامین قاسمی"]
