"""Choose a few clusters greedily by excess failures, with statistics, refining as we go.

A candidate is eligible when its risk ratio's lower bound (Bonferroni level over every tested
combination, or over its parent's children when that parent is itself significant: ``Levels``)
exceeds ``min_rr`` and no child refines it: a child refines a parent when it fails
significantly (and ``refine_ratio`` times) more often than the rest of the parent. The eligible
candidate with the most excess failures is taken; its attempts are removed from every count (one
query over the removed rows) and the search repeats on what is left.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from . import sql
from .backends import Backend
from .mine import Counts, Settings, excess_of, extend
from .sql import Predicate
from .stats import rr_interval, z_for, z_higher

CHOSEN = "chosen"  # the attempts inside the clusters chosen so far


@dataclass
class Pick:
    """A chosen cluster, with its failed-attempt overlap with other candidates (for aliases)."""

    pred: Predicate
    excess: float
    aliases: list[tuple[Predicate, float]] = field(default_factory=list)


def select(backend: Backend, counts: Counts, settings: Settings) -> list[Pick]:
    """The clusters, best first. After each pick, candidates that now look promising outside
    the chosen clusters have their children mined too (``mine.extend``)."""
    removed = {p: (0, 0) for p in counts.cand}
    picks: list[Pick] = []
    gone_n = gone_k = 0
    while len(picks) < settings.max_clusters:
        left = outside(counts, removed)
        rows, failed = counts.rows - gone_n, counts.failed - gone_k
        z = z_for(settings.alpha, counts.tested)  # Bonferroni over all tested so far
        best = best_candidate(backend, left, rows, failed, z, counts, settings)
        if best is None:
            break
        pred, excess = best
        pick = Pick(pred, excess)
        picks.append(pick)
        before = dict(removed)
        chosen = [p.pred for p in picks]
        removed = overlaps(backend, counts, chosen)
        gone_n, gone_k = removed_totals(backend, picks)
        rows_left, failed_left = counts.rows - gone_n, counts.failed - gone_k
        pick.aliases = aliases(counts, pick, removed, before, settings)
        while extend(backend, counts, outside(counts, removed), rows_left, failed_left, settings):
            removed = overlaps(backend, counts, chosen)
    return picks


def outside(counts: Counts, removed: dict) -> dict:
    """Every candidate's attempts and failures outside the chosen clusters."""
    return {p: (n - removed[p][0], k - removed[p][1]) for p, (n, k) in counts.cand.items()}


def best_candidate(
    backend: Backend, left, rows: int, failed: int, z: float, counts: Counts, s: Settings
):
    """The eligible candidate with the most excess failures, or None. Its share of the
    failures, its excess and its risk ratio's interval are taken in effective counts: divided
    by the design effect of the terminals' overdispersion, the cluster's own
    (``Counts.deff_of``, counted only for candidates that pass in plain counts, a necessary
    condition since a design effect is at least 1) and the fleet's for the rest. With no
    terminal whose attempts fail together they are the counts themselves."""
    levels = Levels(left, rows, failed, z, counts, s)
    fleet_eff = counts.effective_failed()
    ranked = []
    for pred, (n, k) in left.items():
        if k < counts.support or n >= rows:
            continue
        k0, n0 = failed - k, rows - n
        excess = k - n * (k0 / n0)
        if excess > s.min_excess * fleet_eff and k >= s.min_support * fleet_eff:
            ranked.append((-excess, pred, n, k))
    ranked.sort(key=lambda r: r[0])  # stable: ties keep the candidates' order
    for neg, pred, n, k in ranked:
        k0, n0 = failed - k, rows - n
        d0, zc = counts.deff(n0), levels.of(pred)
        if rr_interval(k, n, k0 / d0, n0 / d0, zc)[1] < s.min_rr:
            continue
        d = counts.deff_of(backend, pred, n)
        if k / d < s.min_support * fleet_eff or -neg / d <= s.min_excess * fleet_eff:
            continue
        if rr_interval(k / d, n / d, k0 / d0, n0 / d0, zc)[1] < s.min_rr:
            continue
        if refined(pred, left, z, s, counts):
            continue
        return pred, -neg
    return None


def eff(counts: Counts, k: float, n: float, k0: float, n0: float) -> tuple[float, ...]:
    """k, n, k0, n0 in effective counts: each group divided by its design effect."""
    ne, ke = counts.effective(n, k)
    n0e, k0e = counts.effective(n0, k0)
    return ke, ne, k0e, n0e


class Levels:
    """The critical z of each candidate's tests, hierarchically: a combination is tested at the
    Bonferroni level over every tested combination, or, when one of its parents is itself
    significant at that level, at the Bonferroni level over that parent's children only
    (the parent's rejection opens its children as their own family; a step-down in the
    spirit of hierarchical testing, not a proof of family-wise control over the search)."""

    def __init__(self, left, rows: int, failed: int, z: float, counts: Counts, s: Settings):
        self.left, self.rows, self.z, self.s = left, rows, z, s
        self.view = counts.like(rows, failed, left)
        self.kids: Counter[Predicate] = Counter(
            sub for c in left if len(c) > 1 for sub in combinations(c, len(c) - 1)
        )
        self.memo: dict[Predicate, bool] = {}

    def of(self, pred: Predicate) -> float:
        """The z a candidate's own interval is taken at."""
        parents = [sub for sub in combinations(pred, len(pred) - 1) if sub and sub in self.left]
        opened = [z_for(self.s.alpha, self.kids[p]) for p in parents if self.significant(p)]
        return min([self.z, *opened])

    def significant(self, pred: Predicate) -> bool:
        """Does ``pred`` fail significantly above the lower of the rate outside it and the
        baseline, at the search-wide level?"""
        if pred not in self.memo:
            n, k = self.left[pred]
            excess, sd = excess_of(n, k, self.view, True) if 0 < n < self.rows else (0.0, 0.0)
            self.memo[pred] = excess > 0 and (sd == 0 or excess > self.z * sd)
        return self.memo[pred]


def refined(pred: Predicate, left, z: float, s: Settings, counts: Counts) -> bool:
    """Does some child of ``pred`` fail significantly more often than the rest of ``pred``
    (in effective counts)?"""
    n, k = left[pred]
    dims = {d for d, _ in pred}
    for child, (nc, kc) in left.items():
        if len(child) != len(pred) + 1 or not set(pred) <= set(child):
            continue
        if {d for d, _ in child} - dims and nc < n and kc > 0:
            rest_n, rest_k = n - nc, k - kc
            rate, rest = kc / nc, rest_k / rest_n
            if rate >= s.refine_ratio * rest and z_higher(*eff(counts, kc, nc, rest_k, rest_n)) > z:
                return True
    return False


def removed_totals(backend: Backend, picks: list[Pick]) -> tuple[int, int]:
    """Attempts and failures inside any chosen cluster."""
    cond = sql.any_of(p.pred for p in picks)
    n, k = backend.rows(f"SELECT count(*), CAST(sum(f) AS BIGINT) FROM {sql.TABLE} WHERE {cond}")[0]
    return int(n), int(k or 0)


def overlaps(backend: Backend, counts: Counts, chosen: list[Predicate]) -> dict:
    """Attempts and failures of every candidate that fall inside the chosen clusters (their
    attempts kept as a table of their own first: they are a few percent of the rows)."""
    combos = sorted({tuple(d for d, _ in p) for p in counts.cand})
    dims = sorted({d for c in combos for d in c})
    backend.materialize(sql.rows_of(chosen, dims), CHOSEN)
    rows = backend.rows(sql.grouped_each(combos, dims, CHOSEN))
    inside = {p: (0, 0) for p in counts.cand}
    for row in rows:
        pred = tuple((d, int(v)) for d, v in zip(dims, row, strict=False) if v is not None)
        if pred in inside:
            inside[pred] = (int(row[-2]), int(row[-1] or 0))
    return inside


def aliases(counts: Counts, pick: Pick, now: dict, before: dict, s: Settings) -> list:
    """Other strong candidates whose failures are mostly this cluster's (provider <-> region)."""
    own = set(pick.pred)
    k_pick = counts.cand[pick.pred][1] - before[pick.pred][1]
    found = []
    for pred, (n, k) in counts.cand.items():
        if set(pred) <= own or own <= set(pred):
            continue
        shared = now[pred][1] - before[pred][1]
        union = (k - before[pred][1]) + k_pick - shared
        k0, n0 = counts.failed - k, counts.rows - n
        strong = rr_interval(*eff(counts, k, n, k0, n0))[1] >= s.min_rr
        if strong and union > 0 and shared / union >= 0.6:
            found.append((pred, shared / union))
    return sorted(found, key=lambda a: (-a[1], a[0]))[:3]
