"""Drive headless Chromium through every page of the built book.

Runs when Chromium, its driver and a built book (``make book``; ``make test``
builds it first) are present. The site is served on localhost only; each page
must show no console errors, make no failed or external requests (so it renders
with the network off), have all its math typeset by the bundled MathJax, all its
images loaded, and internal links that resolve. A screenshot of each page is
saved in ``_build/screenshots``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
SKIPPED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}


def find_browser() -> tuple[str | None, str | None]:
    """Chromium and chromedriver executables, from $CHROME_BINARY/$CHROMEDRIVER or the PATH."""
    browser = os.environ.get("CHROME_BINARY") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    return browser, driver


BROWSER, DRIVER = find_browser()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        BROWSER is None or DRIVER is None, reason="Chromium and chromedriver are not installed"
    ),
    pytest.mark.skipif(not (SITE / "index.html").exists(), reason="the book is not built: run `make book`"),
]


def pages() -> list[str]:
    """Every HTML page of the site, as paths relative to its root."""
    if not SITE.exists():
        return []
    found = []
    for path in sorted(SITE.rglob("*.html")):
        relative = path.relative_to(SITE)
        if relative.parts[0].startswith(("_", ".")) or relative.name in SKIPPED_PAGES:
            continue
        found.append(relative.as_posix())
    return found


class Anchors(HTMLParser):
    """Collects the ids and the link targets of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


@functools.cache
def anchors(relative: str) -> Anchors:
    parser = Anchors()
    parser.feed((SITE / relative).read_text(encoding="utf-8"))
    return parser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site without logging every request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


WAIT_FOR_MATH = """
const done = arguments[arguments.length - 1];
const hasMath = document.querySelector('.math') !== null;
const started = Date.now();
(function wait() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => done(true), () => done(false));
  } else if (!hasMath) {
    done(null);
  } else if (Date.now() - started > 30000) {
    done(false);
  } else {
    setTimeout(wait, 50);
  }
})();
"""
"""Resolves once MathJax (loaded with `defer`) has typeset the page; null on pages without math."""

PAGE_REPORT = """
const untypeset = [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container'));
const images = [...document.images].map(i => ({src: i.src, ok: i.complete && i.naturalWidth > 0}));
return {
  untypeset: untypeset.map(e => e.textContent.slice(0, 60)),
  typeset: document.querySelectorAll('mjx-container').length,
  images: images,
  mathjax: [...document.scripts].map(s => s.src).filter(s => s.includes('mathjax')),
};
"""


def network_events(driver) -> list[dict]:
    """Network events of the DevTools log, without the browser's own request for /favicon.ico."""
    events = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    return [event for event in events if not json.dumps(event.get("params", {})).count("/favicon.ico")]


@pytest.mark.parametrize("page", pages())
def test_page_renders_offline(server, browser, page):
    browser.get_log("performance")  # discard events of earlier pages
    browser.get_log("browser")
    browser.get(urljoin(server, page))
    assert browser.execute_async_script(WAIT_FOR_MATH) is not False, "MathJax did not typeset the page"
    report = browser.execute_script(PAGE_REPORT)
    browser.save_screenshot(str(SCREENSHOTS / (page.replace("/", "__").removesuffix(".html") + ".png")))

    errors = [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" and "/favicon.ico" not in entry["message"]
    ]
    assert not errors, f"console errors: {errors}"
    events = network_events(browser)
    requested = [
        event["params"]["request"]["url"]
        for event in events
        if event["method"] == "Network.requestWillBeSent"
    ]
    external = [url for url in requested if urlparse(url).hostname not in ("127.0.0.1", None)]
    assert not external, f"requests leave the site (they would fail offline): {external}"
    failed = [event["params"] for event in events if event["method"] == "Network.loadingFailed"]
    assert not failed, f"failed requests: {failed}"
    statuses = [
        (event["params"]["response"]["url"], event["params"]["response"]["status"])
        for event in events
        if event["method"] == "Network.responseReceived" and event["params"]["response"]["status"] >= 400
    ]
    assert not statuses, f"HTTP errors: {statuses}"
    assert not report["untypeset"], f"math left as raw TeX: {report['untypeset']}"
    if report["typeset"]:
        assert all(urlparse(src).hostname == "127.0.0.1" for src in report["mathjax"]), report["mathjax"]
    broken = [image["src"] for image in report["images"] if not image["ok"]]
    assert not broken, f"images not loaded: {broken}"


@pytest.mark.parametrize("page", pages())
def test_internal_links_resolve(page):
    for link in anchors(page).links:
        target = urlparse(link)
        if target.scheme or link.startswith(("mailto:", "//")):
            continue
        path = unquote(target.path)
        relative = (Path(page).parent / path).as_posix() if path else page
        resolved = (SITE / relative).resolve()
        assert resolved.exists(), f"{page}: link {link} points to a missing file"
        if target.fragment and resolved.suffix == ".html":
            ids = anchors(resolved.relative_to(SITE.resolve()).as_posix()).ids
            assert target.fragment in ids, f"{page}: link {link} points to a missing anchor"


def test_every_chapter_was_screenshot_and_math_was_found(server, browser):
    """The site has pages, and the chapters carry typeset math (the test is not vacuous)."""
    assert any(page.startswith("book/") for page in pages())
    browser.get(urljoin(server, "book/hamiltonian.html"))
    browser.execute_async_script(WAIT_FOR_MATH)
    assert browser.execute_script(PAGE_REPORT)["typeset"] > 20
