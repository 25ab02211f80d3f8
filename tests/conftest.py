"""Shared fixtures: the bundled knowledge base, the small test KB, and doctors for both."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

TESTS = Path(__file__).parent
ROOT = TESTS.parent  # the bundled knowledge base: knowledge/ and rules/
MINI_KB = TESTS / "kb" / "mini"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the KB cache of test runs out of the user's own cache folder (and remove it after)."""
    import os
    import tempfile

    if "POSDOCTOR_CACHE" not in os.environ:
        os.environ["POSDOCTOR_CACHE"] = config.stash[_CACHE] = tempfile.mkdtemp(
            prefix="posdoctor-cache-"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the KB cache folder pytest_configure made (each is ~540 KB a KB version)."""
    import shutil

    made = config.stash.get(_CACHE, None)
    if made:
        shutil.rmtree(made, ignore_errors=True)


_CACHE = pytest.StashKey[str]()


@pytest.fixture(autouse=True)
def _close_the_cli_stores() -> Iterator[None]:
    """After each test, close the stores ``ask``/``sessions`` opened in this process (each test
    has its own POSDOCTOR_HOME): an unclosed SQLite connection is a ResourceWarning on 3.13."""
    yield
    opened = sys.modules.get("posdoctor.ask.store")
    if opened is not None:
        opened.close_stores()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden", action="store_true", help="rewrite golden files from the current output"
    )


@pytest.fixture(scope="session")
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def kb() -> posdoctor.KnowledgeBase:
    return posdoctor.load_knowledge_base()


@pytest.fixture(scope="session")
def doctor(kb: posdoctor.KnowledgeBase) -> posdoctor.Doctor:
    return posdoctor.Doctor(kb)


@pytest.fixture(scope="session")
def scanner(kb: posdoctor.KnowledgeBase) -> LogScanner:
    """The shipped knowledge base's log scanner, compiled once for the run."""
    return LogScanner(kb)


@pytest.fixture(scope="session")
def mini_kb() -> posdoctor.KnowledgeBase:
    return posdoctor.load_knowledge_base(MINI_KB)


@pytest.fixture(scope="session")
def mini(mini_kb: posdoctor.KnowledgeBase) -> posdoctor.Doctor:
    return posdoctor.Doctor(mini_kb)


@pytest.fixture(scope="session")
def mini_closed(tmp_path_factory: pytest.TempPathFactory) -> posdoctor.Doctor:
    """The mini knowledge base with every prior doubled (they add up to 0.96): "another cause"
    is small, so the fix loop goes through the steps instead of escalating (ask/fixing.py)."""
    import re
    import shutil

    root = tmp_path_factory.mktemp("mini_closed") / "kb"
    shutil.copytree(MINI_KB, root)
    base = root / "knowledge" / "base.yaml"
    text = base.read_text(encoding="utf-8")
    base.write_text(
        re.sub(r"prior: ([0-9.]+)", lambda m: f"prior: {2 * float(m[1]):g}", text),
        encoding="utf-8",
    )
    return posdoctor.Doctor(posdoctor.load_knowledge_base(root))
