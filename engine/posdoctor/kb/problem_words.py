"""A knowledge-base problem said in the reader's language (``kb check --lang zh``).

The checker words its problems in English where it finds them; this module says a problem's
message, hint and the kind of value it quotes in another language, by reading the English
with the catalogue's ``kb_problem.*``, ``kb_hint.*`` and ``kb_kind.*`` entries (in the order
below: the more specific first). What no entry says is shown as it is.
"""

from __future__ import annotations

import functools
import os
import re

from ..messages import MESSAGES, say
from .library_words import CODEC_REASONS, NODES, RE2_REASONS, YAML_REASONS
from .problems import OS_ERRORS, Problem

PROBLEMS = (
    "kb_problem.not_alone",
    "kb_problem.capture_kind",
    "kb_problem.no_fix",
    "kb_problem.choice_values",
    "kb_problem.one_conclusion",
    "kb_problem.needs_fact",
    "kb_problem.needs_op",
    "kb_problem.derived_text",
    "kb_problem.self_derived",
    "kb_problem.needs_unit",
    "kb_problem.needs_warning",
    "kb_problem.needs_conclusion",
    "kb_problem.empty_conditions",
    "kb_problem.needs_instruction",
    "kb_problem.needs_step",
    "kb_problem.needs_example",
    "kb_problem.two_values",
    "kb_problem.never_holds",
    "kb_problem.sections",
    "kb_problem.no_example_match",
    "kb_problem.two_lower",
    "kb_problem.two_upper",
    "kb_problem.absent_derived",
    "kb_problem.in_list",
    "kb_problem.is_single",
    "kb_problem.matches_regex",
    "kb_problem.not_derived",
    "kb_problem.set_outside",
    "kb_problem.key_type",
    "kb_problem.key_alone",
    "kb_problem.key_conditions",
    "kb_problem.op_fact",
    "kb_problem.section_list",
    "kb_problem.yaml_syntax",
    "kb_problem.conclusion_mapping",
    "kb_problem.condition_mapping",
    "kb_problem.extends",
    "kb_problem.not_utf8",
    "kb_problem.cannot_read",
    "kb_problem.cycle",
    "kb_problem.duplicate_id",
    "kb_problem.duplicate_value",
    "kb_problem.fact_unused",
    "kb_problem.id_form",
    "kb_problem.max_min",
    "kb_problem.missing_key",
    "kb_problem.missing_lang",
    "kb_problem.must_list",
    "kb_problem.must_number",
    "kb_problem.must_regex",
    "kb_problem.must_single",
    "kb_problem.must_url",
    "kb_problem.must_range",
    "kb_problem.must_text",
    "kb_problem.must_be_text",
    "kb_problem.must_bool",
    "kb_problem.must_facts",
    "kb_problem.alike",
    "kb_problem.no_rule_cause",
    "kb_problem.no_rule_sets",
    "kb_problem.one_op",
    "kb_problem.practice_unused",
    "kb_problem.support_oppose",
    "kb_problem.same_conditions",
    "kb_problem.step_unused",
    "kb_problem.text_mapping",
    "kb_problem.too_big",
    "kb_problem.no_group",
    "kb_problem.priors",
    "kb_problem.unknown_key",
    "kb_problem.unknown_lang",
    "kb_problem.unknown_op",
    "kb_problem.unknown_section",
    "kb_problem.unknown",
    "kb_problem.what_mapping",
    "kb_problem.alias_self",
    "kb_problem.tab",
    "kb_problem.duplicate_key",
    "kb_problem.ambiguous_bool",
    "kb_problem.bound_outside",
    "kb_problem.not_a_value",
    "kb_problem.no_value_passes",
    "kb_problem.durable_rules",
    "kb_problem.durable_properties",
    "kb_problem.durable_joins",
    "kb_problem.durable_first",
    "kb_problem.durable_width",
    "kb_problem.durable_depth",
    "kb_problem.lookaround",
    "kb_problem.backreference",
    "kb_problem.bad_regex",
    "kb_problem.cannot_read_value",
)

HINTS = (
    "kb_hint.sections_example",
    "kb_hint.belongs_under",
    "kb_hint.allowed",
    "kb_hint.valid",
    "kb_hint.did_you_mean",
    "kb_hint.use_one_of",
    "kb_hint.add_rule",
    "kb_hint.combine",
    "kb_hint.example",
    "kb_hint.fix_example",
    "kb_hint.say_lost",
    "kb_hint.see_limits",
    "kb_hint.use_in",
    "kb_hint.named_group",
    "kb_hint.never_holds",
    "kb_hint.separate",
    "kb_hint.spaces",
    "kb_hint.merge",
    "kb_hint.quote_bool",
    "kb_hint.first_defined",
    "kb_hint.use_or_remove",
    "kb_hint.values",
    "kb_hint.merge_or_split",
    "kb_hint.fewer_facts",
    "kb_hint.fewer_derived",
    "kb_hint.merge_them",
    "kb_hint.split_first",
    "kb_hint.lookaround",
    "kb_hint.backreference",
    "kb_hint.quote_text",
)

KINDS = (
    "kb_kind.nothing",
    "kb_kind.boolean",
    "kb_kind.number",
    "kb_kind.text_shown",
    "kb_kind.text",
    "kb_kind.mapping",
    "kb_kind.list",
)

WHATS = (  # what a problem names (checker.KIND_WORDS, Reader.one_of)
    "kb_what.fact",
    "kb_what.cause",
    "kb_what.step",
    "kb_what.signature",
    "kb_what.practice",
    "kb_what.team",
    "kb_what.source",
    "kb_what.rule",
    "kb_what.category",
    "kb_what.fact_type",
    "kb_what.strength",
)


def problem_text(problem: Problem, lang: str) -> str:
    """``str(problem)`` in ``lang``: the place as it is, the message and hint translated."""
    if lang == "en":
        return str(problem)
    where = f"{problem.file}:{problem.line}:{problem.col}: " if problem.file else ""
    path = f"{problem.path}: " if problem.path else ""
    tag = say("kb_kind.warning", lang) if problem.severity == "warning" else ""
    hint = say_entry(HINTS, problem.hint, lang)
    shown = say("kb_hint.paren", lang, text=hint) if hint else ""
    return f"{where}{path}{tag}{say_entry(PROBLEMS, problem.message, lang)}{shown}"


def say_entry(keys: tuple[str, ...], text: str, lang: str) -> str:
    """``text`` in ``lang`` through the first of ``keys`` whose English it is, else as it is."""
    for key, pattern in _patterns(keys):
        found = pattern.fullmatch(text)
        if found:
            fields = {k: _field(k, v, lang) for k, v in found.groupdict().items()}
            return say(key, lang, **fields) if fields else say(key, lang).format()
    return text


# What each placeholder holds, to say it in turn; a name not listed holds a kind of value.
FIELDS = {
    "why": PROBLEMS,
    "what": WHATS,
    "yaml": YAML_REASONS,
    "node": NODES,
    "re2": RE2_REASONS,
    "codec": CODEC_REASONS,
    **dict.fromkeys(("char", "token", "handle", "alias", "tag", "pattern", "code"), ()),
}


def _field(name: str, value: str, lang: str) -> str:
    """A quoted piece in ``lang``: a kind of value, what is named, or a problem of its own; the
    characters, tokens and pattern text a library quotes are shown as they are."""
    if name == "os":  # the C library's words for an errno (os.strerror)
        key = _os_errors().get(value)
        return say(key, lang) if key else value
    return say_entry(FIELDS.get(name, KINDS), value, lang)


@functools.cache
def _os_errors() -> dict[str, str]:
    """os.strerror's text of each errno the catalogue says -> its entry."""
    return {os.strerror(code): key for code, key in OS_ERRORS.items()}


@functools.cache
def _patterns(keys: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each entry's English as a pattern: its {placeholders} match any text, {{ }} a brace."""
    out = []
    for key in keys:
        parts = re.split(r"(\{\{|\}\}|\{\w+\})", MESSAGES[key]["en"])
        regex = "".join(_piece(part) for part in parts)
        out.append((key, re.compile(regex, re.DOTALL)))
    return tuple(out)


def _piece(part: str) -> str:
    """One piece of an entry's English as a pattern."""
    if part in ("{{", "}}"):
        return re.escape(part[0])
    if part.startswith("{") and part.endswith("}"):
        return f"(?P<{part[1:-1]}>.+?)"
    return re.escape(part)
