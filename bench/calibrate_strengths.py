"""How strongly the strength words should weigh: the evidence of the rules against the priors
and "another cause", fit on the dev calls only.

A strength word (weak, moderate, strong, very_strong) is a likelihood ratio; the knowledge base
weighs each as its first number (2, 4, 10, 50) to the power EVIDENCE_POWER
(posdoctor/kb/model.py). Raising every ratio to one power P keeps which rule is stronger than
which, and changes only how far the evidence moves the priors and the constant share of
"another cause" — a temperature, the one number this fits. For each P of a grid it prints, on
the scenarios of the sets named (dev, own; the held-out test set is refused: it reports, it does
not tune):

- with every fact the story gives answered (as `diagnose` would weigh them, answers doubted as in
  `ask`): the mean negative log-likelihood of the true cause (lower is better calibrated) and the
  share of calls with the true cause on top;
- with ``--simulate``: the simulated calls of bench/qa_simulation.py at that power (questions,
  top-1 when asking stops, and the rest of its figures), one seed per noise level unless
  ``--seeds`` says more.

    python bench/calibrate_strengths.py [--sets dev own] [--powers 0.75 1 1.25 1.5 2 2.5]
                                        [--simulate] [--seeds 1]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
from pathlib import Path

import posdoctor
from posdoctor.ask.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
import qa_simulation  # the sets and the power switch are the simulation's own

TUNING_SETS = ("dev", "own")
FLOOR = 1e-6  # the probability a true cause that is not ranked at all is counted with


def full_story(power: float, group: str) -> tuple[float, float, int]:
    """(mean negative log-likelihood of the true cause, top-1 share, calls) with every fact of
    each story answered, the strength words weighed at ``power``. Calls whose cause is not in
    the knowledge base are left out: they have no true cause to rank."""
    qa_simulation.set_evidence_power(power)
    kb = posdoctor.load_knowledge_base()
    doctor = posdoctor.Doctor(kb)
    losses, top = [], 0
    for _, cause, truth in qa_simulation.load_set(kb, qa_simulation.SETS[group], None):
        if cause == qa_simulation.NOT_IN_KB:
            continue
        s = Session(doctor, doubt=True)
        for fact, value in truth.items():
            s.answer(fact, value)
        causes = s.diagnosis().causes
        p = next((c.probability for c in causes if c.id == cause), 0.0)
        losses.append(-math.log(max(p, FLOOR)))
        top += bool(causes) and causes[0].id == cause
    return sum(losses) / len(losses), top / len(losses), len(losses)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", default=list(TUNING_SETS), choices=TUNING_SETS)
    ap.add_argument("--powers", nargs="*", type=float, default=[0.75, 1, 1.25, 1.5, 2, 2.5])
    ap.add_argument("--simulate", action="store_true", help="also run the simulated calls")
    ap.add_argument("--seeds", type=int, default=1)
    args = ap.parse_args(argv)
    for power in args.powers:
        for group in args.sets:
            nll, top, n = full_story(power, group)
            head = f"power {power:<5} {group:<4} full story"
            print(f"{head}: mean NLL {nll:.3f}, top-1 {top:.1%} ({n})")
        if args.simulate:
            cmd = [sys.executable, str(Path(qa_simulation.__file__)), "--sets", *args.sets]
            cmd += ["--seeds", str(args.seeds), "--evidence-power", str(power)]
            run = subprocess.run(cmd, capture_output=True, text=True, check=True)
            for line in run.stdout.splitlines():
                if "adaptive" in line or line.startswith("=="):
                    print(f"power {power:<5} {line}")


if __name__ == "__main__":
    main()
