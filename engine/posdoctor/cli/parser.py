"""argparse in the reader's language: --help, usage and errors said through the catalogue.

The commands declare their options in English (argparse's way); a Parser made for ``lang``
says every help text, section title and error in that language by looking the English up in
the catalogue's ``help.*`` and ``argparse.*`` entries. An error is one line: what is wrong, and
where to read more (no usage block).
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NoReturn

from ..messages import MESSAGES, say

HELP_KEYS = (  # every help text, description and section title of the commands
    "help.posdoctor", "help.help", "help.version", "help.kb", "help.diagnose", "help.ask",
    "help.sessions", "help.report", "help.runbook", "help.fleet", "help.kb_check",
    "help.kb_list", "help.kb_dir", "help.lang", "help.format", "help.fact_known",
    "help.facts_known", "help.log", "help.top", "help.fact_already", "help.facts_already",
    "help.resume", "help.delete", "help.older_than", "help.runbook_about", "help.cause",
    "help.category", "help.all", "help.output", "help.templates", "help.fleet_triage",
    "help.fleet_generate", "help.fleet_files", "help.dims", "help.columns", "help.fleet_out",
    "help.engine", "help.fleet_top", "help.fleet_kb", "help.no_diagnosis",
    "help.generate_out", "help.causes", "help.case_study", "help.positional",
    "help.options", "help.commands", "help.kb_commands", "help.fleet_commands",
    "help.serve", "help.users", "help.db", "help.audit", "help.import", "help.db_url",
    "help.host", "help.port", "help.workers", "help.users_commands", "help.users_add",
    "help.users_list", "help.users_disable", "help.team", "help.password_stdin",
    "help.db_commands", "help.db_upgrade", "help.audit_commands", "help.audit_verify",
)  # fmt: skip
ERRORS = (  # argparse's English messages (Python 3.11-3.13) -> the entry saying the same
    (r"argument (?P<name>.+?): (?P<message>.+)", "argparse.argument"),
    (r"expected one argument", "argparse.expected_one"),
    (r"expected at least one argument", "argparse.expected_some"),
    (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", "argparse.choice"),
    (r"the following arguments are required: (?P<names>.+)", "argparse.required"),
    (r"unrecognized arguments: (?P<args>.+)", "argparse.unrecognized"),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "argparse.invalid_value"),
    (r"ambiguous option: (?P<option>.+?) could match (?P<matches>.+)", "argparse.ambiguous"),
    (r"not allowed with argument (?P<name>.+)", "argparse.not_with"),
    (r"expected a positive whole number \(got (?P<value>.+)\)", "argparse.positive"),
)


def say_argparse(message: str, lang: str) -> str:
    """An argparse error message in ``lang`` (as it is when no entry says it)."""
    if lang == "en":
        return message
    for pattern, key in ERRORS:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            fields = found.groupdict()
            if "message" in fields:
                fields["message"] = say_argparse(fields["message"], lang)
            return say(key, lang, **fields)
    return message


def say_help(text: str, lang: str) -> str:
    """A help text, description or section title in ``lang`` (as it is when not catalogued)."""
    if lang == "en" or not text:
        return text
    for key, pattern in _help_patterns():
        found = pattern.fullmatch(text)
        if found:
            return say(key, lang, **found.groupdict())
    return text


@functools.cache
def _help_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each help entry's English as a pattern, its {placeholders} matching any text."""
    out = []
    for key in HELP_KEYS:
        parts = re.split(r"\{(\w+)\}", MESSAGES[key]["en"])
        literal = [re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)]
        out.append((key, re.compile("".join(literal), re.DOTALL)))
    return tuple(out)


# ---- wrapping by display width: a Chinese character takes two columns of a terminal ----------

NO_LINE_START = set("，。、；：？！）」』】》”’…,.;:!?)]%")  # stays with what it follows
NO_LINE_END = set("（「『【《“‘([")  # stays with what follows it


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian Wide and Fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pieces(text: str) -> list[tuple[str, str]]:
    """(text, kind) pieces a line may break between: a run of narrow characters, one wide
    character, or a space; punctuation is kept with the piece it belongs to."""
    out: list[tuple[str, str]] = []
    for ch in text:
        kind = "space" if ch.isspace() else "wide" if display_width(ch) == 2 else "narrow"
        last = out[-1] if out else None
        if (
            last
            and kind != "space"
            and last[1] != "space"
            and (ch in NO_LINE_START or last[0][-1] in NO_LINE_END or kind == last[1] == "narrow")
        ):
            out[-1] = (last[0] + ch, kind)
        elif not (last and kind == last[1] == "space"):
            out.append((ch, kind))
    return out


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces or between Chinese
    characters (a piece wider than a line is cut)."""
    lines, line, spaced = [], "", False
    for piece, kind in _pieces(text):
        if kind == "space":
            spaced = bool(line)
            continue
        joined = line + (" " if spaced else "") + piece
        if line and display_width(joined) > width:
            lines.append(line)
            joined = piece
        while display_width(joined) > width and len(joined) > 1:
            cut = _fitting(joined, width)
            lines.append(joined[:cut])
            joined = joined[cut:]
        line, spaced = joined, False
    return [*lines, line] if line else lines


def _fitting(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` columns (at least one)."""
    used = 0
    for i, ch in enumerate(text):
        used += display_width(ch)
        if used > width:
            return max(i, 1)
    return len(text)


_USAGE_PART = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]|\S+")  # [-x X], [a [b]], FILE


def _reflow_usage(text: str, prefix: str, width: int) -> str:
    """A usage line argparse let grow past ``width`` (an option wider than what is left beside
    the command's name), filled again with its later lines indented by four spaces."""
    parts = _USAGE_PART.findall(text[len(prefix) :])
    return "\n".join(wrap_parts([prefix + parts[0], *parts[1:]], width, "    "))


def wrap_parts(parts: list[str], width: int, indent: str) -> list[str]:
    """``parts`` joined by spaces in lines of at most ``width`` columns (later ones indented);
    a part too wide for any line is broken at its spaces."""
    lines: list[str] = []
    for part in parts:
        line = lines[-1] + " " + part if lines else part
        if lines and display_width(line) <= width:
            lines[-1] = line
            continue
        pieces = wrap(part, width - len(indent)) if lines else [part]
        lines.extend((indent if lines or i else "") + p for i, p in enumerate(pieces))
    return lines


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, saying help texts and the usage prefix in ``lang``, and wrapping
    text that holds Chinese by the columns it takes rather than by its characters."""

    def __init__(self, prog: str, lang: str = "en"):
        super().__init__(prog)
        self.lang = lang

    def _expand_help(self, action: argparse.Action) -> str:
        return say_help(super()._expand_help(action), self.lang)

    def _format_text(self, text: str) -> str:
        return super()._format_text(say_help(text, self.lang))

    def start_section(self, heading: str | None) -> None:
        super().start_section(say_help(heading or "", self.lang) or heading)

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        prefix = prefix if prefix is not None else say("argparse.usage", self.lang)
        super().add_usage(usage, actions, groups, prefix)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        shown = prefix if prefix is not None else say("argparse.usage", self.lang)
        stand_in = "\x1f" * display_width(shown)  # argparse measures the prefix with len()
        text = super()._format_usage(usage, actions, groups, stand_in).replace(stand_in, shown, 1)
        if max(map(display_width, text.splitlines())) <= self._width:
            return text
        return _reflow_usage(text, shown, self._width) + "\n\n"

    def _split_lines(self, text: str, width: int) -> list[str]:
        if display_width(text) == len(text):
            return super()._split_lines(text, width)
        return wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if display_width(text) == len(text):
            return super()._fill_text(text, width, indent)
        lines = wrap(self._whitespace_matcher.sub(" ", text).strip(), width - len(indent))
        return "\n".join(indent + line for line in lines)


def parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """An ArgumentParser class whose parsers (subcommands too) speak ``lang``."""

    class Parser(argparse.ArgumentParser):
        """A parser saying its help and errors in ``lang``; an error is one line, exit 2."""

        def _get_formatter(self) -> argparse.HelpFormatter:
            return Formatter(self.prog, lang)

        def error(self, message: str) -> NoReturn:
            said = say_argparse(message, lang)
            self.exit(2, say("argparse.error_line", lang, prog=self.prog, message=said) + "\n")

    return Parser


# ---- which language: --lang before the command, --lang after it, the environment ----------

_CHOSEN: ContextVar[str | None] = ContextVar("lang_before_command", default=None)


def default_lang() -> str:
    """The --lang given before the command, else zh when the environment says Chinese, else en
    (override with POSDOCTOR_LANG)."""
    chosen = _CHOSEN.get()
    if chosen:
        return chosen
    lang = os.environ.get("POSDOCTOR_LANG") or os.environ.get("LANG", "")
    return "zh" if lang.lower().startswith("zh") else "en"


def lang_before_command(argv: list[str]) -> tuple[str | None, list[str]]:
    """``posdoctor --lang zh diagnose ...``: the --lang given before the command, taken out."""
    if len(argv) >= 2 and argv[0] == "--lang":
        return argv[1], argv[2:]
    if argv and argv[0].startswith("--lang="):
        return argv[0].partition("=")[2], argv[1:]
    return None, argv


def lang_of(argv: list[str]) -> str:
    """The language a command line asks for (its last --lang), to say argparse's errors in."""
    lang = default_lang()
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    return lang if lang in ("zh", "en") else default_lang()


@contextmanager
def chosen_lang(lang: str | None) -> Iterator[None]:
    """While parsing: the default of every command's --lang is ``lang`` (when given)."""
    token = _CHOSEN.set(lang)
    try:
        yield
    finally:
        _CHOSEN.reset(token)
