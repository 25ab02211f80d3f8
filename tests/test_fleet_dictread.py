"""Text columns read row group by row group into one dictionary give what Arrow's own
``combine_chunks`` gives: the same dictionary (unused values kept, first seen first), the
same codes, NULLs kept; batches Arrow must join itself (NULL or repeated dictionary values)
are joined by Arrow."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from posdoctor.fleet.dictread import Merged, read_columns

VALUES = [f"v{i}" for i in range(300)]


def merged(chunks: list[pa.DictionaryArray]) -> pa.Array:
    m = Merged(sum(len(c) for c in chunks))
    for c in chunks:
        m.add(c)
    column = m.column()
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def same(a: pa.DictionaryArray, b: pa.DictionaryArray) -> bool:
    codes = [a.indices.fill_null(-1).to_pylist(), b.indices.fill_null(-1).to_pylist()]
    return a.dictionary.equals(b.dictionary) and codes[0] == codes[1]


chunk = st.builds(
    lambda size, picks, nulls: pa.DictionaryArray.from_arrays(
        pa.array(
            [p % size if not n else None for p, n in zip(picks, nulls, strict=False)], pa.int32()
        ),
        pa.array(VALUES[size % 7 : size % 7 + size]),
    ),
    st.integers(1, 200),
    st.lists(st.integers(0, 10_000), max_size=40),
    st.lists(st.booleans(), min_size=40, max_size=40),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(chunk, min_size=1, max_size=5))
def test_merged_batches_equal_arrows_own_join(chunks) -> None:
    expected = pa.chunked_array(chunks).combine_chunks()
    assert same(merged(chunks), expected)


def test_a_batch_with_repeated_dictionary_values_is_joined_by_arrow() -> None:
    good = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()), pa.array(["a", "b"]))
    odd = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2], pa.int32()), pa.array(["c", "a", "c"]))
    m = Merged(5)
    m.add(good)
    m.add(odd)
    assert m.column().num_chunks == 2
    assert same(m.column().combine_chunks(), pa.chunked_array([good, odd]).combine_chunks())


def test_codes_are_one_byte_until_the_dictionary_needs_more(tmp_path) -> None:
    f = tmp_path / "t.parquet"
    many = [VALUES[i % 300] for i in range(3000)]
    pq.write_table(pa.table({"few": ["x", "y", None] * 1000, "many": many}), f, row_group_size=700)
    table = read_columns([str(f)], ["few", "many"], ["few", "many"])
    assert table["few"].type.index_type == pa.int8()
    assert table["many"].type.index_type == pa.int16()
    expected = pq.read_table(f, read_dictionary=["few", "many"])
    for name in ("few", "many"):
        assert table[name].num_chunks == 1
        assert same(table[name].chunk(0), expected[name].combine_chunks())
    assert table["few"].chunk(0).indices.is_null().to_pylist() == [False, False, True] * 1000
