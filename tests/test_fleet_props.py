"""Properties of the triage on arbitrary small fleets: counts add up, order does not matter."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posdoctor.fleet.triage import Options, triage

OUTCOMES = ["success", "failed", "timeout", "rejected", "canceled", "pending"]
FAILED = {"failed", "timeout", "rejected"}

row = st.tuples(
    st.integers(0, 30),  # terminal
    st.sampled_from(OUTCOMES),
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["x", "y"]),
    st.sampled_from(["p", "q", "r", "s"]),
)
# a planted cluster makes clusters likely: rows with a=a & b=x fail
fleets = st.lists(row, min_size=1, max_size=300).map(
    lambda rows: rows + [(t, "failed", "a", "x", "p") for t in range(40)]
)


def run(rows: list[tuple]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["terminal_id", "outcome", "d1", "d2", "d3"])
            w.writerows([(f"T{t}", o, a, b, c) for t, o, a, b, c in rows])
        return triage(Options([str(path)]))


def matches(r: tuple, pred: dict[str, str]) -> bool:
    values = {"d1": r[2], "d2": r[3], "d3": r[4]}
    return all(values[k] == v for k, v in pred.items())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fleets)
def test_counts_inside_and_outside_add_up_to_the_totals(rows) -> None:
    result = run(rows)
    failed = sum(o in FAILED for _, o, *_ in rows)
    assert (result["rows"], result["failed"]) == (len(rows), failed)
    assert result["terminals"] == len({t for t, *_ in rows})
    inside_any = set()
    for c in result["clusters"]:
        inside = [i for i, r in enumerate(rows) if matches(r, c["predicate"])]
        k = sum(rows[i][1] in FAILED for i in inside)
        assert (c["n_attempts"], c["n_failed"]) == (len(inside), k)
        assert c["terminals"] == len({rows[i][0] for i in inside})
        outside = (failed - k) / (len(rows) - len(inside)) if len(rows) > len(inside) else 0
        assert c["fail_rate_outside"] == round(outside, 6)
        inside_any |= {i for i in inside if rows[i][1] in FAILED}
    assert result["unexplained"]["n_failed"] == failed - len(inside_any)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fleets, st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_result(rows, rnd) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert run(shuffled) == run(rows)
