"""A synthetic fleet of update attempts with injected causes, and the truth file beside it.

Terminals carry fixed attributes (model, provider, site, ...); each attempt adds its own (package,
CDN node, ...). A cause is a predicate of order 1-3 on low-cardinality dimensions whose attempts
fail ``lift`` times more often than the base rate, at one stage, with one kind of error text.
Two dimensions are high-cardinality distractors (merchant, site) and two pairs are correlated
(provider -> region, model -> os_version). Failed attempts are sometimes retried.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

DAY = 86_400
START = 1_767_225_600  # 2026-01-01T00:00:00Z
# name, kind, cardinality, per terminal (True) or per attempt (False)
POOL: tuple[tuple[str, str, int, bool], ...] = (
    ("network_provider", "network", 12, True),
    ("conn_type", "network", 4, True),
    ("model", "device", 20, True),
    ("os_version", "device", 25, True),
    ("region", "site", 30, True),
    ("app_version", "software", 12, False),
    ("package_id", "package", 8, False),
    ("cdn_node", "server", 40, False),
    ("merchant_id", "site", 5000, True),
    ("site_id", "site", 20000, True),
    ("hw_rev", "device", 6, True),
    ("firmware_version", "device", 15, True),
    ("apn", "network", 10, True),
    ("server_node", "server", 16, False),
    ("tms", "server", 3, False),
)
CORE = (
    "network_provider",
    "conn_type",
    "model",
    "os_version",
    "region",
    "app_version",
    "package_id",
    "cdn_node",
)
HIGH_CARD = ("merchant_id", "site_id")
CONN = ("wifi", "4G", "5G", "ethernet")
ERRORS = {  # kind -> (stage, outcome, error_code, error_text)
    "network": (
        "download",
        "timeout",
        "E_TIMEOUT",
        "curl: (28) Operation timed out after 300000 milliseconds with 1204224 out of "
        "52428800 bytes received",
    ),
    "device": ("install", "failed", "E_INSTALL", "INSTALL_FAILED_OLDER_SDK"),
    "software": ("install", "failed", "E_INSTALL", "INSTALL_FAILED_OLDER_SDK"),
    "package": ("verify", "failed", "E_HASH", "sha256 checksum mismatch"),
    "server": ("check", "failed", "E_HTTP_503", "HTTP/1.1 503 Service Unavailable"),
    "site": ("download", "failed", "E_CONN", "Connection refused"),
}
BACKGROUND = (  # everyday failures, spread over the whole fleet
    ("download", "timeout", "E_TIMEOUT", "java.net.SocketTimeoutException: Read timed out"),
    ("download", "failed", "E_CONN", "Connection reset by peer"),
    ("install", "failed", "E_STORAGE", "No space left on device"),
    ("verify", "failed", "E_HASH", "sha256 checksum mismatch"),
)


@dataclass
class Cause:
    """An injected cause: attempts matching ``predicate`` fail at ``rate`` instead of the base."""

    predicate: dict[str, str]
    lift: float
    kind: str = "network"
    noise: float = 0.0  # share of matching attempts the cause spares
    rate: float = 0.0
    start: float = 0.0  # when it begins, as a share of the time window (0: from the start)


@dataclass
class FleetSpec:
    """What to generate: size, dimensions, base failure rate and the causes."""

    rows: int
    seed: int
    dims: tuple[str, ...] = CORE
    base_rate: float = 0.03
    causes: list[Cause] = field(default_factory=list)
    retry: float = 0.3
    days: int = 7


def value_names(name: str, card: int) -> list[str]:
    """The values of a dimension: P01, P02, ... (conn_type: wifi, 4G, ...)."""
    if name == "conn_type":
        return list(CONN[:card])
    prefix = {
        "network_provider": "P",
        "model": "M",
        "os_version": "OS",
        "region": "R",
        "app_version": "V",
        "package_id": "PK",
        "cdn_node": "CDN",
        "merchant_id": "MER",
        "site_id": "S",
        "hw_rev": "HW",
        "firmware_version": "FW",
        "apn": "APN",
        "server_node": "SRV",
        "tms": "TMS",
    }[name]
    width = max(2, len(str(card)))
    return [f"{prefix}{i + 1:0{width}d}" for i in range(card)]


def skewed(rng: np.random.Generator, card: int, size: int, skew: float = 0.8) -> np.ndarray:
    """Codes 0..card-1 drawn Zipf-like: a few common values and a long tail."""
    p = 1.0 / np.arange(1, card + 1) ** skew
    return rng.choice(card, size=size, p=p / p.sum())


def follow(rng: np.random.Generator, lead: np.ndarray, card: int, share: float) -> np.ndarray:
    """Codes correlated with ``lead``: a fixed function of it for ``share`` of the rows."""
    own = skewed(rng, card, len(lead))
    return np.where(rng.random(len(lead)) < share, (lead * 7 + 3) % card, own)


def terminal_codes(rng: np.random.Generator, spec: FleetSpec, n_terminals: int) -> dict:
    """Per-terminal attribute codes, with the two correlated pairs."""
    codes: dict[str, np.ndarray] = {}
    for name, _kind, card, per_terminal in POOL:
        if name in spec.dims and per_terminal:
            codes[name] = skewed(rng, card, n_terminals)
    if "region" in codes and "network_provider" in codes:
        codes["region"] = follow(rng, codes["network_provider"], 30, 0.7)
    if "os_version" in codes and "model" in codes:
        codes["os_version"] = follow(rng, codes["model"], 25, 0.6)
    return codes


def attempt_codes(rng: np.random.Generator, spec: FleetSpec, n: int) -> tuple[np.ndarray, dict]:
    """The terminal of each attempt and every dimension's code per attempt."""
    n_terminals = max(20, n // 5)
    terminal = rng.integers(0, n_terminals, size=n)
    per_terminal = terminal_codes(rng, spec, n_terminals)
    codes = {name: c[terminal] for name, c in per_terminal.items()}
    for name, _kind, card, per_term in POOL:
        if name in spec.dims and not per_term:
            codes[name] = skewed(rng, card, n)
    return terminal, codes


def cause_mask(cause: Cause, codes: dict[str, np.ndarray]) -> np.ndarray:
    """Attempts matching the cause's predicate."""
    mask = np.ones(len(next(iter(codes.values()))), dtype=bool)
    for name, value in cause.predicate.items():
        mask &= codes[name] == value_names(name, card_of(name)).index(value)
    return mask


def card_of(name: str) -> int:
    return next(card for n, _k, card, _t in POOL if n == name)


def failure_probability(
    rng: np.random.Generator, spec: FleetSpec, codes: dict, ts: np.ndarray
) -> tuple:
    """Each attempt's failure probability and the index of the cause that drives it (-1: none)."""
    n = len(ts)
    prob = np.full(n, spec.base_rate)
    which = np.full(n, -1)
    for i, cause in enumerate(spec.causes):
        cause.rate = min(0.95, spec.base_rate * cause.lift)
        hit = cause_mask(cause, codes) & (rng.random(n) >= cause.noise) & (cause.rate > prob)
        hit &= ts >= START + cause.start * spec.days * DAY
        prob[hit] = cause.rate
        which[hit] = i
    return prob, which


def generate(spec: FleetSpec) -> pa.Table:
    """The attempts of a fleet as an Arrow table (one row per attempt, retries included)."""
    rng = np.random.default_rng(spec.seed)
    terminal, codes = attempt_codes(rng, spec, spec.rows)
    ts = START + rng.integers(0, spec.days * DAY, size=spec.rows)
    prob, which = failure_probability(rng, spec, codes, ts)
    failed = rng.random(spec.rows) < prob
    retry = np.flatnonzero(failed & (rng.random(spec.rows) < spec.retry))
    keep = first_attempts(spec.rows, retry)
    retry = retry[retry < keep]
    order = np.concatenate([np.arange(keep), retry])
    again = np.concatenate([np.zeros(keep, bool), np.ones(len(retry), bool)])
    failed = np.concatenate([failed[:keep], rng.random(len(retry)) < prob[retry]])
    ts = np.concatenate([ts[:keep], ts[retry] + rng.integers(60, 3600, size=len(retry))])
    return assemble(
        rng,
        spec,
        terminal[order],
        {k: v[order] for k, v in codes.items()},
        failed,
        which[order],
        ts,
        again,
    )


def first_attempts(rows: int, retry: np.ndarray) -> int:
    """How many first attempts to keep so that they and their retries make ``rows`` rows."""
    m = np.arange(rows + 1)
    total = m + np.searchsorted(retry, m)
    return int(np.searchsorted(total, rows))


def assemble(rng, spec, terminal, codes, failed, which, ts, again) -> pa.Table:
    """Columns from codes: ids, outcome, stage, error code and text, time, dimensions."""
    n = len(terminal)
    kinds = list(ERRORS)
    table = [*BACKGROUND, *(ERRORS[k] for k in kinds), ("post_check", "success", "", "")]
    kind_of = np.array([kinds.index(c.kind) for c in spec.causes] or [0])
    row = np.where(
        which < 0,
        rng.integers(0, len(BACKGROUND), size=n),
        len(BACKGROUND) + kind_of[np.maximum(which, 0)],
    )
    row[~failed] = len(table) - 1
    row = pa.array(row.astype(np.int32))
    columns: dict[str, Any] = {"attempt_id": pa.array(np.arange(n, dtype=np.int64))}
    n_terminals = int(terminal.max()) + 1 if n else 0
    columns["terminal_id"] = coded(terminal, [f"T{i:07d}" for i in range(n_terminals)])
    for i, name in enumerate(("stage", "outcome", "error_code", "error_text")):
        columns[name] = pa.DictionaryArray.from_arrays(row, pa.array([t[i] for t in table]))
    columns["ts_start"] = pa.array(ts * 1_000_000, pa.timestamp("us", tz="UTC"))
    columns["retry"] = pa.array(again)
    for name in spec.dims:
        columns[name] = coded(codes[name], value_names(name, card_of(name)))
    return pa.table(columns)


def coded(codes: np.ndarray, names: list[str]) -> pa.DictionaryArray:
    """A dictionary-encoded string column (small Parquet files, fast to read)."""
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(names))


def truth(spec: FleetSpec) -> dict[str, Any]:
    """What was injected, for the benchmark and for users checking the triage."""
    return {
        "seed": spec.seed,
        "rows": spec.rows,
        "dims": list(spec.dims),
        "base_rate": spec.base_rate,
        "causes": [asdict(c) for c in spec.causes],
    }


def write(table: pa.Table, spec: FleetSpec, out: Path) -> Path:
    """Write the attempts (by extension: .parquet, .csv, .jsonl) and OUT.truth.json beside."""
    suffix = out.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out, dictionary_pagesize_limit=1 << 28)
    elif suffix in (".csv", ".jsonl"):
        import duckdb

        con = duckdb.connect()
        con.register("t", table)
        fmt = "(HEADER)" if suffix == ".csv" else "(FORMAT json)"
        con.execute(f"COPY (SELECT * FROM t) TO '{out}' {fmt}")
    else:
        raise ValueError(f"unknown output type {suffix!r} (use .parquet, .csv or .jsonl)")
    path = out.with_name(out.name + ".truth.json")
    path.write_text(json.dumps(truth(spec), indent=2) + "\n", encoding="utf-8")
    return path
