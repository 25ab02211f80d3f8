"""Shared fixtures: the bundled knowledge base, the small test KB, and doctors for both."""

from __future__ import annotations

from pathlib import Path

import pytest

import posdoctor

TESTS = Path(__file__).parent
ROOT = TESTS.parent  # the bundled knowledge base: knowledge/ and rules/
MINI_KB = TESTS / "kb" / "mini"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the KB cache of test runs out of the user's own cache folder."""
    import os
    import tempfile

    os.environ.setdefault("POSDOCTOR_CACHE", tempfile.mkdtemp(prefix="posdoctor-cache-"))


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
def mini_kb() -> posdoctor.KnowledgeBase:
    return posdoctor.load_knowledge_base(MINI_KB)


@pytest.fixture(scope="session")
def mini(mini_kb: posdoctor.KnowledgeBase) -> posdoctor.Doctor:
    return posdoctor.Doctor(mini_kb)
