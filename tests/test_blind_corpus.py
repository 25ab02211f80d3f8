"""The blind log corpus (tests/logs_blind): real excerpts from public threads, collected without
looking at the signatures. Its shape is checked here; its figures are only printed by
bench/log_accuracy.py (a test threshold on it would invite tuning to it)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest

from posdoctor.kb.model import CATEGORIES

from .test_log_corpus import ROOT, log_accuracy


@pytest.fixture(scope="module")
def blind() -> list[dict[str, Any]]:
    return log_accuracy.load_blind()


def test_blind_corpus_size_languages_and_categories(blind: list[dict[str, Any]]) -> None:
    assert len(blind) >= 150
    langs = Counter(c["lang"] for c in blind)
    assert set(langs) == {"en", "zh"} and langs["zh"] / len(blind) >= 0.16
    counts = Counter(c["category"] for c in blind)
    assert set(counts) == set(CATEGORIES) and min(counts.values()) >= 15, counts


def test_every_blind_case_cites_its_thread_and_cause(blind: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in blind]
    assert len(ids) == len(set(ids))
    for c in blind:
        assert c["url"].startswith(("https://", "http://")), c["id"]
        assert c["category"] in CATEGORIES, c["id"]
        assert set(c.get("lenient") or []) <= set(CATEGORIES) - {c["category"]}, c["id"]
        assert len(c["cause"].split()) >= 5, c["id"]  # one sentence: what the thread established
        assert c["log"].strip() and c["family"], c["id"]


def test_blind_ids_are_not_in_the_development_corpus(blind: list[dict[str, Any]]) -> None:
    dev = log_accuracy.load_cases()
    assert not {c["log"].strip() for c in blind} & {c["log"].strip() for c in dev}


def test_the_bench_reports_dev_and_blind_figures_apart() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "log_accuracy.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    last = json.loads(out.strip().splitlines()[-1])
    assert set(last) == {
        "cases", "top1", "top3", "unquoted_cases", "unquoted_top1", "lofo_top1", "blind_cases",
        "blind_top1", "blind_top3", "blind_strict_top1", "unrecognised_share", "documented_cases",
        "documented_top1", "documented_top3", "documented_strict_top1",
        "documented_unrecognised_share", "realdev_cases", "realdev_top1", "realdev_top3",
        "realdev_strict_top1", "realdev_unrecognised", "docdev_cases", "docdev_top1", "docdev_top3",
        "docdev_strict_top1", "docdev_unrecognised",
    }  # fmt: skip
    assert last["blind_cases"] >= 150 and last["cases"] >= 200
    assert "blind corpus (" in out


@pytest.fixture(scope="module")
def documented() -> list[dict[str, Any]]:
    return log_accuracy.load_blind(log_accuracy.DOCUMENTED)


def test_documented_set_covers_the_families_languages_and_categories(
    documented: list[dict[str, Any]],
) -> None:
    assert len(documented) >= 150
    ids = [c["id"] for c in documented]
    assert len(ids) == len(set(ids))
    assert len({c["log"] for c in documented}) == len(documented)
    assert Counter(c["lang"] for c in documented)["zh"] / len(documented) >= 0.16
    assert {c["category"] for c in documented} == set(CATEGORIES)
    assert len({c["family"] for c in documented}) >= 16
    for c in documented:
        assert c["url"].startswith(("https://", "http://")), c["id"]
        assert set(c.get("lenient") or []) <= set(CATEGORIES) - {c["category"]}, c["id"]
        assert len(c["cause"].split()) >= 4 and c["log"].strip(), c["id"]


def test_documented_set_is_not_in_the_development_corpus(documented: list[dict[str, Any]]) -> None:
    dev = log_accuracy.load_cases()
    assert not {c["log"].strip() for c in documented} & {c["log"].strip() for c in dev}
