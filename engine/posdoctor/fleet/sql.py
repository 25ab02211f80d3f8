"""The one SQL generator: every query the triage runs, written once in DuckDB's dialect.

The coded table is ``fleet(t, f, d0..dn, s, e, ts)`` (see encode.py). A predicate is a tuple of
(dimension index, code) pairs sorted by dimension; a combo is the tuple of its dimensions.
Backends run these strings as they are (DuckDB) or transpiled (Spark).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

Predicate = tuple[tuple[int, int], ...]
Combo = tuple[int, ...]
TABLE = "fleet"


def where(pred: Predicate) -> str:
    """The SQL condition of a predicate."""
    return " AND ".join(f"d{d} = {c}" for d, c in pred) or "TRUE"


def any_of(preds: Iterable[Predicate]) -> str:
    """Rows matching at least one of the predicates."""
    return " OR ".join(f"({where(p)})" for p in preds) or "FALSE"


def totals() -> str:
    return f"SELECT count(*) AS n, CAST(sum(f) AS BIGINT) AS k FROM {TABLE}"


def grouped(
    combos: Sequence[Combo],
    dims: Sequence[int],
    *,
    min_failed: int = 0,
) -> str:
    """Attempts and failures per value combination of each combo (GROUPING SETS).

    Columns: d<i> for each of ``dims`` (NULL when not in the row's combo), n, k."""
    sets = ", ".join("(" + ", ".join(f"d{d}" for d in combo) + ")" for combo in combos)
    cols = ", ".join(f"d{d}" for d in dims)
    sql = (
        f"SELECT {cols}, count(*) AS n, CAST(sum(f) AS BIGINT) AS k FROM {TABLE}"
        + f" GROUP BY GROUPING SETS ({sets})"
    )
    return sql + (f" HAVING sum(f) >= {min_failed}" if min_failed else "")


def grouped_each(
    combos: Sequence[Combo], dims: Sequence[int], table: str, *, min_failed: int = 0
) -> str:
    """As ``grouped``, over ``table``, one GROUP BY per combo (UNION ALL): on a table of a
    few rows GROUPING SETS pays a fixed cost per set that separate aggregates do not."""
    having = f" HAVING sum(f) >= {min_failed}" if min_failed else ""
    parts = []
    for combo in combos:
        cols = ", ".join(f"d{d}" if d in combo else f"CAST(NULL AS INTEGER) AS d{d}" for d in dims)
        keys = ", ".join(f"d{d}" for d in combo)
        parts.append(
            f"SELECT {cols}, count(*) AS n, CAST(sum(f) AS BIGINT) AS k FROM {table} "
            f"GROUP BY {keys}{having}"
        )
    return " UNION ALL ".join(parts)


def rows_of(preds: Iterable[Predicate], dims: Sequence[int]) -> str:
    """The rows of ``fleet`` matching any of the predicates, with f and ``dims`` only."""
    cols = ", ".join(["f", *(f"d{d}" for d in dims)])
    return f"SELECT {cols} FROM {TABLE} WHERE {any_in(preds)}"


def any_in(preds: Iterable[Predicate]) -> str:
    """As ``any_of``, shorter: the value most predicates share is tested once, before the
    rest of those predicates (recursively); single values of one dimension share an IN."""
    left = sorted(set(preds))
    if any(not p for p in left):
        return "TRUE"
    terms: list[str] = []
    while left:
        if all(len(p) == 1 for p in left):
            return " OR ".join(terms + ins_of(left))
        common = Counter(item for p in left for item in p).most_common(1)[0][0]
        rest = [tuple(i for i in p if i != common) for p in left if common in p]
        terms.append(f"(d{common[0]} = {common[1]} AND ({any_in(rest)}))")
        left = [p for p in left if common not in p]
    return " OR ".join(terms) or "FALSE"


def ins_of(singles: Sequence[Predicate]) -> list[str]:
    """One IN per dimension of single-value predicates."""
    codes: dict[int, list[int]] = {}
    for ((d, c),) in singles:
        codes.setdefault(d, []).append(c)
    return [f"d{d} IN ({', '.join(str(c) for c in sorted(cs))})" for d, cs in sorted(codes.items())]


def summary(pred: Predicate) -> str:
    """Counts, distinct terminals and time span of one cluster."""
    return (
        f"SELECT count(*) AS n, CAST(sum(f) AS BIGINT) AS k, count(DISTINCT t) AS terminals, "
        f"count(DISTINCT CASE WHEN f = 1 THEN t END) AS terminals_failed, "
        f"min(CASE WHEN f = 1 THEN ts END) AS first_failed, "
        f"max(CASE WHEN f = 1 THEN ts END) AS last_failed FROM {TABLE} WHERE {where(pred)}"
    )


def per_terminal(pred: Predicate = ()) -> str:
    """Terminals, and the sums of n_t(n_t - 1) and k_t(k_t - 1) over them (attempts n_t and
    failures k_t of each terminal, inside the cluster ``pred`` when one is given): the pairs of
    attempts that share a terminal, and of failures, from which ``stats.dispersion`` estimates
    how much a terminal's attempts fail together (and ``Counts.deff_of`` a cluster's design
    effect)."""
    inside = f" WHERE {where(pred)}" if pred else ""
    return (
        "SELECT count(*) AS terminals, CAST(sum(n * (n - 1)) AS DOUBLE) AS pairs_n,"
        " CAST(sum(k * (k - 1)) AS DOUBLE) AS pairs_k FROM (SELECT CAST(count(*) AS DOUBLE) AS n,"
        f" CAST(sum(f) AS DOUBLE) AS k FROM {TABLE}{inside} GROUP BY t) AS per_terminal"
    )


def breakdown(pred: Predicate, column: str) -> str:
    """Failures per value of ``column`` (s or e) inside the cluster and in all of the fleet."""
    return (
        f"SELECT {column} AS v, CAST(sum(CASE WHEN {where(pred)} THEN 1 ELSE 0 END) AS BIGINT)"
        f" AS inside, count(*) AS total FROM {TABLE} WHERE f = 1 AND {column} >= 0 "
        f"GROUP BY {column}"
    )


def time_range() -> str:
    return f"SELECT min(ts) AS lo, max(ts) AS hi FROM {TABLE}"


def timeline(pred: Predicate, start: int, width: int) -> str:
    """Attempts and failures per time bucket inside the cluster (bucket = floor((ts-start)/w))."""
    return (
        f"SELECT CAST(floor((ts - {start}) / {width}) AS BIGINT) AS b, count(*) AS n, "
        f"CAST(sum(f) AS BIGINT) AS k FROM {TABLE} WHERE ts IS NOT NULL AND {where(pred)} "
        f"GROUP BY 1 ORDER BY 1"
    )


# ---- coding in the engine (encode_sql.py): the files as read by the engine are ``attempts``
RAW = "attempts"


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text(name: str) -> str:
    """A column as text."""
    return f"CAST({quoted(name)} AS VARCHAR)"


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def raw_values(column: str, flag: str = "0") -> str:
    """Each value of a column as text: attempts, failed (``flag`` is 1 for a failure), first row."""
    return (
        f"SELECT {text(column)} AS v, count(*) AS n, CAST(sum({flag}) AS BIGINT) AS k, "
        f"min(_row) AS r FROM {RAW} GROUP BY {text(column)}"
    )


def raw_empty(column: str) -> str:
    """Rows whose ``column`` is NULL or empty."""
    return f"SELECT count(*) FROM {RAW} WHERE {quoted(column)} IS NULL OR {text(column)} = ''"


def raw_distinct(columns: Sequence[str]) -> str:
    """All rows and the distinct values of each column."""
    parts = ", ".join(f"count(DISTINCT {quoted(c)})" for c in columns)
    return f"SELECT count(*), {parts} FROM {RAW}"


def one_of(column: str, words: Sequence[str]) -> str:
    """1 when the column's text is one of ``words``, else 0."""
    if not words:
        return "0"
    return f"CASE WHEN {text(column)} IN ({', '.join(literal(w) for w in words)}) THEN 1 ELSE 0 END"


def code_of(
    column: str,
    values: Sequence[str],
    other: int,
    null: int | None = None,
    codes: Sequence[int] | None = None,
) -> str:
    """The code of a text value: codes[i] (default i) for values[i], ``other`` for the rest."""
    codes = list(range(len(values))) if codes is None else codes
    whens = " ".join(
        f"WHEN {literal(v)} THEN {c}" for v, c in zip(values, codes, strict=True) if c != other
    )
    cases = f"CASE {text(column)} {whens} ELSE {other} END" if whens else str(other)
    when_null = other if null is None else null
    return f"CASE WHEN {quoted(column)} IS NULL THEN {when_null} ELSE {cases} END"


def bucket_of(column: str, edges: Sequence[float]) -> str:
    """The bucket of a number: how many edges are at most it; NULL -> len(edges) + 1."""
    num = f"CAST({text(column)} AS DOUBLE)"
    whens = " ".join(f"WHEN {num} < {float(e)!r} THEN {i}" for i, e in enumerate(edges))
    return f"CASE WHEN {quoted(column)} IS NULL THEN {len(edges) + 1} {whens} ELSE {len(edges)} END"


def epoch_seconds(column: str) -> str:
    """A time as epoch seconds: a time text, or a number of seconds (milliseconds when > 1e11)."""
    col = quoted(column)
    num = f"TRY_CAST({col} AS DOUBLE)"
    return (
        f"CAST(CASE WHEN {num} IS NOT NULL THEN CASE WHEN {num} > 1e11 "
        f"THEN {num} / 1000 ELSE {num} END "
        f"ELSE epoch(TRY_CAST({col} AS TIMESTAMPTZ)) END AS BIGINT)"
    )


def coded(flag: str, dims: Sequence[str], stage: str, error: str, ts: str) -> str:
    """The coded table fleet(t, f, d0..dn, s, e, ts) from ``attempts`` (terminal ids as text)."""
    cols = ", ".join([f"{text('terminal_id')} AS t", f"{flag} AS f", *dims])
    return f"SELECT {cols}, {stage} AS s, {error} AS e, {ts} AS ts FROM {RAW}"
