"""The labelled log corpus (tests/logs/*.yaml): its shape, its accuracy, and the signatures' examples."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import posdoctor
from posdoctor.kb.model import CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("log_accuracy", ROOT / "bench" / "log_accuracy.py")
assert _spec and _spec.loader
log_accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(log_accuracy)


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return log_accuracy.load_cases()


def test_corpus_size_and_languages(cases: list[dict[str, Any]]) -> None:
    assert len(cases) >= 200
    langs = Counter(c["lang"] for c in cases)
    assert set(langs) <= {"en", "zh"}
    assert langs["zh"] / len(cases) >= 0.15


def test_corpus_has_buried_multiline_cases(cases: list[dict[str, Any]]) -> None:
    multi = [c for c in cases if len(c["log"].strip().splitlines()) >= 5]
    assert len(multi) / len(cases) >= 0.20


def test_every_category_is_covered_evenly(cases: list[dict[str, Any]]) -> None:
    counts = Counter(c["category"] for c in cases)
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 25, counts


def test_every_case_is_well_formed(
    cases: list[dict[str, Any]], kb: posdoctor.KnowledgeBase
) -> None:
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for c in cases:
        sources = c["source"] if isinstance(c["source"], list) else [c["source"]]
        assert sources and all(s.startswith("https://") for s in sources), c["id"]
        assert c["category"] in CATEGORIES, c["id"]
        assert c.get("cause") is None or kb.causes[c["cause"]].category == c["category"], c["id"]
        assert c["log"].strip(), c["id"]
        for fact in c.get("facts", {}):
            assert fact in kb.facts, (c["id"], fact)


def test_top1_category_accuracy(cases: list[dict[str, Any]], kb: posdoctor.KnowledgeBase) -> None:
    rows = log_accuracy.rank(kb, cases)
    misses = [
        (r["id"], r["expected"], r["top"][:1]) for r in rows if r["top"][:1] != [r["expected"]]
    ]
    assert 1 - len(misses) / len(rows) >= 0.90, misses


def test_every_log_carries_evidence(
    cases: list[dict[str, Any]], kb: posdoctor.KnowledgeBase
) -> None:
    scanner = posdoctor.LogScanner(kb)
    silent = [c["id"] for c in cases if not scanner.scan_lines(c["log"].splitlines()).recognised]
    assert silent == []


def test_every_signature_example_is_matched(kb: posdoctor.KnowledgeBase) -> None:
    scanner = posdoctor.LogScanner(kb)
    missed = []
    for sig in kb.signatures:
        for example in sig.examples:
            ev = scanner.scan_lines(example.splitlines())
            if sig.id not in {m.signature for m in ev.matches}:
                missed.append((sig.id, example))
    assert missed == []


def test_cases_quoting_a_signature_example_are_marked(
    cases: list[dict[str, Any]], kb: posdoctor.KnowledgeBase
) -> None:
    """A development case that contains a signature's example word for word measures recall of
    our own examples: it must say so (`verbatim: true`), and no other case may carry the mark."""
    wrong = [
        (c["id"], log_accuracy.quoted_examples(kb, c["log"])[:3])
        for c in cases
        if bool(log_accuracy.quoted_examples(kb, c["log"])) != bool(c.get("verbatim"))
    ]
    assert wrong == []
