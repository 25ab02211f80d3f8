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


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, saying help texts and the usage prefix in ``lang``."""

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
