"""Risk ratios with confidence intervals, and the tests the selection uses."""

from __future__ import annotations

import math
from statistics import NormalDist

Z95 = NormalDist().inv_cdf(0.975)


def z_for(alpha: float, tests: int) -> float:
    """One-sided critical z for family-wise error ``alpha`` over ``tests`` tests (Bonferroni)."""
    return NormalDist().inv_cdf(1 - alpha / max(1, tests))


def log_rr(k: float, n: float, k0: float, n0: float) -> tuple[float, float]:
    """log risk ratio of k/n against k0/n0 and its standard error (0.5 added to empty cells)."""
    if k == 0 or k0 == 0 or k == n or k0 == n0:
        k, n, k0, n0 = k + 0.5, n + 1, k0 + 0.5, n0 + 1
    lr = math.log((k / n) / (k0 / n0))
    return lr, math.sqrt(max(0.0, 1 / k - 1 / n + 1 / k0 - 1 / n0))


def rr_interval(
    k: float, n: float, k0: float, n0: float, z: float = Z95
) -> tuple[float, float, float]:
    """Risk ratio and its (lo, hi) interval at ``z`` (log method)."""
    if n == 0 or n0 == 0:
        return 0.0, 0.0, 0.0
    lr, se = log_rr(k, n, k0, n0)
    return math.exp(lr), math.exp(lr - z * se), math.exp(lr + z * se)


def z_higher(k: float, n: float, k0: float, n0: float) -> float:
    """z of the one-sided two-proportion test that k/n exceeds k0/n0 (pooled)."""
    if n == 0 or n0 == 0:
        return 0.0
    p = (k + k0) / (n + n0)
    se = math.sqrt(p * (1 - p) * (1 / n + 1 / n0))
    return 0.0 if se == 0 else (k / n - k0 / n0) / se


def dispersion(pairs_k: float, pairs_n: float, k: int, n: int) -> float:
    """The intra-terminal correlation of failures (rho), from every terminal's attempts n_t
    and failures k_t: ``pairs_k`` = sum k_t(k_t - 1), ``pairs_n`` = sum n_t(n_t - 1).

    Two attempts of one terminal fail together with probability E[p_t^2] (the moment of the
    terminals' own failure rates that the pairs estimate without bias), against p^2 if they
    were independent; rho = (E[p_t^2] - p^2) / (p (1 - p)) is the beta-binomial correlation,
    clipped to [0, 1]. 0 when no terminal has two attempts."""
    if pairs_n <= 0 or n <= 0 or k <= 0 or k >= n:
        return 0.0
    p = k / n
    return min(1.0, max(0.0, (pairs_k / pairs_n - p * p) / (p * (1 - p))))


def design_effect(rho: float, n: float, per_terminal: float) -> float:
    """Variance of a cluster's failures over the binomial variance (Kish's design effect,
    1 + rho (m - 1)): m - 1, the other attempts an attempt shares its terminal with, is the
    fleet's attempt-weighted mean ``per_terminal`` (sum n_t(n_t - 1) / N), never more than the
    cluster's own other attempts (n - 1)."""
    if rho <= 0 or n <= 1:
        return 1.0
    return 1.0 + rho * min(n - 1.0, per_terminal)
