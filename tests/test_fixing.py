"""The fix loop's policy (ask/fixing.py): chance per minute across causes, shared steps,
held-back risky steps, expected minutes, escalation; error text read once (ask/errortext.py);
answers that may be wrong (Doctor.doubting)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import posdoctor
from posdoctor.ask import fixing
from posdoctor.ask.session import Session
from posdoctor.kb.conditions import facts_of
from posdoctor.kb.model import Step, Text
from posdoctor.reasoning.diagnosis import FixStep

DNS = {"network_connected": True, "dns_resolves_update_host": False}


def test_a_steps_chance_sums_every_cause_that_lists_it(mini_closed: posdoctor.Doctor) -> None:
    d = Session(mini_closed, DNS).diagnosis()
    p = {c.id: c.probability for c in d.causes}
    found = {c.step.id: c for c in fixing.candidates(d, ())}
    # tests/kb/mini/knowledge/base.yaml: restart_router fixes network_outage with 0.5 and
    # dns_failure with 0.3; set_dns fixes dns_failure with 0.7
    router = p["network_outage"] * 0.5 + p["dns_failure"] * 0.3
    assert found["restart_router"].chance == pytest.approx(router, abs=1e-12)
    assert found["restart_router"].cause.id == "dns_failure"
    assert found["set_dns"].chance == pytest.approx(p["dns_failure"] * 0.7, abs=1e-12)
    rates = [c.chance / c.step.minutes for c in fixing.candidates(d, ()) if not c.step.risky]
    assert rates == sorted(rates, reverse=True)


def test_a_failed_shared_step_counts_as_failed_for_every_cause(
    mini_closed: posdoctor.Doctor,
) -> None:
    s = Session(mini_closed, DNS)
    s.start_fixing()
    proposals = []
    while s.phase == "fixing":
        p = s.next_fix()
        proposals.append(p.step.id)
        if p.step.id == "restart_router":
            s.fix_result(p, "failed")
            break
        s.fix_result(p, "failed")
    assert s.failed_fixes["dns_failure"][-1] == ("restart_router", 0.3)
    assert s.failed_fixes["network_outage"] == [("restart_router", 0.5)]
    while s.phase == "fixing":  # never proposed again, for any cause
        p = s.next_fix()
        assert p.step.id not in proposals
        proposals.append(p.step.id)
        s.fix_result(p, "failed")


def step(sid: str, minutes: float, risky: bool = False) -> Step:
    return Step(sid, Text(sid, sid), (), minutes, Text("", ""), risky)


def test_expected_minutes_by_hand() -> None:
    a, b = step("a", 10), step("b", 20)
    fixes = {"x": (FixStep(a, 0.5), FixStep(b, 0.5)), "y": (FixStep(b, 1.0),)}.__getitem__
    probs = {"x": 0.6, "y": 0.3}
    # order a, b: a costs 10 always; b is tried unless a fixed x (0.6 x 0.5 = 0.3): 0.7 x 20 = 14;
    # left unfixed after both: x 0.6 x 0.25 = 0.15, y 0, another cause 0.1: 0.25 x 120 = 30
    # -> 54; stopping after a: 10 + (0.3 + 0.3 + 0.1) x 120 = 94; at once: 120
    assert fixing.expected_minutes(probs, 0.1, fixes, [a, b]) == pytest.approx(54.0)
    assert fixing.expected_minutes(probs, 0.1, fixes, []) == fixing.ESCALATION_MINUTES
    # b first: 20 + (x 0.6 x 0.5 + 0.1) x 10 = 24, then 0.6 x 0.25 + 0.1 left: 30 -> 54 as well
    assert fixing.expected_minutes(probs, 0.1, fixes, [b, a]) == pytest.approx(54.0)


def test_a_risky_step_waits_for_ordinary_ones_unless_its_cause_is_well_ahead(
    doctor: posdoctor.Doctor,
) -> None:
    root = Path(__file__).parent / "cases"
    checked = 0
    for path in sorted(root.glob("*.yaml")):
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
        d = Session(doctor, facts).diagnosis()
        order = fixing.candidates(d, ())
        for i, c in enumerate(order):
            if c.step.risky and c.cause.probability < fixing.WELL_AHEAD:
                later = {x.step.id for x in order[i + 1 :] if not x.step.risky}
                needs = {r for x in order[i + 1 :] for r in x.step.requires}
                assert not (later - needs), (path.name, c.step.id, later)
                checked += 1
    assert checked > 0


def test_second_line_when_another_cause_dominates(mini: posdoctor.Doctor) -> None:
    s = Session(mini, DNS)  # the mini KB leaves 52% to another cause
    s.start_fixing()
    p = s.next_fix()
    s.fix_result(p, "failed")
    d = s.diagnosis()
    assert d.unexplained >= fixing.DOMINANT
    assert (s.phase, s.escalation_reason()) == ("escalated", "other_cause")
    s.resume_asking()
    s.start_fixing()  # the agent goes on after an escalation: every step left is proposed
    assert s.phase == "fixing" and s.next_fix() is not None


# ---- error text, read once ---------------------------------------------------------------------


def test_an_error_text_is_weighed_by_what_it_told(doctor: posdoctor.Doctor) -> None:
    s = Session(doctor)
    s.answer("error_message", "write error: No space left on device")
    e = s.events[-1]
    assert e["told"] == {"storage_full_error": True} and "errno-enospc" in e["read_by"]
    assert s.facts == {"error_message": e["value"], "storage_full_error": True}
    assert s.withheld == {"error_message": {"storage_full_error"}}  # read by a pattern too
    fired = {ev.rule.id for c in s.diagnosis().causes for ev in c.evidence}
    assert "error-no-space" in fired and "storage-insufficient" not in fired  # counted once
    asked = []
    for _ in range(10):
        q = s.next_question()
        if q is None:
            break
        asked.append(q.fact.id)
        s.answer(q.fact.id, "unknown")
    assert "storage_full_error" not in asked  # the text said so
    unknown = Session(doctor)
    unknown.answer("error_message", "the screen shows a sad face")  # no recogniser knows it
    assert unknown.facts == {"error_message": "the screen shows a sad face"}


def test_of_two_readings_of_one_message_the_one_that_tells_more_is_weighed(
    doctor: posdoctor.Doctor,
) -> None:
    s = Session(doctor)
    s.answer("error_message", "SSL certificate problem: certificate has expired")
    assert s.facts["tls_error"] == "expired" and s.withheld == {}
    fired = {ev.rule.id for c in s.diagnosis().causes for ev in c.evidence}
    assert "tls-expired" in fired and "error-certificate" not in fired  # not the vaguer pattern
    assert s.diagnosis().causes[0].id == "server_certificate_expired"
    assert "tls_error" not in [q.fact.id for q in s.questions(200)]


def test_a_text_rule_reads_what_the_recognisers_did_not(doctor: posdoctor.Doctor) -> None:
    s = Session(doctor)
    s.answer("error_message", "下载失败：存储空间不足")  # a signature reads the stage only
    assert s.facts == {"error_message": "下载失败：存储空间不足", "update_stage_failed": "download"}
    fired = {ev.rule.id for c in s.diagnosis().causes for ev in c.evidence}
    assert "error-no-space" in fired
    assert s.diagnosis().causes[0].id == "storage_full"
    s.answer("storage_full_error", False)  # the caller's answer to the same thing: it counts
    fired = {ev.rule.id for c in s.diagnosis().causes for ev in c.evidence}
    assert "error-no-space" not in fired


def test_no_message_is_counted_twice(doctor: posdoctor.Doctor) -> None:
    """For every signature example typed as the error text: no cause has support both from a
    rule on the text's own patterns and from a rule on what the recognisers told of it."""
    kb, twice = doctor.kb, []
    for text in dict.fromkeys(e for sig in kb.signatures for e in sig.examples):
        s = Session(doctor)
        s.answer("error_message", text)
        told = set(s.events[-1].get("told", ()))
        if not told:
            continue
        for cause in s.diagnosis().causes:
            rules = {ev.rule.id: facts_of(ev.rule.when) for ev in cause.evidence if ev.ratio > 1}
            on_text = any("error_message" in facts for facts in rules.values())
            on_told = any(_only_on(facts, told) for facts in rules.values())
            if on_text and on_told:
                twice.append((text, cause.id))
    assert twice == []


def _only_on(facts: set[str], told: set[str]) -> bool:
    """A rule on told facts alone (the stage a message names is context, not the same reading)."""
    return bool(facts) and facts <= told and "update_stage_failed" not in facts


def test_an_answer_to_what_a_text_told_wins_and_undo_takes_both_back(
    doctor: posdoctor.Doctor,
) -> None:
    text = "E/update_engine: ErrorCode::kDownloadTransferError"
    s = Session(doctor)
    s.answer("error_message", text)
    assert s.facts == {"error_message": text, "connection_drops": True}
    d = Session(doctor, {"error_message": text, "connection_drops": True}).diagnosis()
    assert [c.id for c in s.diagnosis().causes] == [c.id for c in d.causes]
    s.answer("connection_drops", False)  # an answer says otherwise: the answer wins
    assert s.facts["connection_drops"] is False
    s.undo()
    s.undo()
    assert s.facts == {}


def test_a_changed_error_text_is_read_again(doctor: posdoctor.Doctor) -> None:
    s = Session(doctor)
    s.answer("error_message", "E/update_engine: ErrorCode::kDownloadTransferError")
    s.change("error_message", "no message I know")
    assert s.facts == {"error_message": "no message I know"} and "told" not in s.events[-1]
    assert "connection_drops" not in s.facts  # what the first text told went with it


# ---- answers that may be wrong -------------------------------------------------------------------


def test_a_rule_out_by_one_answer_is_a_doubt_not_a_veto(mini: posdoctor.Doctor) -> None:
    certain = mini.diagnose({"network_connected": True})
    assert [c.id for c, _ in certain.ruled_out] == ["network_outage"]
    doubting = mini.doubting().diagnose({"network_connected": True})
    assert doubting.ruled_out == ()
    outage = next(c for c in doubting.causes if c.id == "network_outage")
    (evidence,) = [e for e in outage.evidence if e.effect == "rules_out"]
    assert evidence.ratio == pytest.approx(1 - 0.9)  # the default reliability of an answer
    s = Session(mini, {"network_connected": True})
    assert s.why_not("network_outage")["doubted"] == ["network-up"]
    assert Session(mini, {"network_connected": True}, doubt=False).why_not("network_outage") == {
        "cause": "network_outage",
        "ruled_out_by": "network-up",
        "facts": {"network_connected": True},
    }


def test_a_rule_is_as_reliable_as_the_answers_that_fire_it(doctor: posdoctor.Doctor) -> None:
    """All of two answers at 0.9 are right with 0.81; any one of six answers at 0.9 fires the
    rule alone, so it is right with 0.9, not with 0.9 ** 6 (an opposing moderate ratio 1/5.66
    then weighs 0.9 / 5.66 + 0.1 = 0.26, not 0.56)."""
    by_id = {r.id: i for i, r in enumerate(doctor.kb.rules)}
    doubted = doctor.doubting().conclusions
    both = {round(c.reliability, 9) for _, _, c in doubted[by_id["clock-right-cert-expired"]]}
    anyone = {round(c.reliability, 9) for _, _, c in doubted[by_id["local-resource-error"]]}
    assert both == {0.81} and anyone == {0.9}
    outage = {t: r for t, r, _ in doubted[by_id["local-resource-error"]]}["unstable_connection"]
    assert outage == pytest.approx(0.9 / 5.66 + 0.1, abs=1e-3)


def test_doubting_tempers_every_ratio_towards_one(mini: posdoctor.Doctor) -> None:
    plain, doubt = mini.conclusions, mini.doubting().conclusions
    for rule, (ours, theirs) in enumerate(zip(plain, doubt, strict=True)):
        for (target, r, _), (target2, r2, c2) in zip(ours, theirs, strict=True):
            assert target == target2
            rho = c2.reliability
            assert 0.5 <= rho <= 1 and r2 == pytest.approx(rho * r + 1 - rho), rule
    assert mini.doubting() is mini.doubting() and mini.doubting().doubting() is mini.doubting()
