"""Both matchers against the independent oracle, and against each other, at every threshold.

The oracle (tests/oracle.py) reads the rules' YAML and evaluates it in three-valued logic; it
imports nothing from posdoctor. Numbers are drawn at and around every bound the shipped rules
compare with (± 1e-6, ± 1e-9, the adjacent doubles) and at extreme magnitudes.
"""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import posdoctor
from posdoctor.engine import MATCHERS, Conflict, available, compile_rules
from posdoctor.kb.conditions import atoms_of
from posdoctor.kb.model import KnowledgeBase

from . import oracle
from .conftest import MINI_KB, ROOT

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def rules_of(which: str) -> list[dict]:
    kb_dir = ROOT if which == "bundled" else MINI_KB
    return oracle.read_rules(oracle.rule_files(kb_dir))


def bounds(kb: KnowledgeBase) -> dict[str, list[float]]:
    """Every number a rule compares a fact with, by fact."""
    out: dict[str, set[float]] = {}
    for rule in kb.rules:
        for atom in atoms_of(rule.when):
            if atom.op == "range":
                out.setdefault(atom.fact, set()).update(
                    b for b in (atom.value[0], atom.value[2]) if b is not None
                )
            elif atom.op in ("is", "in") and kb.facts[atom.fact].type == "number":
                out.setdefault(atom.fact, set()).update(
                    atom.value if atom.op == "in" else (atom.value,)
                )
    return {f: sorted(v) for f, v in out.items()}


def near(bound: float) -> list[float]:
    """The bound, just above and just below it."""
    return [
        bound,
        bound + 1e-6,
        bound - 1e-6,
        bound + 1e-9,
        bound - 1e-9,
        math.nextafter(bound, math.inf),
        math.nextafter(bound, -math.inf),
    ]


def in_range(fact: Any, value: float) -> bool:
    return (fact.min is None or value >= fact.min) and (fact.max is None or value <= fact.max)


def numbers(fact: Any, cuts: list[float]) -> st.SearchStrategy:
    lo = fact.min if fact.min is not None else -1e300
    hi = fact.max if fact.max is not None else 1e300
    edges = [v for c in cuts for v in near(c) if in_range(fact, v)]
    extremes = [v for v in (0.0, 1e-300, -1e-300, 1e300, -1e300, 2.0**60, 1e-9) if lo <= v <= hi]
    return st.one_of(
        st.sampled_from(edges or [lo]),
        st.sampled_from(extremes or [lo]),
        st.floats(lo, hi, allow_nan=False, allow_infinity=False),
    )


def value_strategy(kb: KnowledgeBase, fact: Any, cuts: dict) -> st.SearchStrategy:
    if fact.type == "boolean":
        return st.booleans()
    if fact.type == "choice":
        return st.sampled_from(fact.value_ids())
    if fact.type == "number":
        return numbers(fact, cuts.get(fact.id, []))
    return st.sampled_from(
        ["", "No space left on device", "curl: (6) Could not resolve host", "空间不足", "x"]
    )


def facts_strategy(kb: KnowledgeBase) -> st.SearchStrategy:
    cuts = bounds(kb)
    return st.fixed_dictionaries(
        {}, optional={f.id: value_strategy(kb, f, cuts) for f in kb.facts.values()}
    )


def oracle_view(kb: KnowledgeBase, firings: Any) -> tuple[set[str], dict[str, Any]]:
    fired = {kb.rules[f.rule].id for f in firings.fired}
    return fired, {f: v for f, (v, _) in firings.derived.items()}


@pytest.fixture(scope="module", params=sorted(MATCHERS))
def name(request: pytest.FixtureRequest) -> str:
    if request.param not in available():
        pytest.skip(f"the {request.param} matcher does not run on this Python")
    return request.param


@pytest.mark.parametrize("which", ["mini", "bundled"])
def test_each_matcher_agrees_with_the_oracle(name: str, which: str, request) -> None:
    kb = request.getfixturevalue("kb" if which == "bundled" else "mini_kb")
    matcher, rules = compile_rules(kb, name), rules_of(which)

    @SETTINGS
    @given(facts_strategy(kb))
    def run(facts: dict) -> None:
        fired, derived, _ = oracle.evaluate(rules, facts)
        assert oracle_view(kb, matcher.evaluate(facts)) == (fired, derived)

    run()


def test_every_threshold_of_the_shipped_kb(name: str, kb: KnowledgeBase) -> None:
    matcher, rules = compile_rules(kb, name), rules_of("bundled")
    checked = 0
    for fact_id, cuts in bounds(kb).items():
        fact = kb.facts[fact_id]
        for value in (v for c in cuts for v in near(c) if in_range(fact, v)):
            facts = {fact_id: value}
            fired, derived, _ = oracle.evaluate(rules, facts)
            assert oracle_view(kb, matcher.evaluate(facts)) == (fired, derived), facts
            checked += 1
    assert checked > 150  # every bound of the shipped rules, seven values each


@pytest.mark.parametrize(
    ("fact", "value", "rule", "fires"),
    [
        ("packet_loss_pct", 5.000001, "link-poor-loss", True),
        ("packet_loss_pct", 5.0001, "link-poor-loss", True),
        ("packet_loss_pct", 5.0, "link-poor-loss", False),
        ("packet_loss_pct", math.nextafter(5.0, 6.0), "link-poor-loss", True),
        ("storage_free_mb", 99.99999, "storage-free-tiny", True),
        ("storage_free_mb", 100.0, "storage-free-tiny", False),
    ],
)
def test_numbers_reach_the_engine_exactly(
    name: str, kb: KnowledgeBase, fact: str, value: float, rule: str, fires: bool
) -> None:
    fired, _ = oracle_view(kb, compile_rules(kb, name).evaluate({fact: value}))
    assert (rule in fired) == fires


@pytest.mark.parametrize(
    ("value", "fires"), [(49.99999, True), (49.999999999, True), (50.0, False)]
)
def test_a_bound_just_missed_is_not_rounded_away(
    name: str, mini_kb: KnowledgeBase, value: float, fires: bool
) -> None:
    fired, _ = oracle_view(
        mini_kb, compile_rules(mini_kb, name).evaluate({"storage_free_mb": value})
    )
    assert ("low-storage" in fired) == fires


def test_the_matchers_give_identical_firings(kb: KnowledgeBase, mini_kb: KnowledgeBase) -> None:
    """A differential test over thousands of generated fact sets (durable-rules and Python)."""
    if "durable" not in available():
        pytest.skip("durable-rules does not run on this Python: nothing to compare with")
    for base in (kb, mini_kb):
        durable, python = compile_rules(base, "durable"), compile_rules(base, "python")
        rng = random.Random(20261201)
        cuts = bounds(base)
        facts = list(base.facts.values())
        for _ in range(2500):
            chosen = rng.sample(facts, rng.randint(0, min(25, len(facts))))
            case = {f.id: _draw(rng, f, cuts) for f in chosen}
            assert durable.evaluate(case) == python.evaluate(case), case


def _draw(rng: random.Random, fact: Any, cuts: dict) -> Any:
    if fact.type == "boolean":
        return rng.random() < 0.5
    if fact.type == "choice":
        return rng.choice(fact.value_ids())
    if fact.type == "number":
        values = [v for c in cuts.get(fact.id, [0.0]) for v in near(c) if in_range(fact, v)]
        return rng.choice(values or [fact.min if fact.min is not None else 0.0])
    return rng.choice(["No space left on device", "error: 22", "x", "certificate has expired"])


# ---- conflicting derived facts ------------------------------------------------------------------
CONFLICT_RULE = """
  - id: heavy-loss-is-fine
    when: {fact: packet_loss_pct, gt: 20}
    then: {set: link_poor, value: false}
"""


@pytest.fixture(scope="module")
def conflict_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("conflict") / "kb"
    shutil.copytree(MINI_KB, root)
    rules = root / "rules" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + CONFLICT_RULE, encoding="utf-8")
    return posdoctor.load_knowledge_base(root)


def test_rules_that_disagree_leave_the_fact_unknown(name: str, conflict_kb: KnowledgeBase) -> None:
    matcher = compile_rules(conflict_kb, name)
    firings = matcher.evaluate({"packet_loss_pct": 30.0, "update_stage_failed": "download"})
    fired, derived = oracle_view(conflict_kb, firings)
    assert fired == {"lossy", "heavy-loss-is-fine"}  # neither poor-link nor good-link
    assert derived == {}
    rules = {r.id: i for i, r in enumerate(conflict_kb.rules)}
    assert firings.conflicts == (
        Conflict("link_poor", ((True, rules["lossy"]), (False, rules["heavy-loss-is-fine"]))),
    )
    rules_yaml = oracle.read_rules(oracle.rule_files(Path(conflict_kb.location)))
    facts = {"packet_loss_pct": 30.0, "update_stage_failed": "download"}
    assert oracle.evaluate(rules_yaml, facts) == (fired, derived, {"link_poor"})


def test_a_conflict_is_a_warning_of_the_diagnosis(conflict_kb: KnowledgeBase) -> None:
    d = posdoctor.Doctor(conflict_kb).diagnose(
        {"packet_loss_pct": 30.0, "update_stage_failed": "download"}
    )
    assert d.warnings == (
        "rules 'lossy' and 'heavy-loss-is-fine' set 'link_poor' to true and false: "
        "'link_poor' is left unknown",
    )
    assert "link_poor" not in d.derived_facts


def test_an_answer_wins_over_a_rule(name: str, conflict_kb: KnowledgeBase) -> None:
    matcher = compile_rules(conflict_kb, name)
    firings = matcher.evaluate({"packet_loss_pct": 15.0, "link_poor": False})
    fired, derived = oracle_view(conflict_kb, firings)
    assert "good-link" in fired and "poor-link" not in fired and derived == {}
    lossy = next(i for i, r in enumerate(conflict_kb.rules) if r.id == "lossy")
    assert firings.conflicts == (Conflict("link_poor", ((True, lossy),), False, answered=True),)
