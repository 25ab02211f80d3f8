"""The triage: attempts in, clusters with statistics and a diagnosis out (a JSON-ready dict)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..messages import Message
from .backends import Backend, open_backend
from .columns import Mapping
from .describe import describe
from .dictread import big_allocations
from .encode import Coded, encode
from .io import Skipped, expand, file_format, read_attempts
from .mine import Settings, mine
from .select import removed_totals, select

SCHEMA_VERSION = 1
IN_ENGINE = ("spark", "duckdb-sql")  # engines that read and code the files themselves


@dataclass
class Options:
    """What the user asked for."""

    files: Sequence[str]
    dims: Sequence[str] | None = None
    mapping: Mapping = field(default_factory=Mapping)
    engine: str = "duckdb"
    top: int = 5
    lang: str = "en"
    kb: Any = None  # a loaded knowledge base; None: no diagnosis
    settings: Settings = field(default_factory=Settings)
    timings: dict[str, float] | None = None  # filled with seconds per phase when given


def triage(opts: Options, progress: Callable[[Message], None] | None = None) -> dict[str, Any]:
    """Read the files, find the clusters, describe and diagnose them (``progress`` is told
    each phase as a catalogue Message)."""
    say = progress or (lambda _text: None)
    clock = Clock(opts.timings)
    say(Message("fleetio.reading"))
    if opts.engine in IN_ENGINE:
        return triage_in_engine(opts, say, clock)
    doctor = diagnoser(opts.kb)
    with big_allocations():
        att = read_attempts(opts.files, opts.mapping, opts.dims)
        clock.lap("read")
        say(Message("fleetio.encoding", n=f"{att.table.num_rows:,}"))
        coded = encode(att, opts.mapping, opts.dims, lambda k: support_of(k, opts.settings))
        att.table = att.table.schema.empty_table()  # the engine holds what is needed now
        clock.lap("encode")
    say(Message("fleetio.counting", engine=opts.engine))
    backend = open_backend(opts.engine, coded.table)
    coded.table = coded.table.schema.empty_table()
    clock.lap("load")
    try:
        return run(backend, coded, att.skipped, opts, say, clock, doctor)
    finally:
        backend.close()


def diagnoser(kb: Any) -> Future | None:
    """The KB's Diagnoser, built in a thread while the data are read and counted (compiling
    its log signatures is a few tenths of a second of Python; Arrow and DuckDB release the GIL)."""
    if kb is None:
        return None
    from .diagnose import Diagnoser

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fleet-kb")
    try:
        return pool.submit(Diagnoser, kb)
    finally:
        pool.shutdown(wait=False)


def triage_in_engine(opts: Options, say, clock: Clock) -> dict[str, Any]:
    """The triage on an engine that reads the files itself (Spark): coding by SQL there."""
    from .backends import open_reader
    from .encode_sql import encode_in_engine

    files = local_files(opts.files)
    doctor = diagnoser(opts.kb)
    backend = open_reader(opts.engine)
    try:
        columns, broken = backend.read(files, file_format(files), opts.mapping.rename)
        clock.lap("read")
        coded, _failed = encode_in_engine(
            backend, files, columns, opts.mapping, opts.dims, opts.settings
        )
        clock.lap("encode")
        say(Message("fleetio.counting", engine=opts.engine))
        skipped = Skipped()
        if broken:
            reason = Message("fleetio.spark_broken", file=files[0], n=broken).text("en")
            skipped = Skipped(broken, [reason])
        return run(backend, coded, skipped, opts, say, clock, doctor)
    finally:
        backend.close()


def local_files(patterns: Sequence[str]) -> list[str]:
    """Local files checked and globs expanded as for DuckDB; URLs (s3://, hdfs://) as given."""
    if any("://" in p for p in patterns):
        return list(patterns)
    return expand(patterns)


class Clock:
    """Seconds per phase, into the caller's dict (no-op without one)."""

    def __init__(self, into: dict[str, float] | None):
        import time

        self.into, self.now, self.last = into, time.perf_counter, time.perf_counter()

    def lap(self, name: str) -> None:
        now = self.now()
        if self.into is not None:
            self.into[name] = round(self.into.get(name, 0.0) + now - self.last, 4)
        self.last = now


def support_of(failed: int, s: Settings) -> int:
    return max(s.min_failed, math.ceil(s.min_support * failed))


def run(
    backend: Backend,
    coded: Coded,
    skipped: Skipped,
    opts: Options,
    say,
    clock: Clock,
    doctor: Future | None = None,
) -> dict[str, Any]:
    """Mine, select, describe, diagnose."""
    settings = opts.settings
    if opts.top != settings.max_clusters:
        from dataclasses import replace

        settings = replace(settings, max_clusters=opts.top)
    hidden = {i: d.hidden for i, d in enumerate(coded.dims)}
    sizes = [len(d.labels) for d in coded.dims]
    counts = mine(backend, len(coded.dims), hidden, settings, sizes)
    picks = select(backend, counts, settings)
    clock.lap("count")
    say(Message("fleetio.describing", n=len(picks)))
    clusters = [describe(backend, coded, counts, p) for p in picks]
    clock.lap("describe")
    if opts.kb is not None:
        from .diagnose import Diagnoser

        doctor_now = doctor.result() if doctor is not None else Diagnoser(opts.kb)
        for c in clusters:
            c["diagnosis"] = doctor_now.diagnose(c, opts.lang)
    clock.lap("diagnose")
    inside = removed_totals(backend, picks)[1] if picks else 0
    left = counts.failed - inside
    return {
        "schema_version": SCHEMA_VERSION,
        "engine": backend.name,
        "rows": counts.rows,
        "failed": counts.failed,
        "terminals": counts.terminals,
        "dims": [{"name": d.name, "kind": d.kind, "values": len(d.labels)} for d in coded.dims],
        "clusters": clusters,
        "unexplained": {
            "n_failed": left,
            "share": round(left / counts.failed, 6) if counts.failed else 0.0,
        },
        "skipped": {"rows": skipped.rows, "reasons": skipped.reasons},
        "notes": coded.notes,
        "settings": {
            "min_support": settings.min_support,
            "min_failed": counts.support,
            "min_rr": settings.min_rr,
            "alpha": settings.alpha,
            "max_order": settings.max_order,
            "tested": counts.tested,
            "dispersion": round(counts.rho, 6),
            "design_effect": round(counts.deff(counts.rows), 6),
        },
    }
