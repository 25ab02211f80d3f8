"""The web help desk in a real browser: a real server (uvicorn in a thread, SQLite in tmp) and
Debian's Chromium driven by Playwright, in zh and en. Skipped when Chromium, Playwright or the
web extra is missing.

Each call is driven the way an agent drives it: by the keys of the call screen (y/n/u/1-9, a
and the value for a typed answer, w, h, b, c, f, e), reading the question off the card and
answering it from a case of the test set (tests/cases/*.yaml) as the merchant would.
Screenshots go to the test's tmp folder, and also to $POSDOCTOR_SCREENSHOTS when it is set
(docs/helpdesk/ holds the ones the guide shows).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .test_runbook_browser import ARGS, CHROMIUM

pytest.importorskip("fastapi", reason="the web extra is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed")

from posdoctor.web.app import create_app  # noqa: E402

CASES = Path(__file__).parent / "cases"
PASSWORD = "correct horse battery staple"
USERS = {  # name: (role, team, language)
    "li": ("agent", "l1", "en"),
    "wang": ("agent", "l1", "zh"),
    "zhao": ("lead", "l1", "zh"),
    "chen": ("specialist", "pos_vendor", "en"),
    "liu": ("specialist", "pos_vendor", "zh"),
}
STATE = (
    "(() => { const c = document.querySelector('#call');"
    " const k = document.querySelector('[data-fact],[data-step]');"
    " return c ? [c.dataset.seq, c.dataset.phase, k ? (k.dataset.fact || k.dataset.step) : '',"
    " document.querySelector('#messages').innerText,"
    " !!document.querySelector('#confirm-risky')].join('|') : ''; })()"
)
BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"
FLASH = "flash_io_error"  # 8 questions of every kind, then two fixes and a risky one


class Server:
    """The app under uvicorn on a free port of 127.0.0.1, in a daemon thread."""

    def __init__(self, db: Path):
        self.app = create_app(f"sqlite:///{db}")
        for name, (role, team, lang) in USERS.items():
            self.app.state.desk.store.add_user(name, role, PASSWORD, team, lang)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, args=([self.sock],), daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web desk did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with Server(tmp_path_factory.mktemp("desk") / "desk.db") as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except sync_api.Error as exc:
            pytest.skip(f"Chromium does not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


class Agent:
    """One person at the desk: a browser context of their own (own cookies), one page."""

    def __init__(self, browser: Any, server: Server, name: str, lang: str = ""):
        self.name, self.server = name, server
        locale = "zh-CN" if (lang or USERS[name][2]) == "zh" else "en-GB"
        self.context = browser.new_context(viewport={"width": 1360, "height": 900}, locale=locale)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("request", self._request)

    def _request(self, request: Any) -> None:
        if not request.url.startswith((self.server.url, "data:", "about:")):
            self.problems.append(f"outside request {request.url}")

    def login(self) -> Agent:
        page = self.page
        page.goto(self.server.url + "/login")
        page.fill("#name", self.name)
        page.fill("#password", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(self.server.url + "/")
        return self

    def key(self, key: str) -> None:
        """Press a key and wait until the call screen has answered it."""
        self.idle()
        before = self.state()
        self.page.keyboard.press(key)
        self.page.wait_for_function(f"b => {STATE} !== b", arg=before)
        self.idle()

    def idle(self) -> None:
        """Wait until htmx has no request, swap or settle going on (keys wait for it too)."""
        self.page.wait_for_function(f"() => !document.querySelector('{BUSY}')")

    def state(self) -> str:
        """What a key changes on the call screen: seq, phase, card, messages, confirmation."""
        return str(self.page.evaluate(f"() => {STATE}"))

    def close(self) -> None:
        self.context.close()


def start_call(agent: Agent, ticket: str, merchant: str = "Noodle Bar", log: str = "",
               merchant_lang: str = "") -> str:
    """Start a call from the form (keyboard only); the call screen's id."""
    page = agent.page
    page.fill("#ticket", ticket)
    page.fill("#terminal", f"POS-{ticket}")
    page.fill("#merchant", merchant)
    page.fill("#model", "A920")
    page.fill("#region", "north")
    if merchant_lang:
        page.select_option("#merchant_lang", merchant_lang)
    if log:
        page.fill("#log_text", log)
    page.focus("#ticket")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/calls/[^/]+$"))
    page.wait_for_selector("#call")
    return page.url.rsplit("/", 1)[1]


def truth(case: str) -> dict[str, Any]:
    """What the merchant would answer: the case's facts."""
    return yaml.safe_load((CASES / f"{case}.yaml").read_text(encoding="utf-8"))["facts"]


def answer_by_keys(agent: Agent, facts: dict[str, Any]) -> str:
    """Answer the question on the card with keys only; the fact answered."""
    page = agent.page
    card = page.locator("[data-fact]")
    fact = card.get_attribute("data-fact")
    value = facts.get(fact, "unknown")
    if value == "unknown":
        agent.key("u")
    elif isinstance(value, bool):
        agent.key("y" if value else "n")
    elif card.locator(f'button[name="value"][value="{value}"]').count():
        agent.key(card.locator(f'button[name="value"][value="{value}"]').get_attribute("data-key"))
    else:  # a number or a text: a focuses the field, the value, Enter
        agent.idle()
        page.keyboard.press("a")
        page.keyboard.type(str(value))
        agent.key("Enter")
    return fact


def ask_until_fixing(agent: Agent, facts: dict[str, Any], limit: int = 40) -> list[str]:
    """Answer by keys until the card proposes a fix; the facts asked, in order."""
    asked = []
    while agent.page.locator("[data-fact]").count():
        asked.append(answer_by_keys(agent, facts))
        assert len(asked) <= limit, asked
    return asked


def phase(agent: Agent) -> str:
    return agent.page.locator("#call").get_attribute("data-phase")


def shoot(page: Any, folder: Path, name: str) -> None:
    """A screenshot into ``folder`` and $POSDOCTOR_SCREENSHOTS."""
    page.screenshot(path=str(folder / name), full_page=True, caret="initial")
    extra = os.environ.get("POSDOCTOR_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(extra) / name), full_page=True, caret="initial")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_whole_call_by_keyboard_only_to_resolved(
    browser: Any, server: Server, tmp_path: Path, lang: str
) -> None:
    agent = Agent(browser, server, "li" if lang == "en" else "wang").login()
    page = agent.page
    start_call(agent, f"K-{lang}", merchant="Noodle Bar 面馆")
    facts = truth(FLASH)
    asked = ask_until_fixing(agent, facts)
    assert asked[0] == "error_message" and "flash_io_error_seen" in asked
    assert phase(agent) == "fixing"
    assert page.locator("[data-cause]").first.get_attribute("data-cause") == FLASH
    shoot(page, tmp_path, f"call-{lang}-fix.png")
    results = []
    while phase(agent) == "fixing":
        step = page.locator("[data-step]").get_attribute("data-step")
        if page.locator("#confirm-risky").count():  # risky: warning first, no result buttons
            assert page.locator('button[value="worked"]').count() == 0
            shoot(page, tmp_path, f"call-{lang}-risky.png")
            agent.key("y")  # confirm
            assert page.locator('button[value="worked"]').count() == 1
            agent.key("y")  # it worked
            results.append((step, "worked"))
        else:
            agent.key("n")
            results.append((step, "failed"))
    assert results == [
        ("reboot_terminal", "failed"),
        ("backup_config", "failed"),
        ("factory_reset_terminal", "worked"),
    ]
    assert phase(agent) == "resolved"
    assert page.locator("#outcome").inner_text() != ""
    shoot(page, tmp_path, f"call-{lang}-resolved.png")
    assert agent.problems == []
    agent.close()
