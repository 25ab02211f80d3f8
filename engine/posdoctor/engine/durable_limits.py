"""Spreading compiled rules under durable-rules' C limits, and checking them against those limits.

durable-rules' alpha network walks the tests that match an asserted fact with a 64-entry stack
(error 303 when more are pending) and loops forever when one test has 512 children. These
functions insert "bucket" tests so no test has too many matching children, and measure a
compiled ruleset against every known limit before the C engine sees it.
"""

from __future__ import annotations

import json

from ..kb.problems import Problem

MAX_STACK = 60  # C: MAX_STACK_SIZE 64 pending alpha nodes per asserted fact (error 303)
MAX_CHILDREN = 500  # C: NEXT_BUCKET_LENGTH 512 children per alpha node (more hangs the process)
MAX_RULES = 4096  # C: error 106 above this
MAX_SAME_FIRST = 256  # C: error 108 when more rules share an identical first pattern
MAX_PATTERNS = 16  # C: error 304 for joins of more facts
MAX_PROPERTIES = 250  # C: MAX_OBJECT_PROPERTIES 255, silently truncated in batches
BUCKET_FANOUT = 24  # at most this many matching tests directly under a bucket test

BUCKETS = 32


def tests_of(pattern: dict) -> list[dict]:
    only = next(iter(pattern.values()))
    return only.get("$and", [only])


def bucketed(lhs_list: list[list[dict]]) -> tuple[list[list[dict]], int]:
    """Insert a bucket test after ``t == c`` so no test has too many matching children."""
    order = sorted(range(len(lhs_list)), key=lambda i: json.dumps(lhs_list[i], sort_keys=True))
    buckets: list[list[int]] = [[]]
    firsts: list[set] = [set()]
    for i in order:
        first = json.dumps(tests_of(lhs_list[i][0])[1:2], sort_keys=True)
        if first not in firsts[-1] and len(firsts[-1]) >= BUCKET_FANOUT:
            buckets.append([])
            firsts.append(set())
        buckets[-1].append(i)
        firsts[-1].add(first)
    if len(buckets) == 1 or len(buckets) > BUCKETS:
        return lhs_list, 0  # few enough not to need buckets, or too many: check_limits says so
    out = list(lhs_list)
    for b, members in enumerate(buckets):
        for i in members:
            head: dict = dict(lhs_list[i][0])
            ((name, _pattern),) = head.items()
            tests = tests_of(head)
            if tests[0] == {"t": "c"}:
                head = {name: {"$and": [tests[0], {f"_b{b}": 1}, *tests[1:]]}}
            out[i] = [head, *lhs_list[i][1:]]
    return out, len(buckets)


# ---- checking against the C limits --------------------------------------------------------------


def check_limits(rules: dict, case_properties: int) -> list[Problem]:
    """Problems that would make durable-rules fail, hang or lose facts with these rules."""
    out = []

    def fail(message: str, hint: str) -> None:
        out.append(Problem("rules/", 0, 0, "", message, hint))

    if len(rules) > MAX_RULES:
        fail(
            f"{len(rules)} compiled rules exceed durable-rules' limit of {MAX_RULES}",
            "merge rules or split the knowledge base",
        )
    if case_properties + 2 > MAX_PROPERTIES:
        fail(
            f"{case_properties} facts tested by value exceed the {MAX_PROPERTIES} properties "
            "a durable-rules fact can hold",
            "use fewer facts",
        )
    firsts: dict[str, int] = {}
    trie: dict = {}
    for name, rule in rules.items():
        patterns = rule["all"]
        if len(patterns) > MAX_PATTERNS:
            fail(
                f"compiled rule {name} joins {len(patterns)} facts (limit {MAX_PATTERNS})",
                "use fewer derived facts in one rule",
            )
        key = json.dumps(next(iter(patterns[0].values())), sort_keys=True)
        firsts[key] = firsts.get(key, 0) + 1
        for pattern in patterns:
            node = trie
            for test in tests_of(pattern):
                node = node.setdefault(json.dumps(test, sort_keys=True), {})
    if max(firsts.values(), default=0) > MAX_SAME_FIRST:
        fail(f"more than {MAX_SAME_FIRST} rules share an identical first condition", "merge them")
    width, depth = _widest(trie), _stack_depth(trie)
    if width > MAX_CHILDREN:
        fail(
            f"{width} different tests follow one test (durable-rules hangs at 512)",
            "split the rules by a shared first condition",
        )
    if depth > MAX_STACK:
        fail(
            f"up to {depth} tests can match one fact at once (durable-rules fails above 64)",
            "split the rules by a shared first condition",
        )
    return out


def _widest(node: dict) -> int:
    return max([len(node)] + [_widest(child) for child in node.values()])


def _stack_depth(node: dict) -> int:
    """Worst case of durable's alpha stack below ``node`` (tests on one property, all '=='
    to different values, can only match one at a time)."""
    if not node:
        return 0
    k = _can_match_together(node)
    return max(k, max(k - 1 + _stack_depth(child) for child in node.values()))


def _can_match_together(node: dict) -> int:
    equal_props: dict[str, int] = {}
    count = 0
    for text in node:
        test = json.loads(text)
        ((key, value),) = test.items()
        if not key.startswith("$") and not isinstance(value, dict):
            equal_props[key] = 1
        else:
            count += 1
    return count + len(equal_props)
