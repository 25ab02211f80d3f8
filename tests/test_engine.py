"""The ranking's required properties (the matchers against the oracle: test_matchers.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import posdoctor
from posdoctor import FactError
from posdoctor.kb.model import KnowledgeBase

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def value_strategy(fact: Any) -> st.SearchStrategy:
    if fact.type == "boolean":
        return st.booleans()
    if fact.type == "choice":
        return st.sampled_from([c.id for c in fact.values])
    if fact.type == "number":
        lo = fact.min if fact.min is not None else -10.0
        hi = fact.max if fact.max is not None else 10_000.0
        return st.one_of(
            st.integers(int(lo), int(hi)).map(float),
            st.floats(lo, hi, allow_nan=False).map(lambda x: round(x, 3)),
        )
    return st.sampled_from(["", "No space left on device", "空间不足", "timeout", "<script>"])


def facts_strategy(kb: KnowledgeBase) -> st.SearchStrategy:
    askable = sorted(kb.facts)
    return st.dictionaries(st.sampled_from(askable), st.none(), max_size=0).flatmap(
        lambda _: st.fixed_dictionaries(
            {}, optional={f: value_strategy(kb.facts[f]) for f in askable}
        )
    )


def fired_rules(d: posdoctor.Diagnosis) -> set[str]:
    out = {e.rule.id for rc in d.causes for e in rc.evidence}
    out |= {e.rule.id for _, e in d.ruled_out}
    out |= {e.rule.id for e in d.derived.values()}
    return out


@SETTINGS
@given(data=st.data())
def test_any_fact_set_gives_a_valid_deterministic_result(
    doctor: posdoctor.Doctor, data: st.DataObject
) -> None:
    facts = data.draw(facts_strategy(doctor.kb))
    first = doctor.diagnose(facts)
    again = doctor.diagnose(dict(reversed(list(facts.items()))))
    assert [(c.id, c.probability) for c in first.causes] == [
        (c.id, c.probability) for c in again.causes
    ]
    total = sum(c.probability for c in first.causes) + first.unexplained
    assert total == pytest.approx(1.0)
    assert all(0.0 <= c.probability <= 1.0 for c in first.causes)
    probs = [round(c.probability, 12) for c in first.causes]  # equal to 12 digits: a tie
    assert probs == sorted(probs, reverse=True)
    assert {c.id for c in first.causes} | {c.id for c, _ in first.ruled_out} == set(
        doctor.kb.causes
    )


@SETTINGS
@given(data=st.data())
def test_unknown_moves_nothing(doctor: posdoctor.Doctor, data: st.DataObject) -> None:
    facts = data.draw(facts_strategy(doctor.kb))
    extra = data.draw(st.sampled_from(sorted(set(doctor.kb.facts) - set(facts)) or ["x"]))
    if extra == "x":
        return
    with_unknown = {**facts, extra: data.draw(st.sampled_from([None, "unknown", "不知道"]))}
    a, b = doctor.diagnose(facts), doctor.diagnose(with_unknown)
    assert [(c.id, c.probability) for c in a.causes] == [(c.id, c.probability) for c in b.causes]


@SETTINGS
@given(data=st.data())
def test_more_supporting_evidence_never_lowers_a_cause(
    doctor: posdoctor.Doctor, data: st.DataObject
) -> None:
    """Adding a fact whose only new conclusions support cause C never lowers C."""
    kb = doctor.kb
    facts = data.draw(facts_strategy(kb))
    extra_fact = data.draw(st.sampled_from(sorted(kb.facts)))
    bigger = {**facts, extra_fact: data.draw(value_strategy(kb.facts[extra_fact]))}
    before, after = doctor.diagnose(facts), doctor.diagnose(bigger)
    new = fired_rules(after) - fired_rules(before)
    gone = fired_rules(before) - fired_rules(after)
    conclusions = {
        (c.kind, c.target) for r in kb.rules if r.id in new for c in r.then if c.kind != "set"
    }
    targets = {t for _, t in conclusions}
    if gone or len(targets) != 1 or {k for k, _ in conclusions} != {"supports"}:
        return
    (cause,) = targets
    p_before = {c.id: c.probability for c in before.causes}.get(cause, 0.0)
    p_after = {c.id: c.probability for c in after.causes}.get(cause, 0.0)
    assert p_after >= p_before


def probs(d: posdoctor.Diagnosis) -> dict[str, float]:
    return {c.id: c.probability for c in d.causes}


def test_positive_evidence_raises_and_negative_lowers(mini: posdoctor.Doctor) -> None:
    base = probs(mini.diagnose({"network_connected": True}))
    up = probs(mini.diagnose({"network_connected": True, "dns_resolves_update_host": False}))
    down = probs(mini.diagnose({"network_connected": True, "dns_resolves_update_host": True}))
    assert up["dns_failure"] > base["dns_failure"] > down["dns_failure"]
    assert (
        mini.diagnose({"network_connected": True, "dns_resolves_update_host": False}).causes[0].id
        == "dns_failure"
    )


def test_rule_out_removes_a_cause(mini: posdoctor.Doctor) -> None:
    d = mini.diagnose({"network_connected": True})
    assert "network_outage" not in probs(d)
    ((cause, evidence),) = d.ruled_out
    assert (cause.id, evidence.rule.id, evidence.effect) == (
        "network_outage",
        "network-up",
        "rules_out",
    )


def test_ties_break_by_prior_then_id(mini: posdoctor.Doctor) -> None:
    d = mini.diagnose({})
    assert [c.id for c in d.causes] == [
        "network_outage",
        "unstable_connection",
        "storage_full",
        "dns_failure",
    ]


def test_explanation_reaches_the_given_facts(mini: posdoctor.Doctor) -> None:
    d = mini.diagnose({"packet_loss_pct": 30, "update_stage_failed": "download"})
    top = d.causes[0]
    assert top.id == "unstable_connection"
    (e,) = top.evidence
    assert e.rule.id == "poor-link"
    link = next(u for u in e.facts if u.fact == "link_poor")
    assert link.derived_by is not None and link.derived_by.rule.id == "lossy"
    assert e.given_facts() == {"packet_loss_pct": 30.0, "update_stage_failed": "download"}


def test_fixes_are_ordered_by_success_per_minute_with_prerequisites(mini: posdoctor.Doctor) -> None:
    d = mini.diagnose({"storage_free_mb": 10})
    storage = next(c for c in d.causes if c.id == "storage_full")
    assert [f.step.id for f in storage.fixes] == ["free_storage", "backup_config", "factory_reset"]
    dns = next(c for c in d.causes if c.id == "dns_failure")
    assert [f.step.id for f in dns.fixes] == ["set_dns", "restart_router"]


def test_bad_facts_raise_one_documented_error(mini: posdoctor.Doctor) -> None:
    with pytest.raises(
        FactError,
        match=r"^unknown fact 'network_conected' \(did you mean "
        r"'network_connected'\?\)$",
    ):
        mini.diagnose({"network_conected": True})
    with pytest.raises(
        FactError,
        match=r"^'instal' is not a value of 'update_stage_failed' "
        r"\(did you mean 'install'\?\)$",
    ):
        mini.diagnose({"update_stage_failed": "instal"})
    with pytest.raises(FactError, match=r"^'packet_loss_pct' is a number in % \(got 'lots'\)$"):
        mini.diagnose({"packet_loss_pct": "lots"})
    with pytest.raises(FactError, match=r"outside the range"):
        mini.diagnose({"packet_loss_pct": 120})


@pytest.mark.parametrize(
    ("fact", "value", "en", "zh"),
    [
        (
            "update_stage_failed",
            "instal",
            "'instal' is not a value of 'update_stage_failed' (did you mean 'install'?)",
            "'instal' 不是 'update_stage_failed' 的可选回答（可选：download（下载）、install（安装））",
        ),
        (
            "storage_free_mb",
            -5,
            "-5 is outside the range of 'storage_free_mb' [0, inf]",
            "-5 超出 'storage_free_mb' 的取值范围 [0, inf]",
        ),
        (
            "network_conected",
            True,
            "unknown fact 'network_conected' (did you mean 'network_connected'?)",
            "没有名为 'network_conected' 的事实（是不是 'network_connected'？）",
        ),
        (
            "nope",
            True,
            "unknown fact 'nope' (see 'posdoctor kb list facts')",
            "没有名为 'nope' 的事实（见 'posdoctor kb list facts'）",
        ),
    ],
)
def test_bad_answers_are_explained_in_both_languages(
    mini: posdoctor.Doctor, fact: str, value: object, en: str, zh: str
) -> None:
    with pytest.raises(FactError) as caught:
        mini.diagnose({fact: value})
    assert (str(caught.value), caught.value.text("en"), caught.value.text("zh")) == (en, en, zh)


def test_two_knowledge_bases_in_one_process_do_not_interfere(
    mini: posdoctor.Doctor, mini_kb: KnowledgeBase
) -> None:
    other = posdoctor.Doctor(mini_kb)  # the same KB compiled again: a second ruleset
    facts = {"network_connected": True, "dns_resolves_update_host": False}
    assert probs(other.diagnose(facts)) == probs(mini.diagnose(facts))
    assert probs(mini.diagnose({})) == probs(other.diagnose({}))


def test_threads_give_the_same_answers_as_sequential(doctor: posdoctor.Doctor) -> None:
    kb = doctor.kb
    cases = [{}] + [
        {f: v} for f in sorted(kb.facts)[:40] for v in (kb.facts[f].value_ids()[:1] or ())
    ]
    expected = [probs(doctor.diagnose(c)) for c in cases]
    results: dict[int, list] = {}

    def work(n: int) -> None:
        results[n] = [probs(doctor.diagnose(c)) for c in cases]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[n] == expected for n in range(6))


@SETTINGS
@given(data=st.data())
def test_causes_are_in_the_documented_order_and_read_like_a_tuple(
    doctor: posdoctor.Doctor, data: st.DataObject
) -> None:
    """Best first: the probability to 12 digits, then the likelier prior, then the id."""
    d = doctor.diagnose(data.draw(facts_strategy(doctor.kb)))
    causes = list(d.causes)
    prior = {c.id: c.prior for c in doctor.kb.causes.values()}
    expected = sorted(causes, key=lambda c: (-int(c.probability * 1e12 + 0.5), -prior[c.id], c.id))
    assert [c.id for c in causes] == [c.id for c in expected]
    n = len(d.causes)
    assert d.causes[0] is causes[0] and d.causes[-1] is causes[-1]
    assert d.causes[1:4] == tuple(causes[1:4]) and d.causes[::-1] == tuple(reversed(causes))
    with pytest.raises(IndexError, match="cause index out of range"):
        d.causes[n]
