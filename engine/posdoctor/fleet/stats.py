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


def rr_interval(k: int, n: int, k0: int, n0: int, z: float = Z95) -> tuple[float, float, float]:
    """Risk ratio and its (lo, hi) interval at ``z`` (log method)."""
    if n == 0 or n0 == 0:
        return 0.0, 0.0, 0.0
    lr, se = log_rr(k, n, k0, n0)
    return math.exp(lr), math.exp(lr - z * se), math.exp(lr + z * se)


def z_higher(k: int, n: int, k0: int, n0: int) -> float:
    """z of the one-sided two-proportion test that k/n exceeds k0/n0 (pooled)."""
    if n == 0 or n0 == 0:
        return 0.0
    p = (k + k0) / (n + n0)
    se = math.sqrt(p * (1 - p) * (1 / n + 1 / n0))
    return 0.0 if se == 0 else (k / n - k0 / n0) / se
