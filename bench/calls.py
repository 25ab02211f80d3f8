"""The blind help-desk calls (tests/calls/*.yaml) and their deterministic dev / test split.

Each call was written from a public case (its ``source`` URL) by people who had not seen the
rules: its true cause (a cause id, or ``not_in_kb``), the error text the caller reads out, if any,
and what the caller would answer. The split is by a hash of the id within each cause, so it does
not change when calls are added to other causes: a cause with two or more calls has at least
one in the test set (a third of them, rounded up), a cause with one call is in the dev set.
Tune on dev only; report test.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from posdoctor.kb.yamlfile import read_yaml

CALLS = Path(__file__).resolve().parent.parent / "tests" / "calls"
NOT_IN_KB = "not_in_kb"
TEST_SHARE = 1 / 3


def load_calls(folder: Path = CALLS) -> list[dict[str, Any]]:
    """Every call of every YAML file in ``folder``, in file then file order."""
    calls: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path.read_text(encoding="utf-8"), path.name).data
        calls.extend(dict(item, file=path.name) for item in data)
    return calls


def _rank(call_id: str) -> str:
    return hashlib.sha256(call_id.encode("utf-8")).hexdigest()


def split(calls: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """{"dev": [...], "test": [...]}: within each cause, by the hash of the id, the first
    ceil(n / 3) calls go to test when the cause has at least two."""
    by_cause: dict[str, list[dict[str, Any]]] = {}
    for call in calls:
        by_cause.setdefault(call["cause"], []).append(call)
    test_ids: set[str] = set()
    for items in by_cause.values():
        if len(items) >= 2:
            ranked = sorted(items, key=lambda c: _rank(c["id"]))
            test_ids |= {c["id"] for c in ranked[: math.ceil(len(items) * TEST_SHARE)]}
    return {
        "dev": [c for c in calls if c["id"] not in test_ids],
        "test": [c for c in calls if c["id"] in test_ids],
    }
