"""The fuzzing suite, in process: generated KBs, fact sets and log text through the public API.

Each property holds for every input: a KB is loaded or refused with located one-line problems;
a diagnosis is a probability ranking or one UserInputError; a log scan sets only known facts.
Every input is bounded in time (hypothesis' deadline) and in memory (tracemalloc's peak).
tests/test_fuzz_cli.py fuzzes the real command in a child process. Both carry the ``fuzz``
marker (``pytest -m fuzz`` runs only them); POSDOCTOR_FUZZ_SCALE=10 runs ten times as many
examples (docs/limits.md says how long each takes).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posdoctor import Doctor, KnowledgeBase, check_knowledge_base, load_knowledge_base
from posdoctor.kb.problems import KnowledgeBaseError, UserInputError
from posdoctor.logs.logscan import MAX_KEPT, LogScanner

from .conftest import MINI_KB

pytestmark = pytest.mark.fuzz
SCALE = int(os.environ.get("POSDOCTOR_FUZZ_SCALE", "1"))
PEAK_MB = 64  # memory one input may take, above what the loaded KB holds


def fuzz(examples: int, deadline_ms: int = 5000) -> Any:
    """Hypothesis settings of this suite: ``examples`` times the scale, a deadline per input."""
    return settings(
        max_examples=examples * SCALE,
        deadline=deadline_ms,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture
def peak() -> Iterator[Any]:
    """A context manager asserting that what it runs allocates at most PEAK_MB more (the peak of
    tracemalloc above what was allocated when it started; each example starts afresh)."""
    tracemalloc.start()

    @contextmanager
    def bounded() -> Iterator[None]:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        yield
        _, top = tracemalloc.get_traced_memory()
        grown = top - before
        assert grown < PEAK_MB << 20, f"one input took {grown / 2**20:.0f} MiB"

    yield bounded
    tracemalloc.stop()


# ---- generated knowledge bases ------------------------------------------------------------------

MINI = load_knowledge_base(MINI_KB)
FACTS, CAUSES = sorted(MINI.facts), sorted(MINI.causes)
REGEXES = ["no space", "^(a+)+$", "(?<!x)y", "(a)\\1", "[", "a{2000}", "空间不足", "(?i)x|y", ""]
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
)


def atom() -> st.SearchStrategy[dict]:
    """One test of a fact: real operators with real or junk operands."""
    fact = st.sampled_from(FACTS + ["no_such_fact", ""])
    return st.one_of(
        st.fixed_dictionaries({"fact": fact, "is": JUNK}),
        st.fixed_dictionaries({"fact": fact, "matches": st.sampled_from(REGEXES) | st.text()}),
        st.fixed_dictionaries({"fact": fact, "gt": JUNK, "lte": JUNK}),
        st.fixed_dictionaries({"fact": fact, "in": st.lists(JUNK, max_size=3)}),
        st.fixed_dictionaries({"absent": fact}),
        st.fixed_dictionaries({"present": fact}),
    )


def condition(depth: int = 2) -> st.SearchStrategy[Any]:
    """A rule's ``when``: atoms under all/any/not, a few levels deep."""
    if depth == 0:
        return atom()
    inner = condition(depth - 1)
    return st.one_of(
        atom(),
        st.fixed_dictionaries({"all": st.lists(inner, max_size=3)}),
        st.fixed_dictionaries({"any": st.lists(inner, max_size=3)}),
        st.fixed_dictionaries({"not": inner}),
    )


RULE = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True) | st.text(max_size=4),
        "when": condition(),
        "then": st.lists(
            st.tuples(
                st.sampled_from(["supports", "opposes", "rules_out"]),
                st.sampled_from([*CAUSES, "nope"]),
                st.sampled_from(["weak", "strong", "very_strong", "huge"]),
            ).map(lambda t: {t[0]: t[1], "strength": t[2]}),
            min_size=0,
            max_size=2,
        ),
    }
)


def write_kb(rules: list[dict], raw: str) -> Path:
    """The mini KB with the generated rules added, and ``raw`` text as one more knowledge file."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-kb-"))
    shutil.copytree(MINI_KB, root, dirs_exist_ok=True)
    (root / "rules" / "fuzz.yaml").write_text(
        yaml.safe_dump({"rules": rules}, allow_unicode=True), encoding="utf-8"
    )
    (root / "knowledge" / "fuzz.yaml").write_text(raw, encoding="utf-8", errors="replace")
    return root


RAW = st.lists(
    st.sampled_from(
        ["facts:\n", "- id: x\n", "  type: bool\n", "causes: []\n", "&a [*a]\n", "\t", "{", ": "]
    )
    | st.text(max_size=10),
    max_size=12,
).map("".join)


@fuzz(40)
@given(rules=st.lists(RULE, max_size=4), raw=RAW)
def test_a_generated_kb_is_loaded_or_refused_with_located_problems(
    rules: list[dict], raw: str, peak: Any
) -> None:
    root = write_kb(rules, raw)
    try:
        with peak():
            kb, problems = check_knowledge_base(root)
            for p in problems:
                assert "\n" not in str(p), str(p)
                assert p.file.endswith(".yaml") and p.line >= 0, str(p)
            if kb is None:
                assert any(p.severity == "error" for p in problems)
                with pytest.raises(KnowledgeBaseError):
                    load_knowledge_base(root, cache=False)
            else:
                assert load_knowledge_base(root, cache=False).digest == kb.digest
                Doctor(kb).diagnose({"error_message": "a" * 5000 + "!"})  # linear, any KB
    finally:
        shutil.rmtree(root)


def test_what_the_fuzzer_found_a_list_in_an_in_list_is_a_problem(tmp_path: Path) -> None:
    """{fact: F, in: [[]]} crashed kb check (unhashable list) before the fuzzer found it."""
    rules = [{"id": "a", "when": {"fact": "dns_resolves_update_host", "in": [True, []]},
              "then": [{"supports": "dns_failure", "strength": "weak"}]}]  # fmt: skip
    root = write_kb(rules, "")
    try:
        kb, problems = check_knowledge_base(root)
    finally:
        shutil.rmtree(root)
    assert kb is None
    assert [str(p) for p in problems] == [
        "rules/fuzz.yaml:10:7: rules[0] (a) > when > in[1]: must be a single value (got a list)"
    ]


# ---- generated fact sets ------------------------------------------------------------------------

TEXTS = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["No space left on device", "a" * 100_000 + "!", "签名验证失败", "\x00\ufeff"]),
)


@pytest.fixture(scope="module")
def bundled() -> tuple[KnowledgeBase, Doctor]:
    kb = load_knowledge_base()
    return kb, Doctor(kb)


def fact_sets(kb: KnowledgeBase) -> st.SearchStrategy[dict]:
    """Fact dicts: the KB's fact ids (and a few others) with values of every kind."""
    ids = st.sampled_from(sorted(kb.facts) + ["no_such_fact", "", "facts"])
    values = st.one_of(JUNK, TEXTS, st.sampled_from(["unknown", "yes", "否", "1e309", "nan"]))
    return st.dictionaries(ids, values, max_size=12)


@fuzz(150)
@given(data=st.data())
def test_a_generated_fact_set_is_ranked_or_refused_in_one_line(
    bundled: tuple[KnowledgeBase, Doctor], data: st.DataObject, peak: Any
) -> None:
    kb, doctor = bundled
    facts = data.draw(fact_sets(kb))
    with peak():
        try:
            result = doctor.diagnose(facts)
        except UserInputError as exc:
            assert str(exc) and "\n" not in str(exc)
            assert "\n" not in exc.text("zh")
            return
    probabilities = [c.probability for c in result.causes]
    assert all(0 <= p <= 1 for p in probabilities)
    assert sum(probabilities) <= 1 + 1e-9
    assert probabilities == sorted(probabilities, reverse=True)


# ---- generated log text -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scanner(bundled: tuple[KnowledgeBase, Doctor]) -> LogScanner:
    return LogScanner(bundled[0])


def log_lines(kb: KnowledgeBase) -> st.SearchStrategy[list[str]]:
    """Lines mixing the signatures' own examples, their pieces, junk and long runs."""
    examples = sorted({e for s in kb.signatures for e in s.examples})
    piece = st.sampled_from(examples).flatmap(lambda e: st.integers(0, len(e)).map(lambda i: e[:i]))
    line = st.lists(
        st.sampled_from(examples) | piece | st.text(max_size=20) | st.just("a" * 5000),
        max_size=4,
    ).map(" ".join)
    return st.lists(line, max_size=30)


@fuzz(150)
@given(data=st.data())
def test_generated_log_text_sets_only_known_facts(
    scanner: LogScanner, data: st.DataObject, peak: Any
) -> None:
    lines = data.draw(log_lines(scanner.kb))
    with peak():
        ev = scanner.scan_lines(lines, "fuzz")
    assert set(ev.facts) <= set(scanner.kb.facts)
    assert len(ev.matches) <= MAX_KEPT and ev.lines == len(lines)
    assert all(1 <= m.line <= len(lines) for m in ev.matches)


@fuzz(60)
@given(data=st.data())
def test_every_signature_example_is_recognised_whatever_surrounds_it(
    scanner: LogScanner, data: st.DataObject
) -> None:
    sig = data.draw(st.sampled_from(scanner.kb.signatures))
    example = data.draw(st.sampled_from(sig.examples))
    before = data.draw(st.sampled_from(["", "2026-12-01 12:00:00 E/Tms: ", "\x1b[31m", "日志 "]))
    if sig.pattern.startswith("^"):  # anchored at the start of the line: nothing may precede
        before = before if before == "\x1b[31m" else ""
    ev = scanner.scan_lines(["boot ok", before + example], "fuzz")
    assert [m.line for m in ev.matches if m.signature == sig.id] == [2], (sig.id, example)
