"""The terminal front end of a Session: prints questions, reads answers and commands.

All reasoning is in ``Session``; this module only turns lines of text into calls and results
into lines of text. It reads standard input line by line, so it works the same on a terminal
and with answers piped in by a script.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

from ..ask.session import PHASE_EVENTS, FixProposal, Session, SessionError
from ..ask.store import save
from ..kb.answers import FactError
from ..output.report import escalation_dict
from ..reasoning.voi import Question

T = {  # (zh, en)
    "q": ("问题", "Question"),
    "how_check": ("检查方法", "How to check"),
    "answers": ("可回答", "Answer"),
    "yesno": ("是 / 否 / 不知道", "yes / no / unknown"),
    "number": ("一个数字", "a number"),
    "top": ("目前最可能", "Most likely now"),
    "try": ("请尝试", "Try this"),
    "worked": ("问题解决了吗？（是 / 否 / 跳过）", "Did it work? (yes / no / skip)"),
    "risky": ("⚠ 有风险的操作", "⚠ RISKY step"),
    "confirm": ("输入 confirm 确认执行，或 skip 跳过", "Type 'confirm' to go ahead, or 'skip'"),
    "resolved": ("问题已解决。会话已保存", "Resolved. Session saved as"),
    "saved": ("会话已保存，继续请运行", "Session saved; resume with"),
    "escalate": (
        "所有可行的修复都已尝试，请升级处理。",
        "Every fix worth trying was tried: escalate.",
    ),
    "stop_clear": (
        "已有一个原因明显领先，开始修复。",
        "One cause is clearly ahead: on to the fixes.",
    ),
    "stop_worth": (
        "再提问已不值得，开始修复。",
        "No question is worth its cost any more: on to the fixes.",
    ),
    "verify": ("验证", "Verify"),
    "min": ("分钟", "min"),
    "why": ("为什么问这个", "Why this question"),
    "doubts": (
        "复核：目前的排名取决于对“{q}”的回答；这个问题最能查明那个回答是否有误。",
        'A second opinion: the ranking turns on the answer to "{q}"; this is the question '
        "that tells most if that answer was wrong.",
    ),
    "withdrawn": ("撤回的结论", "Withdrawn"),
    "added": ("新增的结论", "Added"),
    "undone": ("已撤销", "Undone"),
    "another": ("知识库以外的原因", "another cause"),
    "text": ("照原文输入 / 不知道", "the text, word for word / unknown"),
    "help": (
        "命令：why（为什么问）、how（如何得出排名）、back（撤销上一步）、"
        "change 事实 值（修改答案）、"
        "skip（跳过）、fix（直接进入修复）、report（升级报告）、save（保存）、quit（退出）",
        "Commands: why, how, back, change FACT VALUE, skip, fix, report, save, quit",
    ),
}


def _width(text: str) -> int:
    """Columns a text takes on a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def t(key: str, lang: str) -> str:
    zh, en = T[key]
    return zh if lang == "zh" else en


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

    def save(self) -> None:
        if self.autosave:
            save(self.s.to_dict())

    def run(self) -> int:
        """Ask until the problem is fixed, escalated, or input ends; return the exit status."""
        if self.s.phase == "escalated":  # resumed: second line continues the call
            self.s.resume_asking()
        self.save()
        self.write(f"session {self.s.id}")
        if self.s.phase == "fixing":  # resumed in the fix loop: where it stands
            self._show_top()
        try:
            while True:
                if self.s.phase == "resolved":
                    self.write(f"{t('resolved', self.lang)} {self.s.id}")
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
        self.save()
        self.write(f"{t('saved', self.lang)}: posdoctor ask --resume {self.s.id}")
        return status

    def _turn(self) -> str:
        if self.s.phase == "asking":
            q = self.s.next_question()
            if q is not None:
                return self._ask(q)
            self._show_top()
            reason = self.s.stop_reason()
            if reason == "clear":
                self.write(t("stop_clear", self.lang))
            elif reason in ("not_worth_it", "no_questions"):
                self.write(t("stop_worth", self.lang))
            self.s.start_fixing()  # escalates by itself when there is nothing to try
        proposal = self.s.next_fix() if self.s.phase == "fixing" else None
        if proposal is None:
            self.write(t("escalate", self.lang))
            if self.s.phase != "escalated":  # a session saved before phases, or another KB
                self.s.escalate()
            self.save()
            self.write(self.report("markdown"))
            return "escalated"
        return self._propose(proposal)

    # ---- questions ----------------------------------------------------------------------------
    def _ask(self, q: Question) -> str:
        f = q.fact
        self.write("")
        self.write(f"{t('q', self.lang)}: {f.question(self.lang)}  [{f.id}]")
        if q.doubts:
            self.write("  " + self._doubts(q.doubts))
        head = f"  {t('how_check', self.lang)}: "
        for i, step in enumerate(f.check, 1):
            lead = head if i == 1 else " " * _width(head)
            self.write(f"{lead}{i}. {step(self.lang)}")
        self.write(f"  {t('answers', self.lang)}: {self._choices(f)}")
        line = self.read("> ")
        if line is None:
            return "eof"
        return self._command(line.strip(), q)

    def _choices(self, f: Any) -> str:
        if f.type == "boolean":
            return t("yesno", self.lang)
        if f.type == "choice":
            return " / ".join(
                f"{i}={c.label(self.lang)} ({c.id})" for i, c in enumerate(f.values, 1)
            ) + (" / 不知道" if self.lang == "zh" else " / unknown")
        if f.type == "text":
            return t("text", self.lang)
        unit = f.unit(self.lang) if f.unit else ""
        return f"{t('number', self.lang)} ({unit})"

    def _command(self, line: str, q: Question | None) -> str:
        word, _, rest = line.partition(" ")
        word = word.lower()
        try:
            if not line:
                return "again"
            if word in ("quit", "exit", "q", "退出"):
                return "quit"
            if word in ("help", "?", "帮助"):
                self.write(t("help", self.lang))
            elif word in ("why", "为什么"):
                self._why_fix() if q is None and self.proposal else self._why(q)
            elif word in ("how", "怎么"):
                self._how()
            elif word in ("back", "undo", "撤销"):
                undone = self._back()
                self.write(f"{t('undone', self.lang)}: {undone.get('fact') or undone.get('step')}")
            elif word in ("change", "修改"):
                self._change(rest)
            elif word in ("skip", "跳过") and q is not None:
                self.s.skip(q.fact.id)
            elif word in ("fix", "fixes", "修复"):
                if self.s.phase == "asking":
                    self.s.start_fixing()
            elif word in ("report", "报告"):
                self.write(self.report("markdown"))
            elif word in ("save", "保存"):
                self.write(f"{t('saved', self.lang)}: posdoctor ask --resume {self.s.id}")
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
                self.write(t("help", self.lang))
        except (FactError, SessionError) as exc:
            self.write(f"! {exc.text(self.lang)}")
        self.save()
        return "ok"

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
            f"{t('why', self.lang)} ({why['gain_bits']:.3f} bits, {why['cost_minutes']:g} "
            f"{t('min', self.lang)}):"
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
                else t("another", self.lang)
            )
            self.write(
                f"  {fact.value_label(a['answer'], self.lang)} ({a['probability']:.0%}) → {top}"
            )
        self.write(f"  rules: {', '.join(why['rules'])}")

    def _doubts(self, fact_id: str) -> str:
        asked = self.s.doctor.kb.facts[fact_id].question(self.lang)
        return t("doubts", self.lang).format(q=asked)

    def _how(self) -> None:
        for rc in self.s.how():
            self.write(f"{rc.probability:6.1%}  {rc.cause.title(self.lang)} ({rc.id})")
            for e in rc.evidence:
                sign = {"supports": "+", "opposes": "-", "rules_out": "x"}.get(e.effect, ".")
                given = ", ".join(f"{k}={v}" for k, v in e.given_facts().items())
                text = e.rule.because(self.lang) if e.rule.because else e.rule.id
                self.write(f"        {sign} {text} [{e.rule.id}: {given}]")
            for step, _ in rc.tried:
                self.write(f"        - {step}: failed")

    def _change(self, rest: str) -> None:
        fact, _, value = rest.strip().partition(" ")
        if not fact:
            raise SessionError(
                "change needs a fact: change FACT VALUE", "修改需要指明事实：change 事实 值"
            )
        if not value:
            value = self.read(f"{fact} = ") or ""
        change = self.s.change(fact, value.strip())  # and back to asking
        for title, items in (("withdrawn", change.withdrawn), ("added", change.added)):
            for item in items:
                self.write(f"  {t(title, self.lang)}: {item}")

    def _show_top(self) -> None:
        self.write("")
        self.write(f"{t('top', self.lang)}:")
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
        self.write(
            f"  {p.step.title(self.lang)}: {p.success:.0%} / {p.step.minutes:g} "
            f"{t('min', self.lang)} = {p.success / p.step.minutes:.3f}/{t('min', self.lang)}"
        )

    def _propose(self, p: FixProposal) -> str:
        self.proposal = p
        step = p.step
        self.write("")
        self.write(
            f"{t('try', self.lang)} [{p.cause.cause.title(self.lang)} "
            f"{p.cause.probability:.0%}]: {step.title(self.lang)} "
            f"(~{step.minutes:g} {t('min', self.lang)})"
        )
        for i, text in enumerate(step.do, 1):
            self.write(f"  {i}. {text(self.lang)}")
        self.write(f"  {t('verify', self.lang)}: {step.verify(self.lang)}")
        if p.needs_confirmation:
            self.write(
                f"  {t('risky', self.lang)}: {step.warning(self.lang) if step.warning else ''}"
            )
            self.write(f"  {t('confirm', self.lang)}")
            line = self.read("> ")
            if line is None:
                return "eof"
            answer = line.strip().lower()
            if answer in ("skip", "跳过", "no", "n", "否"):
                self.s.fix_result(p, "skipped")
                self.save()
                return "ok"
            if answer not in ("confirm", "确认"):
                return self._command(line.strip(), None)
        self.write(f"  {t('worked', self.lang)}")
        line = self.read("> ")
        if line is None:
            return "eof"
        answer = line.strip().lower()
        result = {
            "yes": "worked",
            "y": "worked",
            "是": "worked",
            "解决了": "worked",
            "no": "failed",
            "n": "failed",
            "否": "failed",
            "没有": "failed",
            "skip": "skipped",
            "跳过": "skipped",
        }.get(answer)
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
