"""The counting's shortcuts give what the plain queries give: the compact filter of many
predicates, singles summed from the pairs, children counted over their parents' attempts."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from posdoctor.fleet import sql
from posdoctor.fleet.backends import DuckDBBackend
from posdoctor.fleet.mine import Settings, mine

DIMS = 4
VALUES = 3


def table(seed: int, rows: int = 3_000) -> pa.Table:
    """A coded table of ``rows`` attempts over DIMS dimensions of VALUES values, d0=0 & d1=1
    failing five times as often."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, VALUES, (DIMS, rows)).astype(np.int8)
    rate = np.where((codes[0] == 0) & (codes[1] == 1), 0.5, 0.1)  # a pair cause
    cols = {"t": pa.array(np.arange(rows, dtype=np.int64))}  # one attempt per terminal
    cols["f"] = pa.array((rng.random(rows) < rate).astype(np.int8))
    for d in range(DIMS):
        cols[f"d{d}"] = pa.array(codes[d])
    return pa.table(cols)


predicate = st.lists(
    st.tuples(st.integers(0, DIMS - 1), st.integers(0, VALUES - 1)), min_size=1, max_size=3
).map(lambda items: tuple(sorted(dict(items).items())))


@settings(max_examples=60, deadline=None)
@given(st.lists(predicate, min_size=1, max_size=12))
def test_the_compact_filter_selects_the_same_rows(preds) -> None:
    backend = DuckDBBackend(table(1))
    plain = backend.rows(f"SELECT count(*), sum(f) FROM fleet WHERE {sql.any_of(preds)}")
    short = backend.rows(f"SELECT count(*), sum(f) FROM fleet WHERE {sql.any_in(preds)}")
    backend.close()
    assert short == plain


def test_singles_summed_from_pairs_count_as_their_own_query() -> None:
    s = Settings(min_failed=5, min_support=0.0)
    for seed in range(3):
        backend = DuckDBBackend(table(seed, 20_000))
        counted = mine(backend, DIMS, {}, s)
        summed = mine(backend, DIMS, {}, s, sizes=[VALUES] * DIMS)
        backend.close()
        assert summed.cand == counted.cand
        assert (summed.tested, summed.baseline) == (counted.tested, counted.baseline)
        assert any(len(p) == 3 for p in counted.cand)


def test_children_counted_over_the_parents_have_their_true_totals() -> None:
    backend = DuckDBBackend(table(4, 20_000))
    counts = mine(backend, DIMS, {}, Settings(min_failed=5, min_support=0.0))
    triples = [p for p in counts.cand if len(p) == 3]
    assert triples
    for pred in triples:
        n, k = backend.rows(f"SELECT count(*), sum(f) FROM fleet WHERE {sql.where(pred)}")[0]
        assert counts.cand[pred] == (n, k)
    backend.close()
