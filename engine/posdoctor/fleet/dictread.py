"""Parquet columns read one row group at a time; each text column ends as one dictionary array.

Arrow reads a text column as one dictionary per row group, and joining those chunks
(``combine_chunks``) copies every index at 4 bytes a value. Here each batch's indices are
mapped into one growing dictionary (new values appended in the order Arrow's own unification
uses: first seen, batch by batch) and written into one array allocated once, 1 byte a value
while the dictionary is small (the width encode.py keeps them in). On a virtual machine memory
touched for the first time is what costs (about 8 us a 4 KB page on the project's), and at 10M
attempts this touches an eighth of what reading the columns whole and joining them did.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

KEEP_FREED_MS = 5_000
WIDTHS = (np.int8, np.int16, np.int32)  # the narrowest that holds every code and one more


@functools.cache
def big_pool() -> pa.MemoryPool:
    """jemalloc, keeping freed pages for a few seconds, else the C allocator. Arrow's jemalloc
    gives freed pages back at once, so the next row group touches fresh memory again (one
    measurement of the 10M read: 0.9 s of kernel time, 0.35 s with pages kept)."""
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:
        return pa.system_memory_pool()
    pa.jemalloc_set_decay_ms(KEEP_FREED_MS)  # for arenas made from now on: ours
    return pool


@contextlib.contextmanager
def big_allocations() -> Iterator[None]:
    """Arrow allocates from jemalloc (when pyarrow has it, else the C allocator) inside the
    block, the process's default pool again after it. Arrow's default, mimalloc, asks for
    transparent huge pages; where the kernel compacts memory for them on first use (virtual
    machines like the project's), reading 10M attempts spent 2.7 s in the kernel against
    0.3 s with jemalloc. Buffers keep the pool they came from."""
    before = pa.default_memory_pool()
    pa.set_memory_pool(big_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


class Merged:
    """One text column's codes so far, in one array, and its dictionary."""

    def __init__(self, rows: int):
        self.codes = np.empty(rows, dtype=np.int8)
        self.labels = pa.array([], pa.string())
        self.filled = 0
        self.nulls = False
        self.rest: list[pa.Array] | None = None  # batches Arrow must join itself (rare)

    def add(self, chunk: pa.DictionaryArray) -> None:
        """Map one batch's indices into the merged codes."""
        if self.rest is not None or not mergeable(chunk):
            before = [self.array().cast(chunk.type)] if self.rest is None and self.filled else []
            self.rest = [*(self.rest or before), chunk]
            return
        mapping = self.mapping(chunk.dictionary)
        width = next(w for w in WIDTHS if len(self.labels) + 1 <= np.iinfo(w).max)
        if np.iinfo(width).max > np.iinfo(self.codes.dtype).max:
            self.codes = self.codes.astype(width)
        indices = chunk.indices
        if indices.null_count:
            self.nulls = True
            indices = indices.fill_null(len(chunk.dictionary))
        end = self.filled + len(chunk)
        np.take(
            mapping.astype(self.codes.dtype),
            indices.to_numpy(zero_copy_only=False),
            out=self.codes[self.filled : end],
            mode="clip",  # every index is in range; "raise" would buffer a copy
        )
        self.filled = end

    def mapping(self, dictionary: pa.Array) -> np.ndarray:
        """Merged code of each of a batch's dictionary values (the last slot, -1, is NULL)."""
        if len(self.labels) == 0:
            self.labels = dictionary
            return np.append(np.arange(len(dictionary), dtype=np.int32), -1)
        where = pc.index_in(dictionary, value_set=self.labels)
        new = where.is_null()
        fresh = dictionary.filter(new)
        at = np.cumsum(new.to_numpy(zero_copy_only=False), dtype=np.int32) - 1 + len(self.labels)
        codes = np.where(
            new.to_numpy(zero_copy_only=False),
            at,
            where.fill_null(0).to_numpy(zero_copy_only=False),
        )
        if len(fresh):
            self.labels = pa.concat_arrays([self.labels, fresh])
        return np.append(codes.astype(np.int32), -1)

    def array(self) -> pa.DictionaryArray:
        """The codes so far as one dictionary array."""
        codes = self.codes[: self.filled]
        mask = codes < 0 if self.nulls else None
        indices = pa.array(codes, mask=mask)
        return pa.DictionaryArray.from_arrays(indices, self.labels)

    def column(self) -> pa.ChunkedArray:
        if self.rest is not None:
            return pa.chunked_array(self.rest)
        return pa.chunked_array([self.array()])


def mergeable(chunk: pa.Array) -> bool:
    """A dictionary batch of distinct, non-NULL text values (what Parquet gives)."""
    if not pa.types.is_dictionary(chunk.type) or not pa.types.is_string(chunk.dictionary.type):
        return False
    values = chunk.dictionary
    return values.null_count == 0 and len(pc.unique(values)) == len(values)


def read_columns(files: list[str], columns: list[str], text: list[str]) -> pa.Table:
    """The columns of the files; ``text`` ones as one dictionary array each."""
    fmt = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=text))
    dataset = ds.dataset(files, format=fmt)
    rows = dataset.count_rows()
    merged = {n: Merged(rows) for n in text if n in columns}
    plain: dict[str, list[pa.Array]] = {n: [] for n in columns if n not in merged}
    schema = None
    batches = dataset.to_batches(columns=columns, batch_size=1 << 30, batch_readahead=1)
    for batch in batches:  # whole row groups: a dictionary is decoded once per row group
        schema = batch.schema
        for name in columns:
            if name in merged:
                merged[name].add(batch.column(name))
            else:
                plain[name].append(batch.column(name))
    if schema is None:  # no rows: Arrow's own empty table
        return dataset.to_table(columns=columns)
    out = {n: merged[n].column() if n in merged else pa.chunked_array(plain[n]) for n in columns}
    return pa.table(out)
