"""The terminal front end of a Session: prints questions, reads answers and commands.

All reasoning is in ``Session``; this module only turns lines of text into calls and results
into lines of text. It reads standard input line by line, so it works the same on a terminal
and with answers piped in by a script.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..ask import fixing
from ..ask.session import PHASE_EVENTS, FixProposal, Session, SessionError
from ..ask.store import StoreError, save, write_file
from ..kb.answers import FactError
from ..messages import Message, say, words
from ..output.report import escalation_dict
from ..reasoning.voi import Question

FIX_RESULTS = {"worked": "fix.worked", "failed": "fix.failed", "skipped": "fix.skipped"}


def _width(text: str) -> int:
    """Columns a text takes on a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Conversation:
    """Drives one session from lines of input (``read`` returns None at end of input)."""

    def __init__(
        self,
        session: Session,
        lang: str,
        read: Callable[[str], str | None],
        write: Callable[[str], None],
        autosave: bool = True,
    ):
        self.s = session
        self.lang = lang
        self.read = read
        self.write = write
        self.autosave = autosave
        self.proposal: FixProposal | None = None

    def say(self, key: str, **fields: Any) -> str:
        """The catalogue's entry ``key`` in the conversation's language."""
        return say(key, self.lang, **fields)

    def save(self) -> bool:
        """Save after every step; when the store refuses (another writer, deleted, unwritable,
        disk full) say what and where, and keep every answer in memory."""
        if not self.autosave:
            return True
        try:
            save(self.s.to_dict())
        except StoreError as exc:
            self.write(f"! {self.say('store.not_saved', why=exc.text(self.lang))}")
            return False
        return True

    def run(self) -> int:
        """Ask until the problem is fixed, escalated, or input ends; return the exit status."""
        if self.s.phase == "escalated":  # resumed: second line continues the call
            self.s.resume_asking()
        self.save()
        self.write(self.say("ask.session", id=self.s.id))
        if self.s.phase == "fixing":  # resumed in the fix loop: where it stands
            self._show_top()
        try:
            while True:
                if self.s.phase == "resolved":
                    self.write(f"{self.say('ask.resolved')} {self.s.id}")
                    return 0
                step = self._turn()
                if step in ("eof", "quit"):
                    return self._leave(0)
                if step == "escalated":
                    return 0
        except KeyboardInterrupt:  # Ctrl-C: every answer is saved already; say how to go on
            self.write("")
            return self._leave(130)

    def _leave(self, status: int) -> int:
        if self.save():
            self.write(f"{self.say('ask.saved')}: posdoctor ask --resume {self.s.id}")
        return status

    def _turn(self) -> str:
        if self.s.phase == "asking":
            q = self.s.next_question()
            if q is not None:
                return self._ask(q)
            self._show_top()
            reason = self.s.stop_reason()
            if reason == "clear":
                self.write(self.say("ask.stop_clear"))
            elif reason in ("not_worth_it", "no_questions"):
                self.write(self.say("ask.stop_worth"))
            elif reason == "caller_cannot_tell":
                self.write(self.say("ask.stop_cannot_tell"))
            self.s.start_fixing()  # escalates by itself when there is nothing to try
        proposal = self.s.next_fix() if self.s.phase == "fixing" else None
        if proposal is None:
            self.write(self._why_escalate())
            if self.s.phase != "escalated":  # a session saved before phases, or another KB
                self.s.escalate()
            self.save()
            self.write(self.report("markdown"))
            return "escalated"
        return self._propose(proposal)

    def _why_escalate(self) -> str:
        reason = self.s.escalation_reason()
        if reason == fixing.OTHER_CAUSE:
            share = f"{self.s.diagnosis().unexplained:.0%}"
            return self.say("ask.escalate_other", share=share)
        if reason == fixing.SECOND_LINE_CHEAPER:
            return self.say("ask.escalate_cheaper")
        return self.say("ask.escalate")

    # ---- questions ----------------------------------------------------------------------------
    def _ask(self, q: Question) -> str:
        f = q.fact
        self.write("")
        self.write(f"{self.say('ask.q')}: {f.question(self.lang)}  [{f.id}]")
        if q.doubts:
            self.write("  " + self._doubts(q.doubts))
        head = f"  {self.say('ask.how_check')}: "
        for i, step in enumerate(f.check, 1):
            lead = head if i == 1 else " " * _width(head)
            self.write(f"{lead}{i}. {step(self.lang)}")
        self.write(f"  {self.say('ask.answers')}: {self._choices(f)}")
        line = self.read("> ")
        if line is None:
            return "eof"
        return self._command(line.strip(), q)

    def _choices(self, f: Any) -> str:
        if f.type == "boolean":
            return self.say("ask.yesno")
        if f.type == "choice":
            return (
                " / ".join(f"{i}={c.label(self.lang)} ({c.id})" for i, c in enumerate(f.values, 1))
                + f" / {self.say('answer.unknown')}"
            )
        if f.type == "text":
            return self.say("ask.text")
        unit = f.unit(self.lang) if f.unit else ""
        return f"{self.say('ask.number')} ({unit})"

    def _command(self, line: str, q: Question | None) -> str:
        word, _, rest = line.partition(" ")
        word = word.lower()
        try:
            if not line:
                return "again"
            if word in words("command.quit"):
                return "quit"
            if word in words("command.help"):
                self.write(self.say("ask.help"))
            elif word in words("command.why"):
                self._why_fix() if q is None and self.proposal else self._why(q)
            elif word in words("command.how"):
                self._how()
            elif word in words("command.back"):
                undone = self._back()
                self.write(f"{self.say('ask.undone')}: {undone.get('fact') or undone.get('step')}")
            elif word in words("command.change"):
                self._change(rest)
            elif word in words("command.skip") and q is not None:
                self.s.skip(q.fact.id)
            elif word in words("command.fix"):
                if self.s.phase == "asking":
                    self.s.start_fixing()
            elif word in words("command.report"):
                self.write(self.report("markdown"))
            elif word in words("command.save") and rest:
                self._save_file(rest)
            elif word in words("command.save"):
                if self.save():
                    self.write(f"{self.say('ask.saved')}: posdoctor ask --resume {self.s.id}")
            elif q is not None:
                value = line
                if (
                    q.fact.type == "choice"
                    and line.isdigit()
                    and 1 <= int(line) <= len(q.fact.values)
                ):
                    value = q.fact.values[int(line) - 1].id
                self.s.answer(q.fact.id, value)
            else:
                self.write(self.say("ask.help"))
        except (FactError, SessionError) as exc:
            self.write(f"! {exc.text(self.lang)}")
        self.save()
        return "ok"

    def _save_file(self, path: str) -> None:
        """``save PATH``: the session as a JSON file (``posdoctor sessions import`` reads it)."""
        try:
            where = write_file(self.s.to_dict(), Path(path))
        except StoreError as exc:
            self.write(f"! {exc.text(self.lang)}")
            return
        self.write(self.say("store.saved_file", path=str(where)))

    def _back(self) -> dict[str, Any]:
        """Take back the last answer, change, skip or fix result, and the phase changes since."""
        undone = self.s.undo()
        while undone["kind"] in PHASE_EVENTS:
            undone = self.s.undo()
        return undone

    def _why(self, q: Question | None) -> None:
        try:
            why = self.s.why(q)
        except SessionError as exc:
            self.write(f"! {exc.text(self.lang)}")
            return
        kb = self.s.doctor.kb
        self.write(
            f"{self.say('ask.why')} ({why['gain_bits']:.3f} {self.say('ask.bits')}, "
            f"{why['cost_minutes']:g} "
            f"{self.say('label.minutes')}):"
        )
        if why["doubts"]:
            self.write("  " + self._doubts(why["doubts"]))
        for item in why["separates"]:
            cause = kb.causes[item["cause"]]
            self.write(f"  - {cause.title(self.lang)} ({item['probability']:.0%})")
        fact = kb.facts[why["fact"]]
        for a in why["answers"]:
            top = (
                kb.causes[a["top_cause"]].title(self.lang)
                if a["top_cause"]
                else self.say("ask.another")
            )
            self.write(
                f"  {fact.value_label(a['answer'], self.lang)} ({a['probability']:.0%}) → {top}"
            )
        self.write("  " + self.say("ask.rules", rules=", ".join(why["rules"])))

    def _doubts(self, fact_id: str) -> str:
        asked = self.s.doctor.kb.facts[fact_id].question(self.lang)
        return self.say("ask.doubts", q=asked)

    def _how(self) -> None:
        for rc in self.s.how():
            self.write(f"{rc.probability:6.1%}  {rc.cause.title(self.lang)} ({rc.id})")
            for e in rc.evidence:
                sign = {"supports": "+", "opposes": "-", "rules_out": "x"}.get(e.effect, ".")
                given = ", ".join(f"{k}={v}" for k, v in e.given_facts().items())
                text = e.rule.because(self.lang) if e.rule.because else e.rule.id
                self.write(f"        {sign} {text} [{e.rule.id}: {given}]")
                if e.effect == "rules_out":  # still ranked: the answers behind it are doubted
                    self.write(f"          {self.say('ask.doubted', ratio=f'{e.ratio:.2g}')}")
            for step, _ in rc.tried:
                self.write(f"        - {step}: {self.say('ask.failed')}")

    def _change(self, rest: str) -> None:
        fact, _, value = rest.strip().partition(" ")
        if not fact:
            raise SessionError(Message("session.change_needs_fact"))
        if not value:
            value = self.read(f"{fact} = ") or ""
        change = self.s.change(fact, value.strip())  # and back to asking
        for title, items in (("ask.withdrawn", change.withdrawn), ("ask.added", change.added)):
            for item in items:
                self.write(f"  {self.say(title)}: {item}")

    def _show_top(self) -> None:
        self.write("")
        self.write(f"{self.say('ask.top')}:")
        for rc in self.s.diagnosis().causes[:3]:
            self.write(f"  {rc.probability:6.1%}  {rc.cause.title(self.lang)} ({rc.id})")

    # ---- fixes --------------------------------------------------------------------------------
    def _why_fix(self) -> None:
        p = self.proposal
        assert p is not None
        rc = p.cause
        self.write(f"{rc.cause.title(self.lang)}: {rc.probability:.1%}")
        for e in rc.evidence:
            text = e.rule.because(self.lang) if e.rule.because else e.rule.id
            self.write(f"  {'+' if e.ratio > 1 else '-'} {text} [{e.rule.id}]")
        minutes = self.say("label.minutes")
        self.write(
            f"  {p.step.title(self.lang)}: {p.success:.0%} / {p.step.minutes:g} "
            f"{minutes} = {p.success / p.step.minutes:.3f}/{minutes}"
        )

    def _propose(self, p: FixProposal) -> str:
        self.proposal = p
        step = p.step
        self.write("")
        self.write(
            f"{self.say('ask.try')} [{p.cause.cause.title(self.lang)} "
            f"{p.cause.probability:.0%}]: {step.title(self.lang)} "
            f"(~{step.minutes:g} {self.say('label.minutes')})"
        )
        for i, text in enumerate(step.do, 1):
            self.write(f"  {i}. {text(self.lang)}")
        self.write(f"  {self.say('label.verify')}: {step.verify(self.lang)}")
        if p.needs_confirmation:
            self.write(
                f"  {self.say('ask.risky')}: {step.warning(self.lang) if step.warning else ''}"
            )
            self.write(f"  {self.say('ask.confirm')}")
            line = self.read("> ")
            if line is None:
                return "eof"
            answer = line.strip().lower()
            if answer in words("confirm.no"):
                self.s.fix_result(p, "skipped")
                self.save()
                return "ok"
            if answer not in words("confirm.yes"):
                return self._command(line.strip(), None)
        self.write(f"  {self.say('ask.worked')}")
        line = self.read("> ")
        if line is None:
            return "eof"
        answer = line.strip().lower()
        result = next((r for r, key in FIX_RESULTS.items() if answer in words(key)), None)
        if result is None:
            return self._command(line.strip(), None)
        self.s.fix_result(p, result)
        self.save()
        return "ok"

    def report(self, fmt: str) -> str:
        data = escalation_dict(self.s, self.lang)
        if fmt == "json":
            return json.dumps(data, ensure_ascii=False, indent=2)
        from ..output.render import render_escalation

        return render_escalation(data, fmt, self.lang)
