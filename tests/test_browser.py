"""Drive headless Chromium through every page of the built book.

Runs when Chromium, its driver and a built book (``make book``; ``make test``
builds it first) are present. The site is served on localhost only; each page
must show no console errors, make no failed or external requests (so it renders
with the network off), have all its math typeset by the bundled MathJax, all its
images loaded, and internal links that resolve. A screenshot of each page is
saved in ``_build/screenshots``.

On a phone (390 x 844 CSS px) no page may be wider than the screen, and the menu
must lead to a chapter; on a tablet (1100 px) the page contents must open on
screen. Captions must be legible, search snippets free of raw LaTeX, and the
download menu must offer each chapter as .ipynb and .md files of the site.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
SKIPPED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
PHONE = (390, 844)
TABLET = (1100, 900)


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


def pages(skip: set[str] = SKIPPED_PAGES) -> list[str]:
    """Every HTML page of the site (but ``skip``), as paths relative to its root."""
    if not SITE.exists():
        return []
    found = []
    for path in sorted(SITE.rglob("*.html")):
        relative = path.relative_to(SITE)
        if relative.parts[0].startswith(("_", ".")) or relative.name in skip:
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
    """Network events of the DevTools log (the browser's request for the favicon included)."""
    return [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]


@pytest.mark.parametrize("page", pages())
def test_page_renders_offline(server, browser, page):
    browser.get_log("performance")  # discard events of earlier pages
    browser.get_log("browser")
    browser.get(urljoin(server, page))
    assert browser.execute_async_script(WAIT_FOR_MATH) is not False, "MathJax did not typeset the page"
    report = browser.execute_script(PAGE_REPORT)
    browser.save_screenshot(str(SCREENSHOTS / (page.replace("/", "__").removesuffix(".html") + ".png")))

    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
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


# --- narrow screens, navigation, legibility -----------------------------------------------------------


@contextlib.contextmanager
def viewport(driver, width: int, height: int):
    """Emulate a screen of ``width`` x ``height`` CSS pixels (a phone below 600 px) for the block."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def wait_for(driver, script: str, timeout: float = 10.0):
    """Poll ``script`` (a JavaScript expression) until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


WIDER_THAN_SCREEN = """
const width = document.documentElement.clientWidth;
const found = [];
for (const el of document.body.querySelectorAll('*')) {
  // MathJax's copy of each formula for screen readers is clipped to 1 px on purpose.
  if (el.closest('mjx-assistive-mml')) continue;
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || (box.left >= -1 && box.right <= width + 1)) continue;
  if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
  // Allowed: content of a box that fits the screen and scrolls sideways (wide equations, code).
  let box_ = el.parentElement, scroller = null;
  while (box_ && box_ !== document.body) {
    const overflow = getComputedStyle(box_).overflowX;
    if (overflow !== 'visible') { scroller = box_; break; }
    box_ = box_.parentElement;
  }
  if (scroller && ['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) {
    const outer = scroller.getBoundingClientRect();
    if (outer.left >= -1 && outer.right <= width + 1) continue;
  }
  if (found.some(f => f.el.contains(el))) continue;
  const what = `<${el.tagName.toLowerCase()} class="${el.getAttribute('class')}">`;
  const where = `from ${Math.round(box.left)} to ${Math.round(box.right)} px`;
  found.push({el, text: `${what} ${where}: ${(el.textContent || '').trim().slice(0, 50)}`});
}
return {page: document.documentElement.scrollWidth, width, wide: found.slice(0, 10).map(f => f.text)};
"""
"""Elements that stick out of the screen, unless they sit in a box that fits it and scrolls sideways."""


@pytest.mark.parametrize("page", pages(skip=set()))
def test_nothing_is_wider_than_a_phone(server, browser, page):
    """At 390 px every page, the indexes and search included, fits the screen: no element sticks out,
    except inside a box that scrolls sideways and fits (display math, code)."""
    with viewport(browser, *PHONE):
        browser.get(urljoin(server, page))
        browser.execute_async_script(WAIT_FOR_MATH)
        report = browser.execute_script(WIDER_THAN_SCREEN)
    assert report["page"] <= report["width"], (
        f"{page} is {report['page']} px wide on a {report['width']} px screen"
    )
    assert not report["wide"], f"{page}: elements wider than the screen: {report['wide']}"


VISIBLE_TOGGLE = """
return [...document.querySelectorAll(arguments[0])]
  .find(b => b.checkVisibility() && b.getBoundingClientRect().width > 0);
"""
"""The first shown button matching a selector (the themes hide some copies)."""


def on_screen(driver, element) -> bool:
    """The element is shown, lies inside the viewport, and is what a click at its centre would hit."""
    return driver.execute_script(
        """
        const el = arguments[0], box = el.getBoundingClientRect();
        const shown = el.checkVisibility({visibilityProperty: true, opacityProperty: true});
        if (!shown || box.width < 1) return false;
        if (box.left < 0 || box.right > innerWidth || box.top < 0 || box.top > innerHeight) return false;
        const y = box.top + Math.min(box.height / 2, 10);
        const hit = document.elementFromPoint(box.left + box.width / 2, y);
        return hit !== null && (el === hit || el.contains(hit));
        """,
        element,
    )


def test_the_menu_leads_to_a_chapter_on_a_phone(server, browser):
    """At 390 px the hamburger opens the chapter list; a chapter link in it is on screen and opens it."""
    with viewport(browser, *PHONE):
        browser.get(urljoin(server, "book/hamiltonian.html"))
        link = browser.execute_script(
            "return document.querySelector('.bd-docs-nav a[href=\"ellipses.html\"]');"
        )
        assert not on_screen(browser, link), "the chapter list is already open: the test would prove nothing"
        toggle = browser.execute_script(VISIBLE_TOGGLE, ".primary-toggle")
        assert toggle is not None and on_screen(browser, toggle), "no visible menu button"
        toggle.click()
        assert wait_for(browser, "document.querySelector('#pst-primary-sidebar-modal').open"), (
            "the menu did not open"
        )
        link = browser.execute_script(
            "return document.querySelector('.bd-docs-nav a[href=\"ellipses.html\"]');"
        )
        assert on_screen(browser, link), "the chapter link in the open menu is not on screen"
        link.click()
        assert wait_for(browser, "location.pathname.endsWith('/book/ellipses.html')"), browser.current_url
        title = browser.execute_script("return document.querySelector('main h1').textContent;")
        assert "Near-ellipsoidal orbits" in title


def test_the_page_contents_open_on_a_tablet(server, browser):
    """At 1100 px the page contents are off screen until their button opens them, on screen."""
    with viewport(browser, *TABLET):
        browser.get(urljoin(server, "book/hamiltonian.html"))
        first = browser.execute_script("return document.querySelector('#pst-page-toc-nav a');")
        assert first is not None and not on_screen(browser, first), "the page contents were already shown"
        toggle = browser.execute_script(VISIBLE_TOGGLE, ".secondary-toggle")
        assert toggle is not None and on_screen(browser, toggle), "no visible page-contents button"
        toggle.click()
        assert wait_for(browser, "document.querySelector('#pst-secondary-sidebar-modal').open"), (
            "did not open"
        )
        links = browser.execute_script("return [...document.querySelectorAll('#pst-page-toc-nav a')];")
        assert len(links) >= 5 and on_screen(browser, links[0]), "the page contents are not on screen"
        target = urlparse(links[1].get_attribute("href")).fragment
        links[1].click()
        assert wait_for(browser, f"location.hash === '#{target}'"), (
            "the link in the page contents did nothing"
        )


def test_the_sidebars_stay_open_on_a_wide_screen(server, browser):
    """At 1366 px both sidebars are on screen without a click, and the menu button hides the chapters."""
    with viewport(browser, 1366, 900):
        browser.get(urljoin(server, "book/hamiltonian.html"))
        chapter = browser.execute_script(
            "return document.querySelector('.bd-docs-nav a[href=\"ellipses.html\"]');"
        )
        contents = browser.execute_script("return document.querySelector('#pst-page-toc-nav a');")
        assert on_screen(browser, chapter) and on_screen(browser, contents)
        assert browser.execute_script("return document.querySelector('#pst-header').offsetHeight;") == 0, (
            "the empty top bar is back"
        )
        browser.execute_script(VISIBLE_TOGGLE, ".primary-toggle").click()
        assert wait_for(
            browser, "document.querySelector('#pst-primary-sidebar').getBoundingClientRect().right <= 0"
        )


CAPTION_STYLE = """
const parse = c => c.match(/[\\d.]+/g).map(Number);
const luminance = ([r, g, b]) => {
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
return [...document.querySelectorAll('figcaption')].map(caption => {
  const style = getComputedStyle(caption.querySelector('p') || caption);
  let back = caption, bg = 'rgba(0, 0, 0, 0)';
  const clear = c => c.startsWith('rgba') && parse(c)[3] === 0;
  while (back && clear(bg = getComputedStyle(back).backgroundColor)) back = back.parentElement;
  const [l1, l2] = [luminance(parse(style.color)), luminance(parse(back ? bg : 'rgb(255,255,255)'))];
  return {weight: Number(style.fontWeight), contrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)};
});
"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_captions_are_legible(server, browser, mode):
    """Figure captions are set at normal weight with at least the WCAG AA contrast for text (4.5:1)."""
    browser.get(urljoin(server, "book/hamiltonian.html"))
    browser.execute_script(f"document.documentElement.dataset.theme = '{mode}';")
    captions = browser.execute_script(CAPTION_STYLE)
    assert len(captions) >= 3
    for caption in captions:
        assert caption["weight"] >= 400, caption
        assert caption["contrast"] >= 4.5, caption


def test_search_snippets_show_no_raw_latex(server, browser):
    """The snippets under the search results read the page's math as text, not as TeX source."""
    browser.get(urljoin(server, "search.html?q=Lorentzian"))
    assert wait_for(browser, "document.querySelectorAll('#search-results li p.context').length >= 1", 30)
    snippets = browser.execute_script(
        "return [...document.querySelectorAll('#search-results li p.context')].map(p => p.textContent);"
    )
    raw = [s for s in snippets if "\\" in s or "$" in s]
    assert not raw, f"raw LaTeX in search snippets: {raw}"
    # the introduction's "Lorentzian distribution of centre \(\eta\) and half width \(\Delta\)"
    assert any("η" in s and "Δ" in s for s in snippets), f"no snippet shows math (vacuous test): {snippets}"


def test_download_menu_offers_the_chapter_as_notebook_and_markdown(server, browser):
    """One chapter's .ipynb and .md entries point at files that the site serves; both hold the chapter."""
    browser.get(urljoin(server, "book/bursting.html"))
    entries = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('.dropdown-download-buttons a')]"
        ".map(a => [a.textContent.trim(), a.href]));"
    )
    assert {".ipynb", ".md"} <= set(entries), entries
    with urllib.request.urlopen(entries[".ipynb"]) as response:
        notebook = json.loads(response.read())
    with urllib.request.urlopen(entries[".md"]) as response:
        markdown = response.read().decode()
    assert notebook["nbformat"] == 4 and len(notebook["cells"]) > 10
    assert markdown.startswith("---\n") and "format_name: myst" in markdown
    first_code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    assert "".join(first_code["source"]).strip() in markdown
