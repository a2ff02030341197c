"""Material's own features on an annotated page, in Chromium after Material's script has run
(issue 19): the site of `material_site.py` built with and without Glossa, the same page compared.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import build, serve_directory
from material_site import write_material_site

pytestmark = pytest.mark.browser

PAGE = "annotated/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The site built without Glossa ("plain") and with it ("glossa"), each served; their URLs."""
    urls: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        for name in ("plain", "glossa"):
            root = write_material_site(tmp_path_factory.mktemp(name), glossa=name == "glossa")
            result = build(root, strict=True)
            assert not result.aborted, result.warnings
            urls[name] = stack.enter_context(serve_directory(root / "site"))
        yield urls


@contextlib.contextmanager
def material_page(browser: Any, url: str, width: int = 1440) -> Iterator[Any]:
    """The page once Material's script has mounted its components (and Glossa's, if any)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function("document.querySelector('.md-code__button') && ("
                           "document.querySelector('.md-content[data-glossa-ready]') || "
                           "!document.querySelector('[data-glossa-summary]'))")
    try:
        yield page
        assert errors == []
    finally:
        context.close()


CODE_BLOCKS = """() => [...document.querySelectorAll('.md-content pre')].map(pre => {
    const tab = pre.closest('.tabbed-block');  // a reader copies the code of the tab shown
    if (tab) tab.parentNode.parentNode.querySelectorAll(':scope > input')[
        [...tab.parentNode.children].indexOf(tab)].click();
    const code = document.querySelector(pre.querySelector('[data-md-type="copy"]')
        .getAttribute('data-clipboard-target'));
    code.setAttribute('data-md-copying', '');  // as Material's copy button does
    const copies = code.innerText.trimEnd();
    code.removeAttribute('data-md-copying');
    return {id: pre.id, copies};
})"""


def test_code_blocks_keep_their_ids_and_copy_buttons_copy_their_own_code(browser: Any,
                                                                        sites: dict[str, str]) -> None:
    """Material names a code block `__code_<id>` after the closest element with an id: the row's
    permalink is an empty element beside the text, so every block gets the name it gets without
    Glossa, and each tab's copy button copies its own tab's code."""
    found = {}
    for name, url in sites.items():
        with material_page(browser, url + PAGE) as page:
            found[name] = page.evaluate(CODE_BLOCKS)
    ids = [block["id"] for block in found["glossa"]]
    assert len(set(ids)) == len(ids) == 4
    assert [block["id"] for block in found["glossa"]] == [block["id"] for block in found["plain"]]
    copies = [block["copies"] for block in found["glossa"]]
    assert "printf" in copies[0] and "std::cout" in copies[1] and "def greet" in copies[2]
    assert copies == [block["copies"] for block in found["plain"]]


def test_the_header_shows_the_site_title_at_the_top_of_an_annotated_page(browser: Any,
                                                                        sites: dict[str, str]) -> None:
    """Material switches its header to the page's title once the `h1` is scrolled past, read from
    the title's offset: a positioned row made that offset 0, as if the page were scrolled."""
    shown, offsets = {}, {}
    for name, url in sites.items():
        with material_page(browser, url + PAGE) as page:
            # The cause, which no wait can miss: Material reads the `h1`'s offsetTop.
            offsets[name] = page.evaluate("document.querySelector('.md-content h1').offsetTop")
            page.wait_for_timeout(300)  # Material's header watches the scroll position
            shown[name] = page.evaluate("""() => document.querySelector('.md-header__title')
                .classList.contains('md-header__title--active')""")
    assert shown == {"plain": False, "glossa": False}
    assert offsets["glossa"] > 0 and offsets["plain"] > 0, offsets


@pytest.mark.parametrize("id", ["inline-code", "in-a-code-block"])
def test_a_reference_number_inside_code_is_visible(browser: Any, sites: dict[str, str], id: str) -> None:
    """Material hides every `a[id]` inside a code block (its line anchors): the reference's id is
    its `<sup>`'s, so its number shows in inline code and in code blocks alike."""
    with material_page(browser, sites["glossa"] + PAGE) as page:
        link = page.locator(f"#glossaref-{id} > a")
        assert link.evaluate("a => a.closest('code') !== null")
        assert link.is_visible()
        assert link.evaluate("a => getComputedStyle(a).position") != "absolute"


def test_a_back_link_into_an_unselected_tab_selects_the_tab(browser: Any, sites: dict[str, str]) -> None:
    with material_page(browser, sites["glossa"] + PAGE + "#glossa-in-a-tab") as page:
        reference = page.locator("#glossaref-in-a-tab > a")
        page.locator(".tabbed-set .tabbed-labels > label").first.click()  # the card opened it: shut
        assert not reference.is_visible()  # in the C++ tab; the C tab is selected
        page.focus("#glossa-in-a-tab .glossa-card__back")
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.parentNode.id === 'glossaref-in-a-tab'")
        assert reference.is_visible()
        assert page.evaluate("""() => { const r = document.querySelector('#glossaref-in-a-tab')
            .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }""")
        assert page.evaluate("document.activeElement.parentNode.id") == "glossaref-in-a-tab"
        assert page.evaluate("""() => [...document.querySelectorAll('.tabbed-set > input')]
            .map(input => input.checked)""") == [False, True]  # the C++ tab


TOOLTIP_SHOWN = """() => { const ref = document.getElementById('glossaref-code-annotation');
    return !!ref && getComputedStyle(ref.closest('.md-tooltip')).opacity === '1'; }"""
"""Whether the code annotation holding the reference is open: Material fades a closed tooltip out,
and a quarter of a second later takes it out of the page."""


@pytest.mark.parametrize("wait", [0, 500])
def test_a_back_link_into_a_code_annotation_opens_its_tooltip(browser: Any, sites: dict[str, str],
                                                               wait: int) -> None:
    """The quoted words live in the tooltip of a code annotation: the card's back link opens it,
    whether Material has taken the closed tooltip out of the page yet (`wait`) or not."""
    with material_page(browser, sites["glossa"] + PAGE + "#glossa-code-annotation") as page:
        page.wait_for_timeout(wait)
        assert not page.evaluate(TOOLTIP_SHOWN)
        page.focus("#glossa-code-annotation .glossa-card__back")
        page.keyboard.press("Enter")
        page.wait_for_function(TOOLTIP_SHOWN)
        assert page.evaluate("location.hash") == "#glossaref-code-annotation"
        assert page.evaluate("document.activeElement.matches('.md-annotation')")
        assert page.locator("#glossaref-code-annotation.glossa-target").count() == 1  # highlighted
        page.wait_for_timeout(500)
        assert page.evaluate(TOOLTIP_SHOWN), "the tooltip stays open"


def test_a_permalink_into_a_code_annotation_opens_its_tooltip(browser: Any, sites: dict[str, str]) -> None:
    with material_page(browser, sites["glossa"] + PAGE + "#glossaref-code-annotation") as page:
        page.wait_for_function(TOOLTIP_SHOWN)
        assert page.locator("#glossaref-code-annotation.glossa-target").count() == 1


def test_opening_a_card_shows_its_words_in_an_unselected_tab(browser: Any, sites: dict[str, str]) -> None:
    """The card opened, and its words stayed in the tab not selected, nowhere on screen."""
    with material_page(browser, sites["glossa"] + PAGE) as page:
        page.click("#glossa-in-a-tab .glossa-card__summary")
        page.wait_for_function("document.querySelector('#glossa-in-a-tab.glossa-open')")
        assert page.locator("mark[data-glossa-ref~='in-a-tab']").first.is_visible()
        assert page.evaluate("""() => [...document.querySelectorAll('.tabbed-set > input')]
            .map(input => input.checked)""") == [False, True]  # the C++ tab


def test_a_permalink_into_an_unselected_tab_selects_the_tab(browser: Any, sites: dict[str, str]) -> None:
    with material_page(browser, sites["glossa"] + PAGE + "#glossaref-in-a-tab") as page:
        assert page.locator("#glossaref-in-a-tab > a").is_visible()


MATERIAL_PARTS = """() => ({
    codeAnnotations: document.querySelectorAll('.md-content .md-annotation').length,
    listsLeftShowing: [...document.querySelectorAll('.md-content .highlight + ol')]
        .filter(list => list.offsetParent !== null).length,
    tooltips: document.querySelectorAll('.md-content .md-tooltip, [title="A tooltip on a link"]').length,
    abbreviations: document.querySelectorAll('.md-content abbr[title]').length,
})"""


def settled(page: Any, script: str) -> Any:
    """What `script` finds once it finds the same 400 ms apart: Material takes a code annotation's
    tooltip out of the page a few hundred milliseconds after mounting it (2 tooltips, then 1)."""
    found = page.evaluate(script)
    for _ in range(10):
        page.wait_for_timeout(400)
        found, before = page.evaluate(script), found
        if found == before:
            break
    return found


def test_code_annotations_tooltips_and_abbreviations_come_out_as_without_glossa(
        browser: Any, sites: dict[str, str]) -> None:
    found = {}
    for name, url in sites.items():
        with material_page(browser, url + PAGE) as page:
            found[name] = settled(page, MATERIAL_PARTS)
    assert found["plain"]["codeAnnotations"] == 1 and found["plain"]["listsLeftShowing"] == 0
    assert found["glossa"] == found["plain"]


def test_switching_tabs_on_an_annotated_page_shows_the_other_tab(browser: Any,
                                                                 sites: dict[str, str]) -> None:
    with material_page(browser, sites["glossa"] + PAGE) as page:
        labels = page.locator(".tabbed-set .tabbed-labels > label")
        labels.nth(1).click()
        shown = page.evaluate("""() => [...document.querySelectorAll('.tabbed-block')]
            .filter(block => block.offsetParent !== null).map(block => block.innerText.slice(0, 40))""")
    assert len(shown) == 1 and "iostream" in shown[0]  # the C++ tab


def test_a_card_on_words_in_a_closed_tab_stands_level_with_its_block(browser: Any,
                                                                      sites: dict[str, str]) -> None:
    with material_page(browser, sites["glossa"] + PAGE) as page:
        tops = page.evaluate("""() => { const card = document.getElementById('glossa-in-a-tab');
            const row = card.closest('.glossa-row').querySelector('[data-glossa-text]');
            return [card.getBoundingClientRect().top, row.getBoundingClientRect().top,
                    row.getBoundingClientRect().bottom]; }""")
    card, row_top, row_bottom = tops
    assert row_top - 1 <= card <= row_bottom
