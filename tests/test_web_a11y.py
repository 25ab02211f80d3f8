"""Accessibility audit of the web desk: axe-core run by Playwright (Debian's Chromium) on the
login, call, board and report pages, in zh and en; no serious or critical violation.

axe-core is not downloaded at run time: .ci/run fetches the pinned release from the npm
registry (``npm pack axe-core@AXE_VERSION``) and sets POSDOCTOR_AXE to its axe.min.js. Without
it the test skips (fails when POSDOCTOR_REQUIRE_AXE is set, as .ci/run does).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_web_browser import FLASH, PASSWORD, Server, truth
from .test_web_browser import browser as browser  # the fixture

AXE_VERSION = "4.11.1"
SEVERE = ("serious", "critical")


@pytest.fixture(scope="module")
def axe() -> str:
    path = os.environ.get("POSDOCTOR_AXE", "")
    if not path or not Path(path).is_file():
        why = f"axe-core {AXE_VERSION} not found (POSDOCTOR_AXE={path!r}; .ci/run fetches it)"
        if os.environ.get("POSDOCTOR_REQUIRE_AXE"):
            pytest.fail(why)
        pytest.skip(why)
    return path


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with Server(tmp_path_factory.mktemp("a11y") / "desk.db") as s:
        s.app.state.desk.store.add_user("boss", "lead", PASSWORD, "l1", "en")  # an English lead
        yield s


def audit(page: Any, axe: str, severe: tuple[str, ...] = SEVERE) -> list[str]:
    """The violations of the ``severe`` impacts axe finds on the page, one line each."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=axe)
    got = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id,"
        " impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))"
        ".slice(0, 3)}))}; }"
    )
    assert got["passes"] > 10, got  # the audit ran its rules on a real page
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
        for v in got["violations"]
        if v["impact"] in severe
    ]


@pytest.mark.parametrize(("name", "locale"), [("boss", "en-GB"), ("zhao", "zh-CN")])
def test_axe_finds_no_serious_violation_on_the_desks_pages(
    browser: Any, desk: Server, axe: str, name: str, locale: str
) -> None:
    from posdoctor.web import service as svc

    d = desk.app.state.desk
    user = d.store.user(name)
    actor = svc.Actor(user.name, user.role, user.team, user.lang)
    facts = {k: v for k, v in truth(FLASH).items() if k != "update_type"}
    sid = svc.start_session(d, actor, "A-1", {"id": "POS-A1"}, None, facts, "zh")["id"]
    # the audit injects axe into the page: only its context bypasses the CSP
    context = browser.new_context(bypass_csp=True, locale=locale)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    page.goto(desk.url + "/login")
    found["login"] = audit(page, axe)
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(desk.url + "/")
    pages = {
        "calls": "/",
        "call": f"/calls/{sid}",
        "report": f"/calls/{sid}/report",
        "board": "/board",
    }
    for label, path in pages.items():
        page.goto(desk.url + path)
        found[label] = audit(page, axe)
        minor = audit(page, axe, ("moderate", "minor"))
        print(f"axe {locale} {label}: {len(found[label])} serious/critical; {minor or 'no other'}")
    assert {k: v for k, v in found.items() if v} == {}
    page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<button></button>')")
    assert [v.split(" ")[1] for v in audit(page, axe)] == ["button-name"]  # it can fail
    context.close()
