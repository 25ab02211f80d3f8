"""Calls that end well (issue 12): answers that may be wrong, when to stop asking, when to hand
the call on, risky steps last, a fix loop that learns, and one reading of error text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import posdoctor
from posdoctor.ask import stopping
from posdoctor.ask.session import Session
from posdoctor.kb.problems import KnowledgeBaseError
from posdoctor.reasoning.diagnosis import Diagnosis, RankedCause
from posdoctor.reasoning.noise import RELIABILITY, fact_reliability, noisy, rule_errors, soften
from posdoctor.reasoning.weigh import Weigher

from .conftest import MINI_KB
from .test_session import DNS, MISREAD, Caller, ask_until_done, converse


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POSDOCTOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def rule_index(kb: posdoctor.KnowledgeBase, rule_id: str) -> int:
    return next(i for i, r in enumerate(kb.rules) if r.id == rule_id)


# ---- answers that may be wrong ----------------------------------------------------------------
def test_a_rule_out_becomes_the_chance_its_answer_is_wrong(mini: posdoctor.Doctor) -> None:
    kb = mini.kb
    soft = noisy(mini)
    up = rule_index(kb, "network-up")  # network_connected = true rules out network_outage
    error = 1 - RELIABILITY["checks"]  # network_connected has no level of its own: "checks"
    assert rule_errors(kb)[up] == pytest.approx(error)
    assert mini.conclusions[up][0][1] == 0.0
    assert soft.conclusions[up][0][1] == pytest.approx(error)
    dns = rule_index(kb, "dns-fails")  # two answers: both must be right
    assert rule_errors(kb)[dns] == pytest.approx(1 - RELIABILITY["checks"] ** 2)
    assert dict(soft.ratios_of["dns_failure"])[dns] == soften(10.0, rule_errors(kb)[dns])
    assert soften(10.0, 0.1) == pytest.approx(9.1) and soften(0.25, 0.1) == pytest.approx(0.325)


def test_diagnose_keeps_answers_certain_and_the_noisy_doctor_is_built_once(
    mini: posdoctor.Doctor,
) -> None:
    assert mini.answers_certain and not noisy(mini).answers_certain
    assert noisy(mini) is noisy(mini) and noisy(noisy(mini)) is noisy(mini)
    certain = mini.diagnose({"network_connected": True})
    assert "network_outage" not in [c.id for c in certain.causes]
    assert [c.id for c, _ in certain.ruled_out] == ["network_outage"]
    soft = noisy(mini).diagnose({"network_connected": True})
    outage = next(c for c in soft.causes if c.id == "network_outage")
    assert 0 < outage.probability < 0.05


def test_the_weigher_stays_exact_with_softened_ratios(doctor: posdoctor.Doctor) -> None:
    soft = noisy(doctor)
    facts = {"update_stage_failed": "download", "network_connected": True}
    weigh = Weigher(soft, facts, {})
    for fact in ("connection_type", "signal_strength", "storage_full_error", "battery_pct"):
        for value in soft.candidate_answers(doctor.kb.facts[fact]):
            weights, _ = weigh.after(fact, value)
            assert weights == soft.weights({**facts, fact: value}), (fact, value)


def test_one_answer_weakens_and_strong_contrary_evidence_brings_a_cause_back(
    mini: posdoctor.Doctor,
) -> None:
    s = Session(mini, {"network_connected": True})  # says connected, but it is not
    assert s.why_not("network_outage")["reversible"] is True
    assert s.why_not("network_outage")["ruled_out_by"] == "network-up"
    certain = Session(mini, {"network_connected": True}, noise=False)
    assert "reversible" not in certain.why_not("network_outage")


def test_a_misread_answer_is_outweighed_without_second_opinions(
    doctor: posdoctor.Doctor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given every answer the caller has (no budget, no stopping for value), the rest of the
    evidence outweighs one wrong answer; treated as certain, that answer wins."""
    monkeypatch.setattr("posdoctor.ask.stopping.QUESTION_BUDGET", 1000)
    monkeypatch.setattr("posdoctor.ask.stopping.MIN_VALUE", 0.0002)
    monkeypatch.setattr("posdoctor.ask.stopping.answer_rate", lambda answered, asked: 1.0)
    monkeypatch.setattr("posdoctor.ask.stopping.SECOND_OPINIONS", 0)
    certain = Session(doctor, noise=False)
    ask_until_done(certain, MISREAD)
    assert certain.diagnosis().causes[0].id == "storage_full"  # "install" wins when certain
    s = Session(doctor)
    ask_until_done(s, MISREAD)
    assert s.diagnosis().causes[0].id == "wrong_server_url"  # the rest outweighs it


def test_why_shows_the_answers_the_lead_goes_against(doctor: posdoctor.Doctor) -> None:
    s = Session(doctor, {"update_stage_failed": "install", "server_url_correct": False})
    s.answer("error_message", "unknown")
    doubted = s.why()["doubted"]
    top = s.diagnosis().causes[0].id
    assert doubted and all(d["cause"] == top for d in doubted)
    item = next(d for d in doubted if d["fact"] == "update_stage_failed")
    assert item["value"] == "install" and item["reliability"] == fact_reliability(
        doctor.kb, "update_stage_failed"
    )
    assert Session(doctor, {"update_stage_failed": "install"}, noise=False).doubted() == []


def test_reliability_levels_are_checked(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    base = root / "knowledge" / "base.yaml"
    text = base.read_text(encoding="utf-8")
    first = text.index("    cost:")
    base.write_text(text[:first] + "    reliability: sure\n" + text[first:], encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        posdoctor.load_knowledge_base(root, cache=False)
    assert "unknown reliability 'sure'" in str(err.value)
    assert "use one of" in str(err.value)


# ---- stopping and escalation ------------------------------------------------------------------
def diagnosis(kb: posdoctor.KnowledgeBase, probs: dict[str, float], other: float) -> Diagnosis:
    """A diagnosis with these probabilities (fix steps in the doctor's order)."""
    doctor = posdoctor.Doctor(kb)
    causes = tuple(
        RankedCause(kb.causes[c], p, doctor.fixes(c))
        for c, p in sorted(probs.items(), key=lambda i: -i[1])
    )
    return Diagnosis({}, causes, other)


def test_a_call_stops_at_its_question_budget(doctor: posdoctor.Doctor) -> None:
    s = Session(doctor)
    asked = ask_until_done(s, {})  # a caller who knows nothing
    assert len(asked) <= stopping.QUESTION_BUDGET
    assert s.stop_reason() in ("budget", "not_worth_it")


def test_an_unhelpful_caller_is_not_kept_on_the_phone() -> None:
    assert stopping.answer_rate(0, 0) == 0.5
    assert stopping.answer_rate(0, 8) == 0.1 and stopping.answer_rate(8, 8) == 0.9


def test_escalate_when_another_cause_leads(mini_kb: posdoctor.KnowledgeBase) -> None:
    prior = 0.2
    d = diagnosis(mini_kb, {"dns_failure": 0.3, "storage_full": 0.1}, 0.6)
    assert stopping.escalation_reason(d, prior) == "another_cause"
    assert stopping.next_step(d, prior, set()) == (None, "another_cause")
    assert stopping.next_step(d, prior, set(), insist=True)[0] is not None  # the agent decides
    assert stopping.escalation_reason(d, 0.35) == ""  # no more than the answers' start
    d = diagnosis(mini_kb, {"dns_failure": 0.65, "storage_full": 0.1}, 0.25)
    assert stopping.escalation_reason(d, prior) == ""


def test_second_line_is_cheaper_than_an_unlikely_step(mini_kb: posdoctor.KnowledgeBase) -> None:
    probs = {"dns_failure": 0.6, "unstable_connection": 0.2, "storage_full": 0.05}
    likely = diagnosis(mini_kb, probs, 0.15)
    step, _ = stopping.next_step(likely, 1.0, set())
    assert step is not None and step.fix.step.id == "set_dns"
    assert step.chance == pytest.approx(0.6 * 0.7)  # set_dns fixes dns_failure 70% of the time
    unlikely = diagnosis(mini_kb, {"dns_failure": 0.1, "unstable_connection": 0.1}, 0.2)
    # 0.1 * 0.7 * 60 minutes of escalation = 4.2 < 5 minutes of set_dns
    assert stopping.next_step(unlikely, 1.0, set()) == (None, "second_line_cheaper")
    done = {"set_dns", "restart_router", "use_wired"}  # free_storage: 0.05 * 0.8 * 60 < 10
    assert stopping.next_step(likely, 1.0, done) == (None, "second_line_cheaper")
    every = {*done, "free_storage", "backup_config", "factory_reset"}
    assert stopping.next_step(likely, 1.0, every) == (None, "nothing_left")


def test_a_shared_step_is_weighed_for_every_cause_that_lists_it(
    mini_kb: posdoctor.KnowledgeBase,
) -> None:
    d = diagnosis(mini_kb, {"network_outage": 0.3, "dns_failure": 0.3}, 0.4)
    # restart_router: 0.5 for network_outage, 0.3 for dns_failure
    assert stopping.step_chance(d, "restart_router") == pytest.approx(0.3 * 0.5 + 0.3 * 0.3)


def test_risky_steps_come_after_cheaper_ones_unless_their_cause_is_well_ahead(
    mini_kb: posdoctor.KnowledgeBase,
) -> None:
    tried = {"free_storage"}
    near = diagnosis(mini_kb, {"storage_full": 0.7, "unstable_connection": 0.28}, 0.02)
    step, _ = stopping.next_step(near, 1.0, tried)
    assert step is not None and step.fix.step.id == "use_wired"  # 0.28 * 0.6 * 60 >= 10 minutes
    # then the reset (with its backup): 0.7 * 0.9 * 60 = 37.8 < 10 + 30 + 60 * (1 - 0.63)
    assert stopping.next_step(near, 1.0, tried | {"use_wired"}) == (None, "second_line_cheaper")
    step, _ = stopping.next_step(near, 1.0, tried | {"use_wired"}, insist=True)
    assert step is not None and step.fix.step.id == "backup_config"  # the agent's choice
    ahead = diagnosis(mini_kb, {"storage_full": 0.95, "unstable_connection": 0.04}, 0.01)
    step, _ = stopping.next_step(ahead, 1.0, tried)
    assert step is not None and step.fix.step.id == "backup_config"  # well ahead: first
    unsure = diagnosis(mini_kb, {"storage_full": 0.4, "unstable_connection": 0.05}, 0.55)
    # 0.4 * 0.9 * 60 = 21.6 minutes < 10 + 30 + 60 * 0.64 (backup, reset, its risk): hand it on
    assert stopping.next_step(unsure, 1.0, tried | {"use_wired"}) == (None, "second_line_cheaper")


def test_the_session_escalates_itself_when_second_line_is_cheaper(mini: posdoctor.Doctor) -> None:
    s = Session(mini, DNS)
    s.start_fixing()
    proposed = []
    while s.phase == "fixing":
        p = s.next_fix()
        proposed.append(p)
        s.fix_result(p, "failed")
    assert [p.step.id for p in proposed] == ["set_dns"]
    assert not any(p.step.risky for p in proposed)
    assert s.events[-1]["reason"] == "second_line_cheaper" and s.events[-1]["auto"] is True
    s.resume_asking()  # the agent can always go on
    s.start_fixing(insist=True)
    assert s.phase == "fixing" and s.next_fix().step.id == "use_wired"
    s.undo()
    s.start_fixing()  # without insisting, the policy stands
    assert s.phase == "escalated"


def test_the_agent_typing_fix_goes_on_fixing(mini: posdoctor.Doctor) -> None:
    from posdoctor.cli.conversation import Conversation

    out: list[str] = []
    lines = iter(["fix", "no", "no", "no"])
    s = Session(mini, DNS)
    Conversation(s, "en", lambda prompt: next(lines, None), out.append, autosave=False).run()
    started = next(e for e in s.events if e["kind"] == "start_fixing")
    assert started == {"kind": "start_fixing", "insist": True, "at": started["at"]}
    assert [e["step"] for e in s.fixes_tried] == ["set_dns", "use_wired", "restart_router"]


def test_the_conversation_says_why_it_escalates(mini: posdoctor.Doctor) -> None:
    caller = Caller({})  # "unknown" to every question, "no" to every step
    s = converse(mini, caller, DNS)
    text = "\n".join(caller.out)
    assert "No step left is likely enough to be worth trying before second line: escalate." in text
    assert "# Escalation report" in text and s.phase == "escalated"


# ---- a fix loop that learns -------------------------------------------------------------------
def test_a_failed_shared_step_fails_for_every_cause_and_is_never_proposed_again(
    mini: posdoctor.Doctor,
) -> None:
    s = Session(mini, {"network_connected": False})  # network_outage first: restart_router
    s.start_fixing(insist=True)
    p = s.next_fix()
    assert (p.cause.id, p.step.id) == ("network_outage", "restart_router")
    s.fix_result(p, "failed")
    assert s.failed_fixes == {
        "network_outage": [("restart_router", 0.5)],
        "dns_failure": [("restart_router", 0.3)],
    }
    steps = [p.step.id]
    while s.phase == "fixing":
        p = s.next_fix()
        steps.append(p.step.id)
        s.fix_result(p, "failed")
    assert steps.count("restart_router") == 1 and len(steps) == len(set(steps))
    assert s.events[-1]["reason"] == "nothing_left"


# ---- one reading of error text ----------------------------------------------------------------
def test_typed_error_text_is_read_by_the_log_signatures(doctor: posdoctor.Doctor) -> None:
    s = Session(doctor)
    s.answer("error_message", "write error: No space left on device")
    assert s.events[-1]["read"] == {"storage_full_error": True}
    assert s.facts["storage_full_error"] is True
    ranked = [q.fact.id for q in s.questions(len(doctor.kb.facts))]
    assert "storage_full_error" not in ranked  # the text answered it
    s.change("error_message", "update failed")  # a text that reads nothing
    assert "storage_full_error" not in s.facts
    s.undo()
    assert s.facts["storage_full_error"] is True
    s.undo()
    assert "storage_full_error" not in s.facts


def test_given_error_text_is_read_too_and_an_answer_wins_over_it(doctor: posdoctor.Doctor) -> None:
    s = Session(doctor, {"error_message": "open failed: ENOSPC"})
    assert s.facts["storage_full_error"] is True
    s.answer("storage_full_error", False)  # the agent looked: no storage message
    assert s.facts["storage_full_error"] is False


def test_error_text_after_a_recognised_log_counts_once(doctor: posdoctor.Doctor) -> None:
    from posdoctor.logs.logscan import LogScanner

    log = LogScanner(doctor.kb).scan_lines(["E: Write error - write (28: No space left on device)"])
    assert log.recognised
    s = Session(doctor, log.facts, log=log)
    assert s.next_question().fact.id != "error_message"  # the log's lines are that text
    s.answer("error_message", "No space left on device")
    assert "read" not in s.events[-1]
