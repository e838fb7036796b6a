"""Analysis throughput over the bundled sample corpus, next to bare spaCy parsing in the same run.

    .venv/bin/python bench/analyze.py [--repeat N] [--news N]

``--news N`` times news-length text instead: the first N articles (by file name) of the PTC training
articles in ../shared/eval/framing/train (news articles of about 800 words, where the framing tagger's
windows are full and the incidents stage meets many sentences), the Persian comparison is skipped.

Prints words per second for bare spaCy (en_core_web_sm: tagger, parser, NER) and for the full
pipeline, and the time each of our components adds on top of the parse (each component is run
on the already parsed docs, so its cost is measured alone). The bare and the full passes alternate
(bare, full, bare, full ...), so a change in the machine's load during the run weighs on both alike;
the CPU time of the process is printed beside the wall time (on a machine shared with other jobs it
moves less than the wall time). In the full pass the framing tagger runs beside the parse where the process
has two CPUs or more (``rasad.analysis.pipeline.OVERLAP_FRAMING``, docs/framing.md "Timings"): its wall time
then hides behind the parse's where a core is free, while the CPU time is the same; the per-component lines
time it alone, after the parse (each with its process CPU beside its wall time: onnxruntime's own threads
count). ``--sequential`` adds a third alternating pass with the tagger after the parse
(as before), and the analysing thread's own CPU is printed: where the framing thread finds a free core, that
thread is the critical path, so its ratio estimates the wall ratio of a quiet machine on a loaded one. Target (part 1): the part-1 stages
(canon, when, where, quotes, claims) cost no more than 30% on top of bare parsing.

Then the same full analysis of a Persian corpus (``bench/corpus_fa/``, texts written for the bench,
repeated to a size like the English one's) and the time per word of each language, in the same run.
Target (part 7): Persian is at least as fast per word as English (ratio <= 1).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PART1 = ("rasad_canon", "rasad_when", "rasad_where", "rasad_quotes", "rasad_claims")


def sample_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "reports").glob("*.txt"))]
    with open(ROOT / "samples" / "victims" / "victim-accounts.jsonl", encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def news_texts(n: int) -> list[str]:
    """The first ``n`` PTC training articles (news, about 800 words each), by file name."""
    from rasad.config import SHARED_DIR

    paths = sorted((SHARED_DIR / "eval" / "framing" / "train").glob("article*.txt"))[:n]
    if not paths:
        raise SystemExit(f"no PTC articles under {SHARED_DIR / 'eval' / 'framing' / 'train'}")
    return [p.read_text(encoding="utf-8") for p in paths]


def persian_texts(min_words: int) -> list[str]:
    """The Persian bench corpus, repeated until it has about ``min_words`` words."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench" / "corpus_fa").glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    return texts * max(1, round(min_words / words))


def time_per_word(reports: list, nlp, repeat: int) -> float:
    """Best seconds per word of analyze_many over ``reports``."""
    from rasad.analysis.pipeline import analyze_many

    words = sum(len(r.text.split()) for r in reports)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _a in analyze_many(reports, nlp=nlp):
            pass
        best = min(best, time.perf_counter() - start)
    return best / words


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus (best is kept)")
    parser.add_argument("--news", type=int, default=0, help="time N PTC news articles instead of the samples")
    parser.add_argument("--sequential", action="store_true",
                        help="also time the full pass with the framing tagger after the parse, not beside it")
    args = parser.parse_args()

    from rasad.analysis.pipeline import COMPONENTS, _set_context, load_base_model, load_nlp

    texts = news_texts(args.news) if args.news else sample_texts()
    words = sum(len(t.split()) for t in texts)
    base = load_base_model()
    nlp = load_nlp()
    ctx = {"published_at": None, "report_meta": {}}

    def parse_only() -> tuple[float, list]:
        start = time.perf_counter()
        docs = list(base.pipe(texts, batch_size=32))
        return time.perf_counter() - start, docs

    from rasad.analysis.pipeline import analyze_many
    from rasad.ingest import read_bytes

    reports = [read_bytes(t.encode("utf-8"), source=f"bench-{i}") for i, t in enumerate(texts)]

    import rasad.analysis.pipeline as pipeline

    overlap = pipeline.OVERLAP_FRAMING

    def full_pass(beside: bool = True) -> None:
        pipeline.OVERLAP_FRAMING = overlap and beside
        try:
            for _a in analyze_many(reports, nlp=nlp):
                pass
        finally:
            pipeline.OVERLAP_FRAMING = overlap

    for _a in analyze_many(reports[:1], nlp=nlp):  # models loaded before timing, as spaCy's is
        pass
    # bare and full passes alternate: the load of a shared machine weighs on both alike
    passes = ("bare", "full", "sequential") if args.sequential else ("bare", "full")
    wall = {which: float("inf") for which in passes}
    cpu = dict(wall)
    main_cpu = dict(wall)  # this thread's CPU: spaCy and every component but the framing started beside it
    for _ in range(args.repeat):
        for which in passes:
            start, start_cpu, start_main = time.perf_counter(), time.process_time(), time.thread_time()
            if which == "bare":
                list(base.pipe(texts, batch_size=32))
            else:
                full_pass(beside=which == "full")
            wall[which] = min(wall[which], time.perf_counter() - start)
            cpu[which] = min(cpu[which], time.process_time() - start_cpu)
            main_cpu[which] = min(main_cpu[which], time.thread_time() - start_main)
    bare, full, bare_cpu, full_cpu = wall["bare"], wall["full"], cpu["bare"], cpu["full"]

    # Our components, timed one by one on parsed docs (in pipeline order: later ones read earlier output).
    component_time = {name: float("inf") for name, _ in COMPONENTS}
    component_cpu = dict(component_time)  # process CPU seconds (onnxruntime's own threads included)
    parse_cpu = float("inf")
    for _ in range(args.repeat):
        start_cpu = time.process_time()
        _, docs = parse_only()
        parse_cpu = min(parse_cpu, time.process_time() - start_cpu)
        for doc in docs:
            _set_context(doc, ctx)
        for name, _module in COMPONENTS:
            if name not in nlp.pipe_names:
                continue
            comp = nlp.get_pipe(name)
            start, start_cpu = time.perf_counter(), time.process_time()
            if hasattr(comp, "pipe"):  # as nlp.pipe runs it: batched where the component batches
                for _doc in comp.pipe(docs):
                    pass
            else:
                for doc in docs:
                    comp(doc)
            component_time[name] = min(component_time[name], time.perf_counter() - start)
            component_cpu[name] = min(component_cpu[name], time.process_time() - start_cpu)

    part1 = sum(t for n, t in component_time.items() if n in PART1)
    print(f"corpus: {len(texts)} texts, {words} words; best of {args.repeat} passes")
    print(f"bare spaCy parse     : {words / bare:9.0f} words/s  ({bare:.2f} s)")
    print(f"full analyze_many    : {words / full:9.0f} words/s  ({full:.2f} s)  ratio to bare {full / bare:.2f}x")
    print(f"process CPU time     : bare {bare_cpu:.2f} s, full {full_cpu:.2f} s  ratio {full_cpu / bare_cpu:.2f}x")
    from rasad.models import analysis_threads

    print(f"framing beside the parse: {'yes' if overlap and analysis_threads() >= 2 else 'no'} "
          f"({analysis_threads()} analysis threads); the analysing thread's own CPU: bare {main_cpu['bare']:.2f} s, "
          f"full {main_cpu['full']:.2f} s, ratio {main_cpu['full'] / main_cpu['bare']:.2f}x (about the wall ratio "
          f"where the framing thread finds a free core)")
    if args.sequential:
        seq, seq_cpu = wall["sequential"], cpu["sequential"]
        print(f"full, framing after the parse: {words / seq:9.0f} words/s  ({seq:.2f} s)  ratio to bare "
              f"{seq / bare:.2f}x; CPU {seq_cpu:.2f} s, ratio {seq_cpu / bare_cpu:.2f}x; analysing thread "
              f"{main_cpu['sequential'] / main_cpu['bare']:.2f}x")
    print(f"per component (alone, on parsed docs), wall and process CPU; bare parse CPU here {parse_cpu:.3f} s:")
    for name, t in component_time.items():
        if t != float("inf"):
            c = component_cpu[name]
            print(f"  {name:16s} +{t:6.3f} s  = {100 * t / bare:5.1f}% of bare parse;  CPU +{c:6.3f} s  = "
                  f"{100 * c / parse_cpu:5.1f}% of the parse's CPU")
    print(f"part-1 stages (canon, when, where, quotes, claims): +{100 * part1 / bare:.1f}% on top of bare parsing "
          f"(target <= 30%)")

    if args.news:
        return
    # Persian against English, full analyze_many, in this run.
    fa_texts = persian_texts(words)
    fa_reports = [read_bytes(t.encode("utf-8"), source=f"bench-fa-{i}") for i, t in enumerate(fa_texts)]
    assert all(r.language == "fa" for r in fa_reports)
    from rasad.analysis.pipeline import load_nlp as _load

    _load("fa")  # built before timing, as the English pipeline is
    fa_words = sum(len(r.text.split()) for r in fa_reports)
    en_per_word = full / words
    fa_per_word = time_per_word(fa_reports, nlp, args.repeat)
    print(f"Persian corpus: {len(fa_texts)} texts ({len(set(fa_texts))} distinct), {fa_words} words")
    print(f"per word, full analyze_many: English {1e6 * en_per_word:7.1f} us   Persian {1e6 * fa_per_word:7.1f} us   "
          f"Persian/English {fa_per_word / en_per_word:.2f} (target <= 1)")


if __name__ == "__main__":
    main()
