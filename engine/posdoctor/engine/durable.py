"""The one adapter to durable-rules: compile a knowledge base's rules and run them.

Every ``import durable`` of the project is in this module. The rest of the code sees only
``DurableMatcher.evaluate(facts) -> Firings`` (the ``Matcher`` interface of ``base.py``). What
the notes on durable-rules 2.0.28 taught us, and how this module deals with it:

- The Python ``Host`` starts two timer threads and serialises state after every action; we drive
  the C engine (``durable_rules_engine``) directly, synchronously, in the caller's thread.
- All answers of a diagnosis are properties of ONE case fact (fast: one alpha pass, no joins);
  derived facts are separate facts joined to it, so rules chain on them.
- The C alpha network walks matching tests with a 64-entry stack (error 303) and hangs when one
  test has 512 children: rules are spread over "bucket" tests so that the worst case stays below
  both, and the compiled network is checked against every C limit before it is created.
- One session id per engine is reused and its facts are retracted after each diagnosis (durable
  zeroes kilobytes per join node for every new session); a marker action runs first in every new
  session, so deleting it never frees uninitialised memory (bug A); only one session is ever live,
  so the 1,024-session cap and the 32-bit session-hash collisions cannot bite.
- Facts no rule matches would make the C engine refuse the fact: "absorb" rules accept every kind.
- Numbers reach the engine exactly: floats are written with every digit and no exponent (its C
  parser refuses exponents and reads positional decimals with full double precision); more
  than 250 properties per fact is refused at compile.
- A derived fact may hold several values while rules run (each is its own durable fact, and
  each test on a derived fact is its own pattern, so a test holds when one value passes); rules
  that disagree leave the fact unknown (``base.settle`` runs again without it).
- Exceptions in our actions abort the diagnosis and are raised, never swallowed.
"""

from __future__ import annotations

import contextlib
import decimal
import itertools
import json
import math
import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as _durable

from ..kb.conditions import alternatives, atoms_of
from ..kb.model import Atom, KnowledgeBase
from ..kb.patterns import PatternSet
from .base import EngineError, Firing, Firings, Pass, settle
from .durable_limits import bucketed, check_limits

_names = itertools.count()


@dataclass
class _Action:
    firings: tuple[Firing, ...]
    sets: tuple[tuple[str, Any, int], ...]  # (fact, value, rule index)


class DurableMatcher:
    """A knowledge base's rules compiled into one durable-rules ruleset; thread-safe."""

    name = "durable"

    def __init__(self, kb: KnowledgeBase):
        self._derived = frozenset(f.id for f in kb.facts.values() if f.derived)
        self._case_facts = _case_facts(kb, self._derived)
        self._regex: dict[tuple[str, str], str] = {}
        self._actions: dict[str, _Action] = {}
        self.alternatives = tuple(tuple(alternatives(r.when)) for r in kb.rules)  # DNF per rule
        rules = self._compile(kb)
        self.definition = rules
        self.problems = tuple(
            check_limits(rules, len(self._case_facts) + len(self._regex) + len(self._bucket_props))
        )
        if self.problems:
            return
        name = f"posdoctor-{kb.digest}-{next(_names)}"
        try:
            self._handle = _durable.create_ruleset(name, _dump(rules))
        except _durable.error as exc:
            raise EngineError(f"durable-rules refused the compiled rules: {exc}") from exc
        weakref.finalize(self, _release, self._handle)
        self._lock = threading.Lock()
        self._sid = ""
        self._sids = itertools.count()
        by_fact: dict[str, list[tuple[str, str]]] = {}
        for (fact, pattern), prop in self._regex.items():
            by_fact.setdefault(fact, []).append((pattern, prop))
        self._regex_sets = tuple(  # each text fact's patterns, searched in one pass
            (fact, PatternSet([p for p, _ in items]), tuple(prop for _, prop in items))
            for fact, items in by_fact.items()
        )

    # ---- compiling ----------------------------------------------------------------------------
    def _compile(self, kb: KnowledgeBase) -> dict:
        """Turn every alternative of every rule into a durable rule; merge identical ones."""
        by_lhs: dict[str, tuple[list, _Action]] = {}
        for index, rule in enumerate(kb.rules):
            sets = tuple((c.target, c.value, index) for c in rule.then if c.kind == "set")
            for alt, conj in enumerate(self.alternatives[index]):
                for simple in _without_or(conj):
                    lhs = self._patterns(simple)
                    key = json.dumps(lhs, sort_keys=True)
                    if key not in by_lhs:
                        by_lhs[key] = (lhs, _Action((), ()))
                    action = by_lhs[key][1]
                    action.firings += (Firing(index, alt),)
                    action.sets += sets
        spread, buckets = bucketed([lhs for lhs, _ in by_lhs.values()])
        self._bucket_props = {f"_b{i}": 1 for i in range(buckets)}
        out: dict[str, Any] = {}
        for number, ((_, action), lhs) in enumerate(zip(by_lhs.values(), spread, strict=False)):
            out[f"r{number}"] = {"all": lhs}
            self._actions[f"r{number}"] = action
        out.update(_GUARDS)
        return out

    def _patterns(self, conj: tuple[Atom, ...]) -> list[dict]:
        """The durable patterns of one conjunction: the case fact, then one per derived fact."""
        case: list[dict] = []
        derived: list[tuple[str, list[dict]]] = []  # one pattern per test: any value may pass
        for atom in sorted(conj, key=_atom_key):
            if atom.fact in self._derived:
                tests = [] if atom.op == "present" else [_test("v", atom)]
                if (atom.fact, tests) not in derived:
                    derived.append((atom.fact, tests))
            elif atom.op == "matches":
                prop = self._regex.setdefault((atom.fact, atom.value), f"_re{len(self._regex)}")
                case.append({prop: not atom.negated})
            else:
                case.append(_test(atom.fact, atom))
        patterns = []
        if case or not derived:
            patterns.append({"m": _and([{"t": "c"}, *case])})
        for i, (fact, tests) in enumerate(derived):
            patterns.append({f"d{i}": _and([{"t": "d"}, {"n": fact}, *tests])})
        return patterns

    # ---- evaluating ---------------------------------------------------------------------------
    def evaluate(self, facts: Mapping[str, Any]) -> Firings:
        """Run the rules over validated ``facts`` (fact id -> value); thread-safe."""
        case, given = self._case(facts)
        with self._lock:
            if not self._sid:
                self._open_session()
            try:
                return settle(lambda blocked: self._run(case, given, blocked))
            except BaseException as exc:
                self._reset()
                if isinstance(exc, EngineError):
                    raise
                if isinstance(exc, _durable.error):
                    raise EngineError(f"durable-rules failed: {exc}") from exc
                raise

    def _case(self, facts: Mapping[str, Any]) -> tuple[dict, list[tuple[str, Any]]]:
        case: dict[str, Any] = {"t": "c"}
        given = []
        for fact, value in facts.items():
            if fact in self._derived:
                given.append((fact, value))
            elif fact in self._case_facts:
                case[fact] = _encode(value)
        for fact, found_in, props in self._regex_sets:
            if fact in facts:
                found = found_in.matching(str(facts[fact]))
                for i, prop in enumerate(props):
                    case[prop] = i in found
        case.update(self._bucket_props)
        return case, given

    def _run(self, case: dict, given: list[tuple[str, Any]], blocked: frozenset[str]) -> Pass:
        sid = self._sid
        asserted: list[str] = []
        run = Pass(set(), {f: {v: -1} for f, v in given}, {})
        try:
            for fact, value in given:
                self._assert(asserted, {"sid": sid, "t": "d", "n": fact, "v": _encode(value)})
            case["sid"] = sid
            state = self._assert(asserted, case)
            self._drain(state, asserted, run, blocked)
        finally:
            for text in reversed(asserted):
                _durable.retract_fact(self._handle, text)
        return run

    def _assert(self, asserted: list[str], fact: dict) -> int:
        text = _dump(fact)
        code, state = _durable.assert_fact(self._handle, text)
        if code == 2:
            raise EngineError("durable-rules already held this fact: the session was not clean")
        asserted.append(text)
        return state

    def _drain(self, state: int, asserted: list[str], run: Pass, blocked: frozenset[str]) -> None:
        """Run every pending action until the agenda is empty."""
        result = _durable.start_action_for_state(self._handle, state)
        message = result[1] if result else None
        while message:
            name = message[2 : message.index('"', 2)]
            action = self._actions.get(name)
            if action is not None:
                run.fired.update((f.rule, f.alternative) for f in action.firings)
                for fact, value, rule in action.sets:
                    if fact not in blocked and run.claim(fact, value, rule):  # a new value
                        fact_json = {"sid": self._sid, "t": "d", "n": fact, "v": _encode(value)}
                        self._assert(asserted, fact_json)
            message = _durable.complete_and_start_action(self._handle, state)

    def _open_session(self) -> None:
        sid = f"s{next(self._sids)}"
        _code, state = _durable.assert_fact(self._handle, json.dumps({"sid": sid, "t": "__m"}))
        self._sid = sid
        self._drain(state, [], Pass(set(), {}, {}), frozenset())  # one action: bug A

    def _reset(self) -> None:
        """Throw the session away after a failure; the next evaluation starts a fresh one."""
        sid, self._sid = self._sid, ""
        if sid:
            with contextlib.suppress(_durable.error):  # already gone: nothing to free
                _durable.delete_state(self._handle, sid)


def _release(handle: int) -> None:
    with contextlib.suppress(Exception):
        _durable.delete_ruleset(handle)


def _case_facts(kb: KnowledgeBase, derived: frozenset) -> frozenset:
    """Facts asserted as properties of the case fact: every non-derived fact rules test by value."""
    used = set()
    for rule in kb.rules:
        for atom in atoms_of(rule.when):
            if atom.fact not in derived and atom.op != "matches":
                used.add(atom.fact)
    return frozenset(used)


def _atom_key(atom: Atom) -> tuple:
    return (atom.fact, atom.op, json.dumps(atom.value, sort_keys=True, default=str), atom.negated)


def _and(tests: list[dict]) -> dict:
    return tests[0] if len(tests) == 1 else {"$and": tests}


def _test(prop: str, atom: Atom) -> dict:
    """One test in durable's JSON form; negated tests still require the fact to be known."""
    op, value, neg = atom.op, atom.value, atom.negated
    if op == "present":
        return {"$ex": {prop: 1}}
    if op == "absent":
        return {"$nex": {prop: 1}}
    if op == "is":
        return {"$neq": {prop: _encode(value)}} if neg else {prop: _encode(value)}
    if op == "in":  # only negated: _without_or splits the positive form into alternatives
        return _and([{"$neq": {prop: _encode(v)}} for v in value])
    lo, lo_incl, hi, hi_incl = value  # negated ranges were split into one-sided ones
    parts = []
    if lo is not None:
        parts.append({"$gte" if lo_incl else "$gt": {prop: _encode(lo)}})
    if hi is not None:
        parts.append({"$lte" if hi_incl else "$lt": {prop: _encode(hi)}})
    return _and(parts)


def _without_or(conj: tuple[Atom, ...]) -> list[tuple[Atom, ...]]:
    """Split 'in' and negated ranges into alternatives, so no durable test needs '$or'
    (which keeps the compiled network exactly what check_limits measures)."""
    options = []
    for atom in conj:
        if atom.op == "in" and not atom.negated:
            options.append([Atom(atom.fact, "is", v, at=atom.at) for v in atom.value])
        elif atom.op == "range" and atom.negated:
            lo, lo_incl, hi, hi_incl = atom.value
            sides = []
            if lo is not None:
                sides.append(Atom(atom.fact, "range", (None, False, lo, not lo_incl), at=atom.at))
            if hi is not None:
                sides.append(Atom(atom.fact, "range", (hi, not hi_incl, None, False), at=atom.at))
            options.append(sides)
        else:
            options.append([atom])
    return [tuple(choice) for choice in itertools.product(*options)]


def _encode(value: Any) -> Any:
    """A value durable-rules reads exactly: every digit of a float, written without exponent.

    Its C parser refuses exponents ("1e-09": error 204) but reads positional decimals with full
    double precision; integers beyond 2**53 are written as floats with '.0' because the C engine
    holds integers in 64 bits (tested at every threshold: tests/test_exact.py)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, int) and abs(value) < 2**53:
        return value
    value = float(value)
    if not math.isfinite(value):
        raise EngineError(f"not a finite number: {value}")
    return value


def _dump(obj: Any) -> str:
    """JSON text for durable-rules: like json.dumps, but every float in positional form."""
    if isinstance(obj, dict) and not any(type(v) is float and not _plain(v) for v in obj.values()):
        return _JSON(obj)  # the common case: flat, and repr of each float is positional
    return _write(obj)


def _plain(value: float) -> bool:
    """Whether repr writes this float without an exponent (json.dumps then reads right)."""
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def _write(obj: Any) -> str:
    if isinstance(obj, dict):
        return "{" + ",".join(f"{_STR(k)}:{_write(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, (list, tuple)):
        return "[" + ",".join(_write(v) for v in obj) + "]"
    if isinstance(obj, float):
        text = format(decimal.Decimal(repr(float(obj))), "f")
        return text if "." in text else text + ".0"
    return _STR(obj)


_STR = json.JSONEncoder(ensure_ascii=False).encode


def _one_shot() -> Callable[[Any], str]:
    """``_STR`` for the flat case facts of every evaluation, without building an encoder per
    call: json's own C encoder made once (what ``JSONEncoder.encode`` makes on each call)."""
    make = getattr(json.encoder, "c_make_encoder", None)  # CPython's _json.make_encoder
    if make is None:  # no C accelerator (another Python): the plain way
        return _STR
    encoder = make(
        None,
        json.JSONEncoder().default,
        json.encoder.encode_basestring,  # the C one where there is one
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
    return lambda obj: "".join(encoder(obj, 0))


_JSON = _one_shot()


_GUARDS = {
    "__marker": {"all": [{"m": {"t": "__m"}}]},
    "__absorb_c": {"all": [{"m": {"t": "c"}}, {"x": {"t": "__never"}}]},
    "__absorb_d": {"all": [{"m": {"t": "d"}}, {"x": {"t": "__never"}}]},
}
