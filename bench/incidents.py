"""Incident extraction throughput over the bundled sample corpus, as a ratio to bare spaCy parsing of the
same texts in the same run.

    .venv/bin/python bench/incidents.py [--repeat N]

Parses the sample reports + victim accounts once with the bare spaCy model (``load_base_model``), then
runs the components incidents depend on (canon, when, where, quotes, claims) on the parsed docs, and
times ``rasad_incidents`` alone on those docs. Prints words/s for both and the ratio of the incident
stage's time to the bare parse (target: well under 0.3 — extraction is rules over the existing parse).
"""

from __future__ import annotations

import argparse
import time

from analyze import sample_texts  # bench/analyze.py: the same sample corpus (run from the repo root)

UPSTREAM = ("rasad_canon", "rasad_when", "rasad_where", "rasad_quotes", "rasad_claims")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="passes (the best is kept)")
    args = parser.parse_args()

    from rasad.analysis.pipeline import load_base_model, load_nlp

    texts = sample_texts()
    words = sum(len(t.split()) for t in texts)
    base = load_base_model()
    nlp = load_nlp(exclude=("rasad_framing",))  # framing is not read by incidents

    bare = float("inf")
    docs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        docs = list(base.pipe(texts, batch_size=32))
        bare = min(bare, time.perf_counter() - start)

    # the parsed docs through the stages incidents read, so that rasad_incidents is timed alone
    for doc in docs:
        doc._.published_at = None
        doc._.report_meta = {}
        for name in UPSTREAM:
            doc = nlp.get_pipe(name)(doc)
    from rasad.incidents.extract import extract_incidents

    extractor = nlp.get_pipe("rasad_incidents")
    best = rules = float("inf")
    n_incidents = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for doc in docs:
            extract_incidents(doc)
        rules = min(rules, time.perf_counter() - start)
        start = time.perf_counter()  # as nlp.pipe runs it: the rules, then the classifier per batch
        n_incidents = sum(len(doc._.incidents) for doc in extractor.pipe(docs))
        best = min(best, time.perf_counter() - start)

    print(f"texts: {len(texts)}  words: {words}  incidents: {n_incidents}")
    print(f"bare spaCy parse       {bare:7.3f} s  {words / bare:9.0f} words/s")
    print(f"rules alone            {rules:7.3f} s  {words / rules:9.0f} words/s")
    print(f"rasad_incidents alone  {best:7.3f} s  {words / best:9.0f} words/s  (rules + event-type classifier)")
    print(f"incident extraction / bare parse = {best / bare:.3f} (rules alone: {rules / bare:.3f})")


if __name__ == "__main__":
    main()
