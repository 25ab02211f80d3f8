"""Question ranking weighs one more answer incrementally; it must choose exactly what weighing
every answer through the rules in full would (the slow way)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import posdoctor
from posdoctor.engine import compile_rules
from posdoctor.reasoning import voi
from posdoctor.reasoning.voi import askable, rank_questions
from posdoctor.reasoning.weigh import Weigher

from .test_cases import CASES, load_case


class FullWeigher(Weigher):
    """The slow way: every what-if through the engine of record in full."""

    def __init__(self, doctor: posdoctor.Doctor, facts: Any, failed: Any):
        self._doctor, self._facts, self._failed = doctor, facts, failed
        self.base = doctor.weights(facts, failed)
        self._all = frozenset(self.base)

    def after(self, fact: str, value: Any) -> tuple[dict[str, float], frozenset[str]]:
        return self._doctor.weights({**self._facts, fact: value}, self._failed), self._all


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def answers_strategy(doctor: posdoctor.Doctor) -> st.SearchStrategy:
    """Answers to a random set of askable facts, from the answers the ranking itself tries."""
    facts = [f for f in doctor.kb.facts.values() if f.type != "text"]
    options = {
        f.id: st.sampled_from(doctor.candidate_answers(f))
        for f in facts
        if doctor.candidate_answers(f)
    }
    return st.fixed_dictionaries({}, optional=options)


def test_ranking_equals_the_slow_way_on_every_scenario(doctor: posdoctor.Doctor) -> None:
    for path in CASES:
        d = doctor.diagnose(load_case(path)["facts"])
        every = len(doctor.kb.facts)
        assert rank_questions(doctor, d, every) == rank_questions(
            doctor, d, every, weigher=FullWeigher
        ), path.stem


@SETTINGS
@given(data=st.data())
def test_ranking_equals_the_slow_way_on_any_answers(
    doctor: posdoctor.Doctor, data: st.DataObject
) -> None:
    facts = data.draw(answers_strategy(doctor))
    failed = data.draw(st.sampled_from([{}, {"dns_failure": [("set_dns_servers", 0.6)]}]))
    d = doctor.diagnose(facts, checked=True, failed_fixes=failed)
    every = len(doctor.kb.facts)
    fast = rank_questions(doctor, d, every)
    assert fast == rank_questions(doctor, d, every, weigher=FullWeigher)


def test_one_more_answer_changes_what_a_full_evaluation_changes(kb: Any) -> None:
    """WhatIf.changes against evaluating the facts with the answer in full."""
    matcher = compile_rules(kb, "python")
    doctor = posdoctor.Doctor(kb)
    rng = random.Random(11)
    facts = [f for f in kb.facts.values() if f.type != "text" and doctor.candidate_answers(f)]
    tried = incremental = 0
    for _ in range(400):
        base = {
            f.id: rng.choice(doctor.candidate_answers(f))
            for f in rng.sample(facts, rng.randint(0, 12))
        }
        state = matcher.what_if(base)
        before = {f.rule for f in matcher.evaluate(base).fired}
        d = doctor.diagnose(base, checked=True)
        for fact in askable(kb, {**d.facts, **d.derived_facts})[:25]:
            for value in doctor.candidate_answers(fact):
                after = {f.rule for f in matcher.evaluate({**base, fact.id: value}).fired}
                found = state.changes(fact.id, value)
                tried += 1
                if found is None:
                    continue
                incremental += 1
                assert found == (frozenset(after - before), frozenset(before - after))
    assert incremental > 0.9 * tried  # the fast way is the usual way


def _pruning_agrees(doctor: posdoctor.Doctor, d: Any) -> None:
    """The best few, found by branch and bound, are the head of the full ranking, and no
    question tells more than its bound."""
    every = rank_questions(doctor, d, len(doctor.kb.facts))
    for limit in (1, 3, 5):
        assert rank_questions(doctor, d, limit) == every[:limit]
    beliefs = voi._Beliefs(voi._distribution(d))
    weigh = Weigher(doctor, d.facts, d.failed_fixes)
    for fact in askable(doctor.kb, {**d.facts, **d.derived_facts}):
        q = voi._score(doctor, weigh, fact, beliefs)
        if q is not None:
            assert q.gain <= voi._bound(doctor, fact, beliefs) * (1 + 1e-9) + 1e-12, fact.id


def test_branch_and_bound_finds_the_best_questions_on_every_scenario(
    doctor: posdoctor.Doctor,
) -> None:
    for path in CASES:
        _pruning_agrees(doctor, doctor.diagnose(load_case(path)["facts"]))


@SETTINGS
@given(data=st.data())
def test_branch_and_bound_finds_the_best_questions_on_any_answers(
    doctor: posdoctor.Doctor, data: st.DataObject
) -> None:
    facts = data.draw(answers_strategy(doctor))
    failed = data.draw(st.sampled_from([{}, {"dns_failure": [("set_dns_servers", 0.6)]}]))
    _pruning_agrees(doctor, doctor.diagnose(facts, checked=True, failed_fixes=failed))
