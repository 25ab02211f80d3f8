"""The HTML handbook in a real browser: headless Chromium (Debian's package) driven by Playwright
opens it from file://, follows its links, runs its search, prints it and takes screenshots of a
zh and an en page. Skipped when Chromium or Playwright is missing.

Screenshots go to the test's tmp folder, and also to $POSDOCTOR_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import posdoctor
from posdoctor.cli import runbook as runbook_cli
from posdoctor.kb.problems import KnowledgeBaseError
from posdoctor.output.runbook import handbook, render_site, select_causes

from .conftest import MINI_KB

CHROMIUM = os.environ.get("POSDOCTOR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VISIBLE_CARDS = "[data-cause]:visible"


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


def knowledge_base() -> posdoctor.KnowledgeBase:
    """The shipped knowledge base when it is valid and has causes, else the small test one."""
    try:
        kb = posdoctor.load_knowledge_base()
    except KnowledgeBaseError:
        kb = None
    return kb if kb is not None and kb.causes else posdoctor.load_knowledge_base(MINI_KB)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """The handbook in both languages: lang -> (its folder, its data)."""
    kb = knowledge_base()
    doctor = posdoctor.Doctor(kb)
    out = {}
    for lang in ("en", "zh"):
        book = handbook(doctor, lang, select_causes(kb))
        folder = tmp_path_factory.mktemp(f"handbook-{lang}")
        runbook_cli.write_files(render_site(book), folder)
        out[lang] = (folder, book)
    return out


class Watch:
    """What a page did that it must not: load anything from outside, or log an error."""

    def __init__(self, page: Any):
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request: Any) -> None:
        if not request.url.startswith(("file://", "data:", "about:")):
            self.outside.append(request.url)


def shoot(page: Any, folder: Path, name: str, full: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=full)
    extra = os.environ.get("POSDOCTOR_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(extra) / name), full_page=full)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_handbook_works_in_a_browser(
    browser: Any, built: dict[str, tuple[Path, dict[str, Any]]], tmp_path: Path, lang: str
) -> None:
    folder, book = built[lang]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto((folder / "index.html").as_uri())
    assert page.locator("h1").first.inner_text() == book["title"]
    assert page.locator(VISIBLE_CARDS).count() == len(book["pages"])
    no_sideways_scroll(page)
    shoot(page, tmp_path, f"handbook-{lang}-index.png")

    target = book["pages"][-1]
    search(page, target)
    page.locator(f'[data-cause="{target["id"]}"] h3 a').click()
    page.wait_for_url(f"**/cause-{target['id']}.html")
    assert page.locator("h1").first.inner_text() == target["title"]
    page.locator(f'a[href="#cause-{target["id"]}-fix"]').click()
    assert page.url.endswith(f"#cause-{target['id']}-fix")
    labels_fit_their_boxes(page)
    shoot(page, tmp_path, f"handbook-{lang}-cause.png", full=True)

    page.locator("form.search input[name=q]").fill(target["id"])
    page.locator("form.search input[name=q]").press("Enter")
    page.wait_for_url("**/index.html?q=*")
    assert page.locator("#q").input_value() == target["id"]
    assert [c.get_attribute("data-cause") for c in page.locator(VISIBLE_CARDS).all()] == [
        target["id"]
    ]

    page.locator("header nav a[href='start.html']").click()
    page.wait_for_url("**/start.html")
    assert page.locator("svg.diagram .node").count() >= 2
    labels_fit_their_boxes(page)
    shoot(page, tmp_path, f"handbook-{lang}-start.png", full=True)
    linked = page.locator("svg.diagram a")
    if linked.count():
        linked.first.click()
        page.wait_for_url("**/cause-*.html")

    every_page_opens(page, folder)
    prints_without_navigation(page, folder, tmp_path, lang)
    assert watch.outside == [] and watch.errors == []
    page.close()


def search(page: Any, target: dict[str, Any]) -> None:
    """Typing a cause's title keeps it in view; nonsense shows the "nothing found" line."""
    box = page.locator("#q")
    box.fill(target["title"])
    shown = [c.get_attribute("data-cause") for c in page.locator(VISIBLE_CARDS).all()]
    assert target["id"] in shown
    box.fill("zzqx-nothing-like-this")
    assert page.locator(VISIBLE_CARDS).count() == 0
    assert page.locator("#search-none").is_visible()
    box.fill(target["id"])
    assert page.locator("#search-count").inner_text() != ""


def every_page_opens(page: Any, folder: Path) -> None:
    """Every page of the folder opens with its title and a heading."""
    for path in sorted(folder.glob("*.html")):
        page.goto(path.as_uri())
        assert page.title() and page.locator("h1").count() >= 1, path.name


def prints_without_navigation(page: Any, folder: Path, tmp_path: Path, lang: str) -> None:
    """In print the header and search disappear; the whole handbook prints to PDF."""
    page.goto((folder / "all.html").as_uri())
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    pdf = tmp_path / f"handbook-{lang}.pdf"
    page.pdf(path=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    page.emulate_media(media="screen")


def labels_fit_their_boxes(page: Any) -> None:
    """The SVG boxes were sized in Python from estimated text widths: the real text fits."""
    too_wide = page.evaluate(
        """() => Array.from(document.querySelectorAll("svg.diagram .node")).filter(node => {
            const box = node.querySelector("rect").getBBox();
            return node.querySelector("text").getBBox().width > box.width + 1;
        }).map(node => node.textContent)"""
    )
    assert too_wide == []


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
