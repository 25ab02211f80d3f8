"""Top-1 / top-3 accuracy of `diagnose` over the scenario files in tests/cases (prints a report).

    python bench/scenario_accuracy.py [--kb DIR] [--lang en]

The last line is a JSON object: {"cases", "top1", "top3"}.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import posdoctor
from posdoctor.kb.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb")
    args = ap.parse_args()
    doctor = posdoctor.Doctor(posdoctor.load_knowledge_base(args.kb))
    rows = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        case = read_yaml(path.read_text(encoding="utf-8"), path.name).data
        ranked = [c.id for c in doctor.diagnose(case["facts"]).causes]
        rank = ranked.index(case["cause"]) + 1 if case["cause"] in ranked else None
        rows.append((path.stem, case["cause"], rank, ranked[0]))
    for name, _cause, rank, top in rows:
        mark = "ok  " if rank == 1 else "MISS"
        print(f"{mark} {name:<40} rank {rank}  top: {top}")
    n = len(rows) or 1
    top1 = sum(r == 1 for _, _, r, _ in rows) / n
    top3 = sum(r is not None and r <= 3 for _, _, r, _ in rows) / n
    print(f"{len(rows)} scenarios: top-1 {top1:.1%}, top-3 {top3:.1%}")
    print(json.dumps({"cases": len(rows), "top1": round(top1, 4), "top3": round(top3, 4)}))


if __name__ == "__main__":
    main()
