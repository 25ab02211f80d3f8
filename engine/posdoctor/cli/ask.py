"""The `ask`, `sessions` and `report` commands: help-desk sessions from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..messages import Message, say
from .common import EXIT_OK, UserError, common, fact_inputs, gather_facts, load_kb


def add_parser(sub: Any) -> None:
    p = sub.add_parser("ask", help="help-desk questions and answers, then fixes, then escalation")
    fact_inputs(p, "already known")
    p.add_argument("--resume", metavar="ID", help="continue a saved session")
    common(p)
    p.set_defaults(run=cmd_ask)
    s = sub.add_parser("sessions", help="list, delete or import saved help-desk sessions")
    s.add_argument(
        "action",
        nargs="*",
        metavar="import [FILE|DIR ...]",
        help="import JSON session files of earlier versions (default: the old sessions folder)",
    )
    s.add_argument("--delete", nargs="+", metavar="ID", help="delete these sessions")
    s.add_argument(
        "--older-than",
        type=_days,
        metavar="DAYS",
        help="delete every session not updated for DAYS days (a retention policy)",
    )
    common(s, ("text", "json"))
    s.set_defaults(run=cmd_sessions)
    r = sub.add_parser("report", help="the escalation report of a saved session")
    r.add_argument("session", metavar="ID")
    common(r, ("markdown", "html", "json"))
    r.set_defaults(run=cmd_report)


def cmd_ask(args: argparse.Namespace) -> int:
    from ..ask.session import Session
    from ..ask.store import load
    from ..reasoning.diagnosis import Doctor
    from .conversation import Conversation

    kb = load_kb(args.kb)
    doctor = Doctor(kb)
    if args.resume:
        if args.fact or args.facts or args.log:
            raise UserError(Message("cli.resume_with_facts"))
        session = Session.from_dict(doctor, load(args.resume))
    else:
        facts, evidence = gather_facts(kb, args.facts, args.fact, args.log)
        for en, zh in evidence.notes if evidence is not None else ():  # a limit, an override
            print(say("cli.note", args.lang, note=zh if args.lang == "zh" else en))
        session = Session(doctor, facts, log=evidence, meta={"lang": args.lang})
    return Conversation(session, args.lang, _read_line, print).run()


def _read_line(prompt: str) -> str | None:
    """One line from standard input; None at its end (the session is saved, nothing is lost).
    Piped bytes are decoded as the log reader does (UTF-8, else GB18030: GBK answers work)."""
    try:
        if sys.stdin.isatty():
            return input(prompt)
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:
            line = sys.stdin.readline()
            return line.rstrip("\n") if line else None
        raw = buffer.readline()
        if not raw:
            return None
        from ..logs.logscan import decode

        return decode(raw).rstrip("\r\n")
    except EOFError:
        return None


def _days(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if not days >= 0 or days == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of days, 0 or more (got {text!r})")
    return days


def cmd_sessions(args: argparse.Namespace) -> int:
    import time

    from ..ask.store import delete, list_sessions, prune

    if args.action:
        return _import(args)
    if args.delete or args.older_than is not None:
        # the named ones first: a mistyped id stops everything before anything is deleted
        deleted = delete(args.delete or [])
        if args.older_than is not None:
            deleted += prune(args.older_than)
        if args.format == "json":
            print(json.dumps({"deleted": deleted}, ensure_ascii=False))
        elif not deleted:
            print(say("cli.nothing_to_delete", args.lang))
        else:
            for sid in deleted:
                print(say("cli.deleted", args.lang, id=sid))
        return EXIT_OK
    rows = list_sessions()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(row["updated"]))
        answers = say("cli.answers_count", args.lang, n=row["answers"])
        print(f"{row['id']}  {when}  {row['status']:<9}  {answers}")
    if not rows:
        print(say("cli.no_sessions", args.lang))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """``sessions import [FILE|DIR ...]``: JSON session files into the store, unchanged."""
    from ..ask.store import import_files

    if args.action[0] != "import":
        raise UserError(Message("store.import_usage", word=args.action[0]))
    imported, damaged = import_files(args.action[1:])
    for sid in imported:
        print(say("store.imported", args.lang, id=sid))
    for path, why in damaged:
        print(say("store.damaged", args.lang, path=path, why=why))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from ..ask.session import Session
    from ..ask.store import load
    from ..reasoning.diagnosis import Doctor
    from .conversation import Conversation

    doctor = Doctor(load_kb(args.kb))
    session = Session.from_dict(doctor, load(args.session))
    conv = Conversation(session, args.lang, lambda p: None, print, autosave=False)
    print(conv.report(args.format))
    return EXIT_OK
