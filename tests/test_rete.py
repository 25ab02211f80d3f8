"""The durable-rules adapter: the C limits, session hygiene, errors surfaced, odd values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("durable_rules_engine", reason="durable-rules does not run on this Python")

import posdoctor  # imported after the skip: these tests need durable-rules
from posdoctor.engine import durable as rete
from posdoctor.engine.durable import EngineError, check_limits

from .conftest import MINI_KB


def test_limit_check_reports_too_many_tests_after_one_test() -> None:
    rules = {f"r{i}": {"all": [{"m": {"$and": [{"t": "c"}, {"x": i}]}}]} for i in range(520)}
    (problem,) = [p for p in check_limits(rules, 1) if "follow one test" in p.message]
    assert str(problem) == (
        "rules/:0:0: 520 different tests follow one test (durable-rules "
        "hangs at 512) (split the rules by a shared first condition)"
    )


def test_limit_check_reports_too_many_tests_matching_one_fact() -> None:
    rules = {
        f"r{i}": {"all": [{"m": {"$and": [{"t": "c"}, {"$gt": {"x": i}}]}}]} for i in range(70)
    }
    messages = [p.message for p in check_limits(rules, 1)]
    assert messages == ["up to 70 tests can match one fact at once (durable-rules fails above 64)"]


def test_limit_check_reports_joins_and_properties() -> None:
    join = {"r": {"all": [{f"d{i}": {"t": "d"}} for i in range(17)]}}
    messages = [p.message for p in check_limits(join, 260)]
    assert "compiled rule r joins 17 facts (limit 16)" in messages
    assert any("exceed the 250 properties" in m for m in messages)


def many_threshold_rules(tmp_path: Path, n: int) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    rules = "rules:\n" + "".join(
        f"  - id: loss-{i}\n    when: {{fact: packet_loss_pct, gt: {i / 2}}}\n"
        f"    then: {{supports: unstable_connection, strength: weak}}\n"
        for i in range(n)
    )
    (root / "rules" / "many.yaml").write_text(rules, encoding="utf-8")
    return root


def test_rules_are_spread_so_that_many_can_match_one_case(tmp_path: Path) -> None:
    """80 rules fire on one answer: without bucket tests durable-rules fails with error 303."""
    kb = posdoctor.load_knowledge_base(many_threshold_rules(tmp_path, 80), cache=False)
    doctor = posdoctor.Doctor(kb)
    firings = doctor.matcher.evaluate({"packet_loss_pct": 99.0})
    assert len({f.rule for f in firings.fired}) == 80 + 1  # and the mini KB's own 'lossy'
    assert check_limits(doctor.matcher.definition, 10) == []


def test_a_failure_inside_the_engine_is_raised_and_the_session_reset(
    mini: posdoctor.Doctor, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = rete._durable.assert_fact

    def failing(handle: int, text: str):
        if '"t": "d"' in text:
            raise rete._durable.error("Could not assert fact, error code: 304")
        return real(handle, text)

    monkeypatch.setattr(rete._durable, "assert_fact", failing)
    with pytest.raises(EngineError, match="durable-rules failed: Could not assert fact"):
        mini.matcher.evaluate({"packet_loss_pct": 30.0})
    monkeypatch.setattr(rete._durable, "assert_fact", real)
    again = mini.matcher.evaluate({"packet_loss_pct": 30.0})  # a fresh session, nothing left over
    assert again.derived == {
        "link_poor": (True, mini.kb.rules.index(next(r for r in mini.kb.rules if r.id == "lossy")))
    }


def test_sessions_are_reused_and_leave_nothing_behind(mini: posdoctor.Doctor) -> None:
    engine = mini.matcher
    engine.evaluate({"network_connected": True})
    sid = engine._sid
    for i in range(3000):
        engine.evaluate({"packet_loss_pct": float(i % 100), "network_connected": bool(i % 2)})
    assert engine._sid == sid
    assert rete._durable.get_facts(engine._handle, sid) == '[{"sid": "' + sid + '", "t": "__m"}]'


@pytest.mark.parametrize("value", [0.00001, 1e-9, 99.99999, 12345678.123456])
def test_awkward_floats_reach_the_engine_intact(mini: posdoctor.Doctor, value: float) -> None:
    d = mini.diagnose({"storage_free_mb": value})
    assert d.facts == {"storage_free_mb": value}
    assert any(
        e.rule.id == "low-storage"
        for e in next(c for c in d.causes if c.id == "storage_full").evidence
    ) == (value < 50)


def test_absurd_numbers_are_refused(mini: posdoctor.Doctor) -> None:
    with pytest.raises(posdoctor.FactError) as big:
        mini.diagnose({"storage_free_mb": 1e20})
    assert str(big.value) == (
        "'storage_free_mb': 1e+20 is too large: a number must be finite and at most 1e15"
    )
    with pytest.raises(posdoctor.FactError) as nan:
        mini.diagnose({"storage_free_mb": float("nan")})
    assert str(nan.value) == "'storage_free_mb': nan is not a number"


def test_many_knowledge_bases_in_one_process(mini_kb: posdoctor.KnowledgeBase) -> None:
    doctors = [posdoctor.Doctor(mini_kb) for _ in range(30)]
    facts = {"network_connected": True, "dns_resolves_update_host": False}
    tops = {d.diagnose(facts).causes[0].id for d in doctors}
    assert tops == {"dns_failure"}
