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


def _report(text: str, etype: str, sub_type: str, acts: list[str]):
    from rasad.incidents.records import Evidence, IncidentDate, IncidentReport

    return IncidentReport(type=etype, sub_type=sub_type, acts=acts, date=IncidentDate(value=None, precision="unknown",
                          year_known=False), evidence=[Evidence(start=0, end=len(text))])


def test_the_classifier_refines_only_the_rules_fallback_sub_types():
    from rasad.incidents.typing import refine_types

    arson = "Protesters set fire to a police station and smashed bank windows in Shiraz on Monday."
    arrests = "Security forces arrested 12 students at Tehran University on Sunday."
    cases = [
        # the rules' catch-all takes the classifier's type
        (arrests, ("Strategic developments", "Other", []), ("Strategic developments", "Arrests")),
        # a protest the rules called peaceful for want of a cue: the classifier sees the violence
        (arson, ("Protests", "Peaceful protest", []), ("Riots", "Violent demonstration")),
        # the rules saw a killing: never re-typed as something milder, whatever the classifier says
        (arrests, ("Protests", "Excessive force against protesters", ["killed"]),
         ("Protests", "Excessive force against protesters")),
        # other families keep the rules' type
        (arson, ("Violence against civilians", "Attack", ["injured"]), ("Violence against civilians", "Attack")),
    ]
    for text, (etype, sub, acts), expected in cases:
        report = _report(text, etype, sub, acts)
        refine_types([(text, report)])
        assert (report.type, report.sub_type) == expected, (text, report.type_model)
        if sub in {"Other", "Peaceful protest", "Violent demonstration"}:
            assert report.type_model is not None and report.type_model.label in ACLED_TYPE
            assert report.type_model.used == ((etype, sub) != expected)
        else:  # a specific sub-type: nothing for the classifier to decide, so it is not run
            assert report.type_model is None


def test_incidents_with_a_fallback_sub_type_carry_the_classifier_opinion(nlp):
    doc = nlp("Hundreds of workers went on strike in Ahvaz on Monday and police fired tear gas at the crowd. "
              "A mob lynched a cleric in Mashhad on Tuesday. "
              "Thousands of teachers held a protest outside parliament in Tehran on Wednesday.")
    assert len(doc._.incidents) == 3
    with_opinion = [i for i in doc._.incidents if i["type_model"] is not None]
    assert with_opinion  # the teachers' gathering: the rules have no cue beyond "protest", a fallback
    labels = set(ACLED_TYPE) | {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
    for incident in doc._.incidents:
        opinion = incident["type_model"]
        if opinion is None:
            assert incident["sub_type"] not in {"Other", "Peaceful protest", "Violent demonstration"}
            continue
        assert opinion["label"] in labels
        if opinion["used"]:
            assert (incident["type"], incident["sub_type"]) == (opinion["type"], opinion["sub_type"])


def test_a_batch_of_reports_gets_the_same_types_as_one_at_a_time(nlp):
    texts = ["Security forces arrested 12 students at Tehran University on Sunday.",
             "A mob lynched a cleric in Mashhad on Tuesday.",
             "No one was hurt. The weather was fine.",
             "Protesters set fire to a police station and smashed bank windows in Shiraz on Monday."]
    one_by_one = [nlp(t)._.incidents for t in texts]
    batched = [d._.incidents for d in nlp.pipe(texts)]

    def types(incidents):
        return [(i["type"], i["sub_type"], i["type_model"] and i["type_model"]["label"]) for i in incidents]

    assert [types(i) for i in batched] == [types(i) for i in one_by_one]
    assert batched[2] == [] and all(batched[k] for k in (0, 1, 3))


def test_the_shipped_model_combines_the_svm_and_the_head_over_the_embedding():
    from rasad.incidents.typing import CONFIG, load_model, predict_with_margin

    typer = load_model()["typer"]
    assert typer.head is not None and list(typer.head.classes_) == list(typer.svm.classes_)
    assert typer.head.coef_.shape[1] == 768  # the all-mpnet-base-v2 mean-pooled embedding
    texts = ["Police arrested three opposition activists at their homes on Tuesday.",
             "Warplanes carried out airstrikes on the rebel-held town, killing eleven people."]
    scores = typer.scores(texts)
    assert scores.shape == (2, len(typer.classes))
    opinions = predict_with_margin(texts)
    assert [label for label, _ in opinions] == typer.predict(texts)
    assert all(margin >= 0 for _, margin in opinions)
    # the head changes the decision values: without it the scores are the SVM's alone
    from rasad.incidents.typing import EventTyper

    svm_only = EventTyper(dict(CONFIG, head_weight=0.0))
    svm_only.word, svm_only.char, svm_only.svm = typer.word, typer.char, typer.svm
    assert not (svm_only.scores(texts) == scores).all()


def test_eval_cross_validates_the_training_snippets_and_never_reads_gold_labels(tmp_path, monkeypatch):
    import csv

    from rasad.eval import event_types

    dev = requires_shared("eval", "event-types", "dev.tsv")
    with open(dev, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    # The training snippets cut to five of each label (the first three rows among them): the same
    # cross-validation path at a quarter of the encoder's work (embedding all 510 took minutes of CI).
    per_label: dict[str, int] = {}
    subset = []
    for n, r in enumerate(rows):
        if n < 3 or per_label.get(r["label"], 0) < 5:
            per_label[r["label"]] = per_label.get(r["label"], 0) + 1
            subset.append(r)
    train = tmp_path / "train.tsv"
    train.write_text("id\ttext\tlabel\n" + "".join(f"{r['id']}\t{r['text']}\t{r['label']}\n" for r in subset),
                     encoding="utf-8")
    monkeypatch.setattr(event_types, "TRAIN", train)
    assert len(subset) < len(rows) / 3
    # a GOLD file with three training snippets (their labels blanked) and one new sentence
    gold = tmp_path / "gold.tsv"
    gold.write_text("id\ttext\tlabel\n" + "".join(f"{r['id']}\t{r['text']}\tX\n" for r in rows[:3])
                    + "new\tPolice arrested three opposition activists at their homes on Tuesday.\tX\n",
                    encoding="utf-8")
    pairs, n_cv, n_model = event_types.predict_file(gold)
    assert (n_cv, n_model) == (3, 1)
    assert [i for i, _ in pairs] == [r["id"] for r in rows[:3]] + ["new"]
    assert all(label in set(ACLED_TYPE) | {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}
               for _, label in pairs)
