"""posdoctor: why a POS terminal's remote update failed, and how to fix it.

Vocabulary (used with exactly these meanings in the code, the YAML and the docs):

fact
    Something observed about the terminal or its surroundings: a symptom, a reading, a setting.
answer
    A value given for a fact by a person, a log or a program. "Unknown" is no answer at all.
cause
    A documented reason a remote update fails; it belongs to one category.
category
    One of network, hardware, software, security_policy, configuration, server, package.
rule
    When some facts hold, then: evidence for or against a cause, a rule-out, or a derived fact.
evidence
    A rule that fired, with the facts it matched, down to the answers they came from.
score
    A cause's probability given the answers (single fault; the rest is "another cause").
fix / step
    A fix is the ordered list of steps for a cause; a step is one action with its expected
    minutes, a risk flag and how to verify that it worked.
signature
    A pattern that recognises a real error message in a log and sets facts.
session
    One help-desk conversation: answers so far, questions asked, fixes tried.

Library use::

    import posdoctor
    kb = posdoctor.load_knowledge_base()          # the bundled one, or a folder
    doctor = posdoctor.Doctor(kb)
    result = doctor.diagnose({"some_fact": False})    # fact id -> answer
    result.causes[0].id, result.causes[0].probability
    posdoctor.diagnosis_json(doctor, result, "zh")   # the JSON form `diagnose` prints
    s = posdoctor.Session(doctor)                   # the help-desk Q&A: README, "Library"
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

if TYPE_CHECKING:  # the names below are imported on first use: `posdoctor --help` stays fast
    from .ask.session import Session, SessionError
    from .engine import EngineError
    from .kb.answers import FactError
    from .kb.loader import check_knowledge_base, load_knowledge_base
    from .kb.model import CATEGORIES, KnowledgeBase
    from .kb.problems import KnowledgeBaseError, Problem
    from .logs.logscan import LogEvidence, LogScanner
    from .output.report import diagnosis_json, escalation_json
    from .reasoning.diagnosis import Diagnosis, Doctor, Evidence, FixStep, RankedCause

_WHERE = {
    "FactError": "kb.answers",
    "Diagnosis": "reasoning.diagnosis",
    "Doctor": "reasoning.diagnosis",
    "Evidence": "reasoning.diagnosis",
    "FixStep": "reasoning.diagnosis",
    "RankedCause": "reasoning.diagnosis",
    "check_knowledge_base": "kb.loader",
    "load_knowledge_base": "kb.loader",
    "LogEvidence": "logs.logscan",
    "LogScanner": "logs.logscan",
    "CATEGORIES": "kb.model",
    "KnowledgeBase": "kb.model",
    "KnowledgeBaseError": "kb.problems",
    "Problem": "kb.problems",
    "EngineError": "engine",
    "Session": "ask.session",
    "SessionError": "ask.session",
    "diagnosis_json": "output.report",
    "escalation_json": "output.report",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'posdoctor' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CATEGORIES",
    "Diagnosis",
    "Doctor",
    "EngineError",
    "Evidence",
    "FactError",
    "FixStep",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "LogEvidence",
    "LogScanner",
    "Problem",
    "RankedCause",
    "Session",
    "SessionError",
    "check_knowledge_base",
    "diagnosis_json",
    "escalation_json",
    "load_knowledge_base",
]
