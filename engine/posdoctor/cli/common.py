"""What every command shares: exit statuses, the user-error type, the common options, loading
the knowledge base, and gathering facts from --fact, --facts and --log."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..kb.answers import FactError
from ..kb.problems import UserInputError
from ..messages import Message

EXIT_OK, EXIT_KB, EXIT_USAGE = 0, 1, 2


class UserError(UserInputError):
    """A mistake in what the user asked for: shown as one line, exit 2."""


def default_lang() -> str:
    """zh when the environment says Chinese, else en (override with POSDOCTOR_LANG)."""
    lang = os.environ.get("POSDOCTOR_LANG") or os.environ.get("LANG", "")
    return "zh" if lang.lower().startswith("zh") else "en"


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
        metavar="FILE",
        help="a log or error text to read facts from ('-' = standard input)",
    )


def load_kb(path: str | None) -> Any:
    from ..kb.loader import load_knowledge_base

    return load_knowledge_base(path)


def gather_facts(
    kb: Any, facts_file: str | None, fact_args: Sequence[str], log: str | None
) -> tuple[dict[str, Any], Any]:
    """Facts from a log, then a file, then --fact options (later ones win)."""
    from ..kb.answers import check_answers, check_fact_id, convert, is_unknown

    facts: dict[str, Any] = {}
    evidence = None
    if log:
        from ..logs.logscan import scan_log_file

        progress = _progress_printer(log)
        try:
            evidence = scan_log_file(kb, log, progress=progress)
        except OSError as exc:
            why = _reason(exc)
            raise UserError(Message("cli.cannot_read", path=log, why=why)) from None
        if progress is not None:
            print(file=sys.stderr)  # end the progress line
        facts.update(evidence.facts)
    if facts_file:
        facts.update(read_facts_file(kb, facts_file))
    for item in fact_args:
        name, sep, value = item.partition("=")
        if not sep:
            raise UserError(Message("cli.fact_format", item=repr(item)))
        fact = check_fact_id(kb, name.strip())
        if is_unknown(value):
            facts.pop(fact.id, None)
        else:
            facts[fact.id] = convert(fact, value)
    return check_answers(kb, facts), evidence


def read_facts_file(kb: Any, path: str) -> dict[str, Any]:
    """Facts from a JSON or YAML file: a mapping, or a mapping with a 'facts' mapping inside."""
    from ..kb.answers import check_answers
    from ..kb.yamlfile import read_yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = _reason(exc)
        raise UserError(Message("cli.cannot_read", path=path, why=why)) from None
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            at = {"path": path, "line": exc.lineno, "col": exc.colno}
            raise UserError(Message("cli.invalid_json", **at, error=exc.msg)) from None
        marks: Callable[[tuple], tuple[int, int]] = lambda p: (1, 1)  # noqa: E731
    else:
        doc = read_yaml(text, path)
        if doc.problems:
            raise UserError(str(doc.problems[0]))
        data, marks = doc.data, doc.where
    prefix: tuple = ()
    if isinstance(data, dict) and isinstance(data.get("facts"), dict):
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


def _progress_printer(path: str) -> Callable[[int], None] | None:
    """Progress on the terminal for big logs (nothing when stderr is not a terminal)."""
    if path == "-" or not sys.stderr.isatty():
        return None
    try:
        size = os.path.getsize(path)
    except OSError:
        return None
    if size < 20 * 1024 * 1024:
        return None

    def show(done: int) -> None:
        print(f"\rreading {path}: {done * 100 // size}%", end="", file=sys.stderr, flush=True)

    return show


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
