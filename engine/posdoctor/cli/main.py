"""The ``posdoctor`` command: thin glue from arguments to the library, errors to one line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from ..fleet import cli as fleet
from ..kb.problem_words import problem_text
from ..kb.problems import KnowledgeBaseError, UserInputError
from ..messages import LANGUAGES, say
from . import ask, audit, db, runbook, serve, users
from .common import EXIT_KB, EXIT_OK, EXIT_USAGE, common, fact_inputs, gather_facts, load_kb
from .parser import chosen_lang, default_lang, lang_before_command, lang_of, parser_class


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        return _run(argv)
    except BrokenPipeError:  # the reader went away (`| head -1`): stop quietly, as Unix tools do
        _discard_stdout()
        return EXIT_OK


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture it): nothing to flush there
        pass


def _run(argv: Sequence[str] | None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    first, given = lang_before_command(given)
    with chosen_lang(first if first in LANGUAGES else None):
        parser = build_parser(lang_of(given))
        if first is not None and first not in LANGUAGES:
            parser.error(f"argument --lang: invalid choice: {first!r} (choose from 'zh', 'en')")
        args = parser.parse_args(given)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except UserInputError as exc:  # bad facts, options, session ids, ...: one line, exit 2
        lang = getattr(args, "lang", "en")
        print(say("cli.error_line", lang, message=exc.text(lang)), file=sys.stderr)
        return EXIT_USAGE
    except KnowledgeBaseError as exc:
        for problem in exc.problems[:20]:
            print(problem_text(problem, getattr(args, "lang", "en")), file=sys.stderr)
        print(say("cli.kb_has_errors", getattr(args, "lang", "en")), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(say("cli.interrupted", getattr(args, "lang", "en")), file=sys.stderr)
        return 130


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    parser = parser_class(lang)(
        prog="posdoctor",
        description="Why did a POS terminal's remote update fail, and how to fix it.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and the matcher")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_kb(sub)
    _add_diagnose(sub)
    ask.add_parser(sub)
    runbook.add_parser(sub)
    fleet.register(sub, default_lang())
    serve.add_parser(sub)
    users.add_parser(sub)
    db.add_parser(sub)
    audit.add_parser(sub)
    return parser


class _Version(argparse.Action):
    """--version: posdoctor's version, the Python it runs on, and the matcher that runs."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        from .._version import __version__
        from ..engine import MatcherError, default_matcher, describe

        try:
            matcher = describe(default_matcher())
        except MatcherError as exc:
            parser.exit(EXIT_USAGE, f"posdoctor: error: {exc}\n")
        python = sys.version.split()[0]
        print(f"posdoctor {__version__} (Python {python}; rules matched by {matcher})")
        parser.exit()


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
    from ..engine import compile_rules, default_matcher, describe
    from ..kb.loader import check_knowledge_base

    kb, problems = check_knowledge_base(args.kb)
    matcher = default_matcher()
    if kb is not None:
        problems.extend(compile_rules(kb, matcher).problems)
    for problem in problems:
        print(problem_text(problem, args.lang))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(say("kb_check.summary", args.lang, errors=errors, warnings=warnings))
        return EXIT_KB
    assert kb is not None
    counts = {k: len(getattr(kb, k)) for k in ("causes", "facts", "rules", "steps", "signatures")}
    more = say("kb_check.ok_warnings", args.lang, n=warnings) if warnings else ""
    print(say("kb_check.ok", args.lang, **counts, warnings=more, matcher=describe(matcher)))
    return EXIT_OK


def cmd_kb_list(args: argparse.Namespace) -> int:
    from ..kb.listing import kb_listing

    kb = load_kb(args.kb)
    rows = kb_listing(kb, args.what, args.lang)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    from ..output.textout import print_listing

    print_listing(rows, args.what, args.lang)
    return EXIT_OK


# ---- diagnose ---------------------------------------------------------------------------------


def cmd_diagnose(args: argparse.Namespace) -> int:
    from ..output.report import diagnosis_dict
    from ..reasoning.diagnosis import Doctor
    from ..reasoning.voi import rank_questions

    kb = load_kb(args.kb)
    facts, evidence = gather_facts(kb, args.facts, args.fact, args.log)
    doctor = Doctor(kb)
    diagnosis = doctor.diagnose(facts, checked=True)
    next_checks = rank_questions(doctor, diagnosis)
    data = diagnosis_dict(kb, diagnosis, next_checks, args.lang, args.top)
    write_diagnosis(data, args.format, args.lang, evidence)
    return EXIT_OK


def write_diagnosis(data: dict[str, Any], fmt: str, lang: str, log_evidence: Any) -> None:
    if log_evidence is not None:
        from ..output.report import attach_log

        attach_log(data, log_evidence, lang)
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt in ("markdown", "html"):
        from ..output.render import render_diagnosis

        sys.stdout.write(render_diagnosis(data, fmt, lang))
    else:
        from ..output.textout import print_diagnosis

        print_diagnosis(data, lang)
