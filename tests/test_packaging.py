"""The wheel ships the knowledge base and templates, and works installed into a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("posdoctor-*.whl")
    return found


def test_wheel_holds_every_yaml_and_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("knowledge", "rules"):
        for path in (ROOT / folder).rglob("*.yaml"):
            assert f"posdoctor/{path.relative_to(ROOT).as_posix()}" in names
    templates = ROOT / "engine" / "posdoctor" / "output" / "templates"
    for path in templates.rglob("*"):
        if path.is_file():
            assert f"posdoctor/output/templates/{path.relative_to(templates).as_posix()}" in names
    assert "posdoctor/py.typed" in names


def test_installed_wheel_checks_the_bundled_kb_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    bin_dir = env / "bin"
    subprocess.run([bin_dir / "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [bin_dir / "posdoctor", "kb", "check"], cwd=elsewhere, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("ok: ")
    result = subprocess.run(
        [
            bin_dir / "python",
            "-m",
            "posdoctor",
            "diagnose",
            "--format",
            "json",
            "--fact",
            "network_connected=false",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert '"causes"' in result.stdout
