"""The analysis records of a fixed corpus, written to a file and compared with an earlier run's: a speed change
must leave every record byte-identical (docs/analysis.md, "Speed without changing outputs").

    .venv/bin/python bench/analysis_identity.py --write /tmp/before.jsonl [--news 40]
    .venv/bin/python bench/analysis_identity.py --compare /tmp/before.jsonl [--news 40]

The corpus: the bench's sample texts (samples/reports, the victim accounts), the first ``--news`` PTC articles
(news, about 800 words each, as ``bench/analyze.py --news``), the Persian bench corpus (bench/corpus_fa), and
every file of ../shared/corpus/seed and ../shared/corpus/fa-seed (read as ingest reads them, published date
fixed so relative dates resolve the same). One JSON line per report: its name and its analysis less the time
it was made.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def corpus(news: int) -> list[tuple[str, object]]:
    from analyze import news_texts, sample_texts

    from rasad.config import SHARED_DIR
    from rasad.ingest import read_bytes, read_path

    items: list[tuple[str, object]] = []
    for i, text in enumerate(sample_texts()):
        items.append((f"sample-{i}", read_bytes(text.encode("utf-8"), source=f"bench-{i}")))
    if news:
        for i, text in enumerate(news_texts(news)):
            items.append((f"news-{i}", read_bytes(text.encode("utf-8"), source=f"news-{i}")))
    for path in sorted((ROOT / "bench" / "corpus_fa").glob("*.txt")):
        items.append((f"fa-bench/{path.name}", read_path(path)))
    for folder in ("seed", "fa-seed"):
        for path in sorted((SHARED_DIR / "corpus" / folder).iterdir()):
            if path.is_file() and path.suffix in {".txt", ".html", ".htm"}:
                items.append((f"{folder}/{path.name}", read_path(path)))
    # relative dates ("on Wednesday", "last week") resolve against a fixed publication date
    for _name, report in items:
        if getattr(report, "published_at", None) is None:
            report.published_at = "2022-10-01T12:00:00+00:00"
    return items


def _line(name: str, analysis: dict) -> str:
    # the time the report was read and the path it was read from (a copy of the tree elsewhere) are no output
    # of the analysis
    analysis.get("report", {}).pop("retrieved_at", None)
    analysis.get("report", {}).pop("source", None)
    return json.dumps({"name": name, "analysis": analysis}, ensure_ascii=False, sort_keys=True)


def _normalised(line: str) -> str:
    record = json.loads(line)
    return _line(record["name"], record["analysis"])


def records(news: int) -> list[str]:
    from rasad.analysis.pipeline import analyze_many, load_nlp

    items = corpus(news)
    nlp = load_nlp()
    out = []
    for (name, _report), analysis in zip(items, analyze_many([r for _, r in items], nlp=nlp), strict=True):
        out.append(_line(name, json.loads(analysis.model_dump_json(exclude={"analysed_at"}))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--compare", type=Path)
    parser.add_argument("--news", type=int, default=40, help="PTC articles included (default 40)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/analysis_identity_now.jsonl"),
                        help="with --compare: where this run's records are written")
    args = parser.parse_args()
    lines = records(args.news)
    if args.write:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} analyses written to {args.write}")
        return
    before = [_normalised(line) for line in args.compare.read_text(encoding="utf-8").splitlines()]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    differ = [json.loads(a)["name"] for a, b in zip(before, lines) if a != b]
    for a, b in zip(before, lines):
        if a != b:  # the first record that differs: which of its parts
            old, new = json.loads(a)["analysis"], json.loads(b)["analysis"]
            print("first difference in", json.loads(a)["name"], [k for k in old if old[k] != new.get(k)])
            break
    if len(before) != len(lines):
        print(f"{len(before)} analyses before, {len(lines)} now")
    print(f"{len(lines) - len(differ)} of {len(lines)} analyses identical"
          + (f"; differ: {differ[:20]}" if differ else ""))
    sys.exit(1 if differ or len(before) != len(lines) else 0)


if __name__ == "__main__":
    main()
