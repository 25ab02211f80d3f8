"""What every command shares: exit statuses, the user-error type, the common options, loading
the knowledge base, and gathering facts from --fact, --facts and --log."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..kb.answers import FactError
from ..kb.problems import OS_ERRORS, UserInputError
from ..messages import Message, say
from .parser import default_lang

EXIT_OK, EXIT_KB, EXIT_USAGE = 0, 1, 2


class UserError(UserInputError):
    """A mistake in what the user asked for: shown as one line, exit 2."""


STATUS_WORDS = {  # a session's status in words (catalogue keys); others are shown as they are
    "open": "session_status.open",
    "resolved": "session_status.resolved",
    "escalated": "session_status.escalated",
}


def status_word(status: str, lang: str) -> str:
    """A session's status in ``lang``, padded to one width (Chinese characters count two)."""
    word = say(STATUS_WORDS[status], lang) if status in STATUS_WORDS else status
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in word)
    return word + " " * max(9 - width, 0)


def common(p: argparse.ArgumentParser, formats: Sequence[str] = ()) -> None:
    """Options every command has: --kb, --lang and (when it has several) --format."""
    p.add_argument(
        "--kb",
        metavar="DIR",
        help="a knowledge base folder (knowledge/, rules/) instead of the bundled one",
    )
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=default_lang(),
        help="language of the output (default: from POSDOCTOR_LANG or LANG)",
    )
    if formats:
        p.add_argument(
            "--format",
            choices=formats,
            default=formats[0],
            help=f"output format (default: {formats[0]})",
        )


def fact_inputs(p: argparse.ArgumentParser, known: str) -> None:
    """--fact, --facts and --log: where the facts come from."""
    p.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"a fact {known} (repeatable), e.g. --fact some_fact=false "
        "(see: posdoctor kb list facts)",
    )
    p.add_argument("--facts", metavar="FILE", help=f"facts {known}, from a JSON or YAML file")
    p.add_argument(
        "--log",
        action="append",
        default=[],
        metavar="FILE",
        help="a log or error text to read facts from ('-' = standard input; repeatable: "
        "several are read in order as one)",
    )


def load_kb(path: str | None) -> Any:
    from ..kb.loader import load_knowledge_base

    return load_knowledge_base(path)


def gather_facts(
    kb: Any, facts_file: str | None, fact_args: Sequence[str], logs: Sequence[str] | str | None
) -> tuple[dict[str, Any], Any]:
    """Facts from the logs, then a file, then --fact options: each wins over the one before,
    and where one overrides a log's value the log's evidence says so."""
    from ..kb.answers import check_answers

    facts: dict[str, Any] = {}
    evidence = None
    if logs:
        evidence = _read_logs(kb, [logs] if isinstance(logs, str) else list(logs))
        facts.update(evidence.facts)
    given: dict[str, tuple[Any, str]] = {}  # fact -> (value or None for unknown, where from)
    if facts_file:
        given.update((f, (v, facts_file)) for f, v in read_facts_file(kb, facts_file).items())
    given.update(_fact_options(kb, fact_args))
    for fact_id, (value, source) in given.items():
        if evidence is not None and fact_id in evidence.facts:
            _note_override(evidence, fact_id, value, source)
        if value is None:
            facts.pop(fact_id, None)
        else:
            facts[fact_id] = value
    return check_answers(kb, facts), evidence


def _read_logs(kb: Any, logs: list[str]) -> Any:
    from ..logs.logscan import scan_log_files

    progress = _progress_printer(logs[0]) if len(logs) == 1 else None
    try:
        evidence = scan_log_files(kb, logs, progress=progress)
    except OSError as exc:
        why = _reason(exc)
        where = exc.filename or logs[0]
        raise UserError(Message("cli.cannot_read", path=where, why=why)) from None
    if progress is not None:
        print(file=sys.stderr)  # end the progress line
    return evidence


def _fact_options(kb: Any, fact_args: Sequence[str]) -> dict[str, tuple[Any, str]]:
    """--fact NAME=VALUE options: fact -> (value, "--fact"), None for unknown; the same fact
    twice is fine with the same value and an error with two different ones."""
    from ..kb.answers import check_fact_id, convert, is_unknown

    out: dict[str, tuple[Any, str]] = {}
    typed: dict[str, str] = {}
    for item in fact_args:
        name, sep, value = item.partition("=")
        if not sep:
            raise UserError(Message("cli.fact_format", item=repr(item)))
        fact = check_fact_id(kb, name.strip())
        converted = None if is_unknown(value) else convert(fact, value)
        if fact.id in out and out[fact.id][0] != converted:
            first = typed[fact.id]
            raise UserError(Message("cli.fact_disagree", first=first, item=item, fact=fact.id))
        out[fact.id], typed[fact.id] = (converted, "--fact"), item
    return out


def _note_override(evidence: Any, fact_id: str, value: Any, source: str) -> None:
    """Note in the log's evidence that ``source`` replaced (or removed) what the log said."""
    from ..kb.values import show

    logged = show(evidence.facts[fact_id])
    if value == evidence.facts[fact_id]:
        return
    lines = [m.line for m in evidence.matches if fact_id in m.sets]
    at = Message("cli.log_line", line=lines[-1]) if lines else ""
    if value is None:
        evidence.note(
            Message("cli.log_not_used", fact=fact_id, logged=logged, at=at, source=source)
        )
        return
    used = show(value)
    evidence.note(
        Message("cli.log_overridden", fact=fact_id, used=used, source=source, logged=logged, at=at)
    )


def read_facts_file(kb: Any, path: str) -> dict[str, Any]:
    """Facts from a JSON or YAML file: a mapping, or a mapping with a 'facts' mapping inside."""
    from ..kb.answers import check_answers
    from ..kb.problem_words import problem_text
    from ..kb.yamlfile import read_yaml

    text = _read_facts_text(path)
    if path.endswith(".json"):
        data = _read_json(text, path)
        marks: Callable[[tuple], tuple[int, int]] = lambda p: _json_where(text, p)  # noqa: E731
    else:
        doc = read_yaml(text, path)
        if doc.problems:
            raise UserError(str(doc.problems[0]), zh=problem_text(doc.problems[0], "zh"))
        data, marks = doc.data, doc.where
    prefix: tuple = ()
    if isinstance(data, dict) and "facts" in data and "facts" not in kb.facts:
        if not isinstance(data["facts"], dict):
            line, col = marks(("facts",))
            got = Message(_KINDS.get(type(data["facts"]).__name__, "cli.kind_other"))
            raise UserError(
                Message("cli.facts_key_not_mapping", path=path, line=line, col=col, got=got)
            )
        data, prefix = data["facts"], ("facts",)
    if not isinstance(data, dict):
        raise UserError(Message("cli.facts_not_mapping", path=path))
    out = {}
    for name, value in data.items():
        try:
            out.update(check_answers(kb, {name: value}))
        except FactError as exc:
            line, col = marks(prefix + (name,))
            where = f"{path}:{line}:{col}: "
            problem = exc.message or str(exc)
            raise FactError(Message("error.located", where=where, problem=problem)) from None
    return out


_KINDS = {  # a YAML or JSON value's Python type -> what the user wrote, in the catalogue
    "list": "cli.kind_list",
    "str": "cli.kind_text",
    "int": "cli.kind_number",
    "float": "cli.kind_number",
    "bool": "cli.kind_bool",
    "NoneType": "cli.kind_none",
}
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _read_facts_text(path: str) -> str:
    """A facts file's text, at most yamlfile.MAX_BYTES of it."""
    from ..kb.yamlfile import MAX_BYTES, read_limited

    try:
        raw = read_limited(path)
        text = raw.decode("utf-8-sig") if raw is not None else ""
    except (OSError, UnicodeDecodeError) as exc:
        why = _reason(exc)
        raise UserError(Message("cli.cannot_read", path=path, why=why)) from None
    if raw is None:
        raise UserError(Message("cli.file_too_big", path=path, mib=MAX_BYTES // 2**20))
    return text


def _read_json(text: str, path: str) -> Any:
    """Parse JSON no deeper than yamlfile.MAX_DEPTH; numbers too big for a float stay as typed."""
    from ..kb.yamlfile import MAX_DEPTH

    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > MAX_DEPTH:
            line, col = _line_col(text, token.start())
            raise UserError(Message("cli.too_deep", path=path, line=line, col=col, depth=MAX_DEPTH))
    try:
        return json.loads(text, parse_float=_json_number, parse_int=_json_number)
    except json.JSONDecodeError as exc:
        raise UserError(
            Message("cli.invalid_json", path=path, line=exc.lineno, col=exc.colno, error=exc.msg)
        ) from None


def _json_number(typed: str) -> Any:
    """A JSON number as Python's; one beyond a float's range stays the text typed, so that its
    message can show it."""
    if len(typed) > 30:
        return typed
    number = float(typed) if any(c in typed for c in ".eE") else int(typed)
    return number if math.isfinite(number) else typed


def _json_where(text: str, path: tuple) -> tuple[int, int]:
    """Where the key at the end of ``path`` is first written in a JSON text, else 1:1."""
    if not path:
        return 1, 1
    found = re.search(re.escape(json.dumps(path[-1], ensure_ascii=False)) + r"\s*:", text)
    return _line_col(text, found.start()) if found else (1, 1)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _progress_printer(path: str) -> Callable[[int], None] | None:
    """Progress on the terminal for big logs (nothing when stderr is not a terminal)."""
    if path == "-" or not sys.stderr.isatty():
        return None
    from ..logs.logscan import MAX_LOG_BYTES

    try:
        size = min(os.path.getsize(path), MAX_LOG_BYTES)  # no more is read
    except OSError:
        return None
    if size < 20 * 1024 * 1024:
        return None

    def show(done: int) -> None:
        print(f"\rreading {path}: {done * 100 // size}%", end="", file=sys.stderr, flush=True)

    return show


def _reason(exc: Exception) -> Message | str:
    """Why a file could not be read, said in the reader's language when the errno is known."""
    if isinstance(exc, UnicodeDecodeError):
        return Message("os_error.not_utf8")
    if isinstance(exc, OSError) and exc.errno in OS_ERRORS:
        return Message(OS_ERRORS[exc.errno])
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
