"""Run the tests on every supported Python: `nox` (or `nox -s tests-3.13`).

Each session is a plain venv with the project installed editable with its test extra. durable-rules
installs (and is the matcher of record) on 3.11 and 3.12; on 3.13 the plain-Python matcher runs.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]


@nox.session(python=["3.11", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("posdoctor", "--version")
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("ruff", "check", "engine", "tests", "bench")
    session.run("ruff", "format", "--check", "engine", "tests", "bench")
    session.run("lint-imports", "--no-cache")
    session.run("mypy")
