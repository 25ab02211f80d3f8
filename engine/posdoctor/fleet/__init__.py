"""Fleet triage: which terminals fail an update together, why, and what to do.

Vocabulary (on top of the package's):

attempt
    One row of a fleet's update report: a terminal tried an update and got an outcome.
failed
    An attempt whose outcome is failed, timeout or rejected (configurable per column mapping).
dimension
    A column describing an attempt or its terminal (provider, model, package, site...); its
    kind (provider, connection, server, package, os, device, app, site) tells the KB what it is.
predicate
    Values of one to three dimensions, e.g. ``network_provider=P06 & conn_type=4G``.
cluster
    A predicate whose attempts fail far more often than the rest, chosen with its statistics:
    failure rate inside and outside, risk ratio with a confidence interval, excess failures
    (beyond the outside rate), distinct terminals, top errors, stage, onset.
alias
    Another predicate whose failures are mostly the same attempts (provider <-> region).
unexplained
    Failed attempts in no cluster: independent, per-terminal failures.

Pipeline: ``io`` reads and checks files -> ``encode`` codes dimensions as small integers ->
``backends`` hold the coded table (DuckDB or Spark) and run ``sql``'s queries -> ``mine``
counts candidates levelwise, failures first -> ``select`` picks clusters greedily ->
``describe`` and ``diagnose`` explain each one -> ``report`` renders the result.
"""
