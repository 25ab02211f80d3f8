"""A help-desk conversation, with no I/O: questions by value of information, then a fix loop.

    s = Session(doctor, facts)     # answers known already (fact id -> value), or none
    s.phase                        # "asking"
    q = s.next_question()          # None when one cause is clearly ahead or nothing is worth asking
    s.answer(q.fact.id, False)     # or "unknown": changes nothing, and is not asked again
    s.why(), s.how(), s.undo(), s.change(fact, value), s.skip(fact)
    s.start_fixing()               # "fixing" (or "escalated" at once if there is nothing to try)
    p = s.next_fix()               # the best cause's next untried step (a FixProposal)
    s.fix_result(p, "failed")      # "worked" -> "resolved"; after the last step -> "escalated"
    s.resume_asking()              # back to "asking": the agent can always ask on
    s.escalate(team, note)         # hand it on now -> "escalated"

A session is in one ``phase`` at a time:

    asking --start_fixing()--> fixing --fix_result(p, "worked")--> resolved
    fixing --no step left, or second line the better buy (ask/fixing.py)--> escalated
    fixing or escalated (second line continues the call) --resume_asking()--> asking

``escalate()`` goes to escalated from asking or fixing; ``change()`` revises an answer while
asking or fixing and goes back to asking (questions may be worth it again). A call that does
not fit the phase raises SessionError saying what to call first; ``next_question()`` is None
outside asking. A resolved session is closed: ``undo()`` reopens it.

Every change is an event; the state, phase included, is the replay of those events, so undo is
"drop the last event" and persistence is "save the events" (``to_dict()``, a copy).
"""

from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..kb.answers import check_answers, check_fact_id, convert, is_unknown
from ..kb.conditions import facts_of
from ..kb.model import Step
from ..kb.problems import UserInputError, closest
from ..messages import Message
from ..reasoning.diagnosis import Diagnosis, Doctor, RankedCause
from ..reasoning.voi import Question, may_overtake, rank_questions
from . import fixing, stopping
from .errortext import pattern_read, read_error_text
from .phases import PHASE_EVENTS as PHASE_EVENTS
from .phases import PHASES as PHASES
from .phases import out_of_phase, phase_of, status_of

HEAD = 5  # questions ranked when only the best few are needed (the search stops early)


class SessionError(UserInputError):
    """A command that cannot be done now (nothing to undo, not in this phase, ...)."""


@dataclass(frozen=True)
class FixProposal:
    """A step to try now, for which cause, and whether it needs explicit confirmation."""

    cause: RankedCause  # the cause that makes the step most likely to work
    step: Step
    success: float  # its chance of fixing ``cause``
    chance: float = 0.0  # its chance of fixing the terminal, whatever the cause (fixing.py)

    @property
    def needs_confirmation(self) -> bool:
        return self.step.risky


@dataclass(frozen=True)
class Change:
    """What revising an answer changed: conclusions withdrawn and added."""

    fact: str
    old: Any
    new: Any
    withdrawn: tuple[str, ...]  # "rule -> effect cause/fact"
    added: tuple[str, ...]


class Session:
    """One conversation. All state is in its events; everything else, ``phase`` included, is
    derived from them. An escalated session can be continued by a specialist (second line):
    ``resume_asking()`` reopens the questions."""

    def __init__(
        self,
        doctor: Doctor,
        facts: Mapping[str, Any] | None = None,
        log: Any = None,
        sid: str | None = None,
        meta: Mapping[str, Any] | None = None,
        doubt: bool = True,
    ):
        """``doubt``: answers may be wrong (Doctor.doubting, docs/qa.md), as on the phone;
        False weighs them as certain, as `posdoctor diagnose` does."""
        self.doctor = doctor.doubting() if doubt else doctor
        self.id = sid or time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)
        self.meta = dict(meta or {})
        self.log = log  # LogEvidence or its dict
        self._events: list[dict[str, Any]] = []
        self._cache: Diagnosis | None = None
        self._questions: list[Question] | None = None  # every question worth weighing
        self._head: list[Question] | None = None  # the best HEAD of them, when only those were
        self._doubt: Question | bool | None = False  # False: not weighed yet
        self._without: dict[str, Diagnosis] = {}
        self._savings: dict[str, float] = {}  # fact -> minutes its answer saves (this turn)
        self._order_now: tuple[dict[str, float], list[Step], float] | None = None  # (this turn)
        self._caller: stopping.Caller | None = None  # (this turn)
        self._patterns: dict[tuple[str, str], frozenset[str]] = {}  # errortext.pattern_read
        self._withheld: dict[str, frozenset[str]] | None = None  # (this turn)
        self._text_facts = {f.id for f in doctor.kb.facts.values() if f.type == "text"}
        initial = check_answers(doctor.kb, facts or {})
        for fact, value in initial.items():
            self._events.append(self._read({"kind": "given", "fact": fact, "value": value}))

    # ---- state derived from the events --------------------------------------------------------
    @property
    def events(self) -> tuple[dict[str, Any], ...]:
        """The events so far, oldest first, as copies: changing them changes nothing here."""
        return tuple(copy.deepcopy(self._events))

    @property
    def phase(self) -> str:
        """asking, fixing, resolved or escalated: the replay of the events (phases.phase_of)."""
        return phase_of(self._events)

    @property
    def facts(self) -> dict[str, Any]:
        """What is known: answers and given facts, and the facts an error text told the log
        recognisers (errortext.py) where no answer says otherwise."""
        out: dict[str, Any] = {}
        for e in self._events:
            if e["kind"] in ("given", "answer", "change"):
                if e["value"] is None:
                    out.pop(e["fact"], None)
                else:
                    out[e["fact"]] = e["value"]
        for _text, told in self._readings().values():
            for fact, value in told.items():
                out.setdefault(fact, value)
        return out

    def _readings(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """Per text fact whose text in force the recognisers read: that text, what it told."""
        out: dict[str, tuple[str, dict[str, Any]]] = {}
        for e in self._events:
            if e["kind"] in ("given", "answer", "change"):
                out.pop(e["fact"], None)
                if e.get("told"):
                    out[e["fact"]] = e["value"], e["told"]
        return out

    @property
    def read_facts(self) -> set[str]:
        """The known facts no one answered: the error text told them (errortext.py)."""
        answered = {e["fact"] for e in self._events if e["kind"] in ("given", "answer", "change")}
        told = {f for e in self._events if e.get("told") for f in e["told"]}
        return (told - answered) & set(self.facts)

    @property
    def withheld(self) -> dict[str, frozenset[str]]:
        """Per text fact, the facts its text told that a rule on the text's own patterns reads
        in it too (errortext.pattern_read): known, so not asked, but weighed through that rule
        alone, so that the message counts once. An answer that says the same as the text keeps
        it so; one that says otherwise is weighed instead. (Derived once a turn.)"""
        if self._withheld is None:
            self._withheld, known = {}, self.facts
            for fact, (text, told) in self._readings().items():
                key = fact, text
                if key not in self._patterns:
                    self._patterns[key] = pattern_read(self.doctor, fact, text, told)
                covered = {f for f in self._patterns[key] if f in known and known[f] == told[f]}
                if covered:
                    self._withheld[fact] = frozenset(covered)
        return dict(self._withheld)

    def _weighed(self) -> dict[str, Any]:
        """The facts as the rules weigh them: what is known, less what is ``withheld``."""
        withheld = {f for facts in self.withheld.values() for f in facts}
        return {k: v for k, v in self.facts.items() if k not in withheld}

    def _unaskable(self) -> set[str]:
        """Settled facts and those the error text told that are weighed through its patterns."""
        return self.settled.union(*self.withheld.values())

    @property
    def settled(self) -> set[str]:
        """Facts asked already, answered "unknown" or skipped: never asked again."""
        return {e["fact"] for e in self._events if e["kind"] in ("answer", "skip", "change")}

    @property
    def failed_fixes(self) -> dict[str, list[tuple[str, float]]]:
        """Cause -> (step, its success for that cause) of every step that failed: a step
        shared by several causes ("restart the terminal") failed for each of them."""
        failed = [e["step"] for e in self._events if e["kind"] == "fix" and e["result"] == "failed"]
        out: dict[str, list[tuple[str, float]]] = {}
        if not failed:
            return out
        for cid in self.doctor.kb.causes:
            for fix in self.doctor.fixes(cid):
                if fix.step.id in failed and fix.success > 0:
                    out.setdefault(cid, []).append((fix.step.id, fix.success))
        return out

    @property
    def steps_done(self) -> set[str]:
        """The steps tried (whatever the result) or skipped: never proposed again."""
        return {e["step"] for e in self._events if e["kind"] == "fix"}

    @property
    def fixes_tried(self) -> list[dict[str, Any]]:
        """The fix results so far (copies), oldest first."""
        return [dict(e) for e in self._events if e["kind"] == "fix"]

    @property
    def resolved(self) -> dict[str, Any] | None:
        """The fix result that resolved the session (a copy), or None unless ``phase`` is
        resolved."""
        if self.phase != "resolved":
            return None
        return next(dict(e) for e in reversed(self._events) if e["kind"] == "fix")

    def diagnosis(self) -> Diagnosis:
        if self._cache is None:
            self._cache = self.doctor.diagnose(
                self._weighed(), checked=True, failed_fixes=self.failed_fixes
            )
        return self._cache

    def diagnosis_without(self, fact: str) -> Diagnosis:
        """The diagnosis with one answer taken back (what if it was wrong?), once per turn."""
        if fact not in self._without:
            d = self.diagnosis()
            rest = {k: v for k, v in d.facts.items() if k != fact}
            self._without[fact] = self.doctor.diagnose(
                rest, checked=True, failed_fixes=d.failed_fixes
            )
        return self._without[fact]

    def _push(self, event: dict[str, Any]) -> None:
        event["at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        self._events.append(event)
        self._forget()

    def _require(self, action: str, *phases: str) -> None:
        """Raise SessionError unless the session is in one of ``phases``."""
        phase = self.phase
        if phase not in phases:
            raise SessionError(out_of_phase(action, phase))

    def _forget(self) -> None:
        """Drop what was derived from the events (they changed)."""
        self._cache = None
        self._questions = None
        self._head = None
        self._doubt = False
        self._without = {}
        self._savings = {}
        self._order_now = None
        self._caller = None
        self._withheld = None

    # ---- questions ----------------------------------------------------------------------------
    def questions(self, limit: int = 5) -> list[Question]:
        """The most valuable questions now, best first (known, derived, settled ones excluded)."""
        if self._questions is None and limit <= HEAD:  # the best few: ranking stops early
            if self._head is None:
                self._head = rank_questions(
                    self.doctor, self.diagnosis(), HEAD, exclude=self._unaskable()
                )
            return self._head[:limit]
        if self._questions is None:
            self._questions = rank_questions(
                self.doctor, self.diagnosis(), len(self.doctor.kb.facts), exclude=self._unaskable()
            )
        return self._questions[:limit]

    def _ranked(self) -> list[Question]:
        """Every question worth weighing, best first (what the stopping policy reads)."""
        return self.questions(len(self.doctor.kb.facts))

    def _best(self) -> list[Question]:
        """The best few questions (what asking the next one needs)."""
        return self.questions(HEAD)

    def stop_reason(self) -> str:
        """Why no more questions should be asked ('' while asking is still worth it): "clear",
        "not_worth_a_minute", "decided", "not_worth_it" or "no_questions" (stopping.py,
        docs/qa.md)."""
        return stopping.stop_reason(
            self.diagnosis(),
            self._ranked,
            self.second_opinion,
            self.diagnosis_without,
            self._best,
            self._overtaking,
            self._saving,
            self._caller_now(),
        )

    def _caller_now(self) -> stopping.Caller:
        """The caller's answer rate as it may stop the call (stopping.heeded_rate) and what the
        error text told, this turn."""
        if self._caller is None:
            rate = stopping.heeded_rate(self.diagnosis(), self.answer_rate())
            read = self.read_facts.union(self.withheld)  # a text weighed for what it told
            self._caller = stopping.Caller(rate, frozenset(read))
        return self._caller

    def answer_rate(self) -> float:
        """The chance the caller can answer the next question, from the questions answered and
        answered "unknown" so far (stopping.answer_rate; error-text questions not counted)."""
        asked = answered = 0
        for e in self._events:
            if e["kind"] == "answer" and self.doctor.kb.facts[e["fact"]].type != "text":
                asked += 1
                answered += e["value"] is not None
        return stopping.answer_rate(answered, asked)

    def _saving(self, q: Question) -> float:
        """Minutes of fixing and escalation the answer to ``q`` is expected to save: the expected
        minutes now less their expectation over its answers (fixing.expected_minutes), each
        answer weighed with the better of the step order best now and the one best after it.

        The answers' chances and the beliefs after each are those question ranking uses
        (voi.py: P(a | c) is proportional to how much ``a`` multiplies the odds of c, "another
        cause" sees every answer alike), so that they average back to the beliefs now."""
        found = self._savings.get(q.fact.id)
        if found is None:
            found = self._savings[q.fact.id] = self._expected_saving(q)
        return found

    def _beliefs_now(self) -> tuple[dict[str, float], list[Step], float]:
        """The beliefs now, the step order best for them and its expected minutes (this turn)."""
        if self._order_now is None:
            d, fixes = self.diagnosis(), self.doctor.fixes
            now = {c.id: c.probability for c in d.causes if c.probability > 0}
            order = fixing.plan(now, fixes, self.steps_done)
            self._order_now = now, order, fixing.expected_minutes(now, d.unexplained, fixes, order)
        return self._order_now

    def _expected_saving(self, q: Question) -> float:
        d, done, fixes = self.diagnosis(), self.steps_done, self.doctor.fixes
        if not q.answers or d.unexplained <= 0:
            return 0.0
        now, order, minutes = self._beliefs_now()
        ratios = []  # per answer: cause -> how much it multiplies the cause's weight
        for answer, _, _ in q.answers:
            what_if = self.doctor.diagnose(
                {**d.facts, q.fact.id: answer}, checked=True, failed_fixes=d.failed_fixes
            )
            other = what_if.unexplained / d.unexplained  # "another cause" keeps its weight
            after = {c.id: c.probability for c in what_if.causes}
            ratios.append({c: after.get(c, 0.0) / p / other for c, p in now.items()})
        n = len(ratios)
        totals = {c: sum(r[c] for r in ratios) for c in now}
        expected = 0.0
        for r in ratios:
            joint = {c: p * r[c] / totals[c] if totals[c] > 0 else p / n for c, p in now.items()}
            p_answer = sum(joint.values()) + d.unexplained / n
            if p_answer <= 0:
                continue
            beliefs = {c: share / p_answer for c, share in joint.items()}
            other = d.unexplained / n / p_answer
            expected += p_answer * min(
                fixing.expected_minutes(beliefs, other, fixes, order),
                fixing.expected_minutes(beliefs, other, fixes, fixing.plan(beliefs, fixes, done)),
            )
        return minutes - expected

    def _overtaking(self, lead: str) -> Iterable[Question]:
        """The questions that may put another cause above ``lead`` (all, once they are ranked)."""
        if self._questions is not None:
            return self._questions
        return may_overtake(self.doctor, self.diagnosis(), lead, exclude=self._unaskable())

    def next_question(self) -> Question | None:
        """The question to ask now, or None when it is time to try fixes (``start_fixing()``),
        and always None outside the asking phase.

        The exact error text comes first: reading what the screen says costs a minute and its
        value cannot be weighed answer by answer (it is free text), but it is the evidence the
        source document asks for first ("provide the detailed error information")."""
        if self.phase != "asking":
            return None
        text = self._text_question()
        if text is not None:
            return text
        if self.stop_reason():
            return None
        return stopping.worth_asking(self._best(), rate=self._caller_now().rate) or (
            self.second_opinion()
        )

    def second_opinion(self) -> Question | None:
        """The question that re-checks the answer the lead turns on, when one is due now
        (before giving up while no cause is even at 0.3; see stopping.second_opinion)."""
        if self._doubt is False:
            spent = sum(1 for e in self._events if e.get("doubts"))
            self._doubt = stopping.second_opinion(
                self.doctor,
                self.diagnosis(),
                self._best(),
                self._unaskable(),
                spent,
                self.diagnosis_without,
                self._caller_now().rate,
            )
        return self._doubt if isinstance(self._doubt, Question) else None

    def _text_question(self) -> Question | None:
        if self._log_recognised():
            return None  # the log's error lines are the detailed error information already
        done = set(self.facts) | self.settled
        for fact in self.doctor.kb.facts.values():
            if fact.type == "text" and fact.ask and fact.id not in done:
                causes = sorted(
                    {
                        c.target
                        for r in self.doctor.kb.rules
                        if fact.id in _rule_facts(r)
                        for c in r.then
                        if c.kind != "set"
                    }
                )
                return Question(fact, 0.0, float("inf"), (), tuple(causes[:4]))
        return None

    def _log_recognised(self) -> bool:
        log = self.log
        if isinstance(log, Mapping):  # a resumed session keeps the log's dict
            return bool(log.get("recognised"))
        return bool(log is not None and log.recognised)

    def answer(self, fact_id: str, value: Any) -> None:
        """Record an answer (while asking); "unknown" (or None) records that it is not known."""
        self._require("answer", "asking")
        fact = check_fact_id(self.doctor.kb, fact_id)
        value = None if is_unknown(value) else convert(fact, value)
        self._push(self._tagged(self._read({"kind": "answer", "fact": fact.id, "value": value})))

    def _read(self, event: dict[str, Any]) -> dict[str, Any]:
        """An error text's event, with the facts the log recognisers read in it ("told"), the
        signatures that did ("read_by"): those facts are known as a log's would be, and the
        text stays for the rules' own text patterns; other events as they are."""
        fact, text = event["fact"], event["value"]
        if fact in self._text_facts and isinstance(text, str):
            reading = read_error_text(self.doctor.kb, text)
            if reading.facts:
                event["told"], event["read_by"] = reading.facts, list(reading.by)
        return event

    def _tagged(self, event: dict[str, Any]) -> dict[str, Any]:
        """Mark an answer or skip of the pending second opinion with the answer it re-checks
        (this is what stopping.SECOND_OPINIONS counts)."""
        doubt = self._doubt
        if isinstance(doubt, Question) and doubt.fact.id == event["fact"]:
            event["doubts"] = doubt.doubts
        return event

    def skip(self, fact_id: str) -> None:
        """Do not ask this question (while asking); it is not asked again."""
        self._require("skip", "asking")
        fact = check_fact_id(self.doctor.kb, fact_id)
        self._push(self._tagged({"kind": "skip", "fact": fact.id}))

    def change(self, fact_id: str, value: Any) -> Change:
        """Revise an earlier answer (while asking or fixing: then back to asking, as questions
        may be worth it again); report the conclusions that depended on it."""
        self._require("change", "asking", "fixing")
        fact = check_fact_id(self.doctor.kb, fact_id)
        new = None if is_unknown(value) else convert(fact, value)
        before = _conclusions(self.diagnosis())
        old = self.facts.get(fact.id)
        self._push(self._read({"kind": "change", "fact": fact.id, "value": new}))
        after = _conclusions(self.diagnosis())
        return Change(
            fact.id, old, new, tuple(sorted(before - after)), tuple(sorted(after - before))
        )

    def undo(self) -> dict[str, Any]:
        """Take back the last event: an answer, change, skip, fix result or phase change (the
        phase is then what it was before it). An escalation the session recorded itself goes
        with the fix result or start_fixing() that caused it; that event is returned."""
        event = self._pop()
        if event.get("auto"):
            event = self._pop()
        return event

    def _pop(self) -> dict[str, Any]:
        for i in range(len(self._events) - 1, -1, -1):
            if self._events[i]["kind"] != "given":
                self._forget()
                return self._events.pop(i)
        raise SessionError(Message("session.nothing_to_undo"))

    # ---- explanations -------------------------------------------------------------------------
    def why(self, question: Question | None = None) -> dict[str, Any]:
        """Why this question: which causes it separates, and how each answer would move them."""
        q = question or self.next_question() or next(iter(self.questions(1)), None)
        if q is None:
            raise SessionError(Message("session.no_question"))
        now = {c.id: c.probability for c in self.diagnosis().causes}
        return {
            "fact": q.fact.id,
            "doubts": q.doubts,
            "gain_bits": q.gain,
            "cost_minutes": q.fact.minutes,
            "minutes": q.fact.minutes,
            "separates": [{"cause": c, "probability": now.get(c, 0.0)} for c in q.separates],
            "answers": [
                {"answer": a, "probability": p, "top_cause": top or None} for a, p, top in q.answers
            ],
            "rules": sorted({r.id for r in self.doctor.kb.rules if q.fact.id in _rule_facts(r)}),
        }

    def how(self, top: int = 3) -> list[RankedCause]:
        """How the ranking was reached: the best causes with their evidence."""
        return list(self.diagnosis().causes[:top])

    def why_not(self, cause_id: str) -> dict[str, Any]:
        """Why a cause is not ranked higher: evidence against it, or what rules it out."""
        d = self.diagnosis()
        for cause, evidence in d.ruled_out:
            if cause.id == cause_id:
                return {
                    "cause": cause_id,
                    "ruled_out_by": evidence.rule.id,
                    "facts": evidence.given_facts(),
                }
        for rank, rc in enumerate(d.causes, 1):
            if rc.id == cause_id:
                return {
                    "cause": cause_id,
                    "rank": rank,
                    "probability": rc.probability,
                    "against": [e.rule.id for e in rc.evidence if e.ratio < 1],
                    # rule-outs weighed as doubts: an answer behind them may be wrong
                    "doubted": [e.rule.id for e in rc.evidence if e.effect == "rules_out"],
                    "for": [e.rule.id for e in rc.evidence if e.ratio > 1],
                    "failed_fixes": [s for s, _ in rc.tried],
                }
        close = closest(cause_id, self.doctor.kb.causes)
        if close:
            raise SessionError(Message("session.unknown_cause_close", cause=cause_id, close=close))
        raise SessionError(Message("session.unknown_cause", cause=cause_id))

    # ---- the fix loop -------------------------------------------------------------------------
    def start_fixing(self) -> None:
        """Stop asking and try fixes (asking -> fixing); with nothing to try, the session
        escalates itself (-> escalated)."""
        self._require("start_fixing", "asking")
        self._push({"kind": "start_fixing"})
        self._escalate_if_due()

    def resume_asking(self) -> None:
        """Go back to the questions (fixing -> asking), or let second line continue an
        escalated session (escalated -> asking)."""
        self._require("resume_asking", "fixing", "escalated")
        self._push({"kind": "resume_asking"})

    def next_fix(self) -> FixProposal | None:
        """The most likely cause's next untried step (while fixing). None only when a session
        saved before phases, or resumed on another knowledge base, has nothing left: escalate()."""
        self._require("next_fix", "fixing")
        return self._proposal()

    def _proposal(self) -> FixProposal | None:
        return self._plan()[0]

    def _plan(self) -> tuple[FixProposal | None, str]:
        """The step to propose, or None and why the session should escalate (fixing.py)."""
        go_on = any(e["kind"] == "escalated" for e in self._events)  # the operator went on
        found, why = fixing.propose(self.diagnosis(), self.steps_done, go_on)
        if found is None:
            return None, why
        return FixProposal(found.cause, found.step, found.success, found.chance), ""

    def escalation_reason(self) -> str:
        """Why the session escalated itself (fixing.NOTHING_LEFT, OTHER_CAUSE or
        SECOND_LINE_CHEAPER), or '' when it did not or was escalated by hand."""
        for e in reversed(self._events):
            if e["kind"] == "escalated":
                return str(e.get("reason", fixing.NOTHING_LEFT if e.get("auto") else ""))
        return ""

    def fix_result(self, proposal: FixProposal, result: str) -> None:
        """Record the result of a proposed step (while fixing): 'worked' (-> resolved),
        'failed' or 'skipped'; when no step is left to try, the session escalates itself."""
        self._require("fix_result", "fixing")
        if result not in ("worked", "failed", "skipped"):
            raise SessionError(Message("session.bad_fix_result", value=repr(result)))
        cause, step = proposal.cause.id, proposal.step.id
        if step in self.steps_done:  # for whichever cause it was proposed
            raise SessionError(Message("session.tried_already", step=step, cause=cause))
        self._push(
            {
                "kind": "fix",
                "cause": proposal.cause.id,
                "step": proposal.step.id,
                "success": proposal.success,
                "result": result,
            }
        )
        if result != "worked":
            self._escalate_if_due()

    def _escalate_if_due(self) -> None:
        """Escalate when no step is left or second line is the better buy (fixing.propose)."""
        proposal, why = self._plan()
        if proposal is None:
            self._push({"kind": "escalated", "auto": True, "reason": why})

    def escalate(self, team: str | None = None, note: str | None = None) -> None:
        """Hand the call on now (asking or fixing -> escalated), to a team of the knowledge
        base (default: the most likely cause's), with a note for them."""
        self._require("escalate", "asking", "fixing")
        teams = self.doctor.kb.teams
        if team is not None and team not in teams:
            close = closest(team, teams)
            if close:
                raise SessionError(Message("session.unknown_team_close", team=team, close=close))
            raise SessionError(Message("session.unknown_team", team=team))
        self._push({"kind": "escalated", "team": team, "note": note})

    def status(self) -> str:
        """resolved, escalated or open (asking or fixing): what `posdoctor sessions` shows."""
        return status_of(self._events)

    # ---- persistence --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A snapshot to save (JSON-ready): a deep copy, so changing it changes nothing here."""
        log = self.log.to_dict() if hasattr(self.log, "to_dict") else self.log
        return copy.deepcopy(
            {
                "id": self.id,
                "kb": self.doctor.kb.location,
                "kb_digest": self.doctor.kb.digest,
                "doubt": self.doctor.doubts,
                "meta": self.meta,
                "log": log,
                "events": self._events,
            }
        )

    @classmethod
    def from_dict(cls, doctor: Doctor, data: Mapping[str, Any]) -> Session:
        """A saved session (``to_dict()``, or a file saved before phases) against ``doctor``."""
        s = cls(
            doctor,
            sid=data["id"],
            log=copy.deepcopy(data.get("log")),
            meta=data.get("meta"),
            doubt=bool(data.get("doubt", True)),
        )
        s._events = copy.deepcopy(list(data.get("events", [])))
        for e in s._events:  # re-check every value against the KB in use now
            if "fact" in e and e.get("value") is not None:
                e["value"] = convert(check_fact_id(doctor.kb, e["fact"]), e["value"])
            if e.get("told"):
                e["told"] = {
                    f: convert(check_fact_id(doctor.kb, f), v) for f, v in e["told"].items()
                }
        return s


def _rule_facts(rule: Any) -> set[str]:
    return facts_of(rule.when)


def _conclusions(d: Diagnosis) -> set[str]:
    out = set()
    for rc in d.causes:
        out |= {f"{e.rule.id} -> {e.effect} {rc.id}" for e in rc.evidence}
    out |= {f"{e.rule.id} -> rules_out {c.id}" for c, e in d.ruled_out}
    out |= {f"{e.rule.id} -> set {fact}" for fact, e in d.derived.items()}
    return out
