"""The incident vocabulary is data (src/rasad/data/incidents/): a word added to the file is found, a malformed
file is refused with a message that names the field, and every ACLED sub-event type of the table exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.incidents.lexicon import ACLED_YAML, INCIDENT_DATA, LexiconError, acled_table, lexicon, load_lexicon
from rasad.log.exporters import export
from rasad.log.importers import import_file
from rasad.log.merge import event_family

EN_YAML = INCIDENT_DATA / "en.yaml"


@pytest.fixture(scope="module")
def nlp():
    """The pipeline without the framing component, which incidents do not read."""
    from rasad.analysis.pipeline import load_nlp

    return load_nlp(exclude=("rasad_framing",))


@pytest.fixture(scope="module")
def parse(nlp):
    return lambda text: next(iter(nlp(text).sents))


def with_lines(tmp_path: Path, after: str, lines: str, source: Path = EN_YAML) -> Path:
    """A copy of a vocabulary file with ``lines`` inserted after the line ``after``."""
    text = source.read_text(encoding="utf-8")
    assert f"\n{after}\n" in text
    path = tmp_path / source.name
    path.write_text(text.replace(f"\n{after}\n", f"\n{after}\n{lines}\n", 1), encoding="utf-8")
    return path


def triggers_of(lex, sent) -> list[tuple[str, str]]:
    toks = [t for t in sent if not t.is_space]
    return [(" ".join(t.text for t in toks[s:e]), entry.label) for s, e, _phrase, entry in lex.trigger_matches(toks)]


# --- adding a word ----------------------------------------------------------------------------------
def test_a_new_trigger_word_is_one_line_of_data(tmp_path, parse):
    sent = parse("Gunmen slaughtered four shepherds near the border on Tuesday.")
    assert triggers_of(lexicon("en"), sent) == []
    lex = load_lexicon(with_lines(tmp_path, "triggers:", "  slaughter: {act: killed}"))
    assert triggers_of(lex, sent) == [("slaughtered", "killed")]


def test_a_new_trigger_word_types_an_incident(tmp_path, monkeypatch, nlp):
    """The whole road: the extractor reads the vocabulary it is given, so the new line is all it takes."""
    from rasad.incidents import lexicon as lexicon_module
    from rasad.incidents.extract import extract_incidents

    text = "Gunmen slaughtered four shepherds near the border on Tuesday."
    assert extract_incidents(nlp(text)) == []
    with_lines(tmp_path, "triggers:", "  slaughter: {act: killed}")
    monkeypatch.setattr(lexicon_module, "INCIDENT_DATA", tmp_path)
    lexicon.cache_clear()
    try:
        [incident] = extract_incidents(nlp(text))
    finally:
        monkeypatch.undo()
        lexicon.cache_clear()
    assert (incident.type, incident.sub_type, incident.acts) == ("Violence against civilians", "Attack", ["killed"])
    assert (incident.counts.killed.min, incident.counts.killed.max, incident.trigger) == (4, 4, "slaughtered")
    assert lexicon("en").triggers.get("slaughter") is None  # the shipped file is untouched


def test_a_trigger_naming_a_rule_no_code_has_is_refused(tmp_path):
    from rasad.incidents.triggers import _rules_of

    lex = load_lexicon(with_lines(tmp_path, "triggers:", "  brawl: {kind: riot, rule: only_at_night}"))
    with pytest.raises(LexiconError, match="ambiguity rules that do not exist: \\['only_at_night'\\]"):
        _rules_of(lex)


def test_a_new_cue_word_joins_its_group(tmp_path, parse):
    sent = parse("Villagers said the drone was shot down over the valley.")
    assert "air" in lexicon("en").cue_groups_in(sent)
    sent = parse("Witnesses counted three quadcopters over the valley.")
    assert "air" not in lexicon("en").cue_groups_in(sent)
    text = EN_YAML.read_text(encoding="utf-8").replace("  air: [airstrike,", "  air: [quadcopter, airstrike,", 1)
    (tmp_path / "en.yaml").write_text(text, encoding="utf-8")
    lex = load_lexicon(tmp_path / "en.yaml")
    assert "air" in lex.cue_groups_in(sent)


def test_the_longest_trigger_comes_first(parse):
    sent = parse("A suicide bomber struck the market and the blast killed six people.")
    found = triggers_of(lexicon("en"), sent)
    assert found[0] == ("suicide bomber", "suicide")
    assert ("blast", "bomb") in found and ("killed", "killed") in found


def test_cues_read_lemmas_and_words_but_riot_police_are_no_riot(parse):
    lex = lexicon("en")
    riot = parse("Riot police fired tear gas at the students who gathered outside the university.")
    groups = lex.cue_groups_in(riot)
    assert {"crowd_control", "protest", "state_forces"} <= groups and "rioting" not in groups
    assert "rioting" in lex.cue_groups_in(parse("The riot spread to three more districts overnight."))
    # an aside left out: its words type nothing
    sent = parse("Teachers marched in Shiraz, where troops killed nine people in 2019.")
    aside = frozenset(t.i for t in sent if t.i >= [t.i for t in sent if t.lower_ == "where"][0])
    assert "lethal_force" in lex.cue_groups_in(sent)
    assert "lethal_force" not in lex.cue_groups_in(sent, aside)


def test_count_words_and_acled_figures_come_from_the_data():
    lex = lexicon("en")
    assert lex.acled_vague_fatalities["dozens"] == 12 and lex.acled_vague_fatalities["hundreds"] == 100
    assert lex.vague["dozens"] == (24, 99)
    assert lex.numbers.units["twelve"] == 12 and lex.numbers.scales["thousand"] == 1000


# --- a malformed file -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("after", "line", "message"),
    [
        ("triggers:", "  smite: {act: beaten, kind: attack}", "either an act or a kind"),
        ("triggers:", "  smite: {}", "either an act or a kind"),
        ("triggers:", "  smite: {act: beaten, sense: physical}", "triggers.smite.sense"),
        ("triggers:", "  Smite: {act: beaten}", "lower case"),
        ("triggers:", "  smite  them: {act: beaten}", "single spaces"),
        ("triggers:", "  yes: {act: beaten}", "triggers"),  # YAML reads `yes` as True: no word
        ("triggers:", "  brawl: {kind: riot, rule: not_before}", "not_before needs an entry"),
        ("actor_words:", "  guerrillas: [partisan]", "not ACLED inter types"),
        ("cue_groups:", "  looting: [12]", "cue_groups.looting.0"),
        ("triggers:", "  kill: {act: injured}", "'kill' is given twice"),
        ("causes:", "  stabbed: ['stab(bed']", "causes.stabbed.0: .*not a regular expression"),
        ("patterns:", "  age_of: '(\\d+ years'", "patterns.age_of: .*not a regular expression"),
        # the parts of a long pattern are checked joined: each part alone may be half a group
        ("patterns:", "  age_of: ['(\\d+', ' years']", "patterns.age_of: .*not a regular expression"),
        ("patterns:", "  age_of: 12", "patterns.age_of"),
    ],
)
def test_a_malformed_language_file_is_refused_with_the_field(tmp_path, after, line, message):
    with pytest.raises(LexiconError, match=message) as error:
        load_lexicon(with_lines(tmp_path, after, line))
    assert "en.yaml" in str(error.value)


def test_a_long_pattern_is_its_parts_joined_as_they_are(tmp_path):
    lex = load_lexicon(with_lines(tmp_path, "patterns:", "  age_of: ['(\\d+', ')\\s+years?']"))
    assert lex.pattern("age_of") == r"(\d+)\s+years?"
    with pytest.raises(LexiconError, match="patterns: no pattern 'age'"):
        lex.pattern("age")
    with pytest.raises(LexiconError, match="words: no list 'modals'"):
        lex.word_set("modals")


def test_every_word_list_and_pattern_the_code_asks_for_is_in_the_file_and_none_is_unread():
    """A second language's file needs exactly these names: the code asks for them by name, on import."""
    import re

    package = INCIDENT_DATA.parent.parent
    # the incident rules, and the re-parse before them that reads the same file (analysis/reparse.py)
    sources = [*Path(package, "incidents").glob("*.py"), Path(package, "analysis", "reparse.py")]
    code = "\n".join(f.read_text(encoding="utf-8") for f in sources)
    lex = lexicon("en")
    # asked at the point of use: lex.word_set("x") (or its alias words("x")), lex.pattern("x") / lex.regex("x", flags);
    # optional_words(doc, "x") where a language may have no such list (rasad.incidents.reporting, background)
    asked_words = set(re.findall(r'(?:word_set|words)\((?:[\w.]+, )?"(\w+)"\)', code))
    asked_patterns = set(re.findall(r'(?:pattern|regex)\("(\w+)"', code))
    assert asked_words == set(lex.words)
    assert asked_patterns == set(lex.patterns)


def test_the_inline_words_now_read_from_data_still_decide():
    """A few of the lists and patterns moved out of the code, on sentences of their own."""
    from rasad.incidents.victims import cause_of_harm

    # clause_break + others_subject: the friends' pellets are theirs, the victim was beaten
    assert cause_of_harm("He was beaten with batons, while his friends were shot with pellets") == "beaten"
    assert cause_of_harm("He was hit by pellets") == "pellet"
    lex = lexicon("en")
    assert {"never"} <= lex.word_set("negation_words") and {"if", "unless"} <= lex.word_set("conditional_marks")
    assert "university" in lex.facility_words


def test_a_missing_section_or_broken_yaml_is_refused(tmp_path):
    path = tmp_path / "en.yaml"
    path.write_text(EN_YAML.read_text(encoding="utf-8").replace("\nbounds:", "\nbound_words:"), encoding="utf-8")
    with pytest.raises(LexiconError, match="bounds: Field required"):
        load_lexicon(path)
    path.write_text("triggers: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        load_lexicon(path)
    with pytest.raises(LexiconError, match="no incident vocabulary for language 'xx'"):
        lexicon("xx")


@pytest.mark.parametrize(
    ("after", "line", "message"),
    [
        ("inter:", "  guerrillas: two", "inter.guerrillas"),
        ("inter:", "  guerrillas: 2", "inter codes given twice: \\['2'\\]"),
        ("    sub_types:", "      Looting: {case: ARMED_CLASH}", "CASE labels given twice: \\['ARMED_CLASH'\\]"),
    ],
)
def test_a_malformed_acled_table_is_refused(tmp_path, after, line, message):
    with pytest.raises(LexiconError, match=message):
        load_lexicon(EN_YAML, with_lines(tmp_path, after, line, source=ACLED_YAML))


# --- the ACLED table ----------------------------------------------------------------------------------
def test_the_acled_table_has_the_codebooks_25_sub_types_each_with_a_case_label_and_a_family():
    table = acled_table()
    assert len(table.event_types) == 6 and len(table.sub_types) == 25
    assert sorted(table.by_case.values()) == sorted(table.sub_types)
    for event_type, sub_type in table.sub_types:
        assert event_family(event_type, sub_type) != "other"
    assert event_family("Protests", "Excessive force against protesters") == "violence"
    assert event_family(None, "Arrests") == "detention"


def test_every_acled_sub_type_of_the_table_is_exportable(store, tmp_path):
    """One ACLED-style row per sub-type in, our ACLED CSV out: each keeps its type, with the table's disorder type."""
    table = acled_table()
    path = tmp_path / "acled.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "location", "admin1", "country"])
        for n, (event_type, sub_type) in enumerate(table.sub_types):
            # two weeks apart: never one incident (and every one a real day: ACLED rows need one)
            day = (dt.date(2024, 1, 1) + dt.timedelta(days=14 * n)).isoformat()
            w.writerow([f"IRN{n}", day, event_type, sub_type, f"Town {n}", "Tehran", "IR"])
    summary = import_file(store, "csv", path)
    assert summary.added == 25, summary
    out = io.StringIO()
    export(store, "acled", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sorted((r["event_type"], r["sub_event_type"]) for r in rows) == sorted(table.sub_types)
    for r in rows:
        assert r["disorder_type"] == table.disorder(r["event_type"], r["sub_event_type"]) != ""
        assert r["time_precision"] == "1"
    force = next(r for r in rows if r["sub_event_type"] == "Excessive force against protesters")
    assert force["disorder_type"] == "Political violence; Demonstrations"


def test_a_language_without_a_vocabulary_gives_no_incidents_and_no_error():
    """The extractor reads the vocabulary of the text's language (``lexicon(doc.lang_)``): a language with no
    file under data/incidents/ has no incidents, never English rules."""
    import spacy

    from rasad.incidents.extract import extract_incidents
    from rasad.incidents.lexicon import has_lexicon

    assert has_lexicon("en") and not has_lexicon("de") and not has_lexicon("acled") and not has_lexicon("../en")
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    assert extract_incidents(nlp("Polizisten haben am Montag drei Demonstranten getötet.")) == []
