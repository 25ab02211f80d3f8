"""A session's phase: asking, fixing, resolved or escalated, replayed from its events.

The session (session.py) records the transitions as events and refuses calls that do not fit
its phase; the store (store.py) lists saved sessions by status. docs/qa.md has the table.
"""

from __future__ import annotations

from typing import Any

PHASES = ("asking", "fixing", "resolved", "escalated")


def phase_of(events: list[dict[str, Any]]) -> str:
    """A session's phase: the replay of its events (Session.phase). Sessions saved before the
    phase changes were events replay too: a fix result means the fix loop had begun, a worked
    one resolves, an escalation escalates, and an answer, skip or change means asking."""
    phase = "asking"
    for e in events:
        kind = e.get("kind")
        if kind in ("answer", "skip", "change", "resume_asking"):
            phase = "asking"
        elif kind == "start_fixing":
            phase = "fixing"
        elif kind == "fix":
            phase = "resolved" if e.get("result") == "worked" else "fixing"
        elif kind == "escalated":
            phase = "escalated"
    return phase


def status_of(events: list[dict[str, Any]]) -> str:
    """A session's status from its events: resolved, escalated or open (asking or fixing)."""
    phase = phase_of(events)
    return phase if phase in ("resolved", "escalated") else "open"


# what each call does, for "cannot ... now" (en, zh)
ACTIONS = {
    "answer": ("answer a question", "回答问题"),
    "skip": ("skip a question", "跳过问题"),
    "change": ("change an answer", "修改答案"),
    "start_fixing": ("start fixing", "开始修复"),
    "resume_asking": ("resume asking", "继续提问"),
    "next_fix": ("propose a fix", "提出修复步骤"),
    "fix_result": ("record a fix result", "记录修复结果"),
    "escalate": ("escalate", "升级"),
}
PHASE_WORDS = {
    "asking": ("asking questions", "正在提问"),
    "fixing": ("in the fix loop", "正在修复"),
    "resolved": ("resolved", "已解决"),
    "escalated": ("escalated", "已升级"),
}
PHASE_EVENTS = ("start_fixing", "resume_asking", "escalated")  # events that only change the phase


def out_of_phase(action: str, phase: str) -> tuple[str, str]:
    """Why a call the phase does not allow is refused, and what to call first (en, zh)."""
    (what, what_zh), (now, now_zh) = ACTIONS[action], PHASE_WORDS[phase]
    hint: tuple[str, str] | None = None
    if phase == "asking" and action in ("next_fix", "fix_result"):
        hint = ("call start_fixing() first", "请先调用 start_fixing()")
    elif phase == "fixing" and action in ("answer", "skip"):
        hint = ("call resume_asking() first", "请先调用 resume_asking()")
    elif phase == "escalated" and action != "resume_asking":
        hint = (
            "second line continues it with resume_asking()",
            "二线可调用 resume_asking() 继续处理",
        )
    elif phase == "resolved":
        hint = ("undo() reopens it", "调用 undo() 可重新打开")
    en = f"cannot {what} now: the session is {now}" + (f" ({hint[0]})" if hint else "")
    zh = f"现在不能{what_zh}：会话{now_zh}" + (f"（{hint[1]}）" if hint else "")
    return en, zh
