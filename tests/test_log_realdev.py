"""The development corpora collected blind-style (tests/logs_realdev): their shape, and that no
case overlaps the blind sets (tests/logs_blind) by thread or by a log line."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from posdoctor.kb.model import CATEGORIES

from .test_log_corpus import ROOT, log_accuracy

_spec = importlib.util.spec_from_file_location("sync", ROOT / "tests" / "logs_realdev" / "sync.py")
assert _spec and _spec.loader
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)


@pytest.fixture(scope="module", params=["REALDEV", "DOCDEV"])
def devset(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return log_accuracy.load_blind(getattr(log_accuracy, request.param))


def test_every_dev_case_cites_its_source_and_cause(devset: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in devset]
    assert ids and len(ids) == len(set(ids))
    for c in devset:
        assert c["url"].startswith(("https://", "http://")), c["id"]
        assert c["category"] in CATEGORIES, c["id"]
        assert set(c.get("lenient") or []) <= set(CATEGORIES) - {c["category"]}, c["id"]
        assert c["cause"].strip() and c["log"].strip() and c["family"], c["id"]
        assert c["lang"] in ("en", "zh"), c["id"]


def test_no_dev_case_overlaps_a_blind_case(devset: list[dict[str, Any]]) -> None:
    urls, logs = sync.blind_material()
    assert [c["id"] for c in devset if sync.overlap(c, urls, logs)] == []


def test_overlap_is_found_by_thread_and_by_line() -> None:
    logs = ["E: Failed to fetch http://x/y  Hash Sum mismatch\n  short\n"]
    urls = {"https://github.com/o/r/issues/1"}
    case = {"url": "https://github.com/o/r/issues/1#issuecomment-9/", "log": "x\n"}
    assert sync.overlap(case, urls, logs) == "url"
    case = {
        "url": "https://e.org/2",
        "log": "  E: Failed to fetch http://x/y  Hash Sum mismatch  \n",
    }
    assert sync.overlap(case, urls, logs) == "line"
    case = {"url": "https://e.org/2", "log": "short\n"}  # under 25 characters: not compared
    assert sync.overlap(case, urls, logs) == ""
