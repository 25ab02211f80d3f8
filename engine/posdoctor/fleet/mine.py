"""Which value combinations explain the failures: levelwise search, failures first.

Order 1 is counted on all attempts, and so are pairs (one GROUPING SETS scan: a pair's values
are rarely selective, so counting its failures first would not spare the scan of all rows).
For order 3 the failed attempts alone are grouped first (they are a few percent of the rows)
and only combinations with enough failures get their totals counted, in one filtered scan per
dimension combo. A triple is tried when one of its pairs passed and the other two have enough
failures (DIFF asks all three to pass). Selection then happens in ``select.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations
from math import sqrt

from . import sql
from .backends import Backend
from .sql import Combo, Predicate
from .stats import z_for


@dataclass(frozen=True)
class Settings:
    """The triage's knobs; one set for every data set."""

    max_order: int = 3
    min_support: float = 0.005  # share of all failures a cluster must hold
    min_failed: int = 20  # and at least this many failed attempts
    min_rr: float = 2.0  # the risk ratio's lower bound (Bonferroni level) must exceed this
    alpha: float = 0.01  # family-wise error over all combinations tested
    refine_ratio: float = 1.5  # a child must fail this much more often than the rest of its parent
    max_clusters: int = 5
    min_excess: float = 0.005  # share of all failures a cluster must explain beyond chance


@dataclass
class Counts:
    """Attempts (n) and failures (k) of every candidate, and the fleet's totals."""

    rows: int
    failed: int
    support: int
    cand: dict[Predicate, tuple[int, int]]
    tested: int = 0
    baseline: float = 0.0  # the usual failure rate: attempt-weighted median of value rates
    n_dims: int = 0
    extended: set[Predicate] = field(default_factory=set)  # candidates whose children were mined


def mine(
    backend: Backend, n_dims: int, hidden: dict[int, frozenset[int]], settings: Settings
) -> Counts:
    """Counts of every combination (order <= max_order) with enough failures."""
    n, k = backend.rows(sql.totals())[0]
    k = int(k or 0)
    support = max(settings.min_failed, math.ceil(settings.min_support * k))
    counts = Counts(int(n), k, support, {}, n_dims=n_dims)
    if n_dims == 0 or k < support:
        return counts
    singles = [(d,) for d in range(n_dims)]
    rates = []
    for pred, nn, kk in parse(backend.rows(sql.grouped(singles, range(n_dims))), n_dims):
        rates.append((kk / nn, nn))
        if kk >= support and pred[0][1] not in hidden.get(pred[0][0], ()):
            counts.cand[pred] = (nn, kk)
    counts.tested = len(counts.cand)
    counts.baseline = weighted_median(rates)
    for order in range(2, settings.max_order + 1):
        parents = promising(counts, order - 1, settings)
        counts.extended |= parents
        level(backend, counts, order, n_dims, parents)
    return counts


def extend(
    backend: Backend, counts: Counts, left: dict, rows: int, failed: int, settings: Settings
) -> bool:
    """Mine the children of candidates that became promising once chosen clusters' attempts
    were taken out (``left``: their counts outside them): another cause's failures raise
    every rate and can hide a weak cause's pairs. One order at a time, lowest first: True
    when candidates were added, and the caller counts them outside the clusters and asks
    again."""
    view = Counts(rows, failed, counts.support, left, counts.tested, counts.baseline)
    for order in range(2, settings.max_order + 1):
        new = promising(view, order - 1, settings) - counts.extended
        if not new:
            continue
        counts.extended |= new
        before = len(counts.cand)
        level(backend, counts, order, counts.n_dims, new)
        if len(counts.cand) > before:
            return True
    return False


def weighted_median(rates: list[tuple[float, int]]) -> float:
    """The rate below which half of the attempts' values fail (robust to a few causes)."""
    total, seen = sum(n for _, n in rates), 0
    for rate, n in sorted(rates):
        seen += n
        if 2 * seen >= total:
            return rate
    return 0.0


def promising(counts: Counts, order: int, s: Settings) -> set[Predicate]:
    """Candidates of ``order`` worth extending. Every value with enough failures is extended
    once: a single value can look normal, even low, when other causes raise the rest of the
    fleet's rate. A pair is extended when it fails significantly above the lower of the rate
    outside it and the baseline, with enough excess: a triple holds fewer failures than each
    of its pairs, so a triple that could be chosen has pairs that pass."""
    if order == 1:
        return {p for p in counts.cand if len(p) == 1}
    z = z_for(s.alpha, max(counts.tested, 1))
    out = set()
    for pred, (n, k) in counts.cand.items():
        if len(pred) != order or n >= counts.rows:
            continue
        excess, sd = excess_of(n, k, counts)
        if excess >= s.min_excess * counts.failed and (sd == 0 or excess > z * sd):
            out.add(pred)
    return out


def excess_of(n: int, k: int, counts: Counts) -> tuple[float, float]:
    """Failures above the lower of the baseline and the rate outside, and their binomial sd."""
    p = min(counts.baseline, (counts.failed - k) / (counts.rows - n))
    return k - n * p, sqrt(n * p * (1 - p))


def level(
    backend: Backend, counts: Counts, order: int, n_dims: int, parents: set[Predicate]
) -> None:
    """Add the combinations of ``order`` with a promising parent whose other sub-combinations
    are candidates too. (DIFF asks every sub-combination to pass; a weak cause of order 3 can
    have one or two pairs that its own failures do not make significant, diluted by the rest
    of the pair, so one promising parent is enough here.)"""
    below = {tuple(d for d, _ in p) for p in parents}
    known = {tuple(d for d, _ in p) for p in counts.cand if len(p) == order - 1}
    combos = [
        c
        for c in combinations(range(n_dims), order)
        if any(s in below for s in combinations(c, order - 1))
        and all(s in known for s in combinations(c, order - 1))
    ]
    if not combos:
        return
    used = sorted({d for c in combos for d in c})
    if order == 2:  # pairs are rarely selective: their totals in the same one scan
        rows = backend.rows(sql.grouped(combos, used, min_failed=counts.support))
        for pred, n, k in parse(rows, used):
            if all(sub in parents for sub in combinations(pred, 1)):
                counts.cand[pred] = (n, k)
                counts.tested += 1
        return
    rows = backend.rows(sql.grouped(combos, used, failed_only=True, min_failed=counts.support))
    wanted: dict[Combo, list[Predicate]] = {}
    for pred, _n, _k in parse(rows, used):
        subs = list(combinations(pred, order - 1))
        if pred in counts.cand:
            continue
        if any(sub in parents for sub in subs) and all(sub in counts.cand for sub in subs):
            wanted.setdefault(tuple(d for d, _ in pred), []).append(pred)
    if not wanted:
        return
    keys = {c: set(ps) for c, ps in wanted.items()}
    for pred, n, k in totals_of(backend, wanted, order):
        if pred in keys[tuple(d for d, _ in pred)]:
            counts.cand[pred] = (n, k)
    counts.tested += sum(len(v) for v in keys.values())


def totals_of(
    backend: Backend, wanted: dict[Combo, list[Predicate]], order: int
) -> list[tuple[Predicate, int, int]]:
    """Attempts and failures of the wanted combinations (triples and up): one filtered scan
    per combo, their values are selective."""
    combo_of = list(wanted)
    out = []
    for row in backend.rows(sql.candidate_totals(wanted, order)):
        combo = combo_of[row[0]]
        pred = tuple(zip(combo, (int(v) for v in row[1 : 1 + order]), strict=True))
        out.append((pred, int(row[-2]), int(row[-1] or 0)))
    return out


def parse(rows: list[tuple], dims) -> list[tuple[Predicate, int, int]]:
    """(predicate, n, k) of grouped rows; a NULL dimension is one not in the row's combo."""
    dims = list(range(dims)) if isinstance(dims, int) else list(dims)
    out = []
    for row in rows:
        pred = tuple((d, int(v)) for d, v in zip(dims, row, strict=False) if v is not None)
        out.append((pred, int(row[-2]), int(row[-1] or 0)))
    return out
