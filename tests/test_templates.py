"""Glossa's HTML comes from Jinja templates a site can override in its custom_dir, as Material's
own partials can be (partials/glossa/card.html, row.html, summary.html, unanchored.html,
corrections.html), and the words Glossa writes outside them (words.html)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from glossa.templates import OWN, Templates
from helpers import annotation, build, write_project

TEXT = "# Essay\n\nChief Scientist Ilya Sutskever passed away.\n"


def site_with_overrides(tmp_path: Path, overrides: dict[str, str]) -> Path:
    root = write_project(tmp_path, {"essay.md": TEXT}, {
        "essay/passed-away.md": annotation("correction", "He is alive.", verdict="false",
                                           quote="Ilya Sutskever passed away",
                                           summary="Sutskever is alive"),
    }, {"theme": {"name": "material", "font": False, "custom_dir": "overrides"}})
    for name, text in overrides.items():
        path = root / "overrides" / "partials" / "glossa" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("name, marker", [
    ("card.html", '<p class="our-card">{{ a.id }}: {{ summary }}</p>'),
    ("row.html", '<p class="our-row">row {{ number }}</p>'),
    ("summary.html", '<p class="our-summary">{{ counts | length }} kinds</p>'),
])
def test_a_sites_own_partial_replaces_glossas(tmp_path: Path, name: str, marker: str) -> None:
    own = (OWN / "partials" / "glossa" / name).read_text(encoding="utf-8")
    # The override is Glossa's template with one more element before it: the page still works.
    root = site_with_overrides(tmp_path, {name: marker + own})
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    page = result.page("essay/index.html")
    added = page.xpath("//p[starts-with(@class, 'our-')]")
    assert added, f"{name}: the site's partial was not used"
    assert page.xpath("//*[@data-glossa-id='passed-away']")  # the card is still there, once


def test_the_corrections_page_comes_from_the_sites_partial(tmp_path: Path) -> None:
    root = site_with_overrides(tmp_path, {"corrections.html": (
        '<ul class="our-list">{% for page in pages %}{% for e in page.entries %}'
        '<li>{{ e.verdict_label }}: {{ e.summary }}</li>{% endfor %}{% endfor %}</ul>')})
    result = build(root, strict=True)
    items = result.page("corrections/index.html").xpath("//ul[@class='our-list']/li")
    assert [li.text_content() for li in items] == ["False: Sutskever is alive"]


def test_the_section_of_annotations_not_placed_comes_from_the_sites_partial(tmp_path: Path) -> None:
    """A site in another language words the section in its own (it was an f-string before)."""
    root = site_with_overrides(tmp_path, {"unanchored.html": (
        '<section id="{{ id }}" class="glossa-unanchored"><h2>Annotations non placées</h2>'
        '{{ cards }}</section>')})
    (root / "annotations" / "essay" / "elsewhere.md").write_text(
        annotation("note", quote="words the essay does not hold"), encoding="utf-8")
    result = build(root)
    assert not result.aborted, result.warnings
    page = result.page("essay/index.html")
    [section] = page.xpath("//section[@id='glossa-unanchored']")
    assert section.xpath("string(h2)") == "Annotations non placées"
    assert section.xpath(".//*[@data-glossa-id='elsewhere']"), "the card is in the site's section"


def test_without_overrides_glossas_own_templates_serve(tmp_path: Path) -> None:
    templates = Templates([tmp_path])  # a folder with no partials/glossa
    assert "glossa-corrections-table" not in templates.render("corrections", total=0, pages=[])
    assert templates.render("corrections", total=0, pages=[]).endswith("</p><p>No corrections yet.</p>")


def test_a_partial_that_does_not_compile_stops_the_build_naming_its_file_and_line(tmp_path: Path) -> None:
    root = site_with_overrides(tmp_path, {"card.html": "<article>\n{% if a.id %}\n</article>\n"})
    result = build(root)
    assert result.aborted
    [message] = [w for w in result.warnings if "card.html" in w] or [""]
    assert re.search(r"overrides/partials/glossa/card\.html:3: the template could not be read: ",
                     message), result.warnings


def test_a_row_partial_that_drops_the_block_is_refused(tmp_path: Path) -> None:
    root = site_with_overrides(tmp_path, {"row.html": "<div>{{ number }}</div>"})
    result = build(root)
    assert result.aborted
    assert any(re.search(r"overrides/partials/glossa/row.html: the row template must write "
                         r"\{\{ block \}\} exactly once", w) for w in result.warnings), result.warnings


@pytest.mark.parametrize("name, variable, override, lost", [
    ("row.html", "cards", '<div id="p{{ number }}">{{ block }}</div>', "annotations"),
    ("summary.html", "page_cards", "<section data-glossa-summary>{{ counts | length }}</section>",
     "annotations"),
    ("unanchored.html", "cards", '<section id="{{ id }}"><h2>{{ title }}</h2></section>', "annotations"),
    ("card.html", "body", '<article id="{{ card_id }}" data-glossa-id="{{ a.id }}">{{ summary }}</article>',
     "annotations' words"),
])
def test_a_partial_that_drops_the_cards_it_is_given_is_refused(tmp_path: Path, name: str,
                                                                variable: str, override: str,
                                                                lost: str) -> None:
    """Annotations are never lost without a word: a row, a summary or a section not placed that
    leaves out its cards, or a card its body, stops the build, naming the template and what it
    must write."""
    root = site_with_overrides(tmp_path, {name: override})
    folder = root / "annotations" / "essay"
    (folder / "elsewhere.md").write_text(annotation("note", quote="words the essay lacks"), encoding="utf-8")
    (folder / "whole.md").write_text(annotation("note", "About the whole essay."), encoding="utf-8")
    result = build(root)
    assert result.aborted
    assert any(f"overrides/partials/glossa/{name}: the {name.removesuffix('.html')} template must "
               f"write {{{{ {variable} }}}}: without it, {lost} are lost from the page" in w
               for w in result.warnings), result.warnings


@pytest.mark.parametrize("name, override, written", [
    ("row.html", "<div>{{ block }}{{ cards }}</div>", 'id="p{{ number }}"'),
    ("card.html", '<article data-glossa-id="{{ a.id }}">{{ body }}</article>', 'id="{{ card_id }}"'),
])
def test_a_partial_that_drops_the_ids_links_lead_to_is_refused(tmp_path: Path, name: str, override: str,
                                                               written: str) -> None:
    """Without a ¶'s or a card's id, every link to it (references, the summary's, the corrections
    page's, other pages') led nowhere, and MkDocs' check of links, told the ids were there, passed."""
    result = build(site_with_overrides(tmp_path, {name: override}))
    assert result.aborted
    said = f"the {name.removesuffix('.html')} template must write {written}: links to it lead nowhere"
    assert any(f"overrides/partials/glossa/{name}: {said}" in w for w in result.warnings), result.warnings


@pytest.mark.parametrize(("written", "kept"), [
    ('<div id="p3">', True), ("<div id='p3'>", True), ("<div id=p3>", True), ('<div id = "p3">', True),
    ('<div ID="p3">', True), ('<div data-id="p3">', False), ('<div id="p30">', False),
])
def test_a_rows_id_is_found_however_the_template_writes_it(written: str, kept: bool) -> None:
    from glossa.render import _check_id
    from glossa.templates import TemplateProblem, Templates

    if kept:
        _check_id(Templates(), "row", written, "p3", "number", "p")
    else:
        with pytest.raises(TemplateProblem):
            _check_id(Templates(), "row", written, "p3", "number", "p")


def test_a_partial_that_fails_as_it_renders_stops_the_build_naming_its_file_and_line(
        tmp_path: Path) -> None:
    root = site_with_overrides(tmp_path, {"card.html": "<article>\n{{ a.id }}\n{{ nope }}</article>\n"})
    result = build(root)
    assert result.aborted
    assert any(re.search(r"overrides/partials/glossa/card.html:3: the template could not be "
                         r"rendered: 'nope' is undefined", w) for w in result.warnings), result.warnings


@pytest.mark.parametrize("cards", [[], ['<article class="glossa-card">\x01 a card &amp; more</article>']])
@pytest.mark.parametrize("suggest", [None, "https://github.com/o/r/new/main?value=a&b=\"c\""])
@pytest.mark.parametrize("ui_lang", [None, "en"])
def test_glossas_own_row_filled_in_is_the_row_the_template_renders(cards: list[str],
                                                                    suggest: str | None,
                                                                    ui_lang: str | None) -> None:
    from glossa import render
    from markupsafe import Markup

    templates = Templates()
    rendered = templates.render("row", number=12, block=Markup("\x00"), cards=Markup("".join(cards)),
                                suggest=suggest, ui_lang=ui_lang)
    head, tail = render.row_around(12, cards, suggest, templates, ui_lang)
    assert head + "\x00" + tail == rendered + "\n"


# --- words.html: the words Glossa writes outside its templates -----------------------------------

MARK = "FR·"


def marked_words_file() -> str:
    """A site's words.html that gives every one of Glossa's words, each marked, as a translation
    would give each in its own language."""
    lines = []
    for name, value in Templates().words.items():
        marked = {k: MARK + v for k, v in value.items()} if isinstance(value, dict) else MARK + value
        lines.append(f"{{% set {name} = {json.dumps(marked, ensure_ascii=False)} %}}")
    return "\n".join(lines)


def test_every_word_of_words_html_reaches_the_page_search_corrections_and_claimreview(tmp_path: Path) -> None:
    """A site in another language translates words.html: none of Glossa's English words of it is
    left on the page, in search, on the corrections page or in ClaimReview."""
    root = site_with_overrides(tmp_path, {"words.html": marked_words_file()})
    (root / "docs" / "essay.md").write_text(
        "---\nauthor: Ann\noriginal_author: Bo\n---\n" + TEXT, encoding="utf-8")
    (root / "annotations" / "essay" / "elsewhere.md").write_text(
        annotation("note", quote="words the essay does not hold", author="Cy"), encoding="utf-8")
    result = build(root)
    assert not result.aborted, result.warnings
    page = (result.site / "essay" / "index.html").read_text(encoding="utf-8")
    search = " ".join(doc["title"] + " " + doc["text"] for doc in json.loads(
        (result.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])
    corrections = (result.site / "corrections" / "index.html").read_text(encoding="utf-8")
    own = Templates().words
    expected = {
        page: [own["this_version"], own["first_written"], own["provenance"]["author"].split("{}")[0],
               own["verdicts"]["false"], own["not_placed_because"]["not-found"],
               own["unanchored_title"]],
        search: [own["search_sources"], own["search_author"].split("{}")[0],
                 own["unanchored_title"], own["verdicts"]["false"]],
        corrections: [own["verdicts"]["false"]],
    }
    for text, words in expected.items():
        for word in words:
            word = word.strip()
            assert MARK + word in text and text.count(word) == text.count(MARK + word), word
    reviews = [json.loads(script.text) for script in result.page("essay/index.html").xpath(
        "//script[@type='application/ld+json']")]
    assert reviews[0]["reviewRating"]["alternateName"] == MARK + own["verdicts"]["false"]


def test_a_site_may_translate_some_words_and_keep_the_rest(tmp_path: Path) -> None:
    root = site_with_overrides(tmp_path, {"words.html": '{% set verdicts = {"false": "Faux"} %}'})
    result = build(root, strict=True)
    card = result.page("essay/index.html").xpath("//*[@data-glossa-id='passed-away']")[0]
    assert card.xpath("string(.//*[@class='glossa-verdict'])") == "Faux"
    assert Templates([root / "overrides"]).words["verdicts"]["misleading"] == "Misleading"


def test_a_site_may_name_a_language_glossa_does_not(tmp_path: Path) -> None:
    """The provenance names a page's languages ("in English", not "in en"); a site adds its own."""
    root = site_with_overrides(tmp_path, {"words.html": '{% set languages = {"tlh": "Klingon"} %}'})
    (root / "docs" / "essay.md").write_text("---\nlanguage: tlh\ntranslated_from: de-AT\n---\n" + TEXT,
                                            encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    [line] = result.page("essay/index.html").xpath("//dl[@class='glossa-provenance']/dd")
    assert line.text_content() == "in Klingon, translated from a version in German"


@pytest.mark.parametrize("words, message", [
    ('{% set verdict = {"false": "Faux"} %}', "'verdict' is not one of Glossa's words, which are: "),
    ('{% set verdicts = "Faux" %}', "'verdicts' must be a table of words, as Glossa's is"),
    ('{% set whole_page = 3 %}', "whole_page must be text, as Glossa's is"),
    ('{% set verdicts = {"flase": "Faux"} %}', "verdicts['flase'] is not one of Glossa's words; the "
                                               "table's are: false, inaccurate,"),
    ('{% set search_author = "Par" %}', "search_author must hold '{}' where the value goes, as "
                                        "Glossa's 'By {}.' does"),
    ('{% set provenance = {"author": "de"} %}', "provenance['author'] must hold '{}'"),
    ('{% set verdicts = nope.x %}', "words.html: the words could not be read"),
    ('{% set whole_page = "x" %', "words.html:1: the template could not be read"),
])
def test_words_that_cannot_be_used_stop_the_build_naming_the_file(tmp_path: Path, words: str,
                                                                   message: str) -> None:
    result = build(site_with_overrides(tmp_path, {"words.html": words}))
    assert result.aborted
    assert any("overrides/partials/glossa/words.html" in line and message in line
               for line in result.warnings), result.warnings


def test_glossas_words_name_every_verdict_and_provenance_key() -> None:
    from glossa.render import PROVENANCE
    from glossa.rules import PROVENANCE_KEY_RULES, VERDICTS

    words = Templates().words
    assert list(words["verdicts"]) == list(VERDICTS)
    assert {key for _, keys in PROVENANCE for key in keys} == set(words["provenance"]) \
        == set(PROVENANCE_KEY_RULES)
    assert all(label in words for label, _ in PROVENANCE)


def test_a_word_that_cannot_be_used_is_named_at_its_line(tmp_path: Path) -> None:
    words = ('{# French #}\n{% set whole_page = "page entière" %}\n'
             '{% set verdicts = {\n  "flase": "Faux"} %}\n')
    result = build(site_with_overrides(tmp_path, {"words.html": words}))
    assert result.aborted
    assert any("overrides/partials/glossa/words.html:3: verdicts['flase'] is not one of Glossa's"
               in line for line in result.warnings), result.warnings
