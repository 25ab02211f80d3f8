"""The layers hold: every import goes down (cli > output > ask > logs > reasoning > engine > kb >
messages), and only the durable adapter imports durable-rules ([tool.importlinter] in
pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter import cli

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept(capsys: pytest.CaptureFixture) -> None:
    code = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 broken" in out
