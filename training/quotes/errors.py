"""Direct-quote source errors of a prediction file on PolNeAR train, grouped by how the attribution
was found (``derived``), for rule tuning on train only.

    .venv/bin/python training/quotes/errors.py PRED.jsonl [--show unclaimed-quotation-inline] [--all]

PRED.jsonl is what ``train.py --folds 2`` writes (it prints the path). Matching is the scorer's
(../shared/eval/quotes/score.py, imported as it is), restricted to direct attributions on both sides.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import random

from rasad.config import SHARED_DIR

GOLD_DIR = SHARED_DIR / "eval" / "quotes" / "train"
_spec = importlib.util.spec_from_file_location("polnear_score", SHARED_DIR / "eval" / "quotes" / "score.py")
S = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(S)


def _spans(v):
    return S.clean(S.as_fragments(v), 10 ** 12, "", S.Problems())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pred")
    ap.add_argument("--show", action="append", default=[], help="print the errors of this derived kind")
    ap.add_argument("--unmatched", action="append", default=[], help="print the unmatched predictions of this kind")
    ap.add_argument("--all", action="store_true", help="print right ones too")
    ap.add_argument("--n", type=int, default=40)
    args = ap.parse_args()
    gold = {}
    for line in open(GOLD_DIR / "gold.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        gold[rec["doc"]] = rec["attributions"]
    stats = collections.Counter()
    shown = []
    unmatched_gold = collections.Counter()
    for line in open(args.pred, encoding="utf-8"):
        rec = json.loads(line)
        doc = rec["doc"]
        text = open(GOLD_DIR / f"{doc}.txt", encoding="utf-8", newline="").read()
        golds = [{"content": _spans(a["content"]), "source": _spans(a["source"]), "cue": _spans(a["cue"]),
                  "raw": a} for a in gold[doc]]
        preds = [{"content": _spans(a["content"]), "source": _spans(a["source"]), "cue": _spans(a["cue"]),
                  "raw": a} for a in rec["quotes"]]
        golds = [g for g in golds if S.is_direct(text, g)]
        preds = [p for p in preds if S.is_direct(text, p)]
        pairs = S.match(golds, preds)
        matched_p = {id(p) for _, p in pairs}
        for p in preds:
            if id(p) not in matched_p:
                stats[(p["raw"].get("derived", "?"), "unmatched")] += 1
                if p["raw"].get("derived", "?") in args.unmatched:
                    shown.append((doc, text, {"source": [], "content": []}, p, "UNMATCHED"))
        unmatched_gold["gold"] += len(golds) - len(pairs)
        for g, p in pairs:
            kind = p["raw"].get("derived", "?")
            ok = S.same_span(g["source"], p["source"])
            stats[(kind, ok)] += 1
            if kind in args.show and (args.all or not ok):
                shown.append((doc, text, g, p, ok))
    kinds = sorted({k for k, _ in stats})
    for k in kinds:
        right, wrong, un = stats[(k, True)], stats[(k, False)], stats[(k, "unmatched")]
        print(f"{k:40s} right {right:5d} wrong {wrong:5d} acc {right / max(1, right + wrong):.3f}  unmatched preds {un}")
    print("gold direct not matched:", unmatched_gold["gold"])
    random.Random(0).shuffle(shown)
    for doc, text, g, p, ok in shown[: args.n]:
        cs, ce = p["content"][0][0], p["content"][-1][1]
        ps = text.rfind("\n", 0, cs) + 1
        pe = text.find("\n", ce)
        pe = len(text) if pe == -1 else pe
        gsrc = " | ".join(text[s:e] for s, e in g["source"]) or None
        psrc = " | ".join(text[s:e] for s, e in p["source"]) or None
        prev = text.rfind("\n", 0, max(0, ps - 1))
        print("=" * 100)
        print(doc, ok if isinstance(ok, str) else "OK" if ok else "WRONG", f"gold={gsrc!r} pred={psrc!r}")
        print("  prev:", text[prev + 1: ps].strip()[-300:])
        print("  para:", text[ps:pe][:700])
        print("  quote:", text[cs:ce][:200])
        if g["source"] and not (ps <= g["source"][0][0] < pe):
            gs, ge = g["source"][0][0], g["source"][-1][1]
            print("  gold source at:", repr(text[max(0, gs - 100): ge + 60]))


if __name__ == "__main__":
    main()
