"""What a log told: the facts, the lines that told them (and how strongly), how it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..messages import Message
from .terms import PREFIX, Term

MAX_KEPT = 200  # matched lines kept as evidence (the facts count every match)


@dataclass(frozen=True)
class LogMatch:
    """One line a signature recognised, and the facts it set."""

    line: int
    text: str
    signature: str
    sets: dict[str, Any]
    strength: str = "signature"  # or "term": a concept term's weaker evidence (terms.py)
    decoded: str = ""  # the payload field a code table decoded for it (payloads.py)


@dataclass
class LogEvidence:
    """What a log told: the facts, the lines that told them, and how much was read."""

    facts: dict[str, Any] = field(default_factory=dict)
    matches: list[LogMatch] = field(default_factory=list)
    lines: int = 0
    bytes: int = 0
    match_count: int = 0
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (en, zh): how it was read
    weak: dict[str, str] = field(default_factory=dict)  # fact -> the term that alone set it
    held: dict[str, Any] = field(default_factory=dict)  # facts only echo lines gave (first wins)
    echo_applied: set[str] = field(default_factory=set)  # ... counted: no other line said why
    unnamed: tuple[int, str] | None = None  # the last line with keywords no signature named
    _said: list[tuple[str, str]] = field(default_factory=list)  # the notes settle() wrote

    def note(self, message: Message, *, first: bool = False) -> None:
        """Say something about how the log was read (a limit reached, a value overridden):
        a catalogue message, kept said in both languages (``first``: before the others)."""
        said = (message.text("en"), message.text("zh"))
        if first:
            self.notes.insert(0, said)
        else:
            self.notes.append(said)

    @property
    def recognised(self) -> bool:
        return bool(self.facts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "lines": self.lines,
            "bytes": self.bytes,
            "recognised": self.recognised,
            "facts": dict(self.facts),
            "match_count": self.match_count,
            "matches": [_match(m) for m in _distinct(self.matches)],
            "term_facts": dict(self.weak),
            "echo_facts": {k: self.held[k] for k in self.held},
            "echo_counted": sorted(self.echo_applied),
            "warnings": list(self.warnings),
            "notes": [{"en": en, "zh": zh} for en, zh in self.notes],
        }


def _distinct(matches: list[LogMatch]) -> list[LogMatch]:
    """The evidence worth showing: a less specific message of the same line (matched after a
    longer one) that sets nothing the longer one did not is left out."""
    out: list[LogMatch] = []
    for m in matches:
        last = out[-1] if out else None
        if last and last.line == m.line and m.sets.items() <= last.sets.items():
            continue
        out.append(m)
    return out


def _match(m: LogMatch) -> dict[str, Any]:
    """One piece of evidence as JSON: ``strength`` only when it is not a signature's (term,
    echo), ``decoded`` only when a payload field was decoded."""
    out: dict[str, Any] = {"line": m.line, "text": m.text, "signature": m.signature, "sets": m.sets}
    if m.strength != "signature":
        out["strength"] = m.strength
    if m.decoded:
        out["decoded"] = m.decoded
    return out


def record_term(ev: LogEvidence, number: int, line: str, term: Term) -> None:
    """A term's facts, where neither a signature nor an earlier line set them already."""
    sets = {k: v for k, v in term.sets.items() if k not in ev.facts}
    if not sets:
        return
    ev.facts.update(sets)
    ev.weak.update(dict.fromkeys(sets, term.id))
    ev.match_count += 1
    if len(ev.matches) < MAX_KEPT:
        ev.matches.append(LogMatch(number, line[:500], PREFIX + term.id, sets, "term"))


def settle(ev: LogEvidence) -> None:
    """Weigh what the lines said once a log is read: facts only echo lines gave count only when
    no other line says why; say in every output what rests on terms or echoes (replacing what
    an earlier settle of the same evidence said)."""
    for fact_id in ev.echo_applied:
        ev.facts.pop(fact_id, None)
    ev.echo_applied = set()
    _reasons_on_the_next_line(ev)
    for said in ev._said:
        if said in ev.notes:
            ev.notes.remove(said)
    ev._said = []
    if ev.held and not ev.facts:
        ev.facts.update(ev.held)
        ev.echo_applied = set(ev.held)
        _say(ev, Message("log.echo_only", facts=", ".join(ev.held)))
    elif ev.held:
        _say(ev, Message("log.echo_outweighed", facts=", ".join(ev.held)))
    if ev.weak:
        facts = ", ".join(f"{fact} ({PREFIX}{term})" for fact, term in ev.weak.items())
        _say(ev, Message("log.term_evidence", n=len(ev.weak), facts=facts))


def _reasons_on_the_next_line(ev: LogEvidence) -> None:
    """A line ending in ':' announces its reason on the next line (wget: "cannot verify X's
    certificate, issued by Y:" then "  Issued certificate not yet valid."): one message, and
    the choice its reason line gives replaces the one its head line gave first."""
    kept = [m for m in ev.matches if m.strength == "signature"]
    following: dict[int, list[LogMatch]] = {}
    for m in kept:
        following.setdefault(m.line, []).append(m)
    for head in kept:
        if not head.text.rstrip().endswith(":"):
            continue
        for reason in following.get(head.line + 1, []):
            for fact_id, value in reason.sets.items():
                said = head.sets.get(fact_id)
                if (
                    isinstance(value, str)
                    and said not in (None, value)
                    and ev.facts.get(fact_id) == said
                ):
                    ev.facts[fact_id] = value


def _say(ev: LogEvidence, message: Message) -> None:
    said = (message.text("en"), message.text("zh"))
    ev._said.append(said)
    ev.notes.append(said)
