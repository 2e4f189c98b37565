"""The site in a real headless Chromium (Debian's `chromium`, driven by Playwright's Python
package): pages load with no console error, the offline search finds "bien che", every link
resolves, nothing is wider than a phone, and the browser folds text exactly as Python does.

Skipped, with the reason, where Playwright or Chromium is missing. Set INSPECTKIT_CHROMIUM to use
another Chromium, and INSPECTKIT_SCREENSHOTS=DIR to keep screenshots of the pages looked at.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspectkit.queries import norm
from views_fixtures import ROOT, copy_reference

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _chromium() -> str | None:
    found = (
        os.environ.get("INSPECTKIT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    return found if found and Path(found).exists() else None


def _skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright; it is in the `test` extra)"
    if _chromium() is None:
        return "Chromium is not installed (Debian: apt-get install chromium)"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the reference records, built through the real entry point."""
    repo = copy_reference(tmp_path_factory.mktemp("repo"))
    done = subprocess.run(
        [sys.executable, "-m", "inspectkit", "site", "-o", "site", "--today", "2024-06-01"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return repo / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=_chromium(), args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A browser tab that records console errors, page errors and failed loads."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.tab = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.on("requestfailed", lambda r: self.errors.append(f"failed to load {r.url}"))

    def open(self, path: Path, query: str = "") -> Any:
        self.tab.goto(path.as_uri() + query)
        self.tab.wait_for_load_state("load")
        return self.tab

    def shoot(self, name: str) -> None:
        folder = os.environ.get("INSPECTKIT_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.tab.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    tab = Page(browser)
    yield tab
    tab.tab.close()


def test_every_page_loads_without_a_console_error(site: Path, page: Page) -> None:
    pages = sorted(site.rglob("*.html"))
    records = ROOT / "records"
    per_record = len(list((records / "plans").glob("*.yaml"))) + len(
        list((records / "centres").glob("*.yaml"))
    )
    assert len(pages) == 5 + per_record  # home, plans, centres, board, search; a page per plan and centre
    for path in pages:
        page.open(path)
        assert page.errors == [], f"{path.relative_to(site)}: {page.errors}"
    page.open(site / "index.html")
    page.shoot("desktop-home")
    page.open(site / "plan" / "2022-84-kh-dkt.html")
    page.shoot("desktop-plan")
    page.open(site / "board.html")
    page.shoot("desktop-board")


def test_search_finds_bien_che_without_accents(site: Path, page: Page) -> None:
    tab = page.open(site / "search.html")
    tab.fill("#q", "bien che")
    tab.press("#q", "Enter")
    results = tab.locator("#results li a")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert "plan/2022-84-kh-dkt.html#2022-84-kh-dkt-05" in hrefs
    assert "Tìm thấy" in tab.inner_text("#search-status")
    page.shoot("desktop-search")
    results.first.click()
    tab.wait_for_load_state("load")
    fragment = unquote(urlsplit(tab.url).fragment)
    assert fragment and tab.locator(f"[id='{fragment}']").count() == 1
    assert page.errors == []


def test_search_from_the_header_box_and_a_miss(site: Path, page: Page) -> None:
    tab = page.open(site / "index.html")
    tab.fill("#quick-q", "ĐÌNH LẬP")
    tab.press("#quick-q", "Enter")
    tab.wait_for_load_state("load")
    assert tab.locator("#results li").count() > 0
    tab.fill("#q", "không có từ này xyz")
    tab.press("#q", "Enter")
    assert tab.locator("#results li").count() == 0
    assert "Không tìm thấy" in tab.inner_text("#search-status")
    assert page.errors == []


def test_every_link_resolves_to_a_file_and_an_anchor(site: Path, page: Page) -> None:
    checked = 0
    for path in sorted(site.rglob("*.html")):
        tab = page.open(path)
        for href in tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            assert parts.scheme == "file", f"{path.name} links out of the site: {href}"
            target = Path(unquote(parts.path))
            assert target.is_file(), f"{path.relative_to(site)} -> {href}: no such file"
            if parts.fragment and target.suffix == ".html":
                html = target.read_text(encoding="utf-8")
                assert f'id="{unquote(parts.fragment)}"' in html, f"{path.name} -> {href}: no such anchor"
            checked += 1
    assert checked > 100


def test_pages_fit_a_phone_screen(site: Path, browser: Any) -> None:
    phone = Page(browser, width=390, height=844)
    for path in sorted(site.rglob("*.html")):
        tab = phone.open(path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path.relative_to(site)} is {overflow}px wider than a phone"
    for name, relative in (
        ("home", "index.html"),
        ("plan", "plan/2022-84-kh-dkt.html"),
        ("board", "board.html"),
    ):
        phone.open(site / relative)
        phone.shoot(f"phone-{name}")
    phone.open(site / "search.html", "?q=bien%20che")
    phone.shoot("phone-search")
    assert phone.errors == []
    phone.tab.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_labels_are_readable_on_a_desktop_and_a_phone(site: Path, browser: Any, width: int) -> None:
    screen = Page(browser, width=width, height=900)
    tab = screen.open(site / "index.html")
    heights = tab.eval_on_selector_all(
        ".chart svg text", "texts => texts.map(t => t.getBoundingClientRect().height)"
    )
    assert len(heights) > 20
    assert min(h for h in heights if h > 0) >= 9  # px on screen: smaller cannot be read
    screen.tab.close()


VIETNAMESE = [
    "Biên chế",
    "ĐÌNH LẬP",
    "Đình Lập",
    "đường đi",
    "Hoà Bình",
    "Hòa Bình",
    "Thủy / Thuỷ",
    "Ủy ban",
    "Nguyễn Trọng Sơn",
    "giảng viên kiêm chức",
    "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ỳ ý ỷ ỹ ỵ",
    unicodedata.normalize("NFD", "Trung tâm Chính trị huyện Chi Lăng"),
    "  nhiều   khoảng\ttrắng\u00a0và\u2003xuống\ndòng  ",
    "Straße İstanbul ǅ ﬁ Σίσυφος",
    "",
]


@pytest.fixture(scope="module")
def fold_page(site: Path, browser: Any) -> Iterator[Page]:
    tab = Page(browser)
    tab.open(site / "search.html")
    yield tab
    tab.tab.close()


def _js_fold(tab: Page, texts: list[str]) -> list[str]:
    folded: list[str] = tab.tab.evaluate("texts => texts.map(window.ikFold)", texts)
    return folded


def test_browser_folds_vietnamese_exactly_as_python(fold_page: Page) -> None:
    records = [line for p in (ROOT / "records").rglob("*.yaml") for line in p.read_text("utf-8").splitlines()]
    texts = VIETNAMESE + records
    assert _js_fold(fold_page, texts) == [norm(t) for t in texts]


def _assigned(code: int) -> bool:
    # Characters both this Python and any recent browser know (Unicode 13 and earlier are safe).
    return unicodedata.category(chr(code)) not in ("Cn", "Cs", "Co") and code < 0x30000


_POOL = [chr(c) for c in range(0x20, 0x2FFF) if _assigned(c)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_POOL), max_size=30).map("".join))
def test_browser_folds_any_text_exactly_as_python(fold_page: Page, text: str) -> None:
    assert _js_fold(fold_page, [text]) == [norm(text)]


def test_browser_folds_a_random_sample_of_letters_as_python(fold_page: Page) -> None:
    rng = random.Random(13)
    texts = ["".join(rng.choice(_POOL) for _ in range(40)) for _ in range(300)]
    assert _js_fold(fold_page, texts) == [norm(t) for t in texts]
