"""Benchmark and demo scenarios for the synthetic fleet: random cases and the case study."""

from __future__ import annotations

import numpy as np

from .generate import CORE, HIGH_CARD, POOL, Cause, FleetSpec, card_of, value_names


def random_spec(rows: int, seed: int, n_causes: int | None = None) -> FleetSpec:
    """A benchmark case: 8-15 dims, base rate 0.5-10%, 0-3 causes of order 1-3, lift 3-30."""
    rng = np.random.default_rng([seed, 1])
    extra = [n for n, *_ in POOL if n not in CORE and n not in HIGH_CARD]
    n_dims = int(rng.integers(8, 16))
    more = list(rng.choice(extra, size=max(0, n_dims - 10), replace=False))
    dims = (
        (*CORE, *HIGH_CARD, *more)[:n_dims] if n_dims >= 10 else (*CORE[: n_dims - 2], *HIGH_CARD)
    )
    spec = FleetSpec(
        rows=rows,
        seed=seed,
        dims=tuple(dims),
        base_rate=float(np.exp(rng.uniform(np.log(0.005), np.log(0.10)))),
    )
    count = int(rng.integers(0, 4)) if n_causes is None else n_causes
    while len(spec.causes) < count:  # distinct, and none inside another
        cause = random_cause(rng, spec)
        mine = set(cause.predicate.items())
        if all(
            not (mine <= set(c.predicate.items()) or set(c.predicate.items()) <= mine)
            for c in spec.causes
        ):
            spec.causes.append(cause)
    return spec


def share_of(name: str, index: int) -> float:
    """The share of attempts with value ``index`` of a dimension (before correlation)."""
    p = 1.0 / np.arange(1, card_of(name) + 1) ** 0.8
    return float(p[index] / p.sum())


def random_cause(rng: np.random.Generator, spec: FleetSpec) -> Cause:
    """A cause on 1-3 low-cardinality dimensions covering at least 1% of the attempts
    (a narrower cause is not identifiable from counts by any method)."""
    usable = [d for d in spec.dims if d not in HIGH_CARD]
    order = int(rng.integers(1, 4))
    for _ in range(100):
        names = sorted(rng.choice(usable, size=order, replace=False).tolist())
        picks = {n: int(rng.integers(0, min(4, card_of(n)))) for n in names}
        if np.prod([share_of(n, i) for n, i in picks.items()]) >= 0.01:
            break
    predicate = {n: value_names(n, card_of(n))[i] for n, i in picks.items()}
    kinds = [k for n, k, *_ in POOL if n == names[0]]
    return Cause(
        predicate=predicate,
        lift=float(rng.uniform(3, 30)),
        kind=kinds[0],
        noise=float(rng.uniform(0.01, 0.2)),
    )


def case_study(rows: int, seed: int) -> FleetSpec:
    """The source document's case: one provider's terminals time out at download, at once."""
    cause = Cause(
        predicate={"network_provider": "P03"}, lift=25.0, kind="network", noise=0.05, start=0.4
    )
    return FleetSpec(rows=rows, seed=seed, base_rate=0.02, causes=[cause])
