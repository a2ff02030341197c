"""Annotated pages as real MkDocs + Material builds render them (SPEC §3, §4), read back with lxml."""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from glossa.anchor import normalise
from helpers import Build, annotation, build, original_block, write_project
from lxml import etree
from lxml import html as lxml_html

ESSAY = """\
---
author: Jane Roe
publisher: The Daily Example
published: 2026-01
source_url: https://example.org/essay
language: en-GB
original_author: John Doe
---

# The essay

Some **bold text and a [link](other.md) here** and `code x` end.

- Chief Technology Officer Mira Murati. Left.
- Chief Research Officer Bob McGrew. Left.

> A quoted passage with a *twist*.

| Name | Role |
| --- | --- |
| Greg | President |

```python
print("hello")
```

!!! note "Heads up"
    An admonition with **strong** words.

---

<div class="raw">raw <em>html</em></div>

<!-- an editor's comment -->

Overlap: the quick brown fox jumps over the lazy dog.

A claim with a footnote.[^1]

[^1]: The footnote's text.
"""

OTHER = "# Other\n\nA page nobody annotated, with a [link](index.md#p2).\n\n- a list\n"

UPDATE_KIND = {"label": "Update", "icon": "material/update", "color": "#6a1b9a"}

ESSAY_ANNOTATIONS = {
    "news": annotation("update", quote="The essay", body="Since then, more happened."),
    "across": annotation("note", quote="bold text and a link here and code"),
    "mcgrew": annotation("source", quote="Left.", prefix="Bob McGrew."),
    "role": annotation("source", quote="President"),
    "hello": annotation("note", quote='print("hello")'),
    "heads-up": annotation("correction", quote="An admonition with strong words", verdict="imprecise"),
    "raw": annotation("source", quote="raw html"),
    "fox": annotation("correction", quote="quick brown fox jumps", verdict="misleading"),
    "dog": annotation("note", quote="fox jumps over the lazy dog"),
    "footnote": annotation("note", quote="The footnote's text."),
    "about": annotation("note", body="About the whole essay."),
}
KIND_OF = {
    "news": "update", "across": "note", "mcgrew": "source", "role": "source", "hello": "note",
    "heads-up": "correction", "raw": "source", "fox": "correction", "dog": "note",
    "footnote": "note", "about": "note",
}
BLOCK_TAGS = ["h1", "p", "ul", "blockquote", "table", "pre", "div", "hr", "div", "p", "p", "div"]


@dataclass
class Essay:
    built: Build
    plain: Build

    @property
    def page(self) -> lxml_html.HtmlElement:
        return self.built.page()


@pytest.fixture(scope="module")
def essay(tmp_path_factory: pytest.TempPathFactory) -> Essay:
    """The essay built twice: with Glossa and its annotations, and with MkDocs alone."""
    pages = {"index.md": ESSAY, "other.md": OTHER}
    glossa = {"glossa": {"kinds": {"update": UPDATE_KIND}}}
    project = write_project(tmp_path_factory.mktemp("essay"), pages,
                            {f"index/{id}.md": text for id, text in ESSAY_ANNOTATIONS.items()},
                            {"plugins": ["search", glossa]})
    plain = write_project(tmp_path_factory.mktemp("plain"), pages, config={"plugins": ["search"]})
    return Essay(build(project, strict=True), build(plain, strict=True))


def article(page: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    [element] = page.xpath("//article[contains(concat(' ', @class, ' '), ' md-content__inner ')]")
    return element


def rows(page: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return page.xpath("//*[@data-glossa-block]")


def text_of(row: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    [text] = row.xpath("./*[@data-glossa-text]")
    return text


def canonical(node: etree._Element) -> str:
    """A node serialised without its tail: what MkDocs rendered, to compare across builds."""
    alone = copy.deepcopy(node)
    alone.tail = None
    return etree.tostring(alone, encoding="unicode", method="html")


def plain_blocks(page: lxml_html.HtmlElement) -> list[list[str]]:
    """MkDocs' own rendering of a page: each block (comments stand between blocks)."""
    return [[canonical(node)] for node in article(page) if isinstance(node.tag, str)]


def glossa_blocks(page: lxml_html.HtmlElement) -> list[list[str]]:
    """Each row's text with Glossa's additions taken out (SPEC §4)."""
    groups = []
    for row in rows(page):
        original = original_block(text_of(row))
        assert not (original.text or "").strip()
        groups.append([canonical(node) for node in original])
    return groups


def marks_of(page: lxml_html.HtmlElement, id: str) -> list[lxml_html.HtmlElement]:
    return page.xpath(f"//mark[contains(concat(' ', @data-glossa-ref, ' '), ' {id} ')]")


def marked_text(page: lxml_html.HtmlElement, id: str) -> str:
    return normalise("".join(mark.text_content() for mark in marks_of(page, id)))


def card(page: lxml_html.HtmlElement, id: str) -> lxml_html.HtmlElement:
    [element] = page.xpath(f"//*[@data-glossa-id='{id}']")
    return element


def row_of(element: lxml_html.HtmlElement) -> int:
    return int(element.xpath("ancestor::*[@data-glossa-block][1]/@data-glossa-block")[0])


# --- blocks become rows ----------------------------------------------------------------------


def test_the_annotated_essay_builds_strict_without_warnings(essay):
    assert not essay.built.aborted
    assert essay.built.warnings == []


def test_every_block_is_a_row_numbered_from_one_with_its_permalink_id(essay):
    found = rows(essay.page)
    assert [row.get("data-glossa-block") for row in found] == [str(n) for n in range(1, 13)]
    # The permalink is an empty element that starts the row: Material names code blocks after the
    # closest element with an id, which must not be the row (issue 19).
    assert [row[0].get("id") for row in found] == [f"p{n}" for n in range(1, 13)]
    assert all(row.get("id") is None and row[0].tag == "span" and not len(row[0])
               and not row[0].text_content() for row in found)


def test_rows_hold_every_kind_of_block_in_document_order(essay):
    tags = [original_block(text_of(row))[0].tag for row in rows(essay.page)]
    assert tags == BLOCK_TAGS
    blocks = [original_block(text_of(row))[0] for row in rows(essay.page)]
    assert "admonition" in blocks[6].get("class")
    assert blocks[8].get("class") == "raw"
    assert blocks[11].get("class") == "footnote"


def test_without_the_ui_and_marks_each_block_is_exactly_what_mkdocs_renders(essay):
    assert glossa_blocks(essay.page) == plain_blocks(essay.plain.page())


def test_a_comment_stays_between_blocks_not_inside_one(essay):
    raw_row = rows(essay.page)[8]
    comment = next(raw_row.itersiblings())  # the row's next node
    assert not isinstance(comment.tag, str) and comment.text.strip() == "an editor's comment"
    assert raw_row.xpath(".//comment()") == []


def test_a_page_without_an_annotation_folder_is_rendered_exactly_as_mkdocs_renders_it(essay):
    with_glossa = essay.built.page("other/index.html")
    without = essay.plain.page("other/index.html")
    assert with_glossa.xpath("//*[starts-with(name(@*), 'data-glossa')]") == []
    assert canonical(article(with_glossa)) == canonical(article(without))


# --- marks -----------------------------------------------------------------------------------


def test_quote_across_bold_link_and_code_is_highlighted_in_several_marks(essay):
    marks = marks_of(essay.page, "across")
    assert len(marks) >= 4
    assert marked_text(essay.page, "across") == "bold text and a link here and code"
    assert {"strong", "a", "code"} <= {mark.getparent().tag for mark in marks}
    assert {row_of(mark) for mark in marks} == {2}


def test_marks_keep_the_html_well_formed(essay):
    page = essay.page
    assert page.xpath("//a//a") == []
    assert page.xpath("//mark[@data-glossa-ref]//*[not(self::mark)]") == []
    for mark in page.xpath("//mark[@data-glossa-ref]"):
        assert mark.xpath("ancestor::*[@data-glossa-text]"), "a mark outside the text"
    for text in page.xpath("//*[@data-glossa-text]"):
        serialised = etree.tostring(text, encoding="unicode", method="html")
        reparsed = lxml_html.fragment_fromstring(serialised)
        assert etree.tostring(reparsed, encoding="unicode", method="html") == serialised


def test_quotes_in_headings_tables_code_and_footnotes_are_marked(essay):
    page = essay.page
    assert marked_text(page, "news") == "The essay"
    assert marks_of(page, "news")[0].xpath("ancestor::h1")
    assert marks_of(page, "role")[0].xpath("ancestor::td")
    assert marked_text(page, "hello") == 'print("hello")'
    assert marks_of(page, "hello")[0].xpath("ancestor::pre")
    assert marks_of(page, "footnote")[0].xpath("ancestor::div[@class='footnote']")
    assert marked_text(page, "raw") == "raw html"
    assert marked_text(page, "heads-up") == "An admonition with strong words"


def test_overlapping_quotes_share_marks_with_space_separated_refs(essay):
    page = essay.page
    shared = [mark for mark in page.xpath("//mark[@data-glossa-ref]")
              if set(mark.get("data-glossa-ref").split()) == {"fox", "dog"}]
    assert [mark.text_content() for mark in shared] == ["fox jumps"]
    assert marked_text(page, "fox") == "quick brown fox jumps"
    assert marked_text(page, "dog") == "fox jumps over the lazy dog"


def paragraph_children(tmp_path: Path, text: str, quotes: dict[str, tuple[str, str]]) -> list[tuple]:
    """The woven paragraph's children, as (tag, the ids a mark is for, text), for `text` (its
    Markdown) annotated with `quotes` (id: (kind, quote))."""
    files = {f"index/{id}.md": annotation(kind, quote=quote) for id, (kind, quote) in quotes.items()}
    result = build(write_project(tmp_path, {"index.md": f"# Title\n\n{text}\n"}, files), strict=True)
    [paragraph] = result.page().xpath("//*[@data-glossa-text]/p")
    return [(child.tag, child.get("data-glossa-ref"), child.text_content()) for child in paragraph]


def test_a_reference_follows_the_full_stop_a_longer_quote_ends_with(tmp_path):
    """"passed away¹.²": the longer quote's full stop stood alone, marked, between the numbers."""
    children = paragraph_children(tmp_path, "Chief Scientist Ilya Sutskever passed away. Then more.", {
        "long": ("correction", "Ilya Sutskever passed away."), "short": ("note", "Sutskever passed away")})
    assert [(tag, text) for tag, _, text in children] == [
        ("mark", "Ilya "), ("mark", "Sutskever passed away"), ("mark", "."), ("sup", "1"), ("sup", "2")]


def test_a_reference_follows_the_quotation_marks_that_close_on_its_words(tmp_path):
    """"the barber’s pole.³”": the number stood inside the closing mark, where print puts it
    after (and after an apostrophe that ends the word: "the cats’²")."""
    files = {"index/pole.md": annotation("note", quote="the barber’s pole."),
             "index/cats.md": annotation("note", quote="the cats"),
             "index/stange.md": annotation("note", quote="die Stange."),
             "index/openai.md": annotation("note", quote="OpenAI"),
             "index/rock.md": annotation("note", quote="rock")}
    text = ("# Title\n\nHe called it “the barber’s pole.” Then the cats’ toys went. Er nannte es "
            "„die Stange.“ Dann kam OpenAI's rock'n'roll.\n")
    result = build(write_project(tmp_path, {"index.md": text}, files), strict=True)
    [paragraph] = result.page().xpath("//*[@data-glossa-text]/p")
    assert paragraph.text_content() == ("He called it “the barber’s pole.”1 Then the cats’2 toys went. "
                                        "Er nannte es „die Stange.“3 Dann kam OpenAI4's rock5'n'roll.")
    assert [mark.text for mark in paragraph.xpath(".//mark")] == [
        "the barber’s pole.", "the cats", "die Stange.", "OpenAI", "rock"]


def test_a_reference_stays_out_of_the_next_quote_that_starts_with_punctuation(tmp_path):
    """The full stop after "far away" begins another quote: the reference stays before it."""
    children = paragraph_children(tmp_path, "It was far away.*Then* nothing came.", {
        "far": ("note", "far away"), "then": ("note", ".Then nothing")})
    assert children[:2] == [("mark", "far", "far away"), ("sup", None, "1")]


def test_a_reference_right_before_another_number_is_told_apart_from_it(tmp_path):
    """"last year¹²¹" read as one number: two of Glossa's and a footnote's. glossa.css puts a comma
    after a reference marked so; one with words after it is not."""
    files = {"att": annotation("source", quote="Attendance reached 80,000 last year"),
             "year": annotation("note", quote="last year"),
             "pleased": annotation("note", quote="was pleased")}
    files["first"] = annotation("note", quote="the 1")
    page = {"index.md": "# Festival\n\nAttendance reached 80,000 last year[^1] and the council "
                        "was pleased, it said, for the 1<sup>st</sup> time.\n\n[^1]: Council figures.\n"}
    result = build(write_project(tmp_path, page, {f"index/{id}.md": text for id, text in files.items()}),
                   strict=True)
    [paragraph] = result.page().xpath("//*[@data-glossa-text]/p")
    assert [(sup.text_content(), sup.get("data-glossa-followed")) for sup in paragraph.iter("sup")] == [
        ("1", ""), ("2", ""), ("1", None), ("3", None), ("4", None), ("st", None)]


@pytest.mark.parametrize("order", [("fox", "dog"), ("dog", "fox")])
def test_words_a_correction_shares_with_a_note_take_the_corrections_colour(tmp_path, order):
    """Where a source's quote overlapped a correction's, the false claim read as sourced (blue)."""
    files = {"fox": annotation("correction", quote="fox jumps over"),
             "dog": annotation("note", quote="The quick brown fox jumps")}
    page = {"index.md": "# Fox\n\nThe quick brown fox jumps over the lazy dog.\n"}
    result = build(write_project(tmp_path, page, {f"index/{id}.md": files[id] for id in order}),
                   strict=True)
    styles = {frozenset(mark.get("data-glossa-ref").split()): mark.get("style")
              for mark in result.page().xpath("//mark")}
    assert styles[frozenset({"fox", "dog"})] == styles[frozenset({"fox"})] != styles[frozenset({"dog"})]


def test_prefix_picks_one_of_two_occurrences(essay):
    [mark] = marks_of(essay.page, "mcgrew")
    assert mark.text == "Left."
    assert "Bob McGrew" in mark.xpath("ancestor::li")[0].text_content()


# --- cards and references --------------------------------------------------------------------


def test_each_annotation_is_one_card_with_its_id_kind_and_permalink(essay):
    page = essay.page
    for id, kind in KIND_OF.items():
        element = card(page, id)
        assert element.get("data-glossa-kind") == kind
        assert element.get("id") == f"glossa-{id}"
        assert len(page.xpath(f"//*[@id='glossa-{id}']")) == 1


def test_nothing_but_the_cards_carries_data_glossa_id(essay):
    ids = [element.get("data-glossa-id") for element in essay.page.xpath("//*[@data-glossa-id]")]
    assert sorted(ids) == sorted(KIND_OF)
    assert all(element.tag == "article" for element in essay.page.xpath("//*[@data-glossa-id]"))


def test_cards_of_anchored_annotations_sit_in_the_row_of_their_quote(essay):
    page = essay.page
    for id in KIND_OF:
        if id == "about":
            continue
        assert row_of(card(page, id)) == row_of(marks_of(page, id)[0]), id


def test_numbered_reference_links_to_its_card_and_the_card_links_back(essay):
    page = essay.page
    numbers = []
    for id in KIND_OF:
        if id == "about":
            continue
        [reference] = page.xpath(f"//*[@data-glossa-ui]//a[@href='#glossa-{id}']")
        assert reference.getparent().get("id") == f"glossaref-{id}"  # Material hides code a[id]
        assert reference.xpath("ancestor::*[@data-glossa-text]")
        assert card(page, id).xpath(f".//a[@href='#glossaref-{id}']")
        label = card(page, id).xpath(".//*[contains(@class, 'glossa-card__kind')]")[0].text_content()
        assert label.endswith(f" {reference.text_content()}")
        numbers.append(int(reference.text_content()))
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_the_reference_follows_the_last_mark_outside_any_link(essay):
    [reference] = essay.page.xpath("//*[@data-glossa-ui]//a[@href='#glossa-across']")
    assert reference.xpath("ancestor::a") == []
    assert row_of(reference) == row_of(marks_of(essay.page, "across")[-1]) == 2


def test_a_custom_kind_renders_with_its_label_icon_and_colour(essay):
    element = card(essay.page, "news")
    assert element.get("data-glossa-kind") == "update"
    label = element.xpath(".//*[contains(@class, 'glossa-card__kind')]")[0].text_content()
    assert re.fullmatch(r"Update \d+", label)
    [icon] = element.xpath(".//*[contains(@class, 'glossa-card__icon')]")
    assert icon.get("aria-hidden") == "true" and len(icon) == 0 and not icon.text  # drawn by kinds.css
    kinds_css = (essay.built.site / "glossa" / "kinds.css").read_text(encoding="utf-8")
    [rule] = [line for line in kinds_css.splitlines() if line.startswith(".glossa-card--update,")]
    assert '[data-glossa-count="update"]' in rule and "--glossa-icon:url('data:image/svg+xml,<svg" in rule
    assert "#6a1b9a" in element.get("style")
    [count] = essay.page.xpath("//*[@data-glossa-summary]//*[@data-glossa-count='update']")
    assert count.text_content().strip() == "1 update"


# --- summary ---------------------------------------------------------------------------------


def summary(page: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    [element] = page.xpath("//*[@data-glossa-summary]")
    return element


def test_summary_holds_the_provenance_from_the_front_matter(essay):
    text = " ".join(summary(essay.page).text_content().split())
    for value in ("Jane Roe", "The Daily Example", "2026-01", "in English", "John Doe"):
        assert value in text  # a language by its name, not its tag (en-GB)
    assert summary(essay.page).xpath(".//a[@href='https://example.org/essay']")


def test_summary_counts_annotations_per_kind(essay):
    counts = {element.get("data-glossa-count"): " ".join(element.text_content().split())
              for element in summary(essay.page).xpath(".//*[@data-glossa-count]")}
    assert counts == {"correction": "2 corrections", "source": "3 sources", "note": "5 notes",
                      "update": "1 update"}


def test_summary_lists_each_correction_with_its_verdict_linked_to_its_card(essay):
    items = summary(essay.page).xpath(".//ol[contains(@class, 'glossa-corrections')]/li")
    listed = {item.xpath(".//a/@href")[0]: item.xpath(".//*[@data-verdict]/@data-verdict")[0]
              for item in items}
    assert listed == {"#glossa-heads-up": "imprecise", "#glossa-fox": "misleading"}
    # "¶4" alone was heard as "pilcrow 4", for a link that leads to the card, not the paragraph;
    # named after the ¶ first (what it shows), then the card (two on one ¶ are told apart)
    assert all(re.fullmatch(r"Paragraph \d+, correction \d+", label)
               for label in summary(essay.page).xpath(".//ol[contains(@class, 'glossa-corrections')]"
                                                      "/li/a/@aria-label")), "named"
    assert len(items) == 2 == len(summary(essay.page).xpath(".//ol/li/a[@aria-label]"))


def test_a_link_of_glossas_is_described_by_no_second_wording_of_its_name(essay):
    """A title unlike the link's name is read after it as its description: "Back to the text of
    correction 4, ¶4", then "Back to the text" (suggest links: test_corrections_page)."""
    links = essay.page.xpath("//a[@class='glossa-card__permalink' or @class='glossa-card__back']")
    assert {link.get("class") for link in links} == {"glossa-card__permalink", "glossa-card__back"}
    for link in links:
        assert link.get("title") == (link.get("aria-label") or link.text_content())


def test_the_summary_says_where_a_correction_in_no_block_is_as_the_corrections_page_does(tmp_path):
    """A correction whose quote was not found was listed as about the 'whole page'."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nThe sky is green.\n"}, {
        "index/lost.md": annotation("correction", quote="The sea is red."),
        "index/all.md": annotation("correction")}))
    items = summary(result.page()).xpath(".//ol[contains(@class, 'glossa-corrections')]/li")
    assert {item.xpath(".//a/@href")[0]: item.xpath("string(.//a)") for item in items} == {
        "#glossa-lost": "not placed", "#glossa-all": "whole page"}


def test_page_level_annotations_appear_in_the_summary(essay):
    about = card(essay.page, "about")
    assert about.xpath("ancestor::*[@data-glossa-summary]")
    assert "About the whole essay." in about.text_content()
    assert not about.xpath("ancestor::*[@data-glossa-block]")


def test_summary_comes_right_after_the_title(essay):
    body = [node for node in article(essay.page) if isinstance(node.tag, str)]
    assert body[0].get("data-glossa-block") == "1"
    assert body[1].get("data-glossa-summary") is not None


def test_the_unanchored_section_is_absent_when_every_annotation_anchors(essay):
    assert essay.page.xpath("//*[@id='glossa-unanchored']") == []


def test_html_lang_follows_the_front_matter_language(essay):
    assert essay.page.get("lang") == "en-GB"
    assert essay.built.page("other/index.html").get("lang") == "en"


# --- annotations that do not anchor ----------------------------------------------------------

UNANCHORED_PAGE = """\
# Title

The cat sat on the mat. The cat ran.

Chief Scientist Ilya Sutskever passed away.
"""
UNANCHORED = {
    "lost": (annotation("note", quote="zebra quagga unicorn"), "quote not found; closest passage",
             "the quoted words are not in the text."),
    "twice": (annotation("note", quote="The cat"), "quote matches 2 places",
              "the quoted words appear more than once in the text."),
    "drifted": (annotation("correction", quote="Chief Scientist Ilya Sutskever passed on."),
                "drift", "the text has changed since this annotation was written."),
}


def test_unanchored_annotations_are_published_in_their_own_section_with_the_reason(tmp_path):
    files = {f"index/{id}.md": text for id, (text, _, _) in UNANCHORED.items()}
    files["index/placed.md"] = annotation("note", quote="sat on the mat")
    result = build(write_project(tmp_path, {"index.md": UNANCHORED_PAGE}, files))
    assert not result.aborted
    page = result.page()
    [section] = page.xpath("//section[@id='glossa-unanchored']")
    assert section.xpath("preceding::*[@data-glossa-block='3']")
    assert sorted(section.xpath(".//*[@data-glossa-id]/@data-glossa-id")) == sorted(UNANCHORED)
    for id, (_, _, reason) in UNANCHORED.items():
        assert reason in " ".join(card(page, id).text_content().split())
        assert marks_of(page, id) == []
    assert card(page, "placed").xpath("ancestor::*[@data-glossa-block='2']")
    assert summary(page).xpath(".//a[@href='#glossa-unanchored']")


def test_the_closest_passage_of_a_drifted_quote_is_linked_from_its_card(tmp_path):
    project = write_project(tmp_path, {"index.md": UNANCHORED_PAGE},
                            {"index/drifted.md": UNANCHORED["drifted"][0]})
    assert card(build(project).page(), "drifted").xpath(".//a[@href='#p3']")


@pytest.mark.parametrize("id", UNANCHORED)
def test_a_strict_build_fails_naming_the_file_of_an_annotation_that_does_not_anchor(tmp_path, id):
    text, message, _ = UNANCHORED[id]
    result = build(write_project(tmp_path, {"index.md": UNANCHORED_PAGE}, {f"index/{id}.md": text}),
                   strict=True)
    assert result.failed_strict
    [warning] = result.glossa_warnings()
    assert warning.startswith(f"glossa: annotations/index/{id}.md:3: quote ")
    assert "in docs/index.md: " in warning
    assert message in warning


def test_a_strict_build_fails_for_an_annotation_folder_whose_page_does_not_exist(tmp_path):
    result = build(write_project(tmp_path, {"index.md": "# Title\n\nText.\n"},
                                 {"nowhere/x.md": annotation("note")}), strict=True)
    assert result.failed_strict
    assert result.glossa_warnings() == [
        "glossa: annotations/nowhere:1: annotation folder for a page that does not exist: "
        "expected docs/nowhere.md; if the page was renamed, rename the folder to match; if it was "
        "deleted, delete annotations/nowhere/ too"]


@pytest.mark.parametrize("folder", ["Guide", "cafe\u0301"])
def test_a_folder_named_like_a_page_but_for_case_or_accents_says_so(tmp_path, folder):
    """Two names that look alike: a folder from a case-insensitive disk, or a name macOS wrote
    with a combining accent beside a page whose name has the composed one."""
    result = build(write_project(tmp_path, {"guide.md": "# Guide\n\nText.\n",
                                            "caf\u00e9.md": "# Café\n\nText.\n"},
                                 {f"{folder}/x.md": annotation("note", quote="Text")}), strict=True)
    [warning] = result.glossa_warnings()
    page = "guide" if folder == "Guide" else "caf\u00e9"
    assert warning == (f"glossa: annotations/{folder}:1: annotation folder for a page that does not "
                       f"exist: expected docs/{folder}.md; the page docs/{page}.md differs from it "
                       "only in letter case or in how an accent is encoded: rename the folder after "
                       "the page")


def test_a_folder_named_after_an_index_pages_folder_says_where_its_files_belong(tmp_path):
    result = build(write_project(tmp_path, {"guide/index.md": "# Guide\n\nText.\n"},
                                 {"guide/x.md": annotation("note", quote="Text")}), strict=True)
    assert result.failed_strict
    assert result.glossa_warnings() == [
        "glossa: annotations/guide:1: annotation folder for a page that does not exist: expected "
        "docs/guide.md; the page docs/guide/index.md takes its annotations from "
        "annotations/guide/index/: move the files there"]


def test_a_folder_whose_page_was_renamed_names_the_page_it_may_now_be(tmp_path):
    """`docs/sub/essay.md` renamed `docs/sub/essays.md`: the folder was said to lack its page, and
    not where its files may now belong."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nText.\n",
                                            "sub/essays.md": "# Essays\n\nText.\n"},
                                 {"sub/essay/x.md": annotation("note", quote="Text")}), strict=True)
    assert result.glossa_warnings() == [
        "glossa: annotations/sub/essay:1: annotation folder for a page that does not exist: "
        "expected docs/sub/essay.md; if the page is now docs/sub/essays.md, rename the folder to "
        "annotations/sub/essays/"]


def test_an_annotation_saved_in_the_docs_folder_is_said_not_published_as_a_card(tmp_path):
    """Saved under docs/ by mistake, an annotation was published as a page of its own, and
    `glossa check` said there was no problem. A page with front matter of its own is left alone."""
    result = build(write_project(tmp_path, {
        "index.md": "# Home\n\nThe sky is green.\n",
        "annotations/index/Sky Note.md": annotation("note", quote="sky is green"),
        "stray.md": annotation("correction", quote="sky is green"),
        "guide.md": "---\nkind: tutorial\nquote: Be kind\n---\n# Guide\n\nText.\n",
        "about.md": "---\nkind: note\n---\n# About\n\nText.\n"},
        {"index/blue.md": annotation("note", quote="The sky")}), strict=True)
    assert result.failed_strict
    assert sorted(result.glossa_warnings()) == [
        "glossa: docs/annotations/index/Sky Note.md:1: this page's front matter is an annotation's "
        "(kind: note), but it is in the docs folder, so it is published as a page of its own and its "
        "card is not shown: move it to annotations/index/sky-note.md (the annotations folder is "
        "beside docs/, not in it)",
        "glossa: docs/stray.md:1: this page's front matter is an annotation's (kind: correction), but "
        "it is in the docs folder, so it is published as a page of its own and its card is not "
        "shown: move it into annotations/<page>/, the folder of the page it annotates (the "
        "annotations folder is beside docs/, not in it)"]


def test_an_annotation_saved_in_the_docs_folder_is_told_the_page_holding_its_quote(tmp_path):
    """A file saved loose in the annotations folder was told its page by its quote; saved in the
    docs folder, it was told 'annotations/<page>/'."""
    result = build(write_project(tmp_path, {
        "index.md": "# Home\n\nChief Scientist Ilya Sutskever passed away in May.\n",
        "notes/Stray Note.md": annotation("note", quote="Ilya Sutskever passed away in May")},
        {"index/other.md": annotation("note", quote="Chief Scientist")}))
    assert result.glossa_warnings() == [
        "glossa: docs/notes/Stray Note.md:1: this page's front matter is an annotation's (kind: note), "
        "but it is in the docs folder, so it is published as a page of its own and its card is not "
        "shown: move it to annotations/index/stray-note.md, the folder of docs/index.md, which "
        "holds its quote (the annotations folder is beside docs/, not in it)"]


def test_a_folder_whose_page_was_renamed_is_found_its_page_by_its_quotes(tmp_path):
    """`first.md` renamed `premier.md`, beside `second.md`: the folder was sent to the page named
    most like it, second.md, where its words are not; renamed `crash.md`, to no page at all."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nThe sky.\n",
                                            "essays/second.md": "# Second\n\nOther words.\n",
                                            "essays/premier.md": "# First\n\nThe *first* words of "
                                                                 "the essay.\n"},
                                 {"essays/first/x.md": annotation("note", quote="first words of the essay"),
                                  "essays/first/y.md": annotation("note", quote="The sky")}))
    assert result.glossa_warnings() == [
        "glossa: annotations/essays/first:1: annotation folder for a page that does not exist: "
        "expected docs/essays/first.md; if the page is now docs/essays/premier.md, rename the "
        "folder to annotations/essays/premier/"]


def test_a_file_in_no_pages_folder_is_sent_to_the_page_its_quote_is_on(tmp_path):
    """`annotations/flood.md`, a first annotation saved beside the folders: the message gave the
    layout, not the page; and the preview of that page did not show why its card was missing."""
    pages = {"index.md": "# Home\n\nThe sky.\n", "essay.md": "# Essay\n\nThe river flooded the town twice.\n",
             "guide/index.md": "# Guide\n\nRead on.\n"}
    files = {"flood.md": annotation("note", quote="river flooded the town twice"),
             "stray.md": annotation("note", quote="The sky"),  # too short to tell a page by
             "essay.md": annotation("note", quote="The river"),  # but named after one
             "guide.md": annotation("note", quote="Read on")}  # a folder's page
    project = write_project(tmp_path, pages, files)
    assert sorted(build(project).glossa_warnings()) == [
        "glossa: annotations/essay.md:1: annotation files belong in a folder named after their page: "
        "annotations/<page>/<id>.md; if it is about docs/essay.md, whose name it has, move it into "
        "annotations/essay/ (as annotations/essay/essay.md, or under a name of its own)",
        "glossa: annotations/flood.md:1: annotation files belong in a folder named after their page: "
        "annotations/<page>/<id>.md; its quote is in docs/essay.md: move it to annotations/essay/flood.md",
        "glossa: annotations/guide.md:1: annotation files belong in a folder named after their page: "
        "annotations/<page>/<id>.md; if it is about docs/guide/index.md, whose name it has, move it "
        "into annotations/guide/index/ (as annotations/guide/index/guide.md, or under a name of its own)",
        "glossa: annotations/stray.md:1: annotation files belong in a folder named after their page: "
        "annotations/<page>/<id>.md"]
    [box] = build(project, command="serve").page("essay/index.html").find_class("glossa-problems")
    assert "move it to annotations/essay/flood.md" in box.text_content()


def test_a_quote_in_another_script_is_looked_for_without_failing_the_build(tmp_path):
    """A quote with no ASCII word was looked for in every page the build has, and a page the
    docs folder's `*.md` did not give (`other.markdown`) stopped the build with a KeyError."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nText.\n",
                                            "other.markdown": "# Другое\n\nТекст.\n",
                                            "moved.md": "# Moved\n\nПривет мир, это длинная цитата.\n"},
                                 {"gone/x.md": annotation("note", quote="Привет мир, это длинная цитата")}))
    assert result.glossa_warnings() == [
        "glossa: annotations/gone:1: annotation folder for a page that does not exist: expected "
        "docs/gone.md; if the page is now docs/moved.md, rename the folder to annotations/moved/"]


def test_a_misspelt_folder_is_sent_to_the_page_its_words_are_on_before_one_named_like_it(tmp_path):
    """`annotations/lighthous/`, its quotes on the annotated lighthouse.md, was told to become the
    folder of an empty lighthouses.md, named more like it: following that moved the notes away
    from their words."""
    result = build(write_project(tmp_path, {
        "lighthouse.md": "# Lighthouse\n\nThe contractor, International Chimney Corporation, moved it.\n",
        "lighthouses.md": "# Lighthouses\n\nTo come.\n"}, {
        "lighthouse/a.md": annotation("note", quote="moved it"),
        "lighthous/b.md": annotation("note", quote="The contractor, International Chimney Corporation")}))
    assert result.glossa_warnings() == [
        "glossa: annotations/lighthous:1: annotation folder for a page that does not exist: expected "
        "docs/lighthous.md; if they are about docs/lighthouse.md, move the files into "
        "annotations/lighthouse/"]


def test_a_hidden_folder_of_the_docs_is_not_looked_in_for_a_quote(tmp_path):
    """A quote not found was looked for in every `*.md` of the docs folder, `.drafts/` too."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nThe words of a new page.\n",
                                            ".drafts/old.md": "# Old\n\nThe words of an old draft.\n"},
                                 {"index/x.md": annotation("note", quote="The words of an old draft")}))
    [said] = result.glossa_warnings()
    assert "The words are in" not in said and "drafts" not in said


def test_a_short_quote_names_no_page_a_folder_may_belong_to(tmp_path):
    """'the sky', on about.md by chance, sent a deleted page's folder there, and about.md's
    preview showed its box."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nText.\n",
                                            "about.md": "# About\n\nUnder the sky.\n"},
                                 {"gone/x.md": annotation("note", quote="the sky")}))
    assert result.glossa_warnings() == [
        "glossa: annotations/gone:1: annotation folder for a page that does not exist: expected "
        "docs/gone.md; if the page was renamed, rename the folder to match; if it was deleted, "
        "delete annotations/gone/ too"]


@pytest.mark.parametrize(("folder", "said"), [
    ("port_expansion", "; if they are about docs/port-expansion.md, move the files into "
                       "annotations/port-expansion/"),
    ("port-expansion/sub", "; the annotations of docs/port-expansion.md go directly in "
                           "annotations/port-expansion/: move the files there"),
])
def test_a_folder_beside_or_inside_an_annotated_pages_says_where_its_files_go(tmp_path, folder, said):
    """An underscore for a hyphen, or a folder inside the page's: only 'expected docs/….md'."""
    result = build(write_project(tmp_path, {"port-expansion.md": "# Port\n\nText.\n"},
                                 {"port-expansion/a.md": annotation("note", quote="Text"),
                                  f"{folder}/b.md": annotation("note", quote="Text")}), strict=True)
    assert result.glossa_warnings() == [
        f"glossa: annotations/{folder}:1: annotation folder for a page that does not exist: "
        f"expected docs/{folder}.md{said}"]


@pytest.mark.parametrize("folder", ["essay.md", "docs/essay"])
def test_a_folder_named_after_the_pages_file_or_its_repository_path_says_which_folder(tmp_path,
                                                                                       folder):
    result = build(write_project(tmp_path, {"essay.md": "# Essay\n\nText.\n"},
                                 {f"{folder}/x.md": annotation("note", quote="Text")}), strict=True)
    assert result.glossa_warnings() == [
        f"glossa: annotations/{folder}:1: annotation folder for a page that does not exist: "
        f"expected docs/{folder}.md; the folder of docs/essay.md is annotations/essay/ (its path in "
        "the docs folder, without '.md'): move the files there"]


# --- page paths ------------------------------------------------------------------------------


@pytest.mark.parametrize("directory_urls", [True, False])
def test_pages_in_sub_folders_and_index_pages_are_annotated(tmp_path, directory_urls):
    pages = {"index.md": "# Home\n\nWelcome.\n", "a/b.md": "# B\n\nText of b.\n",
             "a/index.md": "# A\n\nText of a.\n"}
    project = write_project(tmp_path, pages, {
        "a/b/on-b.md": annotation("note", quote="Text of b."),
        "a/index/on-a.md": annotation("note", quote="Text of a."),
    }, {"use_directory_urls": directory_urls})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    b_page = result.page("a/b/index.html" if directory_urls else "a/b.html")
    a_page = result.page("a/index.html")
    assert marked_text(b_page, "on-b") == "Text of b."
    assert card(b_page, "on-b").get("id") == "glossa-on-b"
    assert marked_text(a_page, "on-a") == "Text of a."
    assert a_page.xpath("//*[@data-glossa-id]/@data-glossa-id") == ["on-a"]
    assert rows(result.page("index.html")) == []


# --- links into annotated pages --------------------------------------------------------------

TWELVE = "# Other\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(2, 14)) + "\n"


@pytest.mark.parametrize("anchor", ["p12", "glossa-card", "p1", "p13", "glossatitle-card"])
def test_links_to_paragraphs_and_cards_of_another_page_pass_a_strict_build(tmp_path, anchor):
    project = write_project(tmp_path, {"index.md": f"# Home\n\nSee [it](other.md#{anchor}).\n",
                                       "other.md": TWELVE},
                            {"other/card.md": annotation("note", quote="Paragraph 5.")})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    assert result.warnings == []
    assert result.page().xpath(f"//a[@href='other/#{anchor}']")


def test_a_link_to_the_heading_of_the_annotations_not_placed_is_to_an_id_the_page_has(tmp_path):
    """Every id Glossa gives is known to MkDocs' check of links: the titles' were not."""
    project = write_project(tmp_path, {
        "index.md": "# Home\n\n[Not placed](other.md#glossatitle--unanchored).\n", "other.md": TWELVE},
        {"other/lost.md": annotation("note", quote="Words not in the text")})
    assert not [w for w in build(project).warnings if "glossatitle" in w]


@pytest.mark.parametrize("anchor", ["p999", "p14", "p0", "p05", "p-1", "p", "glossa-nocard",
                                    "glossatitle-nocard", "glossatitle-unanchored",
                                    "glossatitle--unanchored"])
def test_a_link_to_a_paragraph_that_does_not_exist_fails_a_strict_build(tmp_path, anchor):
    project = write_project(tmp_path, {"index.md": f"# Home\n\nSee [it](other.md#{anchor}).\n",
                                       "other.md": TWELVE},
                            {"other/card.md": annotation("note", quote="Paragraph 5.")})
    result = build(project, strict=True)
    assert result.failed_strict
    assert any(f"other.md#{anchor}" in warning for warning in result.warnings)


# --- links in annotation bodies --------------------------------------------------------------


def body_links(element: lxml_html.HtmlElement) -> list[str]:
    return element.xpath(".//*[contains(@class, 'glossa-card__body')]//a/@href")


def _project_with_body_links(root: Path, link: str) -> Path:
    return write_project(root, {
        "index.md": "# Home\n\nWelcome home.\n",
        "sub/page.md": "# Sub\n\nA sub page.\n",
        "other.md": "# Other\n\nFirst.\n\nSecond.\n",
    }, {
        "index/home.md": annotation("note", quote="Welcome home.", body=f"See [this]({link})."),
        "sub/page/sub.md": annotation("note", quote="A sub page.", body=f"See [this](../{link})."),
        "other/o.md": annotation("note", quote="Second."),
    })


def test_a_body_link_to_another_page_resolves_like_an_mkdocs_link(tmp_path):
    result = build(_project_with_body_links(tmp_path, "other.md#p2"), strict=True)
    assert not result.aborted, result.warnings
    assert body_links(card(result.page(), "home")) == ["other/#p2"]
    assert body_links(card(result.page("sub/page/index.html"), "sub")) == ["../../other/#p2"]


@pytest.mark.parametrize("anchor", ["glossa-o", "glossaref-o"])
def test_a_body_link_to_a_card_or_its_reference_on_another_page_resolves(tmp_path, anchor):
    result = build(_project_with_body_links(tmp_path, f"other.md#{anchor}"), strict=True)
    assert not result.aborted, result.warnings
    assert body_links(card(result.page(), "home")) == [f"other/#{anchor}"]


def test_a_body_link_to_a_missing_anchor_fails_a_strict_build_naming_the_annotation(tmp_path):
    """MkDocs would blame the page, which does not hold the link: the annotation's file is named,
    at the body's line that writes the link."""
    result = build(_project_with_body_links(tmp_path, "other.md#p999"), strict=True)
    assert result.failed_strict
    assert [w for w in result.warnings if "p999" in w] == [
        "glossa: annotations/index/home.md:6: the body links to 'other.md#p999', but the doc "
        "'other.md' does not contain an anchor '#p999'",
        "glossa: annotations/sub/page/sub.md:6: the body links to '../other.md#p999', but the doc "
        "'other.md' does not contain an anchor '#p999'"]


def test_a_body_link_to_a_missing_page_fails_a_strict_build_naming_the_annotation(tmp_path):
    project = _project_with_body_links(tmp_path, "missing.md")
    (project / "annotations/index/home.md").write_text(
        annotation("note", quote="Welcome home.", body="First line.\n\nSee [this](missing.md)."),
        encoding="utf-8")
    result = build(project, strict=True)
    assert result.failed_strict
    assert [w for w in result.warnings if "missing.md" in w] == [
        "glossa: annotations/index/home.md:8: the body contains a link 'missing.md', but the "
        "target is not found among documentation files. Links in a body resolve as index.md's "
        "own do.",
        "glossa: annotations/sub/page/sub.md:6: the body contains a link '../missing.md', but the "
        "target 'missing.md' is not found among documentation files. Links in a body resolve as "
        "sub/page.md's own do."]


def test_a_body_link_to_a_web_address_without_its_scheme_says_what_it_needs(tmp_path):
    """'[the NPS](nps.gov/caha)' was said to be an unrecognized relative link, with no word of the
    'https://' it lacked; the card's link was broken."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nWelcome home.\n"}, {
        "index/home.md": annotation("note", quote="Welcome home.", body="See [the NPS](nps.gov/caha).")})
    said = [w for w in build(project, strict=True).warnings if "nps.gov/caha" in w]
    assert said == ["glossa: annotations/index/home.md:6: the body contains an unrecognized relative "
                    "link 'nps.gov/caha', it was left as is. A web address needs 'https://' before it: "
                    "'https://nps.gov/caha'. Links in a body resolve as index.md's own do."]


@pytest.mark.parametrize(("link", "web_address"), [
    ("nps.gov/caha", True), ("www.nps.gov", True), ("docs.python.org/3/", True),
    ("node.js/setup.md", False), ("assets.old/logo.png", False), ("v1.2/notes.md", False),
    ("chart.png", False), ("other.md", False)])
def test_only_a_link_that_reads_as_a_web_address_is_told_to_add_https(link, web_address):
    """A folder with a dot in its name (`node.js/`) was told it lacked 'https://'."""
    from glossa.rules import body_link_hint

    assert bool(body_link_hint(link)) == web_address


def _memo_project(root: Path, body: str, extensions: list[str] | None = None) -> Path:
    """A page with one note, `memo`, whose body is `body`; the site's extensions if given."""
    return write_project(root, {"index.md": "# Home\n\nThe memo said revenue grew.\n"},
                         {"index/memo.md": annotation("note", quote="revenue grew", body=body)},
                         {"markdown_extensions": extensions} if extensions else None)


def test_a_quote_from_a_block_in_another_language_carries_that_language(tmp_path):
    """Screen readers read a card's quote with the page's voice: a French paragraph's words read
    as English."""
    page = "# Home\n\nLe ciel est vert.\n{lang=fr}\n\nThe sky is green.\n"
    project = write_project(tmp_path, {"index.md": page}, {
        "index/fr.md": annotation("note", quote="Le ciel est vert."),
        "index/en.md": annotation("note", quote="The sky is green.")}, {"markdown_extensions": ["attr_list"]})
    result = build(project, strict=True)
    assert [q.get("lang") for q in card(result.page(), "fr").xpath(".//q")] == ["fr"]
    assert [q.get("lang") for q in card(result.page(), "en").xpath(".//q")] == [None]


def test_a_reference_in_a_block_of_another_language_keeps_the_language_of_its_words(tmp_path):
    """A reference's name ("Note 1") in a Chinese paragraph of an English page was read with a
    Chinese voice: it took the paragraph's lang."""
    page = "# Home\n\n\u5929\u7a7a\u662f\u7eff\u8272\u7684\u3002\n{lang=zh-Hans}\n\nThe sky is green.\n"
    project = write_project(tmp_path, {"index.md": page}, {
        "index/zh.md": annotation("note", quote="\u5929\u7a7a\u662f\u7eff\u8272"),
        "index/en.md": annotation("correction", quote="The sky is green.")},
        {"markdown_extensions": ["attr_list"],
         "theme": {"name": "material", "font": False, "language": "en"}})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    assert [ref.get("lang") for ref in result.page().xpath("//sup[@class='glossa-ref']")] == ["en", None]
    # nor on a page whose front matter says it is in Chinese, where Glossa's words all keep theirs
    (project / "docs" / "index.md").write_text("---\nlanguage: zh-Hans\n---\n" + page, encoding="utf-8")
    result = build(project, strict=True)
    woven = result.page()
    assert woven.get("lang") == "zh-Hans"
    assert [ref.get("lang") for ref in woven.xpath("//sup[@class='glossa-ref']")] == ["en", "en"]
    assert {e.get("lang") for e in woven.xpath("//*[@data-glossa-summary] | //aside[@class='glossa-notes'] "
                                               "| //*[@class='glossa-row__links']")} == {"en"}
    assert [t.get("lang") for t in woven.xpath("//*[@data-glossa-text]")] == [None, None, None]
    # and the page's words among them, its quotes, keep the page's
    assert [q.get("lang") for q in woven.xpath("//*[@data-glossa-id]//q")] == ["zh-Hans", "zh-Hans"]
    assert woven.xpath("//*[@data-glossa-summary]//ol//q/@lang") == ["zh-Hans"]  # the correction's


def test_a_bodys_top_level_heading_is_a_heading_one_level_down(tmp_path):
    """The page's title is its one h1, which the sanitiser keeps out of cards: a body's `# Title`
    lost its heading and read as a line of text."""
    result = build(_memo_project(tmp_path, "# Big title\n\nText.\n\n## Smaller"), strict=True)
    body = card(result.page(), "memo").xpath(".//*[contains(@class, 'glossa-card__body')]")[0]
    assert [(h.tag, h.text_content()) for h in body.xpath(".//h1 | .//h2 | .//h3")] == [
        ("h2", "Big title"), ("h2", "Smaller")]


@pytest.mark.parametrize(("body", "kind", "said"), [
    ("See the chart.\n\n![Chart](https://elsewhere.example/chart.png)", "note",
     ["annotations/index/memo.md:8: the body's image 'https://elsewhere.example/chart.png' is not "
      "shown: a card shows only the site's own images; copy it into the docs folder and link it "
      "from there, or link to it"]),
    ('Watch:\n\n<iframe src="https://video.example/embed/1"></iframe>', "note",
     ["annotations/index/memo.md:8: the body's <iframe> is taken out: a card shows text, links, "
      "lists, tables, quotes, code and the site's own images; link to what it shows instead"]),
    ("<script>alert(1)</script>", "note",
     ["annotations/index/memo.md:6: the body's <script> is taken out: a card shows text, links, "
      "lists, tables, quotes, code and the site's own images; link to what it shows instead",
      "annotations/index/memo.md:6: the body shows readers nothing once its HTML is sanitised "
      "(comments, scripts and elements cards do not show are taken out): a note needs text"]),
    ("Checked.\n\n<!-- against the filing, page 4 -->", "note", []),  # comments are the editor's
    ("Checked. <!-- was: ![old](https://elsewhere.example/x.png) <iframe src=x></iframe> -->",
     "note", []),  # what a comment holds too
    ("[](https://example.org/empty)", "note",
     ["annotations/index/memo.md:6: the body shows readers nothing once its HTML is sanitised "
      "(comments, scripts and elements cards do not show are taken out): a note needs text"]),
    ("<img src='https://elsewhere.example/x.png' alt='A chart'> and <A HREF=\"javascript:x\">y</A>",
     "note", ["annotations/index/memo.md:6: the body's image 'https://elsewhere.example/x.png' is not "
              "shown: a card shows only the site's own images; copy it into the docs folder and link "
              "it from there, or link to it",
              "annotations/index/memo.md:6: the body's link 'javascript:x' is not shown as a link: "
              "links go to http(s), mailto or the site's own pages"]),
    ("[Read it](javascript:alert(1))", "note",
     ["annotations/index/memo.md:6: the body's link 'javascript:alert(1)' is not shown as a link: "
      "links go to http(s), mailto or the site's own pages"]),
    ("Two [links](javascript:x), [alike](javascript:x).\n\n<iframe src=a></iframe><iframe src=b></iframe>",
     "note", ["annotations/index/memo.md:8: the body's <iframe> is taken out: a card shows text, links, "
              "lists, tables, quotes, code and the site's own images; link to what it shows instead",
              "annotations/index/memo.md:6: the body's link 'javascript:x' is not shown as a link: "
              "links go to http(s), mailto or the site's own pages"]),  # each said once
])
def test_what_the_sanitiser_takes_out_of_a_body_is_said_at_its_line(tmp_path, body, kind, said):
    """nh3 says nothing: an image from another site, an embedded video or a body of script alone
    vanished from the card, and `--strict` passed."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nThe memo said revenue grew.\n"},
                            {"index/memo.md": annotation(kind, quote="revenue grew", body=body)})
    result = build(project, strict=True)
    assert [w.removeprefix("glossa: ") for w in result.warnings if "annotations/" in w] == said
    assert result.failed_strict == bool(said)
    assert card(result.page(), "memo") is not None


@pytest.mark.parametrize("body", ["<!-- against the filing, page 4 -->", "  <!-- TODO -->\n\n<!-- open"])
def test_a_body_of_comments_alone_is_left_off_as_an_empty_one_is(tmp_path, body):
    """A note whose body was only `<!-- TODO -->` was published as an empty card (by `mkdocs
    serve` and a build that is not strict), where an empty body keeps the file off the site."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nThe memo said revenue grew.\n"},
                            {"index/memo.md": annotation("source", quote="revenue grew", body=body)})
    result = build(project)
    assert [w.removeprefix("glossa: ") for w in result.warnings if "memo.md:" in w] == [
        "annotations/index/memo.md:6: the body holds only a comment, which readers do not see: "
        "a source needs text after the closing '---'"]
    assert not result.page().xpath("//*[@data-glossa-id]")


def test_elements_an_extension_makes_from_a_bodys_markdown_are_not_said(tmp_path):
    """A task list's `<input>` (the editor wrote `- [x]`) was said to be taken out, failing
    `--strict` with advice that did not fit."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nThe memo said revenue grew.\n"},
                            {"index/memo.md": annotation("note", quote="revenue grew",
                                                         body="- [x] done\n- [ ] to do")},
                            {"markdown_extensions": ["pymdownx.tasklist"]})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    body = card(result.page(), "memo").xpath(".//*[contains(@class, 'glossa-card__body')]")[0]
    assert len(body.xpath(".//li")) == 2


def test_a_link_urlsplit_cannot_read_is_said_not_to_be_shown_as_a_link():
    """`http://[x` made urlsplit raise in the sanitiser's filter: the body became plain text."""
    from glossa.bodies import BodyRenderer, explain

    rendered = BodyRenderer([], {}).render("See [it](http://[x).", user_generated=False)
    assert "href" not in rendered.html and "See" in rendered.html
    assert explain(rendered.removed) == [("http://[x", "the body's link 'http://[x' is not shown as "
                                          "a link: links go to http(s), mailto or the site's own pages")]


def test_a_footnote_in_a_body_is_named_with_its_line_and_the_card_keeps_its_text(tmp_path):
    """Pages render footnotes; bodies cannot (ids), so the editor is told where and what to do."""
    project = _memo_project(tmp_path, "\nIt fell, says the filing.[^1]\n\nSee page 4.\n\n"
                                      "[^1]: Form 10-K, 2024.")
    result = build(project, strict=True)
    assert result.failed_strict
    assert [w for w in result.warnings if "annotations/" in w] == [
        "glossa: annotations/index/memo.md:11: footnotes are not rendered in annotation bodies, "
        "so readers would see '[^1]' as typed, or lose the note: give the source under 'sources:', "
        "or write it into the text"]
    assert "Form 10-K, 2024." in card(result.page(), "memo").text_content()


def test_a_footnote_read_as_a_links_definition_is_said_once(tmp_path):
    """`[^1]: note` is a link's definition to Markdown without footnotes: its 'note' was also
    reported as a link MkDocs does not recognise, which fixing the footnote fixes."""
    result = build(_memo_project(tmp_path, "It fell.[^1]\n\n[^1]: note"))
    assert [w.split(": ", 2)[2][:40] for w in result.warnings if "memo.md" in w] == [
        "footnotes are not rendered in annotation"]
    # A link of its own on that line is still checked.
    result = build(_memo_project(tmp_path, "It fell.[^1]\n\n[^1]: See [the filing](missing.md)."))
    assert [w.split(": ", 2)[2][:40] for w in result.warnings if "memo.md" in w] == [
        "footnotes are not rendered in annotation", "the body contains a link 'missing.md', b"]


def test_what_a_body_warning_quotes_of_the_body_reaches_the_log_escaped(tmp_path):
    """A control character in a footnote's label could rewrite the editor's terminal."""
    result = build(_memo_project(tmp_path, "It fell.[^a\x1b[2Jb]\n\n[^a\x1b[2Jb]: Form 10-K."))
    [named] = [w for w in result.warnings if "footnotes are not rendered" in w]
    assert "\x1b" not in named and "'[^a\\x1b[2Jb]'" in named, named


def test_footnote_syntax_in_a_body_is_left_alone_when_the_site_has_no_footnotes(tmp_path):
    """Without the extension, `[^1]: url` is a reference link, as it is in the site's pages."""
    project = _memo_project(tmp_path, "The [^1].\n\n[^1]: https://example.org/filing", ["attr_list"])
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    assert body_links(card(result.page(), "memo")) == ["https://example.org/filing"]


@pytest.mark.parametrize(("body", "extensions", "line"), [
    ("Written so:\n\n    [^1]: Form 10-K.", None, None),  # a code block: as typed, rightly
    ("It fell.[^the filing]\n\n> [^the filing]: Form 10-K.", None, 8),
    ("It fell.[^1]\n\n[^1]: Form 10-K.", ["extra"], 8),  # extra bundles footnotes
    ("It fell.[^1]\n\n[^1]: Form 10-K.", ["pymdownx.extra"], 8),  # and so does PyMdown's
    ("It fell.[^1]\n\n[^1]: Form 10-K. " + "Long. " * 9_000, None, None),  # too long for Markdown
])
def test_a_footnote_in_a_body_is_named_where_markdown_renders_one_on_pages(tmp_path, body,
                                                                            extensions, line):
    result = build(_memo_project(tmp_path, body, extensions))
    named = [w for w in result.warnings if "footnotes are not rendered" in w]
    assert [w.split(": ")[1] for w in named] == ([] if line is None else
                                                 [f"annotations/index/memo.md:{line}"])
    assert not [href for href in body_links(card(result.page(), "memo")) if "#fn" in href]


EXTENSION_WITH_AN_OPTIONAL_MODULE = '''
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor


class Charts(Postprocessor):
    def run(self, text):
        if "CHART" in text:
            import chart_renderer_that_is_not_installed  # noqa: F401
        return text


class ChartExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Charts(md), "charts", 1)


def makeExtension(**kwargs):
    return ChartExtension(**kwargs)
'''


def test_an_extension_failing_on_one_body_costs_that_body_its_markdown_not_the_build(
        tmp_path, monkeypatch):
    """Even with an ImportError: only a failure to load nh3 itself stops the build."""
    (tmp_path / "charts_ext.py").write_text(EXTENSION_WITH_AN_OPTIONAL_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    project = write_project(tmp_path / "p", {"index.md": "# Home\n\nSome words here.\n"}, {
        "index/chart.md": annotation("note", body="A CHART of *it*.", quote="Some words"),
        "index/plain.md": annotation("note", body="Plain *text*.", quote="words here")},
        config={"markdown_extensions": ["charts_ext"]})
    result = build(project)
    assert not result.aborted
    assert result.glossa_warnings() == [
        "glossa: annotations/index/chart.md:6: the body could not be rendered as Markdown "
        "(ModuleNotFoundError: No module named 'chart_renderer_that_is_not_installed'); it is "
        "shown as plain text"]
    page = result.page()
    chart = page.get_element_by_id("glossa-chart")
    assert "A CHART of *it*." in chart.text_content()
    plain = page.get_element_by_id("glossa-plain")
    assert plain.xpath(".//em[text()='text']")


def test_a_body_too_long_to_render_is_shown_as_text_with_how_to_fix_it(tmp_path: Path):
    """It said 'could not be rendered (BodyTooComplex: …)', and not what to do."""
    body = "A *long* note. " * 4_000
    project = write_project(tmp_path, {"index.md": "# Home\n\nSome words here.\n"}, {
        "index/long.md": annotation("note", body=body, quote="Some words")})
    result = build(project)
    assert result.glossa_warnings() == [
        "glossa: annotations/index/long.md:6: the body has 60,000 characters; Glossa renders bodies "
        "of up to 50,000 as Markdown, so it is shown as plain text: shorten it, or split it into "
        "annotations of their own"]
    assert "A *long* note." in result.page().get_element_by_id("glossa-long").text_content()


def test_references_are_numbered_in_reading_order_where_quotes_end_together(tmp_path):
    """A quote inside another that ends with it: both references follow the same words and read
    1, 2 (the longer quote first)."""
    project = write_project(tmp_path, {"essay.md": "# Essay\n\nThey burn $15 million a day just on Sora.\n"
                                       "Chief Scientist Ilya Sutskever passed away.\n"}, {
        "essay/outer.md": annotation("correction", "Outer.",
                                     quote="They burn $15 million a day just on Sora"),
        "essay/inner.md": annotation("note", "Inner.", quote="just on Sora"),
        "essay/alive.md": annotation("note", "Alive.", quote="Ilya Sutskever passed away"),
        "essay/whole.md": annotation("correction", "Whole.",
                                     quote="Chief Scientist Ilya Sutskever passed away"),
    })
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    page = result.page("essay/index.html")
    references = page.xpath("//sup[contains(@class, 'glossa-ref')]/a")
    assert [a.text for a in references] == ["1", "2", "3", "4"]
    assert [a.get("data-glossa-for") for a in references] == ["outer", "inner", "whole", "alive"]
    cards = page.xpath("//*[@data-glossa-block='2']//*[@data-glossa-id]/@data-glossa-id")
    assert cards == ["outer", "inner", "whole", "alive"]


def test_the_summary_says_first_what_the_text_is_then_its_provenance_in_two_lines(tmp_path):
    page_text = ("---\nauthor: BTCdayu\nlanguage: en\ntranslated_from: zh\noriginal_author: George Noble\n"
                 "---\n\n# Essay\n\nA sentence.\n")
    project = write_project(tmp_path, {"essay.md": page_text}, {
        "essay/provenance.md": annotation("source", "Long story. More of it.",
                                          summary="George Noble's English post, translated twice")})
    result = build(project, strict=True)
    [element] = result.page("essay/index.html").xpath("//*[@data-glossa-summary]")
    first = next(child for child in element if isinstance(child.tag, str))
    assert first.text_content() == "George Noble's English post, translated twice. Read the source"
    assert first.xpath("./a/@href") == ["#glossa-provenance"]
    [provenance] = element.xpath(".//dl[contains(@class, 'glossa-provenance')]")
    lines = {dt.text_content(): dt.getnext().text_content() for dt in provenance.xpath("./dt")}
    assert lines == {"This version": "credited to BTCdayu, in English, translated from a version "
                                     "in Chinese",
                     "First written": "by George Noble"}


def test_a_quote_across_table_cells_marks_each_cells_words_and_nothing_between_them(tmp_path):
    page = "# Essay\n\n| Name | Role |\n| --- | --- |\n| Mira Murati | Chief Technology Officer |\n"
    project = write_project(tmp_path, {"essay.md": page}, {
        "essay/cells.md": annotation("note", "Both cells.", quote="Mira Murati Chief Technology")})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    html = (result.site / "essay" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<tr>\s*<mark|</mark>\s*</tr>|</td>\s*<mark", html)
    page_tree = result.page("essay/index.html")
    marks = page_tree.xpath("//mark[@data-glossa-ref='cells']")
    assert [mark.getparent().tag for mark in marks] == ["td", "td"]
    assert [mark.text for mark in marks] == ["Mira Murati", "Chief Technology"]


EXACT_PAGE = """\
# Exact

<style>.x { color: red; }</style>

A paragraph with an icon <svg viewBox="0 0 24 24"><path d="M1 1h2"/></svg> and &amp; entities.

<p><div>Raw HTML that a parser would rewrite.</div></p>

## A heading with a permalink

A block Material annotates (1)
{ .annotate }

1.  The code annotation.

The paragraph we annotate.
"""


@pytest.fixture(scope="module")
def exact(tmp_path_factory):
    plain = build(write_project(tmp_path_factory.mktemp("plain"), {"exact.md": EXACT_PAGE},
                                config={"plugins": ["search"]}))
    woven = build(write_project(tmp_path_factory.mktemp("woven"), {"exact.md": EXACT_PAGE}, {
        "exact/note.md": annotation("note", "A note.", quote="The paragraph we annotate."),
        "exact/code.md": annotation("note", "On the annotation.", quote="The code annotation."),
    }), strict=True)
    assert not woven.aborted, woven.warnings
    read = lambda result: (result.site / "exact" / "index.html").read_text(encoding="utf-8")  # noqa: E731
    return read(plain), read(woven)


def test_a_block_without_marks_comes_out_byte_for_byte_as_mkdocs_rendered_it(exact):
    plain, woven = exact
    content = plain.split('<h1 id="exact">', 1)[1].split("<h2", 1)[0]
    pieces = [piece for piece in re.split(r"\n(?=<)", content) if piece.strip()]
    assert any('viewBox="0 0 24 24"' in piece and '<path d="M1 1h2"/>' in piece for piece in pieces)
    for piece in pieces[1:]:
        assert piece.strip() in woven, piece
    heading = re.search(r'<h2 id="a-heading-with-a-permalink">.*?</h2>', plain).group()
    assert "&para;" in heading and heading in woven


def test_elements_readers_cannot_see_get_no_paragraph_number(exact):
    _, woven = exact
    page = lxml_html.fromstring(woven)
    texts = [" ".join(row.text_content().split())[:20] for row in page.xpath("//*[@data-glossa-text]")]
    assert texts[0].startswith("Exact") and texts[1].startswith("A paragraph with an")
    assert page.xpath("//style[contains(., '.x { color: red; }')]")
    assert not page.xpath("//*[@data-glossa-text]//style")


def test_a_block_material_annotates_and_its_annotation_list_are_one_block(exact):
    _, woven = exact
    page = lxml_html.fromstring(woven)
    [text] = page.xpath("//*[@data-glossa-text][./*[contains(@class, 'annotate')]]")
    assert [child.tag for child in text] == ["p", "ol"]  # Material finds the list right after it
    assert text.xpath(".//mark[@data-glossa-ref='code']")


def _project_with_hook(root: Path, hook: str) -> Path:
    """A page with a correction whose body links to a missing page, and an MkDocs hook module."""
    project = write_project(
        root, {"index.md": "# Home\n\nRevenue grew fast, the memo said.\n"},
        {"index/growth.md": annotation("correction", body="Slower: see [that](nowhere.md).",
                                       quote="Revenue grew fast")},
        {"hooks": ["hook.py"]})
    (project / "hook.py").write_text(hook, encoding="utf-8")
    return project


def _strict_build_in_a_process(project: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as editors run it: a hook that breaks an import stays in its process."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    return subprocess.run(command, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


HOOK_RENAMING_THE_SITE = '''
def on_env(env, config, files):  # after Glossa's on_config, before any page is woven
    config.site_name = "Renamed Site"
    return env
'''


def test_the_site_s_name_as_other_plugins_leave_it_is_what_claimreview_gets(tmp_path: Path) -> None:
    result = build(_project_with_hook(tmp_path, HOOK_RENAMING_THE_SITE))
    page = result.page()
    reviews = [json.loads(script.text) for script in page.xpath('//head/script[@type="application/ld+json"]')]
    assert reviews and all(review["author"]["name"] == "Renamed Site" for review in reviews), reviews


HOOKS_BREAKING_NH3 = {
    "missing": "import sys\n\nsys.modules['nh3'] = None  # as a broken installation\n",
    "too old": "import sys, types\n\nsys.modules['nh3'] = types.ModuleType('nh3')  # no Cleaner\n",
}


@pytest.mark.parametrize("breakage", HOOKS_BREAKING_NH3)
def test_a_build_that_cannot_load_nh3_stops_and_says_so_rather_than_show_bodies_as_text(
        tmp_path: Path, breakage: str) -> None:
    """nh3 is loaded with the first body: a failure to load it is the installation's, not a
    body's, so it stops the build instead of warning about each body."""
    result = _strict_build_in_a_process(_project_with_hook(tmp_path, HOOKS_BREAKING_NH3[breakage]))
    assert result.returncode != 0
    assert "ERROR   -  glossa: could not load nh3, which sanitises annotation bodies" in result.stderr
    assert "pip install 'nh3>=0.3'" in result.stderr
    assert "could not be rendered as Markdown" not in result.stderr


def test_mkdocs_check_of_a_body_s_link_is_logged_once_and_counted_by_strict(tmp_path: Path) -> None:
    result = _strict_build_in_a_process(_project_with_hook(tmp_path, ""))
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    gone = [w for w in warnings if "'nowhere.md'" in w]
    assert len(gone) == 1 and "index.md" in gone[0], warnings
    assert f"Aborted with {len(warnings)} warnings in strict mode" in result.stdout + result.stderr


def test_an_annotations_dir_that_is_not_there_is_named(tmp_path):
    """A misspelt folder would publish no annotation without a word; so would the default folder
    renamed or deleted, which a site's first build cannot tell from a site without any yet."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nWords.\n"},
                            config={"plugins": ["search", {"glossa": {"annotations_dir": "notes"}}]})
    result = build(project)
    said = ("glossa: notes:1: there is no such folder beside mkdocs.yml, so no annotation is read: "
            "write the first annotation (glossa new makes the folder), or fix 'annotations_dir'")
    assert said in result.warnings, result.warnings
    plain = write_project(tmp_path / "new", {"index.md": "# Home\n\nWords.\n"})
    assert build(plain, strict=True).failed_strict
    (plain / "annotations").mkdir()
    assert not build(plain, strict=True).aborted


def test_annotations_of_a_page_that_is_not_built_are_said_not_published(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A draft or excluded page is not published, nor are its annotations: said at INFO, since a
    draft is a normal step, and neither taken for a missing page nor for a site without URL."""
    root = write_project(tmp_path, {"index.md": "# Home\n\nWelcome here.\n",
                                    "secret.md": "# Secret\n\nHidden words.\n",
                                    "draft.md": "# Draft\n\nDraft words.\n"},
                         {"secret/b.md": annotation("note", quote="Hidden words"),
                          "draft/c.md": annotation("note", quote="Draft words")},
                         {"exclude_docs": "secret.md\n", "draft_docs": "draft.md\n", "site_url": None})
    with caplog.at_level(logging.INFO):
        result = build(root, strict=True)
    assert not result.aborted, result.warnings
    assert result.glossa_warnings() == []  # no "page that does not exist", no "set site_url"
    assert not (result.site / "secret").exists() and not (result.site / "draft").exists()
    said = [r.getMessage() for r in caplog.records if "not published" in r.getMessage()]
    assert said == [
        "glossa: annotations/draft: docs/draft.md is a draft, so its annotations are not published either",
        "glossa: annotations/secret: docs/secret.md is excluded, so its annotations are not published either"]


def test_an_id_glossa_gives_that_the_page_already_has_is_warned_of(tmp_path):
    """A heading "Glossa intro" has the id `glossa-intro`, the card `intro.md`'s: the card's
    permalink would lead to the heading. Likewise a heading "P2" and ¶2."""
    result = build(write_project(tmp_path, {
        "index.md": "# Home\n\n## Glossa intro\n\nWelcome here.\n\n## P2\n\nMore words.\n"},
        {"index/intro.md": annotation("note", quote="Welcome here.")}), strict=True)
    assert result.failed_strict
    assert result.glossa_warnings() == [
        "glossa: annotations/index/intro.md:1: docs/index.md:3 already has the id 'glossa-intro', "
        "which Glossa gives this annotation, so links to it lead there: rename this file, or give "
        "the page's element another id",
        "glossa: docs/index.md:7: the page already has the id 'p2', which is ¶2's, so links to ¶2 "
        "lead there: give the element another id"]


def test_an_id_the_page_gives_in_an_attribute_is_warned_of_at_its_line(tmp_path):
    result = build(write_project(tmp_path, {
        "index.md": "# Home\n\nWelcome here.\n\nAnother\n=======\n\n## Custom {#p2}\n\nMore.\n"
                    "\n<div id=\"glossa-unanchored\">Raw.</div>\n"},
        {"index/intro.md": annotation("note", quote="Welcome here."),
         "index/lost.md": annotation("note", quote="Not on the page.")}))
    assert [w for w in result.glossa_warnings() if "already has" in w] == [
        "glossa: docs/index.md:12: the page already has the id 'glossa-unanchored', which is the "
        "section of annotations not placed: give the element another id",
        "glossa: docs/index.md:8: the page already has the id 'p2', which is ¶2's, so links to ¶2 "
        "lead there: give the element another id"]


@pytest.mark.parametrize("written", ["<p id='p2'>Raw.</p>", "<p id=p2>Raw.</p>", '<p id = "p2">Raw.</p>',
                                     '<p title="a > b" id="p2">Raw.</p>'])
def test_an_id_in_raw_html_is_warned_of_however_its_value_is_quoted(tmp_path, written):
    """And only an id: `data-id="p2"` is another attribute, and code's `<a id="p3">`, a
    comment's and a script's are text. A `>` in a quoted value ends no tag."""
    result = build(write_project(tmp_path, {"index.md": f"# Home\n\nWelcome here.\n\n{written}\n\n"
                                                         '<p data-id="p1">Data.</p>\n\n'
                                                         'Code shows `<a id="p3">` as written.\n\n'
                                                         '<!-- <a id="p4"> -->\n\n'
                                                         """<script>var s = '<a id="p1">';</script>\n"""},
                                 {"index/intro.md": annotation("note", quote="Welcome here.")}))
    assert [w for w in result.glossa_warnings() if "already has" in w] == [
        "glossa: docs/index.md:5: the page already has the id 'p2', which is ¶2's, so links to ¶2 "
        "lead there: give the element another id"]


def test_an_id_the_page_gives_its_last_block_is_warned_of(tmp_path):
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nOne.\n\nTwo.\n{: #p3 }\n"},
                                 {"index/n.md": annotation("note", quote="One.")}))
    assert any("already has the id 'p3'" in w for w in result.glossa_warnings()), result.warnings


def test_a_cards_words_take_their_direction_from_their_own_text(tmp_path):
    """An Arabic summary on an English page was set left to right: the compact card, which clips
    its line, showed the sentence's end. Its summary, quote and body are `dir="auto"`."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nThe rate was 5 per cent.\n"}, {
        "index/rate.md": annotation("note", "النسبة ثلاثة في المئة.", quote="5 per cent",
                                    summary="النسبة ثلاثة في المئة فقط حسب التقرير")}), strict=True)
    note = card(result.page(), "rate")
    for part in (".//p[contains(@class, 'glossa-card__summary')]", ".//q",
                 ".//div[contains(@class, 'glossa-card__body')]"):
        assert [element.get("dir") for element in note.xpath(part)] == ["auto"], part


def test_the_site_ships_our_css_and_js_minified_from_the_theme_not_docs_copy(tmp_path: Path) -> None:
    """MkDocs minifies glossa.css and glossa.js from the theme (a site's custom_dir first), and
    leaves aside the copy written into docs/glossa/ for Zensical, which may be stale."""
    root = write_project(tmp_path, {"essay.md": "# Essay\n\nThe sky is green.\n",
                                    "glossa/glossa.js": "/* a stale copy */ var stale = 1;\n"},
                         {"essay/sky.md": annotation("note", quote="sky is green", author="A")},
                         {"theme": {"name": "material", "font": False, "custom_dir": "overrides"}})
    (root / "overrides" / "glossa").mkdir(parents=True)
    (root / "overrides" / "glossa" / "glossa.css").write_text(
        "/* the site's own */\n.glossa-card {\n  color: red;\n}\n", encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    assert (result.site / "glossa" / "glossa.css").read_text(encoding="utf-8") == ".glossa-card{color:red}"
    shipped = (result.site / "glossa" / "glossa.js").read_text(encoding="utf-8")
    assert "stale" not in shipped and shipped.startswith('(function(){"use strict";')
    assert "/*" not in shipped and "\n  " not in shipped


def test_a_cards_title_id_the_page_already_has_is_warned_of(tmp_path):
    """The card's name (`aria-labelledby`) would be the heading's words."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\n## Glossatitle intro\n\nWelcome here.\n"},
                                 {"index/intro.md": annotation("note", quote="Welcome here.")}))
    assert [w for w in result.glossa_warnings() if "already has" in w] == [
        "glossa: annotations/index/intro.md:1: docs/index.md:3 already has the id 'glossatitle-intro', "
        "which Glossa gives this annotation, so links to it lead there: rename this file, or give "
        "the page's element another id"]


def test_a_cards_head_reads_as_words_apart(tmp_path):
    """Zensical's search indexes the card itself, and read 'Correction 1False1 source'."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nThe sky is green.\n"},
                                 {"index/sky.md": annotation("correction", quote="The sky is green.")}))
    head = card(result.page(), "sky").xpath("string(./header)")
    assert " ".join(head.split()).startswith("Correction 1 False 1 source")


@pytest.mark.parametrize("folder", ["essays/third", "essays/third.markdown"])
def test_a_page_ending_in_markdown_is_said_to_need_md(tmp_path, folder):
    """A page written `third.markdown`, which MkDocs reads as Markdown: its folder was told to be
    renamed `third.markdown/`, and then that the page differed from it only in letter case."""
    result = build(write_project(tmp_path, {"index.md": "# Home\n\nText.\n",
                                            "essays/third.markdown": "# Third\n\nWords.\n"},
                                 {f"{folder}/x.md": annotation("note", quote="Words")}))
    assert result.glossa_warnings() == [
        f"glossa: annotations/{folder}:1: annotation folder for a page that does not exist: expected "
        f"docs/{folder}.md; Glossa annotates pages whose name ends in '.md': rename "
        "docs/essays/third.markdown to docs/essays/third.md; its annotations go in "
        "annotations/essays/third/"]


def test_a_quote_found_on_another_page_says_to_move_the_file_there(tmp_path):
    """Saved in the wrong page's folder, a file was told to remove 'quote:', which would have
    made it an annotation about the wrong page."""
    result = build(write_project(tmp_path, {
        "index.md": "# Home\n\nThe sky is green.\n",
        "essays/first.md": "# First\n\nGrass is *blue* today.\n",
        "a.md": "# A\n\nTwice here, on two pages.\n", "b.md": "# B\n\nTwice here, on two pages.\n",
        "code.md": "# Code\n\nUse `snake_case_names` for all [variables](https://example.org/v).\n"}, {
        "index/snake.md": annotation("note", quote="snake_case_names for all variables"),
        "index/grass.md": annotation("note", quote="Grass is blue today"),
        "index/twice.md": annotation("note", quote="Twice here, on two pages")}))
    said = {line.split(":")[1].split("/")[-1]: line.split(": quote not found; ")[1]
            for line in result.glossa_warnings()}
    assert said["grass.md"].endswith(
        ". The words are in docs/essays/first.md: if the annotation is about that page, move the "
        "file into annotations/essays/first/")
    assert said["snake.md"].endswith(". The words are in docs/code.md: if the annotation is about "
                                     "that page, move the file into annotations/code/")
    assert said["twice.md"].endswith(  # on two pages: which one is not said
        ". Copy the words from the page as it reads; if they are no longer in the text, delete the "
        "file, or remove 'quote:' to make the annotation about the whole page")


def _note(id: str, quote: str | None):  # type: ignore[no-untyped-def]
    from glossa.model import Annotation

    return Annotation(id=id, page="p", path=f"a/{id}.md", kind="note", body="b", quote=quote, author="A")


def _annotate(html: str, annotations):  # type: ignore[no-untyped-def]
    from glossa.model import DEFAULT_KINDS
    from glossa.page import annotate_page
    from glossa.templates import Templates

    kinds = {kind.name: kind for kind in DEFAULT_KINDS}
    return annotate_page(html, annotations, kinds, {}, {}, "docs/p.md", Templates()).html


def test_references_are_numbered_by_where_their_quotes_end():
    """"The quick brown fox jumps" and, inside it, "brown fox": the inner quote ends first."""
    html = _annotate("<h1>T</h1>\n<p>The quick brown fox jumps over.</p>",
                     [_note("long", "The quick brown fox jumps"), _note("short", "brown fox")])
    assert re.findall(r'data-glossa-for="(\w+)"[^>]*>(\d+)<', html) == [("short", "1"), ("long", "2")]


def test_without_a_title_the_summary_comes_first():
    html = _annotate("<p>First para.</p>\n<p>Second.</p>", [_note("w", None)])
    assert html.index("glossa-summary") < html.index("First para.")


@pytest.mark.parametrize("text, quote, marked", [
    ("Great \U0001f44d\U0001f3fd work.", "Great \U0001f44d", "Great \U0001f44d\U0001f3fd"),  # a skin tone
    ("The team \U0001f468\u200d\U0001f469\u200d\U0001f467 met.", "team \U0001f468",
     "team \U0001f468\u200d\U0001f469\u200d\U0001f467"),  # a family, joined
    ("\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd \u05e2\u05dc\u05d9\u05db\u05dd",
     "\u05e9\u05b8\u05c1\u05dc\u05d5", "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9"),  # a Hebrew point
    ("\u0928\u092e\u0938\u094d\u0924\u0947 \u091c\u0940", "\u0928\u092e\u0938",
     "\u0928\u092e\u0938\u094d\u0924\u0947"),  # a virama, its consonant and vowel sign
    ("\u0ba4\u0bae\u0bbf\u0bb4\u0bcd\u0ba8\u0bbe\u0b9f\u0bc1 \u0b85\u0bb0\u0b9a\u0bc1",
     "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd", "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd"),  # Tamil's pulli ends a syllable
    ("\u1000\u103b\u103d\u1014\u103a\u1010\u1031\u102c\u103a \u1015\u102b",
     "\u1010\u1031\u102c\u103a", "\u1010\u1031\u102c\u103a"),  # as Myanmar's asat does
])
def test_a_mark_never_cuts_a_character_as_readers_see_it(text: str, quote: str, marked: str) -> None:
    """The mark ended inside the character and the reference stood in it: 👍 ³ and a loose skin
    tone, a family split into 👨 ⁵ 👩‍👧, a vowel sign after the reference."""
    html = _annotate(f"<p>{text}</p>", [_note("n", quote)])
    page = lxml_html.fragment_fromstring(html, create_parent="div")
    (mark,) = page.xpath("//mark")
    assert mark.text_content() == marked
    reference = mark.getnext()
    assert reference.tag == "sup" and reference.tail == text[text.index(marked) + len(marked):]


DIAGRAM_AND_MATH = """\
# Home

<pre class="mermaid"><code>graph LR
  B -->|Yes| C[Paint widgets];</code></pre>

The area is $\\pi r^2$ for a circle of radius r.
"""


def test_words_a_script_reads_as_a_diagram_or_formula_are_left_as_they_are(tmp_path: Path) -> None:
    """A quote in a Mermaid diagram put a mark and a reference number in its source (the diagram
    read "Paint widgets5"), and one in arithmatex's math would break the formula. The reference
    follows the diagram or the formula instead."""
    project = write_project(tmp_path, {"index.md": DIAGRAM_AND_MATH}, {
        "index/diagram.md": annotation("note", "Paint is slow.", quote="Paint widgets"),
        "index/formula.md": annotation("note", "Pi.", quote="r^2"),
        "index/across.md": annotation("note", "Area.", quote="area is \\(\\pi r^2\\) for a circle"),
    }, {"markdown_extensions": ["md_in_html", {"pymdownx.arithmatex": {"generic": True}}]})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    page = result.page()
    [diagram] = page.xpath("//pre[@class='mermaid']")
    assert diagram.text_content() == "graph LR\n  B -->|Yes| C[Paint widgets];" and len(diagram[0]) == 0
    [formula] = page.xpath("//*[contains(@class, 'arithmatex')]")
    assert formula.text_content() == "\\(\\pi r^2\\)" and len(formula) == 0
    assert [ref.get("id") for ref in formula.itersiblings() if ref.tag == "sup"] == [
        "glossaref-formula", "glossaref-across"]
    assert [mark.text for mark in page.xpath("//mark[@data-glossa-ref='across']")] == [
        "area is ", " for a circle"]
    for id in ("diagram", "formula", "across"):
        assert card(page, id).xpath("ancestor::*[contains(@class, 'glossa-row')]")
    assert [ref.get("id") for ref in diagram.itersiblings()] == ["glossaref-diagram"]
