"""The framing tagger runs beside spaCy's parse (FramingTagger.prefetch, started by analyze_many): the same
records as when it runs after the parse, whatever the order or the fate of the started work."""

from __future__ import annotations

import pytest

import rasad.analysis.framing as framing_module
import rasad.analysis.pipeline as pipeline
from rasad.analysis.pipeline import analyze_many
from rasad.ingest import read_bytes

TEXTS = [
    "The terrorist regime and its corrupt mullahs are doomed, the statement said. (MEK) and (NCRI): hope. "
    "(MEK) and (NCRI): freedom. (MEK) and (NCRI): victory.",
    "Security forces fired tear gas at hundreds of protesters in Zahedan on Friday, witnesses said.\n\n"
    "The governor called the crowd rioters and blamed foreign agents for the unrest.",
    "The central bank said inflation eased slightly in the last quarter of the Iranian year.",
]


def _reports(seed_text: str) -> list:
    return [read_bytes(t.encode("utf-8"), source=f"overlap-{i}") for i, t in enumerate([seed_text, *TEXTS])]


def _dumps(analyses) -> list[str]:
    return [a.model_dump_json(exclude={"analysed_at"}) for a in analyses]


def test_framing_beside_the_parse_gives_the_records_it_gives_after_it(nlp, seed_text, monkeypatch):
    waited: list[int] = []
    original = framing_module._result

    def counting(future):
        waited.append(1)
        return original(future)

    monkeypatch.setattr(framing_module, "_result", counting)
    monkeypatch.setattr(pipeline, "OVERLAP_FRAMING", True)
    monkeypatch.setattr(pipeline, "analysis_threads", lambda: 2)
    reports = _reports(seed_text)
    beside = _dumps(analyze_many(reports, nlp=nlp))
    assert len(waited) == 4  # every report's framing was started ahead and taken by the component
    monkeypatch.setattr(pipeline, "OVERLAP_FRAMING", False)
    after = _dumps(analyze_many(reports, nlp=nlp))
    assert len(waited) == 4  # none this time
    assert beside == after
    assert any('"framing":[{' in a for a in after)  # the comparison holds framing spans, not empty lists


def test_one_cpu_runs_the_tagger_after_the_parse(nlp, seed_text, monkeypatch):
    def fail(doc, text):
        raise AssertionError("prefetch with one CPU")

    monkeypatch.setattr(pipeline, "analysis_threads", lambda: 1)
    monkeypatch.setattr(framing_module.FramingTagger, "prefetch", fail)
    assert len(list(analyze_many(_reports(seed_text)[:2], nlp=nlp))) == 2


def test_a_started_result_for_another_text_is_not_taken(nlp):
    doc = nlp.make_doc(TEXTS[0])
    tagger = nlp.get_pipe("rasad_framing")
    assert tagger.prefetch(doc, TEXTS[1]) is not None  # started for another text
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    assert "rasad_framing_prefetch" not in doc.user_data
    assert [f.model_dump() for f in doc._.framing] == [f.model_dump() for f in nlp(TEXTS[0])._.framing]
    assert any(f.text.startswith("(MEK) and (NCRI)") for f in doc._.framing)


def test_work_not_started_is_cancelled_when_the_caller_stops_early(nlp, seed_text, monkeypatch):
    started = []
    original = framing_module.FramingTagger.prefetch

    def keep(self, doc, text):
        future = original(self, doc, text)
        started.append(future)
        return future

    monkeypatch.setattr(pipeline, "analysis_threads", lambda: 2)
    monkeypatch.setattr(framing_module.FramingTagger, "prefetch", keep)
    reports = _reports(seed_text) * 3
    stream = analyze_many(reports, nlp=nlp, batch_size=2)
    next(stream)
    stream.close()
    assert len(started) >= 3  # the first batch and the doc pulled ahead of the next
    for f in started:  # whatever was still queued never ran; what ran finished
        assert f.cancelled() or f.result() is not None


def test_a_forked_child_makes_its_own_framing_thread(monkeypatch):
    first = framing_module._executor()
    assert framing_module._executor() is first
    monkeypatch.setattr(framing_module.os, "getpid", lambda: -1)
    assert framing_module._executor() is not first


@pytest.fixture(autouse=True)
def _restore_executor():
    yield
    framing_module._pool = None
    framing_module._pool_pid = None
