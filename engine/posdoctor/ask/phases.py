"""A session's phase: asking, fixing, resolved or escalated, replayed from its events.

The session (session.py) records the transitions as events and refuses calls that do not fit
its phase; the store (store.py) lists saved sessions by status. docs/qa.md has the table.
"""

from __future__ import annotations

from typing import Any

from ..messages import Message

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


# what each call does, for "cannot ... now" (catalogue keys)
ACTIONS = {
    "answer": "action.answer",
    "skip": "action.skip",
    "change": "action.change",
    "start_fixing": "action.start_fixing",
    "resume_asking": "action.resume_asking",
    "next_fix": "action.next_fix",
    "fix_result": "action.fix_result",
    "escalate": "action.escalate",
}
PHASE_WORDS = {
    "asking": "phase.asking",
    "fixing": "phase.fixing",
    "resolved": "phase.resolved",
    "escalated": "phase.escalated",
}
PHASE_EVENTS = ("start_fixing", "resume_asking", "escalated")  # events that only change the phase


def out_of_phase(action: str, phase: str) -> Message:
    """Why a call the phase does not allow is refused, and what to call first."""
    what, now = Message(ACTIONS[action]), Message(PHASE_WORDS[phase])
    hint = ""
    if phase == "asking" and action in ("next_fix", "fix_result"):
        hint = "phase.hint_start_fixing"
    elif phase == "fixing" and action in ("answer", "skip"):
        hint = "phase.hint_resume_asking"
    elif phase == "escalated" and action != "resume_asking":
        hint = "phase.hint_second_line"
    elif phase == "resolved":
        hint = "phase.hint_undo"
    if hint:
        return Message("phase.refused_hint", action=what, phase=now, hint=Message(hint))
    return Message("phase.refused", action=what, phase=now)
