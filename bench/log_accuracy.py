"""Top-1 / top-3 category accuracy of `diagnose --log` over the labelled log corpus (tests/logs).

    python bench/log_accuracy.py [--kb DIR] [--misses]

Each case's log runs through the same path as `posdoctor diagnose --log`: the KB's signatures turn
the lines into facts (plus the case's optional help-desk `facts`), then the causes are ranked.
Prints per-category results and the confusion matrix (rows = expected category, columns = the
category of the top-ranked cause). The last line is a JSON object: {"cases", "top1", "top3"}.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import posdoctor
from posdoctor.kb.model import CATEGORIES
from posdoctor.kb.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "logs"


def load_cases(folder: Path = CORPUS) -> list[dict[str, Any]]:
    """Every case of every tests/logs/*.yaml file, in file order."""
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        doc = read_yaml(path.read_text(encoding="utf-8"), path.name)
        if doc.problems:
            raise SystemExit("\n".join(str(p) for p in doc.problems))
        cases.extend(doc.data["cases"])
    return cases


def rank(kb: posdoctor.KnowledgeBase, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each case: the expected category and the categories of the top three causes."""
    scanner, doctor = posdoctor.LogScanner(kb), posdoctor.Doctor(kb)
    rows = []
    for case in cases:
        ev = scanner.scan_lines(case["log"].splitlines())
        result = doctor.diagnose({**ev.facts, **case.get("facts", {})})
        top = [c.category for c in result.causes[:3]]
        rows.append(
            {
                "id": case["id"],
                "expected": case["category"],
                "top": top,
                "cause": result.causes[0].id if result.causes else None,
                "facts": ev.facts,
            }
        )
    return rows


def report(rows: list[dict[str, Any]], misses: bool) -> dict[str, Any]:
    """Print per-category accuracy and the confusion matrix; return the summary."""
    n = len(rows) or 1
    top1 = sum(r["top"][:1] == [r["expected"]] for r in rows) / n
    top3 = sum(r["expected"] in r["top"] for r in rows) / n
    cats = [c for c in CATEGORIES if any(r["expected"] == c for r in rows)]
    print(f"{'category':<16} {'cases':>5} {'top-1':>7} {'top-3':>7}")
    for cat in cats:
        mine = [r for r in rows if r["expected"] == cat]
        ok1 = sum(r["top"][:1] == [cat] for r in mine) / len(mine)
        ok3 = sum(cat in r["top"] for r in mine) / len(mine)
        print(f"{cat:<16} {len(mine):>5} {ok1:>7.1%} {ok3:>7.1%}")
    confusion = Counter((r["expected"], r["top"][0] if r["top"] else "-") for r in rows)
    short = {c: c[:6] for c in cats}
    print("\nconfusion (rows = expected, columns = top-1)")
    print(" " * 16 + "".join(f"{short[c]:>8}" for c in cats))
    for exp in cats:
        print(f"{exp:<16}" + "".join(f"{confusion[(exp, got)]:>8}" for got in cats))
    if misses:
        print("\nmisses:")
        for r in rows:
            if r["top"][:1] != [r["expected"]]:
                got = f"got {r['top']} ({r['cause']}) {r['facts']}"
                print(f"  {r['id']:<22} expected {r['expected']:<16} {got}")
    print(f"\n{len(rows)} cases: top-1 {top1:.1%}, top-3 {top3:.1%}")
    return {"cases": len(rows), "top1": round(top1, 4), "top3": round(top3, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", help="knowledge base folder (default: the bundled one)")
    ap.add_argument("--misses", action="store_true", help="list the cases whose top-1 is wrong")
    args = ap.parse_args()
    kb = posdoctor.load_knowledge_base(args.kb)
    summary = report(rank(kb, load_cases()), args.misses)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
