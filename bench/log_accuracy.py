"""Top-1 / top-3 category accuracy of `diagnose --log`: the development corpus (tests/logs) and the
blind corpus (tests/logs_blind), reported apart.

    python bench/log_accuracy.py [--kb DIR] [--misses] [--no-blind] [--realdev-only]

The development corpus was written next to the signatures (most of its cases contain a signature's
example word for word): it measures recall of our own examples. The blind corpus was collected from
public threads by someone who never saw the signatures, each case labelled with the cause its thread
established (tests/logs_blind/README.md): it is the figure to quote. Blind figures are "lenient"
(the labelled category or another one the labelling rules allow) unless called strict.

Each case's log runs through the same path as `posdoctor diagnose --log`: the KB's signatures turn
the lines into facts (plus the case's optional help-desk `facts`), then the causes are ranked.
Prints per-category results and the confusion matrix (rows = expected category, columns = the
category of the top-ranked cause), then leave-one-family-out on the development corpus: each
signature family (the file a signature comes from, hand-written and imported alike: curl, apt,
errno ...) is taken out of the KB in turn and the cases it recognised are ranked without it, by
what is left (other families, concept terms) — how the KB does on a family it does not know.
The development cases that quote a signature's example word for word are marked `verbatim: true`
(examples by design); the figures of the others are printed apart (`unquoted_*`).
The last line is a JSON object: {"cases", "top1", "top3", "unquoted_cases", "unquoted_top1",
"lofo_top1", "blind_cases",
"blind_top1", "blind_top3", "blind_strict_top1", "unrecognised_share", "documented_cases",
"documented_top1", "documented_top3", "documented_strict_top1", "documented_unrecognised_share",
"realdev_*", "docdev_*"}; the `realdev_*` / `docdev_*` figures (cases, top1, top3, strict_top1,
unrecognised) are two development sets collected blind-style (tests/logs_realdev: real users'
logs, documented messages), tuned on: `--misses` lists their misses, `--realdev-only` prints
only them. The `documented_*` figures are the second blind set (tests/logs_blind/documented.yaml:
messages taken from each update tool's own source or documentation, where the source says what
they mean).
`--no-blind` leaves both blind sets out (use it while tuning, so that tuning never reads them).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

import posdoctor
from posdoctor.kb.model import CATEGORIES
from posdoctor.kb.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "logs"
BLIND = ROOT / "tests" / "logs_blind" / "corpus.yaml"
DOCUMENTED = ROOT / "tests" / "logs_blind" / "documented.yaml"  # messages from their own sources
REALDEV = ROOT / "tests" / "logs_realdev" / "corpus.yaml"  # collected blind-style, tuned on
DOCDEV = ROOT / "tests" / "logs_realdev" / "documented.yaml"


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


def quoted_examples(kb: posdoctor.KnowledgeBase, log: str) -> list[str]:
    """The ids of the signatures whose example the log contains word for word."""
    return [s.id for s in kb.signatures if any(e in log for e in s.examples)]


def family_of(sig: Any) -> str:
    """A signature's family: the name of the file it comes from (imported/curl.yaml: curl)."""
    return Path(sig.origin.file).stem


def leave_one_family_out(kb: posdoctor.KnowledgeBase, cases: list[dict[str, Any]]) -> float:
    """Print top-1 per family with that family's signatures taken out; return the overall one.
    A case belongs to the family most of its matched lines came from."""
    scanner = posdoctor.LogScanner(kb)
    owner: dict[str, list[dict[str, Any]]] = {}
    by_id = {s.id: s for s in kb.signatures}
    for case in cases:
        ev = scanner.scan_lines(case["log"].splitlines())
        fams = Counter(family_of(by_id[m.signature]) for m in ev.matches if m.signature in by_id)
        if fams:
            owner.setdefault(fams.most_common(1)[0][0], []).append(case)
    print("\nleave one family out (development corpus; family = signature file)")
    print(f"{'family':<18} {'cases':>5} {'top-1':>7}")
    hits = total = 0
    for family in sorted(owner):
        kept = tuple(s for s in kb.signatures if family_of(s) != family)
        rows = rank(dataclasses.replace(kb, signatures=kept), owner[family])
        ok = sum(r["top"][:1] == [r["expected"]] for r in rows)
        hits, total = hits + ok, total + len(rows)
        print(f"{family:<18} {len(rows):>5} {ok / len(rows):>7.1%}")
    lofo = hits / (total or 1)
    print(f"{total} cases: top-1 {lofo:.1%} with their family left out")
    return round(lofo, 4)


def load_blind(path: Path = BLIND) -> list[dict[str, Any]]:
    """The blind corpus's cases (id, url, family, lang, category, lenient, cause, log)."""
    doc = read_yaml(path.read_text(encoding="utf-8"), path.name)
    if doc.problems:
        raise SystemExit("\n".join(str(p) for p in doc.problems))
    return list(doc.data)


def blind_report(
    kb: posdoctor.KnowledgeBase,
    cases: list[dict[str, Any]],
    name: str = "blind corpus (real excerpts from public threads, tests/logs_blind/corpus.yaml)",
    prefix: str = "blind_",
    silent_key: str = "",
    misses: bool = False,
) -> dict[str, Any]:
    """Print the blind figures (strict and lenient, by language and family) and, with
    ``misses``, the cases whose lenient top-1 is wrong; return the figures (the share of
    cases with nothing recognised under ``silent_key``)."""
    rows = [_blind_row(kb, case) for case in cases]

    def share(key: str, subset: list[dict[str, Any]] | None = None) -> float:
        subset = rows if subset is None else subset
        return sum(r[key] for r in subset) / (len(subset) or 1)

    print(f"\n{name}: {len(rows)} cases")
    print(
        f"  strict top-1 {share('strict'):.1%}, lenient top-1 {share('top1'):.1%}, "
        f"lenient top-3 {share('top3'):.1%}, nothing recognised {share('silent'):.1%}"
    )
    for lang in ("en", "zh"):
        mine = [r for r in rows if r["lang"] == lang]
        print(f"  {lang}: {len(mine)} cases, lenient top-1 {share('top1', mine):.1%}")
    families = Counter(r["family"] for r in rows)
    for family, count in families.most_common(8):
        mine = [r for r in rows if r["family"] == family]
        print(f"  {family}: {count} cases, lenient top-1 {share('top1', mine):.1%}, "
              f"nothing recognised {share('silent', mine):.1%}")  # fmt: skip
    if misses:
        _print_misses(rows)
    return {
        f"{prefix}cases": len(rows),
        f"{prefix}top1": round(share("top1"), 4),
        f"{prefix}top3": round(share("top3"), 4),
        f"{prefix}strict_top1": round(share("strict"), 4),
        silent_key or _silent_key(prefix): round(share("silent"), 4),
    }


def _silent_key(prefix: str) -> str:
    """The key of the share of cases with nothing recognised (the first blind set's is bare)."""
    return "unrecognised_share" if prefix == "blind_" else f"{prefix}unrecognised_share"


def _blind_row(kb: posdoctor.KnowledgeBase, case: dict[str, Any]) -> dict[str, Any]:
    """One blind-style case read and ranked: whether its top causes' categories are right."""
    ev = posdoctor.LogScanner(kb).scan_lines(case["log"].splitlines())
    causes = posdoctor.Doctor(kb).diagnose(ev.facts).causes[:3]
    top = [c.category for c in causes]
    ok = {case["category"], *(case.get("lenient") or [])}
    return {
        "id": case["id"],
        "expected": case["category"],
        "got": top,
        "cause": causes[0].id if causes else None,
        "facts": ev.facts,
        "strict": top[:1] == [case["category"]],
        "top1": top[0] in ok,
        "top3": bool(ok & set(top)),
        "silent": not ev.recognised,
        "lang": case["lang"],
        "family": case["family"],
    }


def _print_misses(rows: list[dict[str, Any]]) -> None:
    """The cases whose lenient top-1 is wrong: expected, got, the top cause and the facts."""
    print("  misses:")
    for r in rows:
        if not r["top1"]:
            got = f"got {r['got']} ({r['cause']}) {r['facts']}"
            print(f"    {r['id']:<6} {r['family']:<10} expected {r['expected']:<16} {got}")


def realdev_reports(kb: posdoctor.KnowledgeBase, misses: bool) -> dict[str, Any]:
    """The two development sets collected blind-style (tests/logs_realdev), tuned on."""
    out: dict[str, Any] = {}
    sets = (
        (REALDEV, "realdev_", "dev real users (collected blind-style, tuned on: logs_realdev)"),
        (DOCDEV, "docdev_", "dev documented messages (collected blind-style, tuned on: same)"),
    )
    for path, prefix, name in sets:
        silent = f"{prefix}unrecognised"
        out.update(blind_report(kb, load_blind(path), name, prefix, silent, misses))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", help="knowledge base folder (default: the bundled one)")
    ap.add_argument("--misses", action="store_true", help="list the cases whose top-1 is wrong")
    ap.add_argument("--no-blind", action="store_true", help="dev figures only (for tuning)")
    ap.add_argument(
        "--realdev-only", action="store_true", help="only the dev sets collected blind-style"
    )
    args = ap.parse_args()
    kb = posdoctor.load_knowledge_base(args.kb)
    if args.realdev_only:
        print(json.dumps(realdev_reports(kb, args.misses)))
        return
    cases = load_cases()
    summary = report(rank(kb, cases), args.misses)
    unquoted = [c for c in cases if not c.get("verbatim")]
    print(f"\ncases that quote no signature example ({len(unquoted)}):")
    mine = report(rank(kb, unquoted), False) if unquoted else {"cases": 0, "top1": 0.0}
    summary.update(unquoted_cases=mine["cases"], unquoted_top1=mine["top1"])
    summary["lofo_top1"] = leave_one_family_out(kb, cases)
    summary.update(realdev_reports(kb, args.misses))
    if not args.no_blind:
        summary.update(blind_report(kb, load_blind()))
        name = "blind documented messages (from each family's own source, tests/logs_blind)"
        summary.update(blind_report(kb, load_blind(DOCUMENTED), name, "documented_"))
    # the blind sets' misses are never listed: looking at them would be tuning on them
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
