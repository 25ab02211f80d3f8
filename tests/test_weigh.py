"""Question ranking weighs one more answer incrementally; it must choose exactly what weighing
every answer through the rules in full would (the slow way)."""

from __future__ import annotations

import math
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


def _overtaking_agrees(doctor: posdoctor.Doctor, d: Any) -> None:
    """may_overtake leaves out only questions none of whose answers puts another cause on top,
    and gives the others exactly as the full ranking scores them."""
    every = rank_questions(doctor, d, len(doctor.kb.facts))
    leads = [rc.id for rc in d.causes[:2]] + [""]
    for lead in leads:
        found = list(voi.may_overtake(doctor, d, lead))
        assert all(q in every for q in found), lead
        kept = {q.fact.id for q in found}
        for q in every:
            if any(top != lead for _, _, top in q.answers):
                assert q.fact.id in kept, (lead, q.fact.id)


def test_overtaking_questions_are_all_found_on_every_scenario(doctor: posdoctor.Doctor) -> None:
    for path in CASES:
        _overtaking_agrees(doctor, doctor.diagnose(load_case(path)["facts"]))


@SETTINGS
@given(data=st.data())
def test_overtaking_questions_are_all_found_on_any_answers(
    doctor: posdoctor.Doctor, data: st.DataObject
) -> None:
    facts = data.draw(answers_strategy(doctor))
    failed = data.draw(st.sampled_from([{}, {"dns_failure": [("set_dns_servers", 0.6)]}]))
    _overtaking_agrees(doctor, doctor.diagnose(facts, checked=True, failed_fixes=failed))


def test_spreads_bound_each_answer_s_effect_on_a_cause(doctor: posdoctor.Doctor) -> None:
    """No answer makes a cause more than its spread times as likely as another answer does."""
    rng = random.Random(5)
    facts = [
        f for f in doctor.kb.facts.values() if f.type != "text" and doctor.candidate_answers(f)
    ]
    checked = 0
    for _ in range(60):
        base = {
            f.id: rng.choice(doctor.candidate_answers(f))
            for f in rng.sample(facts, rng.randint(0, 10))
        }
        d = doctor.diagnose(base, checked=True)
        weigh = FullWeigher(doctor, base, {})
        for fact in askable(doctor.kb, {**d.facts, **d.derived_facts}):
            weights = [weigh.after(fact.id, a)[0] for a in doctor.candidate_answers(fact)]
            spreads = doctor.spreads(fact.id)
            for cause in weigh.base:
                ws = [w[cause] for w in weights]
                if max(ws) == 0:
                    continue
                spread = spreads.get(cause, 1.0)
                if spread < math.inf:  # inf: some answer rules the cause out
                    assert max(ws) <= min(ws) * spread * (1 + 1e-9), (fact.id, cause)
                    checked += 1
    assert checked > 1000


def _call(doctor: posdoctor.Doctor, facts: dict) -> tuple[list[str], str]:
    s = posdoctor.Session(doctor)
    asked, q = [], s.next_question()
    while q is not None and len(asked) < 200:
        asked.append(q.fact.id)
        s.answer(q.fact.id, facts.get(q.fact.id, "unknown"))
        q = s.next_question()
    return asked, s.stop_reason()


def test_sessions_stop_as_when_every_question_is_read(
    doctor: posdoctor.Doctor, monkeypatch: Any
) -> None:
    """Reading only the questions that may overtake the lead asks and stops exactly as reading
    the full ranking does, on every scenario's scripted call."""
    calls = [load_case(path)["facts"] for path in CASES]
    fast = [_call(doctor, facts) for facts in calls]
    monkeypatch.setattr(posdoctor.Session, "_overtaking", lambda self, lead: self._ranked())
    assert [_call(doctor, facts) for facts in calls] == fast
    assert {reason for _, reason in fast} >= {"not_worth_a_minute", "clear"}
