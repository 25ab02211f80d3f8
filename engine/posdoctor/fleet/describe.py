"""What one chosen cluster is: counts, rates, terminals, errors, stages, timeline, aliases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from . import sql
from .backends import Backend
from .encode import Coded
from .mine import Counts
from .select import Pick
from .stats import rr_interval

BINS = 24
TOP_ERRORS = 3


def decode(coded: Coded, pred: sql.Predicate) -> dict[str, str]:
    return {coded.dims[d].name: coded.dims[d].labels[c] for d, c in pred}


def describe(backend: Backend, coded: Coded, counts: Counts, pick: Pick) -> dict[str, Any]:
    """The JSON object of a cluster (without its diagnosis)."""
    n, k, terms, terms_failed, first, last = backend.rows(sql.summary(pick.pred))[0]
    n, k = int(n), int(k or 0)
    k0, n0 = counts.failed - k, counts.rows - n
    d, d0 = counts.deff_of(backend, pick.pred, n), counts.deff(n0)  # terminals' overdispersion
    rr, lo, hi = rr_interval(k / d, n / d, k0 / d0, n0 / d0)
    outside = k0 / n0 if n0 else 0.0
    return {
        "predicate": decode(coded, pick.pred),
        "kinds": [coded.dims[d].kind for d, _ in pick.pred],
        "n_attempts": n,
        "n_failed": k,
        "fail_rate": round(k / n, 6) if n else 0.0,
        "fail_rate_outside": round(outside, 6),
        "risk_ratio": round(rr, 4),
        "rr_ci": [round(lo, 4), round(hi, 4)],
        "terminals": int(terms),
        "terminals_failed": int(terms_failed),
        "excess_failures": round(k - n * outside, 1),
        "share_of_failures": round(k / counts.failed, 6) if counts.failed else 0.0,
        "top_errors": shares(backend, coded.errors, pick.pred, "e", k, counts.failed, "error"),
        "stages": shares(backend, coded.stages, pick.pred, "s", k, counts.failed, "stage"),
        "first_failed": iso(first),
        "last_failed": iso(last),
        **timeline(backend, pick.pred),
        "aliases": [
            {"predicate": decode(coded, p), "overlap": round(j, 4)} for p, j in pick.aliases
        ],
        "diagnosis": None,
    }


def shares(
    backend: Backend, labels: list[str], pred, column: str, k: int, total: int, key: str
) -> list[dict[str, Any]]:
    """The most frequent values among the cluster's failures, with their share outside."""
    rows = backend.rows(sql.breakdown(pred, column))
    rows = sorted(((int(v), int(i), int(t)) for v, i, t in rows if i), key=lambda r: (-r[1], r[0]))
    out = []
    for v, inside, all_ in rows[:TOP_ERRORS]:
        rest = total - k
        out.append(
            {
                key: labels[v],
                "count": inside,
                "share": round(inside / k, 6) if k else 0,
                "share_outside": round((all_ - inside) / rest, 6) if rest else 0.0,
            }
        )
    return out


def iso(ts: Any) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def timeline(backend: Backend, pred) -> dict[str, Any]:
    """Failures over time inside the cluster (BINS buckets over the data's span) and the onset."""
    lo, hi = backend.rows(sql.time_range())[0]
    if lo is None:
        return {"timeline": [], "onset": None}
    width = max(1, -(-(int(hi) - int(lo) + 1) // BINS))
    rows = {
        int(b): (int(n), int(k or 0))
        for b, n, k in backend.rows(sql.timeline(pred, int(lo), width))
    }
    series = [
        {
            "start": iso(int(lo) + b * width),
            "n": rows.get(b, (0, 0))[0],
            "failed": rows.get(b, (0, 0))[1],
        }
        for b in range(BINS)
    ]
    return {"timeline": series, "onset": onset(series)}


def onset(series: list[dict[str, Any]]) -> str | None:
    """sudden: low failure rates before the first bucket at half the peak rate; else throughout."""
    rates = [s["failed"] / s["n"] if s["n"] >= 20 else None for s in series]
    known = [r for r in rates if r is not None]
    if not known:
        return None
    peak = max(known)
    start = next(i for i, r in enumerate(rates) if r is not None and r >= peak / 2)
    before = [r for r in rates[: max(0, start - 1)] if r is not None]  # one bin of transition
    return "sudden" if len(before) >= 2 and max(before) < peak / 3 else "throughout"
