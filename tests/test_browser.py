"""The reader's experience in a real browser (issue 5): layout at three widths, mark and card
together, filters, keyboard paths, permalinks, instant navigation, search, print, no network
beyond the site, and axe-core.

One site is built per session (the real edition plus a small second page, with `site_url` set
to the test server so that Material's instant navigation takes over links) and served on
127.0.0.1; one Chromium is shared. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from helpers import ROOT, annotation, build, free_port, serve_directory

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
EDITION = "openai-is-crashing/"
SECOND = "second/"
WIDE, LAPTOP, PHONE = 1440, 1024, 390
EDITION_KINDS = Counter(re.findall(r"^kind: *(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)[0]
                        for path in (ROOT / "annotations" / "openai-is-crashing").glob("*.md"))
"""The edition's cards by kind, read from its files: the tests count what the edition holds."""
SEARCH_PHRASE = "Pachocki"
"""Only in an annotation's body (sutskever-passed-away), never in the text of any page."""

SECOND_PAGE = """\
---
language: de
---

# Zweiter Text

Die Quelle steht hier im ersten Absatz.

Ein zweiter Absatz mit einer Notiz und [einem Verweis](#p1).
"""

SECOND_ANNOTATIONS = {
    "second/erste-quelle.md": annotation("source", "Ein Beleg.", quote="Die Quelle steht hier"),
    "second/falscher-absatz.md": annotation("correction", "Falsch.", quote="im ersten Absatz"),
    "second/zweite-notiz.md": annotation("note", "Eine Notiz.\n\n<details><summary>Mehr</summary>Noch "
                                         "mehr.</details>", quote="mit einer Notiz"),
}


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml even when it holds `!!python/name:` tags (we only need its nav)."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The edition plus a second annotated page, built strictly once and served; yields its URL."""
    root = tmp_path_factory.mktemp("edition")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "annotations", root / "annotations")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs" / "second.md").write_text(SECOND_PAGE, encoding="utf-8")
    for path, text in SECOND_ANNOTATIONS.items():
        (root / "annotations" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "annotations" / path).write_text(text, encoding="utf-8")
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)["nav"]
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = build(root, strict=True, site_url=url, nav=[*nav, {"Zweiter Text": "second.md"}])
    assert not result.aborted, result.warnings
    with serve_directory(root / "site", port) as served:
        assert served == url
        yield url


@dataclass
class Watch:
    """What a page did on the network and in its console."""

    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def opened(browser: Any, url: str, *, width: int = WIDE, scheme: str = "light", script: bool = True,
           media: str = "screen", slow_cpu: int = 1) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  java_script_enabled=script, reduced_motion="reduce")
    page = context.new_page()
    page.emulate_media(media=media)
    watch = Watch()
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("requestfailed", lambda request: watch.failures.append(f"{request.url}: {request.failure}"))
    page.on("response", lambda response: response.status >= 400 and watch.failures.append(
        f"{response.url}: HTTP {response.status}"))
    page.on("console", lambda message: message.type == "error" and watch.errors.append(message.text))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    if slow_cpu > 1:  # a slow phone: the page paints before its scripts run
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slow_cpu})
    page.goto(url)
    if script:
        page.wait_for_function("document.querySelector('.md-content[data-glossa-ready]') || "
                               "!document.querySelector('[data-glossa-summary]')")
    try:
        yield page, watch
    finally:
        context.close()


GEOMETRY = """() => {
  const box = el => { const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const shown = el => el.offsetParent !== null && el.getBoundingClientRect().height > 0;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    texts: [...document.querySelectorAll('.glossa-text, .glossa-summary')].map(box),
    rows: [...document.querySelectorAll('.glossa-row--annotated')].map(row => ({
      id: row.id, row: box(row), text: box(row.querySelector('.glossa-text')),
      cards: [...row.querySelectorAll('[data-glossa-id]')].filter(shown).map(card => ({
        id: card.id, kind: card.dataset.glossaKind, ...box(card)})),
    })),
  };
}"""


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5
            and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5)


@pytest.mark.parametrize(("width", "scheme"), [(WIDE, "light"), (WIDE, "dark"), (LAPTOP, "light"),
                                               (PHONE, "light"), (PHONE, "dark")])
def test_the_article_shows_in_both_palettes_at_three_widths(browser: Any, site: str, artifacts: Path,
                                                            width: int, scheme: str) -> None:
    """The measures of the layout are in test_reading.py; here, every card shows, compact, in the
    light and dark palettes, and the screenshots are kept for people to look at."""
    with opened(browser, site + EDITION, width=width, scheme=scheme) as (page, watch):
        page.screenshot(path=artifacts / f"edition-{width}-{scheme}.png")
        geometry = page.evaluate(GEOMETRY)
    assert geometry["scrollWidth"] <= geometry["clientWidth"]
    cards = [card for row in geometry["rows"] for card in row["cards"]]
    assert len(cards) == sum(EDITION_KINDS.values()) - 2  # two are about the whole page
    # compact: one line, or on a phone two where the summary needs a line of its own
    assert max(card["bottom"] - card["top"] for card in cards) < (45 if width == PHONE else 30)
    assert not watch.errors


def test_without_script_there_is_no_toolbar_and_every_card_shows(browser: Any, site: str) -> None:
    with opened(browser, site + EDITION, width=PHONE, script=False) as (page, _):
        assert page.locator(".glossa-toolbar").count() == 0
        assert page.get_attribute(".glossa-counts", "aria-label") == "Annotations by kind"  # counts
        cards = page.locator("[data-glossa-id]")
        assert cards.count() == sum(EDITION_KINDS.values())
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))


@pytest.mark.parametrize(("width", "failure"), [(WIDE, "blocked"), (PHONE, "blocked"),
                                              (WIDE, "throws"), (PHONE, "throws")])
def test_when_glossa_js_does_not_run_the_page_reads_as_without_script(browser: Any, site: str,
                                                                      width: int, failure: str) -> None:
    """The head's early script prepares the page for glossa.js: blocked, or failing as it
    starts, it left the margin's cards hidden on a wide screen, and folded with nothing to open
    them on a phone."""
    def broken(route: Any) -> None:
        script = route.fetch().text()
        assert "buildToolbar(summary);" in script
        route.fulfill(body=script.replace("buildToolbar(summary);", "throw new Error('broken');"),
                      content_type="text/javascript")

    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.route("**/glossa.js*", (lambda route: route.abort()) if failure == "blocked" else broken)
        page.goto(site + EDITION, wait_until="load")
        assert not page.evaluate("document.documentElement.classList.contains('glossa-js')")
        cards = page.locator("[data-glossa-id]")
        details = page.locator("[data-glossa-id] [data-glossa-detail]")
        assert cards.count() == sum(EDITION_KINDS.values())
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
        assert all(details.nth(i).is_visible() for i in range(details.count()))
        assert page.locator(".glossa-summary .glossa-corrections").is_visible()
    finally:
        context.close()


def test_hovering_a_mark_lights_its_card_and_hovering_a_card_lights_its_marks(browser: Any,
                                                                             site: str) -> None:
    with opened(browser, site + EDITION) as (page, _):
        card = page.locator("#glossa-sutskever-passed-away")
        page.locator('mark[data-glossa-ref~="sutskever-passed-away"]').first.hover()
        assert "glossa-lit" in card.get_attribute("class")
        page.mouse.move(5, 500)
        assert "glossa-lit" not in card.get_attribute("class")
        page.locator("#glossa-mcgrew-left").hover()
        marks = page.locator('mark[data-glossa-ref~="mcgrew-left"]')
        assert all("glossa-lit" in marks.nth(i).get_attribute("class") for i in range(marks.count()))


def test_a_paragraphs_permalink_keeps_focus_on_that_paragraph(browser: Any, site: str) -> None:
    """Enter on ¶20 moved focus to the paragraph's first reference: a screen reader said 'Source
    23, collapsed', not the paragraph."""
    with opened(browser, site + EDITION) as (page, _):
        page.focus("[data-glossa-block='20'] > .glossa-row__links > .glossa-pilcrow")
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash === '#p20'")
        page.wait_for_timeout(200)
        assert page.evaluate("document.activeElement.matches('.glossa-pilcrow') && "
                             "document.activeElement.closest('.glossa-row').dataset.glossaBlock") == "20"


@pytest.mark.parametrize("script", [True, False])
def test_words_copied_from_the_page_leave_out_reference_numbers(browser: Any, site: str,
                                                                script: bool) -> None:
    """Editors copy quotes from the preview (EDITING.md): a selection across a mark copied its
    reference number too, "two hours6, opting", a quote that does not anchor."""
    with opened(browser, site + EDITION, script=script) as (page, _):
        copied, without_references, references = page.evaluate("""() => {
          const text = document.querySelector('sup.glossa-ref').closest('.glossa-text');
          getSelection().selectAllChildren(text);
          const clone = text.cloneNode(true);
          clone.querySelectorAll('sup.glossa-ref').forEach(ref => ref.remove());
          return [getSelection().toString(), clone.textContent,
                  text.querySelectorAll('sup.glossa-ref').length];
        }""")
    assert references > 0
    assert copied.split() == without_references.split()


def test_keyboard_reaches_a_reference_jumps_to_its_card_and_comes_back(browser: Any, site: str) -> None:
    with opened(browser, site + EDITION) as (page, _):
        page.focus("[data-glossa-block='27'] .glossa-pilcrow")
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('[data-glossa-for]')"):
                break
        ref = page.evaluate("document.activeElement.dataset.glossaFor")
        assert ref, "Tab never reached a numbered reference"
        assert "glossa-lit" in page.locator(f"#glossa-{ref}").get_attribute("class")  # focus lights it
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.activeElement && document.activeElement.id === 'glossa-{ref}'")
        assert page.evaluate("location.hash") == f"#glossa-{ref}"
        page.wait_for_function(f"""(() => {{ const r = document.getElementById('glossa-{ref}')
            .getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.top < innerHeight; }})()""",
                               timeout=10_000)  # the card opens, and is scrolled to, in a frame or two
        for _ in range(3):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.glossa-card__back')"):
                break
        assert page.evaluate("document.activeElement.closest('[data-glossa-id]').id") == f"glossa-{ref}"
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.activeElement.parentNode.id === 'glossaref-{ref}'")
        assert in_viewport(page, f"#glossaref-{ref}")


@pytest.mark.parametrize("width", [1440, 390])
def test_tab_from_a_card_goes_on_to_the_paragraphs_next_reference(browser: Any, site: str,
                                                                  width: int) -> None:
    """The card stands after its paragraph: Tab from it went to the next paragraph, past the
    later references of its own; Shift+Tab from it to the paragraph's last link."""
    with opened(browser, site + EDITION, width=width) as (page, _):
        first, after = page.evaluate("""(() => {
            const row = [...document.querySelectorAll('.glossa-text')]
                .find(t => t.querySelectorAll('[data-glossa-for]').length > 1);
            const ref = row.querySelector('[data-glossa-for]');
            const next = [...row.querySelectorAll('a[href]')].find(
                a => ref.compareDocumentPosition(a) & 4 && a.getClientRects().length);
            next.setAttribute('data-test-next', '');
            return [ref.dataset.glossaFor, next.textContent]; })()""")
        ref = f"[data-glossa-for='{first}']"
        page.focus(ref)
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.activeElement.id === 'glossa-{first}'")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.dataset.glossaFor") == first
        page.keyboard.press("Enter")  # closes it: pressed again
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.activeElement.id === 'glossa-{first}'")
        in_card = f"document.getElementById('glossa-{first}').contains(document.activeElement)"
        page.keyboard.press("Tab")
        assert page.evaluate(in_card), "Tab from the card skipped its own links"
        for _ in range(20):
            page.keyboard.press("Tab")
            if not page.evaluate(in_card):
                break
        assert page.evaluate("document.activeElement.hasAttribute('data-test-next')"), after
        # read, the card closes: Tab on through the text does not lead into it again
        assert "glossa-open" not in page.get_attribute(f"#glossa-{first}", "class")
        for _ in range(10):
            page.keyboard.press("Tab")
            assert not page.evaluate(in_card)


def test_tab_from_a_card_reaches_a_summary_in_its_body_first(browser: Any, site: str) -> None:
    """A card whose body ends with a <details> was left, and closed, from the link before its
    summary: the summary was no stop the card counted."""
    with opened(browser, site + SECOND) as (page, _):
        page.focus("[data-glossa-for='zweite-notiz']")
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.id === 'glossa-zweite-notiz'")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "SUMMARY":
                break
        assert page.evaluate("document.activeElement.closest('#glossa-zweite-notiz.glossa-open') !== null")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_a_reference_pressed_again_closes_the_card_it_opened(browser: Any, site: str) -> None:
    """A reference is heard as expanded once its card is open, but pressing it again left the card
    open: only Escape closed it."""
    ref = "[data-glossa-for='five-times-energy']"
    with opened(browser, site + EDITION) as (page, _):
        page.focus(ref)
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#glossa-five-times-energy.glossa-open')")
        assert page.get_attribute(ref, "aria-expanded") == "true"
        page.focus(ref)
        page.keyboard.press("Enter")
        assert "glossa-open" not in page.get_attribute("#glossa-five-times-energy", "class")
        assert page.get_attribute(ref, "aria-expanded") == "false"
        assert page.evaluate("document.activeElement.dataset.glossaFor") == "five-times-energy"


def test_the_address_names_the_open_card_and_back_returns_to_the_words(browser: Any,
                                                                      site: str) -> None:
    """Opening a card by its summary left the address naming, and lighting, the card a link had
    opened: a reload or a shared link showed that one. A reference replaced the page's entry in
    the history, so Back left the article; after Back the card stayed open."""
    with opened(browser, site + EDITION + "#glossa-mcgrew-left") as (page, _):
        page.click("#glossa-code-red-memo .glossa-card__summary")
        assert page.evaluate("location.hash") == "#glossa-code-red-memo"
        assert "glossa-target" not in page.get_attribute("#glossa-mcgrew-left", "class")
        assert "glossa-open" not in page.get_attribute("#glossa-mcgrew-left", "class")
        page.keyboard.press("Escape")
        assert page.evaluate("location.hash") == ""
        entries = page.evaluate("history.length")
        page.click("[data-glossa-for='five-times-energy']")
        assert page.evaluate("[location.hash, history.length]") == ["#glossa-five-times-energy",
                                                                    entries + 1]
        page.go_back()
        page.wait_for_function("location.hash === ''")
        assert page.evaluate("location.pathname").endswith(EDITION)
        assert "glossa-open" not in page.get_attribute("#glossa-five-times-energy", "class")
        # Twice the same reference, then Escape: one entry, kept, so that one Back press leaves it
        # (taken off, two entries of one address spent a Back press on nothing).
        page.focus("[data-glossa-for='five-times-energy']")
        page.keyboard.press("Enter")
        page.click("[data-glossa-for='five-times-energy']")
        assert page.evaluate("[location.hash, history.length]") == ["#glossa-five-times-energy",
                                                                    entries + 1]
        page.keyboard.press("Escape")
        assert "glossa-open" not in page.get_attribute("#glossa-five-times-energy", "class")
        assert page.evaluate("document.activeElement.dataset.glossaFor") == "five-times-energy"
        # Back from a card a reference opened: the focus goes back to the reference (the
        # browser drops it, going back).
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#glossa-five-times-energy.glossa-open')")
        page.go_back()
        page.wait_for_function("location.hash === ''")
        page.wait_for_timeout(200)
        assert page.evaluate("document.activeElement.dataset.glossaFor") == "five-times-energy"
        # Back from an entry whose query differs (Material's search adds `?h=`) fires no
        # hashchange: the card the address names opened all the same.
        page.click("[data-glossa-for='five-times-energy']")
        page.evaluate("""() => { history.pushState(null, '', '?h=fashionunited#glossa-code-red-memo');
                                 dispatchEvent(new HashChangeEvent('hashchange')); }""")
        page.wait_for_function("document.querySelector('#glossa-code-red-memo.glossa-open')")
        page.go_back()
        page.wait_for_function("document.querySelector('#glossa-five-times-energy.glossa-open')")
        assert page.locator(".glossa-open").count() == 1
        # A kind switched off closes its open card, which the address named.
        page.click("#glossa-code-red-memo .glossa-card__summary")
        page.click('[data-glossa-filter="correction"]')
        assert page.evaluate("[location.hash, document.querySelectorAll('.glossa-open').length]") == ["", 0]
        page.click('[data-glossa-filter="correction"]')
        # A reference clicked with Ctrl is left to the browser (a new tab), not opened here.
        pages = len(page.context.pages)
        page.click("[data-glossa-for='code-red-memo']", modifiers=["Control"])
        page.wait_for_timeout(300)
        assert page.locator(".glossa-open").count() == 0 and len(page.context.pages) == pages + 1
        page.bring_to_front()
        # Escape in Material's search closes the search, not the card.
        page.click("[data-glossa-for='five-times-energy']")
        page.click(".md-search__input")
        page.keyboard.press("Escape")
        assert "glossa-open" in page.get_attribute("#glossa-five-times-energy", "class")
        page.reload()  # the address names the open card: a reload opens it
        page.wait_for_function("document.querySelector('.md-content[data-glossa-ready]')")
        assert page.eval_on_selector_all(".glossa-open", "cards => cards.map(c => c.id)") == [
            "glossa-five-times-energy"]


def test_keyboard_opens_and_closes_a_compact_card_on_narrow_screens(browser: Any, site: str) -> None:
    """A card its reference opens is one Tab stop, the reference (its toggle made some 65 stops
    more on the article); a card without one is reached by its toggle."""
    with opened(browser, site + EDITION, width=PHONE) as (page, _):
        detail = page.locator("#glossa-mcgrew-left [data-glossa-detail]")
        page.focus("#glossaref-mcgrew-left > a")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#glossa-mcgrew-left') === null")
        page.focus("#glossaref-mcgrew-left > a")
        page.keyboard.press("Enter")
        assert detail.is_visible()
        assert page.evaluate("document.activeElement.id") == "glossa-mcgrew-left"
        page.keyboard.press("Escape")
        assert not detail.is_visible()
        assert page.evaluate("document.activeElement.dataset.glossaFor") == "mcgrew-left"
        stops = page.evaluate("""() => [...document.querySelectorAll('.glossa-card__summary')]
            .map(t => [t.closest('[data-glossa-id]').dataset.glossaId, t.tabIndex])""")
        refs = set(page.evaluate("[...document.querySelectorAll('[data-glossa-for]')]"
                                 ".map(a => a.dataset.glossaFor)"))
        assert stops and all((index == -1) == (id in refs) for id, index in stops), stops
        # Heard with the summary: the card's kind and number, and a correction's verdict
        described = page.evaluate("""() => ['mcgrew-left', 'red-alert'].map(id => document
            .querySelector(`#glossa-${id} .glossa-card__summary`).getAttribute('aria-describedby')
            .split(' ').map(id => document.getElementById(id).textContent))""")
        numbers = [page.locator(f"#glossa-{id} .glossa-card__kind").text_content().split()[-1]
                   for id in ("mcgrew-left", "red-alert")]
        assert described == [[f"Source {numbers[0]}"], [f"Correction {numbers[1]}", "Imprecise"]]
        # A card without a reference: its toggle, by Tab, Enter, Space and Escape
        [unreferenced] = [id for id, _ in stops if id not in refs][:1]
        toggle = page.locator(f"#glossa-{unreferenced} .glossa-card__summary")
        own_detail = page.locator(f"#glossa-{unreferenced} [data-glossa-detail]")
        toggle.focus()
        assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
        assert toggle.get_attribute("aria-expanded") == "false" and not own_detail.is_visible()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true" and own_detail.is_visible()
        page.keyboard.press("Space")
        assert toggle.get_attribute("aria-expanded") == "false" and not own_detail.is_visible()
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        assert not own_detail.is_visible()
        assert page.evaluate(f"document.activeElement.closest('#glossa-{unreferenced}') !== null")


def test_an_address_naming_a_card_on_a_phone_shows_its_words_with_it(browser: Any, site: str) -> None:
    """The card opened under its paragraph, scrolled to the top: the words it corrects were
    under the header, out of view."""
    with opened(browser, site + EDITION + "#glossa-sutskever-passed-away", width=PHONE) as (page, _):
        page.wait_for_function("document.querySelector('#glossa-sutskever-passed-away.glossa-open')")
        page.wait_for_timeout(300)
        assert in_viewport(page, "mark[data-glossa-ref~='sutskever-passed-away']")
        assert page.evaluate("""() => document.querySelector('#glossa-sutskever-passed-away')
            .getBoundingClientRect().bottom <= innerHeight""")


def in_viewport(page: Any, selector: str) -> bool:
    """In the window, and below Material's sticky header, where a reader sees it."""
    return bool(page.eval_on_selector(selector, """el => { const r = el.getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return r.height > 0 && r.top >= header - 0.5 && r.top < innerHeight; }"""))


@pytest.mark.parametrize("width", [WIDE, LAPTOP])
def test_a_correction_opened_from_the_summarys_list_shows_below_the_header(
        browser: Any, site: str, width: int) -> None:
    """The list's links go through Material's instant navigation, which lays the page out anew."""
    with opened(browser, site + EDITION, width=width) as (page, _):
        hrefs = page.eval_on_selector_all(".glossa-corrections a", "as => as.map(a => a.hash)")[:4]
        for href in hrefs:
            page.evaluate("scrollTo(0, 0)")
            if page.get_attribute(".glossa-corrections-toggle", "aria-expanded") != "true":
                page.click(".glossa-corrections-toggle")
            page.click(f".glossa-corrections a[href$='{href}']")
            page.wait_for_function(f"document.activeElement.id === '{href[1:]}'")
            page.wait_for_timeout(300)  # the layout's frame, and a scroll
            assert in_viewport(page, href), href


@pytest.mark.parametrize(("width", "script"), [(1280, False), (WIDE, False), (WIDE, True), (LAPTOP, True)])
def test_paragraph_links_never_cover_each_other(browser: Any, site: str, width: int, script: bool) -> None:
    """Each row's ¶ and suggest links stay apart, and apart from the next rows' links. Without
    script a short paragraph sticks beside its long cards with its links: they stuck at one place,
    and a click on ¶3 opened GitHub. With script, the suggest link under the ¶ of a one-line
    paragraph reached over the next paragraph's ¶, and half of it could not be pointed at."""
    with opened(browser, site + EDITION, width=width, script=script) as (page, _):
        covered = page.evaluate("""() => {
          // Hidden suggest links are only transparent: they keep their place and their boxes.
          const found = new Set(), apart = (A, B) =>
            A.right <= B.left || B.right <= A.left || A.bottom <= B.top || B.bottom <= A.top;
          for (let y = 0; y < document.documentElement.scrollHeight; y += 120) {
            scrollTo(0, y);
            const links = [...document.querySelectorAll(
              '.glossa-row > .glossa-row__links > :is(.glossa-pilcrow, .glossa-suggest)')]
              .map(a => [a, a.getBoundingClientRect()])
              .filter(([, r]) => r.bottom > 0 && r.top < innerHeight);
            for (const [a, A] of links)
              for (const [b, B] of links)
                if (a !== b && !apart(A, B)) found.add(a.closest('.glossa-row').dataset.glossaBlock);
          }
          return [...found]; }""")
        assert not covered


def test_a_cards_back_link_on_a_phone_shows_its_words_below_the_header(browser: Any, site: str) -> None:
    with opened(browser, site + EDITION, width=PHONE) as (page, _):
        for ref in ("code-red-memo", "five-times-energy"):
            page.evaluate("scrollTo(0, 0)")
            page.click(f"[data-glossa-for='{ref}']")
            page.wait_for_function(f"document.activeElement.id === 'glossa-{ref}'")
            page.click(f"#glossa-{ref} .glossa-card__back")
            page.wait_for_function(f"document.activeElement.parentNode.id === 'glossaref-{ref}'")
            page.wait_for_timeout(300)
            assert in_viewport(page, f"#glossaref-{ref}"), ref
            assert in_viewport(page, f"mark[data-glossa-ref~='{ref}']"), ref


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_opening_a_card_permalink_scrolls_to_it_opens_it_and_highlights_it(
        browser: Any, site: str, width: int) -> None:
    with opened(browser, site + EDITION + "#glossa-mcgrew-left", width=width) as (page, _):
        card = page.locator("#glossa-mcgrew-left")
        assert card.is_visible()
        assert in_viewport(page, "#glossa-mcgrew-left")
        assert "glossa-target" in card.get_attribute("class")
        assert page.eval_on_selector("#glossa-mcgrew-left", "el => getComputedStyle(el).boxShadow") != "none"
        marks = page.locator('mark[data-glossa-ref~="mcgrew-left"]')
        assert "glossa-lit" in marks.first.get_attribute("class")
        assert page.locator("#glossa-mcgrew-left [data-glossa-detail]").is_visible()


def test_opening_a_paragraph_permalink_scrolls_to_it_and_highlights_it(browser: Any, site: str) -> None:
    with opened(browser, site + EDITION + "#p33", width=PHONE) as (page, _):
        assert in_viewport(page, "[data-glossa-block='33']")
        background = page.eval_on_selector("#p33 ~ .glossa-text", "e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_filters_hide_a_kind_and_its_highlights_and_the_choice_follows_to_other_pages(
        browser: Any, site: str) -> None:
    with opened(browser, site + EDITION) as (page, _):
        toggles = page.locator("[data-glossa-filter]")
        assert [toggles.nth(i).get_attribute("data-glossa-filter") for i in range(toggles.count())] == [
            "correction", "source", "note", "update"]
        sources = page.locator('[data-glossa-filter="source"]').inner_text()
        assert sources == f"{EDITION_KINDS['source']} sources"
        assert all(toggles.nth(i).get_attribute("aria-pressed") == "true" for i in range(toggles.count()))
        # "19 corrections, toggle button, pressed" said nothing of showing or hiding
        assert page.get_attribute(".glossa-toolbar", "aria-label") == "Show annotations by kind"
        page.click('[data-glossa-filter="source"]')
        assert page.get_attribute('[data-glossa-filter="source"]', "aria-pressed") == "false"
        state = page.evaluate("""() => ({
          sources: [...document.querySelectorAll('[data-glossa-kind="source"]')].filter(c => c.offsetParent)
            .length,
          others: [...document.querySelectorAll('[data-glossa-kind="correction"]')]
            .filter(c => c.offsetParent).length,
          mark: getComputedStyle(document.querySelector('mark[data-glossa-ref="mcgrew-left"]'))
            .backgroundColor,
          ref: getComputedStyle(document.querySelector('#glossaref-mcgrew-left')).display,
          dangling: [...document.querySelectorAll('.glossa-ref[data-glossa-followed]')].filter(r =>
            r.offsetParent && !r.nextElementSibling.offsetParent
            && getComputedStyle(r, '::after').content.includes(',')).map(r => r.id),
          stored: sessionStorage.getItem('glossa.hidden-kinds')})""")
        assert state["sources"] == 0 and state["others"] == EDITION_KINDS["correction"]
        assert state["mark"] == "rgba(0, 0, 0, 0)" and state["ref"] == "none"
        assert state["dangling"] == [], "a comma before a number hidden with its kind: '650 million.⁸,'"
        assert json.loads(state["stored"]) == ["source"]
        page.goto(site + SECOND)
        page.wait_for_selector(".glossa-toolbar")
        assert page.get_attribute('[data-glossa-filter="source"]', "aria-pressed") == "false"
        assert not page.locator("#glossa-erste-quelle").is_visible()
        page.click('[data-glossa-filter="source"]')
        assert page.locator("#glossa-erste-quelle").is_visible()


def test_a_kind_hidden_is_shown_again_on_the_next_visit(browser: Any, site: str) -> None:
    """Corrections hidden once stayed hidden on every later visit to every page, with only a
    struck-through count to say so: the choice lasts as long as the reader's tab."""
    with opened(browser, site + EDITION) as (page, _):
        page.click('[data-glossa-filter="correction"]')
        assert page.get_attribute('[data-glossa-filter="correction"]', "aria-pressed") == "false"
        later = page.context.new_page()
        later.goto(site + EDITION)
        later.wait_for_selector(".glossa-toolbar")
        assert later.get_attribute('[data-glossa-filter="correction"]', "aria-pressed") == "true"


def test_words_a_hidden_correction_shares_take_the_shown_annotations_ink(browser: Any, site: str) -> None:
    """Corrections hidden, "$15 million a day just on Sora" kept the correction's red underline,
    though only an update's card was shown for it."""
    shared = 'mark[data-glossa-ref="sora-shut-down sora-15-million-a-day"]'
    ink = f"""() => {{ const m = document.querySelector('{shared}'), s = getComputedStyle(m);
      return [s.getPropertyValue('--glossa-mark-color').trim(), s.borderBottomWidth]; }}"""
    with opened(browser, site + EDITION) as (page, _):
        update = page.eval_on_selector("#glossa-sora-shut-down",
                                       "card => card.style.getPropertyValue('--glossa-kind-color')")
        before = page.evaluate(ink)
        assert before[1] == "3px" and before[0] != update  # a correction's: heavier than others'
        page.click('[data-glossa-filter="correction"]')
        assert page.evaluate(ink) == [update, "2px"]
        page.click('[data-glossa-filter="correction"]')
        assert page.evaluate(ink) == before


def test_instant_navigation_keeps_the_page_and_reinitialises_glossa(browser: Any, site: str) -> None:
    with opened(browser, site + EDITION) as (page, _):
        page.evaluate("window.glossaMarker = 'still here'")
        page.click(f'.md-sidebar--primary a[href="{site}{SECOND}"]')
        page.wait_for_url(site + SECOND)
        page.wait_for_selector(".md-content[data-glossa-ready] .glossa-toolbar")
        assert page.evaluate("window.glossaMarker") == "still here"  # not reloaded
        assert page.locator(".glossa-toolbar").count() == 1
        page.locator('mark[data-glossa-ref~="zweite-notiz"]').first.hover()
        assert "glossa-lit" in page.locator("#glossa-zweite-notiz").get_attribute("class")
        page.click('[data-glossa-filter="note"]')
        assert not page.locator("#glossa-zweite-notiz").is_visible()
        page.go_back()
        page.wait_for_selector(".md-content[data-glossa-ready] .glossa-toolbar")
        assert page.evaluate("window.glossaMarker") == "still here"
        assert page.get_attribute('[data-glossa-filter="note"]', "aria-pressed") == "false"
        page.click(f'.md-sidebar--primary a[href="{site}method/"]')  # a page without annotations
        page.wait_for_url(site + "method/")
        page.wait_for_function("!document.documentElement.classList.contains('glossa-page')")
        assert page.evaluate("window.glossaMarker") == "still here"
    # A card left open on the page navigated from: Escape and Back there threw a TypeError.
    with opened(browser, site + EDITION) as (page, watch):
        page.click("[data-glossa-for='five-times-energy']")
        page.click(f'.md-sidebar--primary a[href="{site}method/"]')
        page.wait_for_url(site + "method/")
        page.keyboard.press("Escape")
        page.go_back()
        page.wait_for_selector(".md-content[data-glossa-ready]")
        page.wait_for_timeout(300)
        assert not watch.errors, watch.errors


def test_a_paragraphs_link_on_a_phone_focuses_the_pilcrow_shown(browser: Any, site: str) -> None:
    """An annotated row's ¶ link is written twice, one shown beside the text, one after its cards
    on a phone: the focus went to the hidden one, and fell to the page's body."""
    with opened(browser, site + EDITION, width=PHONE) as (page, watch):
        page.evaluate("location.hash = '#p4'")
        page.wait_for_function("document.activeElement.matches('.glossa-pilcrow')")
        assert page.evaluate("document.activeElement.getClientRects().length") > 0
        assert page.evaluate("document.activeElement.closest('.glossa-notes__links') !== null")
        assert not watch.errors, watch.errors


@pytest.mark.parametrize("touch", [False, True])
def test_a_suggest_link_not_shown_takes_no_tap(browser: Any, site: str, touch: bool) -> None:
    """Shown on pointing at its row, the link was invisible but there: on a tablet, which cannot
    point, a tap in the gutter opened GitHub unseen. A mouse still finds it by pointing at it."""
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, has_touch=touch)
    try:
        page = context.new_page()
        page.goto(site + EDITION)
        page.wait_for_selector(".md-content[data-glossa-ready]")
        link = page.locator("[data-glossa-block='18'] > .glossa-row__links > .glossa-suggest")
        link.scroll_into_view_if_needed()
        if not touch:
            page.mouse.move(5, 890)  # pointing at no row
        state = """link => { const box = link.getBoundingClientRect();
          return [getComputedStyle(link).opacity,
                  document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === link];
        }"""
        assert link.evaluate(state) == ["0", not touch]
        if touch:  # a tap on the row shows the link, to tap
            page.tap("[data-glossa-block='18'] > .glossa-text")
            page.wait_for_timeout(100)
            assert link.evaluate(state) == ["1", True]
    finally:
        context.close()


def test_on_a_phone_every_rows_links_are_seen_in_the_order_tab_visits_them(browser: Any, site: str) -> None:
    """A row without cards floats its links, one with cards lines them up after the cards: ¶ and
    the pen swapped sides from one paragraph to the next. Then both put ¶ at the right, and Tab
    went from ¶ leftwards to the pen: ¶ is now left of the pen, as it comes first."""
    with opened(browser, site + EDITION, width=PHONE) as (page, _):
        sides = page.evaluate("""() => [...document.querySelectorAll('.glossa-row')].map(row => {
          const shown = [...row.querySelectorAll('.glossa-pilcrow, .glossa-suggest')]
            .filter(link => link.getClientRects().length);
          const [first, second] = shown.map(link => link.getBoundingClientRect());
          return shown.length === 2 && shown[0].matches('.glossa-pilcrow') && first.right < second.left
            && first.top === second.top;
        })""")
    assert len(sides) > 50 and all(sides)


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_a_fresh_page_at_a_paragraphs_address_focuses_its_link(browser: Any, site: str,
                                                                width: int) -> None:
    """The browser's own jump to the address, once the page had loaded, dropped the focus given
    to the ¶ link: it fell to the page's body, with no ring to show where Tab would go."""
    with opened(browser, site + EDITION + "#p12", width=width) as (page, _):
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        assert page.evaluate("document.activeElement.matches('.glossa-pilcrow')")
        assert page.evaluate("document.activeElement.getClientRects().length") > 0


def test_a_reference_is_named_apart_from_the_words_before_it(browser: Any, site: str) -> None:
    """The title's name was "OpenAI is CrashingUpdate 1": a screen reader ran the two together."""
    with opened(browser, site + EDITION) as (page, _):
        assert page.locator("h1").first.aria_snapshot().startswith('- heading "OpenAI is Crashing Update 1')


def test_without_script_a_laptop_gives_the_table_of_contents_room_to_the_text(browser: Any,
                                                                             site: str) -> None:
    """From 60em Material shows the table of contents; an article's rows left it an empty column
    of 250 px, which script hid."""
    with opened(browser, site + EDITION, width=LAPTOP, script=False) as (page, _):
        assert not page.locator(".md-sidebar--secondary").is_visible()


def test_in_forced_colours_corrections_stand_apart_from_other_marks(browser: Any, site: str) -> None:
    """Forced colours paint every mark alike: a correction's words are underlined twice, other
    marks' once; and take away the shadows and tints that light a card, its words and a targeted
    paragraph, and the verdict's badge: those get an outline, the badge a border."""
    with opened(browser, site + EDITION + "#p6") as (page, _):
        page.emulate_media(forced_colors="active")
        style = "(mark, name) => getComputedStyle(mark)[name]"
        assert page.eval_on_selector("mark.glossa-mark--correction", style, "textDecorationStyle") == "double"
        assert page.eval_on_selector("mark.glossa-mark--note", style, "textDecorationLine") == "underline"
        target = ".glossa-row.glossa-target > .glossa-text"
        assert page.eval_on_selector(target, style, "outlineStyle") == "solid"
        assert page.eval_on_selector(".glossa-verdict", style, "borderTopStyle") == "solid"
        page.hover("mark.glossa-mark--correction")
        for lit in ("mark.glossa-mark.glossa-lit", ".glossa-card.glossa-lit"):
            assert page.eval_on_selector(lit, style, "outlineStyle") == "solid", lit
        page.click("button.glossa-filter[data-glossa-filter='correction']")  # hidden: no line
        assert page.eval_on_selector("mark.glossa-mark--correction", style, "textDecorationLine") == "none"


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_a_link_to_a_paragraph_or_a_card_followed_again_goes_there_again(
        browser: Any, site: str, width: int) -> None:
    """Material's instant navigation kept its own record of the address, which a card opened or
    shut changed behind it: a second click on the ¶ or the list's entry it had recorded was taken
    for a repeat, which Material undid by going back, to the card opened in between."""
    with opened(browser, site + EDITION, width=width) as (page, watch):
        pilcrow = ("#p12 ~ .glossa-row__links > .glossa-pilcrow" if width == WIDE else
                   "[data-glossa-block='12'] .glossa-pilcrow >> visible=true")
        page.click(pilcrow)
        page.wait_for_function("location.hash === '#p12'")
        page.click("mark[data-glossa-ref~='red-alert']")
        page.wait_for_function("location.hash === '#glossa-red-alert'")
        page.click(pilcrow)
        page.wait_for_timeout(500)
        assert page.evaluate("location.hash") == "#p12"
        assert page.get_attribute(".glossa-target", "data-glossa-block") == "12"
        page.evaluate("scrollTo(0, 0)")
        page.click("button.glossa-corrections-toggle")
        entry = '.glossa-summary a[href$="#glossa-code-red-memo"]'
        page.click(entry)
        page.wait_for_selector("#glossa-code-red-memo.glossa-open")
        page.click("#glossa-code-red-memo .glossa-card__summary")
        assert page.locator(".glossa-open").count() == 0
        page.evaluate("scrollTo(0, 0)")
        page.click(entry)
        page.wait_for_timeout(500)
        assert page.evaluate("location.hash") == "#glossa-code-red-memo"
        assert page.locator("#glossa-code-red-memo.glossa-open").count() == 1
        assert in_viewport(page, "#glossa-code-red-memo")
        assert not watch.errors, watch.errors


def test_a_headings_link_followed_again_goes_there_again(browser: Any, site: str) -> None:
    """Other links to this page went through Material's instant navigation, whose record of the
    address a card opened in between had left behind: the second click went back to the card."""
    with opened(browser, site + EDITION) as (page, watch):
        page.click("h1 a.headerlink")
        page.wait_for_function("location.hash === '#openai-is-crashing'")
        page.click("mark[data-glossa-ref~='red-alert']")
        page.wait_for_function("location.hash === '#glossa-red-alert'")
        page.click("h1 a.headerlink")
        page.wait_for_timeout(500)
        assert page.evaluate("location.hash") == "#openai-is-crashing"
        assert page.locator(".glossa-open").count() == 0
        assert not watch.errors, watch.errors


def test_a_card_a_link_opened_twice_keeps_its_address_when_shut(browser: Any, site: str) -> None:
    """Its entry in the history is the link's: shut, taking the address off left two entries of
    one address, and a Back that stayed put."""
    with opened(browser, site + EDITION) as (page, _):
        page.click("button.glossa-corrections-toggle")
        entry = '.glossa-summary a[href$="#glossa-code-red-memo"]'
        for _ in range(2):
            page.click(entry)
            page.wait_for_selector("#glossa-code-red-memo.glossa-open")
        page.click("#glossa-code-red-memo .glossa-card__summary")
        assert page.evaluate("location.hash") == "#glossa-code-red-memo"
        page.go_back()
        page.wait_for_function("location.hash === ''")


def test_cards_stay_level_with_their_words_when_what_is_above_the_text_goes(
        browser: Any, site: str) -> None:
    """Material's announcement bar, dismissed, moved the text up and left every card 46 px below
    its words: only the text's own size was watched."""
    def offsets(page: Any) -> list[float]:
        return page.evaluate("""[...document.querySelectorAll('.glossa-notes > [data-glossa-id]')]
            .slice(0, 5).map(card => { const id = card.getAttribute('data-glossa-id');
              const mark = document.querySelector(`mark[data-glossa-ref~="${id}"]`);
              return Math.round(card.getBoundingClientRect().top - mark.getBoundingClientRect().top); })""")
    with opened(browser, site + EDITION) as (page, _):
        before = offsets(page)
        page.evaluate("""document.body.prepend(Object.assign(document.createElement('div'),
            {id: 'banner', style: 'height: 46px'}))""")
        page.wait_for_timeout(300)
        assert offsets(page) == before
        page.evaluate("document.getElementById('banner').remove()")
        page.wait_for_timeout(300)
        assert offsets(page) == before


def test_an_open_card_stays_in_view_when_the_width_crosses_the_margins(browser: Any, site: str) -> None:
    """A window widened past 60em: the open card, under its paragraph, went beside it, thousands
    of pixels from where the reader was."""
    with opened(browser, site + EDITION + "#glossa-sutskever-passed-away", width=PHONE) as (page, _):
        page.wait_for_selector("#glossa-sutskever-passed-away.glossa-open")
        page.wait_for_timeout(300)
        assert in_viewport(page, "#glossa-sutskever-passed-away")
        page.set_viewport_size({"width": WIDE, "height": 900})
        page.wait_for_timeout(500)
        assert in_viewport(page, "#glossa-sutskever-passed-away")


def test_the_last_card_open_lays_the_page_out_once(browser: Any, site: str) -> None:
    """The room added below the text for the last card was computed from a box that held it:
    added, then taken off, then added, a frame each, while the card stayed open."""
    with opened(browser, site + EDITION) as (page, watch):
        last = page.eval_on_selector_all(".glossa-notes > [data-glossa-id]", "cards => cards.at(-1).id")
        page.evaluate(f"location.hash = '#{last}'")
        page.wait_for_selector(f"#{last}.glossa-open")
        page.wait_for_timeout(300)
        changes = page.evaluate("""() => new Promise(done => { let n = 0;
            const watch = new MutationObserver(() => n++);
            watch.observe(document.querySelector('.md-content'),
                          {attributes: true, attributeFilter: ['style']});
            setTimeout(() => { watch.disconnect(); done(n); }, 1000); })""")
        assert changes == 0
        assert not watch.errors, watch.errors


def test_printed_in_the_dark_scheme_cards_have_the_inks_of_paper(browser: Any, site: str) -> None:
    """The dark scheme's lighter inks were printed on white paper: correction borders at 2.4:1."""
    inks = []
    for scheme in ("light", "dark"):
        with opened(browser, site + EDITION, scheme=scheme, media="print") as (page, _):
            inks.append(page.evaluate("""['.glossa-card[data-glossa-kind=correction]', 'mark.glossa-mark',
                '.glossa-card a'].map(s => { const e = document.querySelector(s), c = getComputedStyle(e);
                return [c.borderLeftColor, c.color, c.backgroundColor]; })"""))
    assert inks[0] == inks[1]


def test_a_card_opened_by_a_link_material_navigates_closes(browser: Any, site: str) -> None:
    """The summary's list of corrections links to cards: Material's instant navigation put the
    page in again, and a popstate opened the card before Glossa's init ran, which lost track of
    it: Escape and its summary no longer closed it, and the next card opened beside it."""
    with opened(browser, site + EDITION) as (page, watch):
        page.click("button.glossa-corrections-toggle")
        page.click('.glossa-summary a[href$="#glossa-red-alert"]')
        page.wait_for_function("document.querySelector('.md-content[data-glossa-ready] "
                               "#glossa-red-alert.glossa-open')")
        page.wait_for_timeout(300)
        page.keyboard.press("Escape")
        assert page.locator(".glossa-open").count() == 0
        # The focus goes back to the link followed (it went to the card's reference, far below),
        # the list still open around it.
        assert page.evaluate("document.activeElement.closest('.glossa-summary') !== null")
        assert page.evaluate("document.activeElement.hash") == "#glossa-red-alert"
        page.click("[data-glossa-for='code-red-memo']")
        assert page.evaluate("[...document.querySelectorAll('.glossa-open')].map(c => c.id)") == [
            "glossa-code-red-memo"]
        # Escape with the focus gone far from the open card closes it, and leaves the focus there
        # (it pulled the focus, and the page, back to the card's reference).
        page.focus("#p30 ~ .glossa-row__links > .glossa-pilcrow")
        scrolled = page.evaluate("scrollY")
        page.keyboard.press("Escape")
        assert page.locator(".glossa-open").count() == 0
        assert page.evaluate("[document.activeElement.getAttribute('href').split('#')[1], scrollY]") == [
            "p30", scrolled]
        assert not watch.errors, watch.errors


def test_back_from_a_card_the_summarys_list_opened_focuses_that_link(browser: Any, site: str) -> None:
    """It focused the card's reference, below the window on a phone: a reader checking the
    corrections one by one had to find the list again each time."""
    with opened(browser, site + EDITION, width=PHONE) as (page, watch):
        page.click("button.glossa-corrections-toggle")
        page.focus('.glossa-summary a[href$="#glossa-red-alert"]')
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.md-content[data-glossa-ready] "
                               "#glossa-red-alert.glossa-open')")
        page.go_back()
        page.wait_for_function("document.activeElement.closest('.glossa-summary') !== null")
        assert page.evaluate("document.activeElement.hash") == "#glossa-red-alert"
        assert in_viewport(page, ".glossa-summary a[href$='#glossa-red-alert']")
        assert not watch.errors, watch.errors


def test_lang_comes_from_the_front_matter(browser: Any, site: str) -> None:
    with opened(browser, site + SECOND) as (page, _):
        assert page.get_attribute("html", "lang") == "de"
    with opened(browser, site + EDITION) as (page, _):
        assert page.get_attribute("html", "lang") == "en"


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_search_finds_a_phrase_that_only_an_annotation_contains(browser: Any, site: str, width: int) -> None:
    """On a phone, Material's full-screen search locked the page's scrolling until it closed: the
    card opened, thousands of pixels below the window. The card's words were not highlighted."""
    texts = (path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md"))
    assert not any(SEARCH_PHRASE in text for text in texts)
    with opened(browser, site, width=width) as (page, watch):
        index = page.evaluate("fetch('search/search_index.json').then(r => r.json())")
        found = {doc["location"].split("#")[0] for doc in index["docs"] if SEARCH_PHRASE in doc["text"]}
        assert found == {EDITION}
        page.wait_for_function("!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
        if width == PHONE:  # full screen: Material locks the page's scrolling 400 ms after
            page.click("label.md-header__button[for='__search']")
            page.wait_for_function("document.body.hasAttribute('data-md-scrolllock')")
        page.locator("input.md-search__input").press_sequentially(SEARCH_PHRASE)  # Material reads keyup
        result = page.locator(f".md-search-result__item a[href*='{EDITION}']").first
        result.wait_for()  # Material draws the results anew as each key comes: a locator, not a handle
        result.click()  # to the card, open, with the phrase in view: not to the top of the page
        page.wait_for_function("document.querySelector('.glossa-open')")  # once the page is in
        page.wait_for_function("!document.body.hasAttribute('data-md-scrolllock')")
        page.wait_for_timeout(300)
        assert SEARCH_PHRASE in page.eval_on_selector(".glossa-open", "card => card.textContent")
        assert in_viewport(page, ".glossa-open")
        assert page.eval_on_selector_all(".glossa-open mark[data-md-highlight]",
                                         "marks => marks.map(m => m.textContent)") == [SEARCH_PHRASE]
        assert not watch.errors, watch.errors


@pytest.mark.parametrize(("query", "card"), [
    ("reddit", "glossa-scraped-byline"),  # a page-level card, in the summary
    (f"witnessed+{SEARCH_PHRASE.lower()}", None),  # one word of the text, one of a card's
])
def test_a_searched_word_only_a_card_holds_opens_that_card(browser: Any, site: str, query: str,
                                                          card: str | None) -> None:
    """Material passes every word of the query that matched; those the text lacks pick the card."""
    with opened(browser, site + EDITION + f"?h={query}") as (page, _):
        page.wait_for_selector(".glossa-open")
        assert card is None or page.get_attribute(".glossa-open", "id") == card
        text = page.eval_on_selector(".glossa-open", "card => card.textContent.toLowerCase()")
        assert query.split("+")[-1] in text
        # Loaded, not put in: Material marks the words too, once its search has loaded (it
        # marked them again inside Glossa's marks).
        page.wait_for_selector(".glossa-open mark[data-md-highlight]:not([data-glossa-highlight])",
                               state="attached")
        page.wait_for_timeout(100)
        assert page.locator("mark[data-md-highlight] mark[data-md-highlight]").count() == 0


def test_a_searched_card_of_a_kind_the_reader_hid_opens_and_shows(browser: Any, site: str) -> None:
    """With sources hidden, a result for words only a source holds led to the top of the page."""
    with opened(browser, site + EDITION) as (page, _):
        page.evaluate("sessionStorage.setItem('glossa.hidden-kinds', JSON.stringify(['source']))")
        page.goto(site + EDITION + "?h=kokotajlo")
        page.wait_for_selector(".glossa-open")
        assert page.get_attribute(".glossa-open", "data-glossa-kind") == "source"
        assert page.is_visible(".glossa-open") and in_viewport(page, ".glossa-open")


def test_search_words_the_text_holds_open_no_card(browser: Any, site: str) -> None:
    """Material shows words of the text itself; a card holding them too stays closed."""
    with opened(browser, site + EDITION + "?h=gemini") as (page, _):
        page.wait_for_timeout(300)
        assert page.evaluate("[...document.querySelectorAll('[data-glossa-id]')].some(card => "
                             "/gemini/i.test(card.textContent))"), "a card holds the word too"
        assert not page.query_selector(".glossa-open")


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_searched_words_far_down_the_text_are_brought_into_view(browser: Any, site: str,
                                                                width: int) -> None:
    """The article is one section: Material's result left the reader at its top, the marked
    words thousands of pixels below."""
    with opened(browser, site + EDITION + "?h=memes", width=width) as (page, watch):
        page.wait_for_function("scrollY > 500")  # once Material, its search loaded, marked them
        page.wait_for_timeout(300)
        assert in_viewport(page, ".glossa-text mark[data-md-highlight]")
        assert not watch.errors, watch.errors
        assert not page.query_selector(".glossa-open")


def test_forced_colours_keep_marked_words_readable_in_the_dark(browser: Any, site: str) -> None:
    """Chromium forces a mark's text to MarkText but kept Glossa's translucent tint: black words
    on black, and filtered marks' words gone."""
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, color_scheme="dark",
                                  forced_colors="active")
    try:
        page = context.new_page()
        page.goto(site + EDITION)
        page.wait_for_selector(".md-content[data-glossa-ready]")
        colours = """selector => { const s = getComputedStyle(document.querySelector(selector));
            return [s.color, s.backgroundColor]; }"""
        text, background = page.evaluate(colours, "mark.glossa-mark")
        assert background.startswith("rgb(") and text != background, (text, background)
        page.click("button.glossa-filter[data-glossa-filter='note']")
        text, background = page.evaluate(colours, "mark.glossa-filtered-out")
        assert background.startswith("rgb(") and text != background, (text, background)
        pen = page.evaluate("getComputedStyle(document.querySelector('.glossa-suggest'), '::before')"
                            ".backgroundColor")  # a mask over the colour Chromium had made Canvas
        assert pen != page.evaluate("getComputedStyle(document.body).backgroundColor"), pen
    finally:
        context.close()


def test_a_cards_way_back_leads_to_its_reference_when_the_reader_hid_its_kind(
        browser: Any, site: str) -> None:
    """The reference of a hidden kind is not shown: '↩ ¶14' changed the address and nothing else."""
    with opened(browser, site + EDITION) as (page, _):
        page.click('[data-glossa-filter="correction"]')
        page.goto(site + EDITION + "#glossa-sora-chief-engineer")
        page.wait_for_selector("#glossa-sora-chief-engineer.glossa-open")
        mark = 'mark[data-glossa-ref~="sora-chief-engineer"]'  # its words lit, though the kind is hidden
        assert page.eval_on_selector(mark, "m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.click("#glossa-sora-chief-engineer .glossa-card__back")
        page.wait_for_function("location.hash === '#glossaref-sora-chief-engineer'")
        page.wait_for_timeout(300)
        assert in_viewport(page, "#glossaref-sora-chief-engineer")
        assert page.evaluate("document.activeElement.parentNode.id") == "glossaref-sora-chief-engineer"


def test_the_palette_toggle_switches_between_light_and_dark(browser: Any, site: str) -> None:
    with opened(browser, site + EDITION) as (page, _):
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        card, colour = "#glossa-sutskever-passed-away", "el => getComputedStyle(el).backgroundColor"
        before = page.eval_on_selector(card, colour)
        page.locator("form[data-md-component=palette] label:visible").click()
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        after = page.eval_on_selector(card, colour)
        assert before != after


def test_print_puts_cards_after_their_paragraph_with_their_urls(browser: Any, site: str,
                                                                artifacts: Path) -> None:
    with opened(browser, site + EDITION, width=PHONE) as (page, _):  # compact on screen first
        page.emulate_media(media="print")
        page.screenshot(path=artifacts / "edition-print.png")
        geometry = page.evaluate(GEOMETRY)
        printed = page.evaluate("""() => ({
          urls: [...document.querySelectorAll('.glossa-source__url')].filter(u => u.offsetParent).length,
          all: document.querySelectorAll('.glossa-source__url').length,
          cards: [...document.querySelectorAll('[data-glossa-id]')].filter(c => c.offsetParent).length,
          pilcrows: [...document.querySelectorAll('.glossa-pilcrow')].filter(c => c.offsetParent).length,
          above: [...document.querySelectorAll('.glossa-row__links > .glossa-pilcrow')].filter(p =>
            p.getBoundingClientRect().bottom <= p.closest('.glossa-row').querySelector('.glossa-text')
              .getBoundingClientRect().top).map(p => p.textContent),
          rows: document.querySelectorAll('.glossa-row').length,
          chrome: [...document.querySelectorAll('.glossa-suggest, .glossa-card__back')]
            .filter(c => c.offsetParent).length,
          twice: [...document.querySelectorAll('[data-glossa-derived]')].filter(s => s.offsetParent)
            .map(s => s.closest('[data-glossa-id]').id),
          here: [...document.querySelectorAll('.glossa-card__body a')]
            .filter(a => new URL(a.href).pathname === location.pathname)
            .map(a => getComputedStyle(a, '::after').content.includes('<'))})""")
    assert printed["urls"] == printed["all"] > 0
    assert printed["cards"] == sum(EDITION_KINDS.values()) and printed["chrome"] == 0
    assert printed["twice"] == [], "a summary taken from the body, printed above the body"
    assert printed["pilcrows"] == printed["rows"], "paper readers find the ¶ the summary lists"
    assert printed["above"] == [], "a ¶ printed on a line of its own, above its paragraph"
    assert printed["here"] and not any(printed["here"]), \
        "a link to a card of the page printed the page's address (Material makes links absolute)"
    for row in geometry["rows"]:
        assert all(card["top"] >= row["text"]["bottom"] - 0.5 for card in row["cards"]), row["id"]


def test_the_printed_corrections_page_lists_each_corrections_paragraph_not_a_dead_link(
        browser: Any, site: str) -> None:
    """"Read the correction" printed beside every summary, a link paper cannot follow."""
    with opened(browser, site + "corrections/") as (page, _):
        page.emulate_media(media="print")
        printed = page.evaluate("""() => [...document.querySelectorAll('.glossa-corrections-table tbody tr')]
          .map(row => [row.cells[0].innerText, row.cells[3].innerText])""")
    assert len(printed) >= EDITION_KINDS["correction"]
    assert all(where.startswith("¶") and "Read the correction" not in shows for where, shows in printed)


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_nothing_moves_after_load(browser: Any, site: str, width: int) -> None:
    """Compact cards, filters and the target's highlight are laid out by CSS before the first paint."""
    with opened(browser, site + EDITION, width=width, slow_cpu=6) as (page, _):
        shift = page.evaluate("""() => new Promise(resolve => {
          let total = 0;
          new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
            .observe({type: 'layout-shift', buffered: true});
          setTimeout(() => resolve(total), 300);
        })""")
    assert shift < 0.01


PAGES = ("", EDITION, SECOND, "corrections/")


def test_pages_load_nothing_from_outside_the_site(browser: Any, site: str) -> None:
    """Material asks api.github.com for a GitHub repository's stars unless Glossa's source partial
    replaces its own; fonts are off. So a reader's visit reaches no other host."""
    host = urlsplit(site).netloc
    for path in PAGES:
        with opened(browser, site + path) as (page, watch):
            assert page.locator(".md-source").count() > 0  # the repository link is there
            page.wait_for_load_state("networkidle")
        outside = [url for url in watch.requests if url.startswith("http") and urlsplit(url).netloc != host]
        assert not outside, outside
        assert not [error for error in watch.errors if not error.startswith("Failed to load resource")]


def test_pages_log_no_errors_and_no_request_fails(browser: Any, site: str) -> None:
    """Material fetches `sitemap.xml` beside the href of every <link rel=alternate> (it takes them
    for language versions): the W3C export (SPEC §5) is in the site's root, so that is the site's."""
    for path in PAGES:
        with opened(browser, site + path) as (page, watch):
            page.wait_for_load_state("networkidle")
        assert not watch.errors, (path, watch.errors)
        assert not watch.failures, (path, watch.failures)


def test_a_phones_cards_and_paragraph_links_are_big_enough_to_tap(browser: Any, site: str) -> None:
    """axe's target-size (WCAG 2.2, 24px): the compact cards' summaries were 16px tall, a ¶ link
    13px wide."""
    with opened(browser, site + EDITION, width=PHONE) as (page, _):
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document.querySelector('article'),
            {runOnly: ['target-size']})).violations.flatMap(v => v.nodes.map(n => n.target.join(' ')))""")
    assert not violations, violations


def test_screen_readers_hear_named_links_and_few_landmarks(browser: Any, site: str) -> None:
    """The cards' asides were 40 landmarks, their permalinks were read as '#' and every link of
    the corrections page as 'Read the correction'."""
    with opened(browser, site + EDITION) as (page, _):
        assert page.get_by_role("complementary").count() <= 1  # Material's table of contents
        assert page.get_by_role("note", name="Annotations on paragraph 4", exact=True).count() == 1
        assert page.get_by_role("link", name="#", exact=True).count() == 0
        # A heading to find the summary's list of corrections by (it was a paragraph)
        assert page.get_by_role("heading", name="Corrections", level=2, exact=True).count() == 1
        card = page.locator("#glossa-sutskever-passed-away")
        number = card.locator(".glossa-card__kind").text_content().split()[-1]
        assert card.get_by_role("link", name=f"Permalink to correction {number}",
                                include_hidden=True).count() == 1
        block = card.evaluate("c => c.closest('.glossa-row').dataset.glossaBlock")
        assert card.get_by_role("link", name=f"Back to the text of correction {number}, ¶{block}",
                                include_hidden=True).count() == 1
    with opened(browser, site + "corrections/") as (page, _):
        names = page.eval_on_selector_all(".glossa-corrections-table td:last-child a",
                                          "links => links.map(a => a.getAttribute('aria-label'))")
        rows = page.locator(".glossa-corrections-table tbody tr").count()
        assert len(names) == len(set(names)) == rows >= EDITION_KINDS["correction"]
        assert all(name.startswith("Read the correction: ") for name in names)


@pytest.mark.parametrize(("path", "width", "scheme"), [
    (EDITION, WIDE, "light"), (EDITION, WIDE, "dark"), (EDITION, PHONE, "light"),
    ("corrections/", WIDE, "light"), ("corrections/", WIDE, "dark"), ("", WIDE, "light"),
    ("", WIDE, "dark"), ("method/", WIDE, "light")])
def test_axe_finds_no_serious_problem_in_the_article(browser: Any, site: str, path: str, width: int,
                                                     scheme: str) -> None:
    """The edition's article, the generated corrections page (its links in text blocks), and its
    other pages (links told apart from the text by colour alone, until edition.css)."""
    with opened(browser, site + path, width=width, scheme=scheme) as (page, _):
        assert page.evaluate("""[...document.querySelectorAll('.glossa-row')].every(row =>
            row.querySelectorAll('aside, [role=complementary]').length <= 1)""")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document.querySelector('article'),
            {resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,
            help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1)
