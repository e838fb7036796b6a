"""Parse the PolNeAR texts of one split once with the pinned spaCy model and cache them as a DocBin,
so that rule tuning and training do not re-parse 600k words each time.

    nice -n 10 .venv/bin/python training/quotes/parse_corpus.py train /tmp/rq/train.spacy
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.tokens import DocBin

from rasad.analysis.pipeline import load_base_model
from rasad.config import SHARED_DIR


def main(split: str, out: str) -> None:
    folder = SHARED_DIR / "eval" / "quotes" / split
    paths = sorted(folder.glob("*.txt"))
    names = [p.stem for p in paths]
    texts = [open(p, encoding="utf-8", newline="").read() for p in paths]
    nlp = load_base_model()
    db = DocBin(store_user_data=True)
    for name, doc in zip(names, nlp.pipe(texts, batch_size=16)):
        doc.user_data["doc_name"] = name
        db.add(doc)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    print(f"{len(names)} docs -> {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
