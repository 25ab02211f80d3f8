"""The ``posdoctor`` command: thin glue from arguments to the library, errors to one line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .answers import FactError
from .problems import KnowledgeBaseError, UserInputError

EXIT_OK, EXIT_KB, EXIT_USAGE = 0, 1, 2


class UserError(UserInputError):
    """A mistake in what the user asked for: shown as one line, exit 2."""


def default_lang() -> str:
    """zh when the environment says Chinese, else en (override with POSDOCTOR_LANG)."""
    lang = os.environ.get("POSDOCTOR_LANG") or os.environ.get("LANG", "")
    return "zh" if lang.lower().startswith("zh") else "en"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except UserInputError as exc:  # bad facts, options, session ids, ...: one line, exit 2
        print(f"posdoctor: error: {exc.text(getattr(args, 'lang', 'en'))}", file=sys.stderr)
        return EXIT_USAGE
    except KnowledgeBaseError as exc:
        for problem in exc.problems[:20]:
            print(problem, file=sys.stderr)
        print(
            "posdoctor: error: the knowledge base has errors (run 'posdoctor kb check')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("posdoctor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="posdoctor",
        description="Why did a POS terminal's remote update fail, and how to fix it.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_kb(sub)
    _add_diagnose(sub)
    from . import ask_cli, runbook_cli

    ask_cli.add_parser(sub)
    runbook_cli.add_parser(sub)
    __import__(f"{__package__}.fleet.cli", fromlist=["register"]).register(sub)  # fleet triage
    return parser


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


def _add_kb(sub: Any) -> None:
    kb = sub.add_parser("kb", help="check or list the knowledge base")
    kb_sub = kb.add_subparsers(title="kb commands", metavar="KB_COMMAND")
    check = kb_sub.add_parser("check", help="report every problem in the knowledge base")
    common(check)
    check.set_defaults(run=cmd_kb_check)
    lst = kb_sub.add_parser("list", help="list causes, facts, rules, steps or signatures")
    lst.add_argument("what", choices=("causes", "facts", "rules", "steps", "signatures"))
    common(lst, ("text", "json"))
    lst.set_defaults(run=cmd_kb_list)
    kb.set_defaults(run=lambda a: (kb.print_help(), EXIT_USAGE)[1])


def _add_diagnose(sub: Any) -> None:
    p = sub.add_parser("diagnose", help="rank the causes of a failed update from facts or a log")
    fact_inputs(p, "known")
    p.add_argument("--top", type=_positive, default=5, metavar="N", help="show N causes")
    common(p, ("text", "json", "markdown", "html"))
    p.set_defaults(run=cmd_diagnose)


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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number (got {text!r})"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number (got {text!r})")
    return value


# ---- kb ---------------------------------------------------------------------------------------


def cmd_kb_check(args: argparse.Namespace) -> int:
    from .loader import check_knowledge_base

    kb, problems = check_knowledge_base(args.kb)
    if kb is not None:
        from .rete import RuleEngine

        problems.extend(RuleEngine(kb).problems)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s), {warnings} warning(s)")
        return EXIT_KB
    assert kb is not None
    print(
        f"ok: {len(kb.causes)} causes, {len(kb.facts)} facts, {len(kb.rules)} rules, "
        f"{len(kb.steps)} steps, {len(kb.signatures)} signatures"
        + (f", {warnings} warning(s)" if warnings else "")
    )
    return EXIT_OK


def cmd_kb_list(args: argparse.Namespace) -> int:
    from .listing import kb_listing

    kb = load_kb(args.kb)
    rows = kb_listing(kb, args.what, args.lang)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    from .textout import print_listing

    print_listing(rows, args.what)
    return EXIT_OK


def load_kb(path: str | None) -> Any:
    from .loader import load_knowledge_base

    return load_knowledge_base(path)


# ---- diagnose ---------------------------------------------------------------------------------


def cmd_diagnose(args: argparse.Namespace) -> int:
    from .diagnosis import Doctor

    kb = load_kb(args.kb)
    facts, evidence = gather_facts(kb, args.facts, args.fact, args.log)
    doctor = Doctor(kb)
    diagnosis = doctor.diagnose(facts, checked=True)
    write_diagnosis(diagnosis, args.format, args.lang, args.top, evidence)
    return EXIT_OK


def gather_facts(
    kb: Any, facts_file: str | None, fact_args: Sequence[str], log: str | None
) -> tuple[dict[str, Any], Any]:
    """Facts from a log, then a file, then --fact options (later ones win)."""
    from .answers import check_answers, check_fact_id, convert, is_unknown

    facts: dict[str, Any] = {}
    evidence = None
    if log:
        from .logscan import scan_log_file

        progress = _progress_printer(log)
        try:
            evidence = scan_log_file(kb, log, progress=progress)
        except OSError as exc:
            why = _reason(exc)
            raise UserError(f"cannot read {log}: {why}", f"无法读取 {log}：{why}") from None
        if progress is not None:
            print(file=sys.stderr)  # end the progress line
        facts.update(evidence.facts)
    if facts_file:
        facts.update(read_facts_file(kb, facts_file))
    for item in fact_args:
        name, sep, value = item.partition("=")
        if not sep:
            raise UserError(
                f"--fact takes NAME=VALUE (got {item!r})",
                f"--fact 的格式是 名称=值（收到 {item!r}）",
            )
        fact = check_fact_id(kb, name.strip())
        if is_unknown(value):
            facts.pop(fact.id, None)
        else:
            facts[fact.id] = convert(fact, value)
    return check_answers(kb, facts), evidence


def read_facts_file(kb: Any, path: str) -> dict[str, Any]:
    """Facts from a JSON or YAML file: a mapping, or a mapping with a 'facts' mapping inside."""
    from .answers import check_answers
    from .yamlfile import read_yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = _reason(exc)
        raise UserError(f"cannot read {path}: {why}", f"无法读取 {path}：{why}") from None
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
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
        raise UserError(
            f"{path}: expected a mapping of fact names to values",
            f"{path}：应是 事实名称 → 值 的映射",
        )
    out = {}
    for name, value in data.items():
        try:
            out.update(check_answers(kb, {name: value}))
        except FactError as exc:
            line, col = marks(prefix + (name,))
            where = f"{path}:{line}:{col}: "
            raise FactError(where + str(exc), where + exc.text("zh")) from None
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


def write_diagnosis(diagnosis: Any, fmt: str, lang: str, top: int, log_evidence: Any) -> None:
    data = diagnosis.to_dict(lang, top)
    if log_evidence is not None:
        from .report import attach_log

        attach_log(data, log_evidence, lang)
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt in ("markdown", "html"):
        from .render import render_diagnosis

        sys.stdout.write(render_diagnosis(data, fmt, lang))
    else:
        from .textout import print_diagnosis

        print_diagnosis(data, lang)
