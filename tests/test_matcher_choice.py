"""Which matcher runs is said by --version and kb check, can be chosen, and a bad choice is one
line; both matchers give the same diagnosis through the command line."""

from __future__ import annotations

import json
import re
import sys

import pytest

from posdoctor.cli import main
from posdoctor.engine import available, describe

FACTS = ["--fact", "network_connected=true", "--fact", "dns_resolves_update_host=false"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's --version exits
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_python_and_the_matcher(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    python = sys.version.split()[0]
    expected = "durable-rules 2.0.28" if "durable" in available() else "python (plain-Python"
    assert code == 0
    assert re.fullmatch(
        rf"posdoctor \d+\.\d+\.\d+ \(Python {re.escape(python)}; rules matched by .+\)\n", out
    )
    assert expected in out


def test_kb_check_says_which_matcher_ran(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSDOCTOR_MATCHER", "python")
    code, out, _ = run(["kb", "check"], capsys)
    assert code == 0
    assert out.splitlines()[-1].endswith(
        "; rules matched by python (plain-Python forward chaining)"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "foo",
            "posdoctor: error: POSDOCTOR_MATCHER='foo' is not a matcher (use one of: durable, python)\n",
        ),
    ],
)
def test_a_matcher_that_does_not_exist_is_one_line(
    value: str, message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSDOCTOR_MATCHER", value)
    for args in (["--version"], ["kb", "check"], ["diagnose", *FACTS]):
        code, out, err = run(args, capsys)
        assert (code, out, err) == (2, "", message), args


def test_both_matchers_diagnose_alike_on_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if "durable" not in available():
        pytest.skip("durable-rules does not run on this Python: nothing to compare with")
    outputs = []
    for name in ("durable", "python"):
        monkeypatch.setenv("POSDOCTOR_MATCHER", name)
        code, out, _ = run(["diagnose", *FACTS, "--format", "json"], capsys)
        assert code == 0
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1]
    assert outputs[0]["causes"][0]["id"] == "dns_failure"


def test_describe_names_each_matcher() -> None:
    assert describe("python") == "python (plain-Python forward chaining)"
    if "durable" in available():
        assert describe("durable") == "durable-rules 2.0.28"
