"""Choose a few clusters greedily by excess failures, with statistics, refining as we go.

A candidate is eligible when its risk ratio's lower bound (Bonferroni level over every tested
combination) exceeds ``min_rr`` and no child refines it: a child refines a parent when it fails
significantly (and ``refine_ratio`` times) more often than the rest of the parent. The eligible
candidate with the most excess failures is taken; its attempts are removed from every count (one
query over the removed rows) and the search repeats on what is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import sql
from .backends import Backend
from .mine import Counts, Settings
from .sql import Predicate
from .stats import rr_interval, z_for, z_higher


@dataclass
class Pick:
    """A chosen cluster, with its failed-attempt overlap with other candidates (for aliases)."""

    pred: Predicate
    excess: float
    aliases: list[tuple[Predicate, float]] = field(default_factory=list)


def select(backend: Backend, counts: Counts, settings: Settings) -> list[Pick]:
    """The clusters, best first."""
    z = z_for(settings.alpha, counts.tested)
    removed = {p: (0, 0) for p in counts.cand}
    picks: list[Pick] = []
    gone_n = gone_k = 0
    while len(picks) < settings.max_clusters:
        left = {p: (n - removed[p][0], k - removed[p][1]) for p, (n, k) in counts.cand.items()}
        best = best_candidate(
            left, counts.rows - gone_n, counts.failed - gone_k, z, counts, settings
        )
        if best is None:
            break
        pred, excess = best
        pick = Pick(pred, excess)
        picks.append(pick)
        before = dict(removed)
        removed = overlaps(backend, counts, [p.pred for p in picks])
        gone_n, gone_k = removed_totals(backend, picks)
        pick.aliases = aliases(counts, pick, removed, before, settings)
    return picks


def best_candidate(left, rows: int, failed: int, z: float, counts: Counts, s: Settings):
    """The eligible candidate with the most excess failures, or None."""
    best, best_excess = None, s.min_excess * counts.failed
    for pred, (n, k) in left.items():
        if k < counts.support or n >= rows:
            continue
        k0, n0 = failed - k, rows - n
        excess = k - n * (k0 / n0)
        if excess <= best_excess:
            continue
        if rr_interval(k, n, k0, n0, z)[1] < s.min_rr or refined(pred, left, z, s):
            continue
        best, best_excess = pred, excess
    return None if best is None else (best, best_excess)


def refined(pred: Predicate, left, z: float, s: Settings) -> bool:
    """Does some child of ``pred`` fail significantly more often than the rest of ``pred``?"""
    n, k = left[pred]
    dims = {d for d, _ in pred}
    for child, (nc, kc) in left.items():
        if len(child) != len(pred) + 1 or not set(pred) <= set(child):
            continue
        if {d for d, _ in child} - dims and nc < n and kc > 0:
            rest_n, rest_k = n - nc, k - kc
            rate, rest = kc / nc, rest_k / rest_n
            if rate >= s.refine_ratio * rest and z_higher(kc, nc, rest_k, rest_n) > z:
                return True
    return False


def removed_totals(backend: Backend, picks: list[Pick]) -> tuple[int, int]:
    """Attempts and failures inside any chosen cluster."""
    cond = sql.any_of(p.pred for p in picks)
    n, k = backend.rows(f"SELECT count(*), CAST(sum(f) AS BIGINT) FROM {sql.TABLE} WHERE {cond}")[0]
    return int(n), int(k or 0)


def overlaps(backend: Backend, counts: Counts, chosen: list[Predicate]) -> dict:
    """Attempts and failures of every candidate that fall inside the chosen clusters."""
    combos = sorted({tuple(d for d, _ in p) for p in counts.cand})
    dims = sorted({d for c in combos for d in c})
    rows = backend.rows(sql.grouped(combos, dims, condition=sql.any_of(chosen)))
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
        strong = rr_interval(k, n, counts.failed - k, counts.rows - n)[1] >= s.min_rr
        if strong and union > 0 and shared / union >= 0.6:
            found.append((pred, shared / union))
    return sorted(found, key=lambda a: (-a[1], a[0]))[:3]
