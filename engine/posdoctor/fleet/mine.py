"""Which value combinations explain the failures: a levelwise search.

Order 1 is counted on all attempts, and so are pairs (one GROUPING SETS scan: a pair's values
are rarely selective, so counting its failures first would not spare the scan of all rows;
when the pairs are few the singles are their sums). From order 3 on, a combination is counted
only over the attempts of the promising parents, kept as a table of their own, one GROUP BY
per combo: a child's attempts are all among its parent's. A triple is tried when one of its
pairs passed and the other two have enough failures (DIFF asks all three to pass). Selection
then happens in ``select.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations
from math import sqrt

from . import sql
from .backends import Backend
from .sql import Predicate
from .stats import design_effect, dispersion, z_for

PAIR_GROUPS = 50_000  # at most this many value pairs in all: singles summed from them
PARENTS = "parents"  # the attempts of the promising parents, while their children are counted


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
    rho: float = 0.0  # how much a terminal's attempts fail together (stats.dispersion)
    per_terminal: float = 0.0  # other attempts an attempt shares its terminal with, on average
    terminals: int = 0
    hidden: dict[int, frozenset[int]] = field(default_factory=dict)  # values never reported
    exact: dict[Predicate, float] = field(default_factory=dict)  # design effects counted

    def deff(self, n: float) -> float:
        """The design effect of a group of ``n`` attempts of typical terminals
        (``stats.design_effect``)."""
        return design_effect(self.rho, n, self.per_terminal)

    def deff_of(self, backend: Backend, pred: Predicate, n: int) -> float:
        """The design effect of one cluster from its own terminals: 1 + rho * sum n_t(n_t - 1)
        / n over the terminals with attempts in it (counted once, on all its attempts)."""
        if self.rho <= 0 or n <= 1:
            return 1.0
        if pred not in self.exact:
            pairs = backend.rows(sql.per_terminal(pred))[0][1]
            self.exact[pred] = 1.0 + self.rho * float(pairs or 0) / n
        return self.exact[pred]

    def effective(self, n: float, k: float) -> tuple[float, float]:
        """Attempts and failures as if independent: each divided by the design effect."""
        d = self.deff(n)
        return n / d, k / d

    def effective_failed(self) -> float:
        """The fleet's failures as if independent (the shares' denominator)."""
        return self.failed / self.deff(self.rows)

    def like(self, rows: int, failed: int, cand: dict) -> Counts:
        """These counts' statistics over other totals and candidates (outside the clusters)."""
        return Counts(
            rows, failed, self.support, cand, self.tested, self.baseline,
            rho=self.rho, per_terminal=self.per_terminal, hidden=self.hidden, exact=self.exact,
        )  # fmt: skip


def mine(
    backend: Backend,
    n_dims: int,
    hidden: dict[int, frozenset[int]],
    settings: Settings,
    sizes: list[int] | None = None,
) -> Counts:
    """Counts of every combination (order <= max_order) with enough failures (``sizes``:
    each dimension's number of values, when known)."""
    n, k = backend.rows(sql.totals())[0]
    n, k = int(n), int(k or 0)
    terminals, pairs_n, pairs_k = backend.rows(sql.per_terminal())[0]
    rho = dispersion(float(pairs_k or 0), float(pairs_n or 0), k, n)
    counts = Counts(
        n, k, 0, {}, n_dims=n_dims, rho=rho, per_terminal=float(pairs_n or 0) / max(n, 1)
    )
    counts.terminals, counts.hidden = int(terminals), hidden
    support = max(settings.min_failed, math.ceil(settings.min_support * counts.effective_failed()))
    counts.support = support
    if n_dims == 0 or k < support:
        return counts
    pairs = all_pairs(backend, n_dims, sizes)
    rates = []
    for pred, nn, kk in singles_of(backend, n_dims, pairs):
        rates.append((kk / nn, nn))
        if kk >= support and pred[0][1] not in hidden.get(pred[0][0], ()):
            counts.cand[pred] = (nn, kk)
    counts.tested = len(counts.cand)
    counts.baseline = weighted_median(rates)
    for order in range(2, settings.max_order + 1):
        parents = promising(counts, order - 1, settings)
        counts.extended |= parents
        level(backend, counts, order, n_dims, parents, pairs if order == 2 else None)
    if 3 < n_dims <= settings.max_order:
        finest(backend, counts, n_dims)
    return counts


def finest(backend: Backend, counts: Counts, n_dims: int) -> None:
    """With no more dimensions than the order, the finest cells (every dimension's value:
    RiskLoc's leaves) are counted directly, in one GROUP BY of all attempts, ``HAVING``
    enough failures: a cause in one small cell dilutes in every coarser one, so the top-down
    search above reaches it only when one of its parents happens to look promising. (Never
    at the default order 3 with more than three dimensions; at three, the triples are all
    counted already from their pairs.)"""
    dims = tuple(range(n_dims))
    rows = backend.rows(sql.grouped([dims], dims, min_failed=counts.support))
    for pred, n, k in parse(rows, dims):
        if pred in counts.cand or any(v in counts.hidden.get(d, ()) for d, v in pred):
            continue
        counts.cand[pred] = (n, k)
        counts.tested += 1


def all_pairs(backend: Backend, n_dims: int, sizes: list[int] | None) -> list | None:
    """Every pair of values counted in one scan, when they are few (PAIR_GROUPS at most):
    the single values are then their sums, and their own scan is spared."""
    if sizes is None or n_dims < 2:
        return None
    if sum(a * b for a, b in combinations(sizes, 2)) > PAIR_GROUPS:
        return None
    return parse(
        backend.rows(sql.grouped(list(combinations(range(n_dims), 2)), range(n_dims))), n_dims
    )


def singles_of(backend: Backend, n_dims: int, pairs: list | None) -> list:
    """(predicate, n, k) of every single value: summed from the pairs of each dimension with
    one other, or counted."""
    if pairs is None:
        singles = [(d,) for d in range(n_dims)]
        return parse(backend.rows(sql.grouped(singles, range(n_dims))), n_dims)
    sums: dict[Predicate, list[int]] = {}
    for pred, n, k in pairs:
        (a, va), (b, vb) = pred
        for single, other in (((a, va), b), ((b, vb), a)):
            if other == (1 if single[0] == 0 else 0):
                total = sums.setdefault((single,), [0, 0])
                total[0] += n
                total[1] += k
    return [(pred, n, k) for pred, (n, k) in sorted(sums.items())]


def extend(
    backend: Backend, counts: Counts, left: dict, rows: int, failed: int, settings: Settings
) -> bool:
    """Mine the children of candidates that became promising once chosen clusters' attempts
    were taken out (``left``: their counts outside them): another cause's failures raise
    every rate and can hide a weak cause's pairs. One order at a time, lowest first: True
    when candidates were added, and the caller counts them outside the clusters and asks
    again."""
    view = counts.like(rows, failed, left)
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
        if excess >= s.min_excess * counts.effective_failed() and (sd == 0 or excess > z * sd):
            out.add(pred)
    return out


def excess_of(n: int, k: int, counts: Counts, dispersed: bool = False) -> tuple[float, float]:
    """Failures above the lower of the baseline and the rate outside, and their sd: binomial,
    or with the terminals' overdispersion (``dispersed``: times the root of the design
    effect)."""
    p = min(counts.baseline, (counts.failed - k) / (counts.rows - n))
    sd = sqrt(n * p * (1 - p))
    return k - n * p, sd * sqrt(counts.deff(n)) if dispersed else sd


def level(
    backend: Backend,
    counts: Counts,
    order: int,
    n_dims: int,
    parents: set[Predicate],
    known_rows: list | None = None,
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
        and (order > 3 or all(s in known for s in combinations(c, order - 1)))
    ]
    if not combos:
        return
    used = sorted({d for c in combos for d in c})
    wanted = set(combos)
    if order == 2:  # pairs are rarely selective: their totals in the same one scan
        rows = (
            known_rows
            if known_rows is not None
            else pair_rows(backend, combos, used, counts.support)
        )
        for pred, n, k in rows:
            if k < counts.support or combo_of(pred) not in wanted:
                continue
            if all(sub in parents for sub in combinations(pred, 1)):
                counts.cand[pred] = (n, k)
                counts.tested += 1
        return
    opened = {s for c in combos for s in combinations(c, order - 1)}
    backend.materialize(sql.rows_of([p for p in parents if combo_of(p) in opened], used), PARENTS)
    rows = backend.rows(sql.grouped_each(combos, used, PARENTS, min_failed=counts.support))
    for pred, n, k in parse(rows, used):
        subs = list(combinations(pred, order - 1))
        if pred in counts.cand or not any(sub in parents for sub in subs):
            continue
        if order > 3 and not any(v in counts.hidden.get(d, ()) for d, v in pred):
            counts.cand[pred] = (n, k)  # its failures, >= support, bound every sub's from below
            counts.tested += 1
        elif all(sub in counts.cand for sub in subs):
            counts.cand[pred] = (n, k)
            counts.tested += 1


def pair_rows(backend: Backend, combos: list, used: list[int], support: int) -> list:
    """(predicate, n, k) of the pairs of ``combos`` with enough failures."""
    return parse(backend.rows(sql.grouped(combos, used, min_failed=support)), used)


def combo_of(pred: Predicate) -> tuple[int, ...]:
    """The dimensions of a predicate."""
    return tuple(d for d, _ in pred)


def parse(rows: list[tuple], dims) -> list[tuple[Predicate, int, int]]:
    """(predicate, n, k) of grouped rows; a NULL dimension is one not in the row's combo."""
    dims = list(range(dims)) if isinstance(dims, int) else list(dims)
    out = []
    for row in rows:
        pred = tuple((d, int(v)) for d, v in zip(dims, row, strict=False) if v is not None)
        out.append((pred, int(row[-2]), int(row[-1] or 0)))
    return out
