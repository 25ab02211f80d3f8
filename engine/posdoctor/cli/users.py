"""``posdoctor users add|list|disable``: the web desk's local accounts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..messages import Message, say
from .common import EXIT_OK, EXIT_USAGE, UserError, common
from .db import db_option, open_store

MIN_PASSWORD = 8  # ASVS 6.2.1; no upper limit below 1024, no composition rules (6.2.5, 6.2.9)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("users", help="accounts of the web desk")
    u = p.add_subparsers(title="users commands", metavar="USERS_COMMAND")
    add = u.add_parser("add", help="add an account (the password is read from standard input)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("agent", "lead", "specialist", "admin"))
    add.add_argument("--team", metavar="T", help="the team (queue) the user works in")
    add.add_argument("--password-stdin", action="store_true", help="read the password (one line)")
    db_option(add)
    common(add)
    add.set_defaults(run=cmd_add)
    lst = u.add_parser("list", help="list the accounts")
    db_option(lst)
    common(lst, ("text", "json"))
    lst.set_defaults(run=cmd_list)
    dis = u.add_parser("disable", help="disable an account and end its logins")
    dis.add_argument("name")
    db_option(dis)
    common(dis)
    dis.set_defaults(run=cmd_disable)
    p.set_defaults(run=lambda a: (p.print_help(), EXIT_USAGE)[1])


def read_password() -> str:
    """One line of standard input (UTF-8, else GB18030 as the log reader does), without its EOL."""
    raw = sys.stdin.buffer.readline(4096) if hasattr(sys.stdin, "buffer") else b""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    return text.rstrip("\r\n")


def cmd_add(args: argparse.Namespace) -> int:
    if not args.password_stdin:
        raise UserError(Message("users.no_password"))
    password = read_password()
    if len(password) < MIN_PASSWORD:
        raise UserError(Message("users.short_password", n=MIN_PASSWORD))
    store = open_store(args)
    user = store.add_user(args.name, args.role, password, args.team, args.lang)
    print(say("users.added", args.lang, name=user.name, role=user.role))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    rows = [
        {"name": u.name, "role": u.role, "team": u.team, "lang": u.lang, "disabled": u.disabled}
        for u in open_store(args).users()
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        state = "disabled" if r["disabled"] else "active"
        print(f"{r['name']:<20} {r['role']:<10} {r['team'] or '-':<16} {r['lang']:<3} {state}")
    return EXIT_OK


def cmd_disable(args: argparse.Namespace) -> int:
    open_store(args).disable_user(args.name)
    print(say("users.disabled", args.lang, name=args.name))
    return EXIT_OK
