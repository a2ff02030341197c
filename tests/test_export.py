"""Each annotated page's W3C Web Annotation export (SPEC §5): where it is, what it says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from glossa.anchor import normalise
from glossa.blocks import split_blocks
from glossa.export import CONTEXT, NAMESPACE, export_href, export_path, xsd_datetime
from helpers import annotation, build, original_block, write_project

PAGE = """\
---
title: A reading
author: A. Writer
---

# A reading

The committee met on **Tuesday** and [voted](https://example.org/vote) to close the mill.

Workers said the mill had lost money "for a decade". Workers said the mill was old.

| Year | Loss |
| ---- | ---- |
| 2020 | 3 m  |
"""

ANNOTATIONS = {
    "reading/tuesday.md": annotation(
        "correction", "It met on *Wednesday*; see [the minutes](../minutes/) and [¶3](#p3).",
        quote="met on Tuesday and voted", verdict="inaccurate", date="2026-01-02",
        updated="2026-02-03", author="Editors",
        sources=[{"url": "https://example.org/minutes", "title": "Minutes", "publisher": "Town",
                  "original": "Gazette", "date": "2025-12", "archive": "https://archive.example/m"},
                 {"url": "https://example.org/second"}]),
    "reading/second-workers.md": annotation("note", "The second.", quote="Workers said",
                                            prefix="for a decade”.", author="Reader"),
    "reading/first-workers.md": annotation("note", "The first.", quote="Workers said",
                                           suffix="the mill had lost"),
    "reading/whole.md": annotation("source", "Background.", sources=[{"url": "https://example.org/bg"}]),
    "reading/gone.md": annotation("note", "Not there.", quote="words that are not in the text",
                                  prefix="some", suffix="thing"),
    "reading/loss.md": annotation("update", "Revised later.", quote="3 m",
                                  sources=[{"url": "https://example.org/revised"}]),
}
CONFIG = {"theme": {"name": "material", "font": False, "language": "en"},
          "plugins": ["search", {"glossa": {"kinds": {"update": {
              "label": "Update", "motivation": "describing", "sources": True}}}}]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("export"),
                            {"reading.md": PAGE, "plain.md": "# Plain\n\nNo annotations here.\n"},
                            ANNOTATIONS, CONFIG)
    return build(project).site


def load(site: Path, path: str = "reading.annotations.jsonld") -> dict[str, Any]:
    return json.loads((site / path).read_text(encoding="utf-8"))


def by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["glossa:id"]: item for item in collection["first"]["items"]}


def page_text(site: Path, path: str) -> str:
    """The page's original text rebuilt from its HTML: each block with Glossa's additions taken
    out, blocks joined by a newline (what TextPositionSelectors count, INTEROP.md)."""
    from lxml import html
    document = html.fromstring((site / path).read_text(encoding="utf-8"))
    texts = []
    for element in document.xpath("//*[@data-glossa-text]"):
        copy = original_block(element)
        inner = (copy.text or "") + "".join(html.tostring(child, encoding="unicode") for child in copy)
        texts.append("".join(block.text for block in split_blocks(inner)[0]))
    return "\n".join(texts)


def test_annotated_page_links_its_export_from_its_head(site: Path) -> None:
    html = (site / "reading" / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    assert ('<link rel="alternate" type="application/ld+json" href="../reading.annotations.jsonld">'
            in head)
    collection = load(site)
    assert collection["@context"] == CONTEXT
    assert collection["@context"][1]["glossa"] == NAMESPACE
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == "https://example.org/reading.annotations.jsonld"
    assert collection["total"] == len(collection["first"]["items"]) == 6
    assert collection["first"]["type"] == "AnnotationPage"
    assert collection["first"]["partOf"] == collection["id"]
    assert collection["glossa:page"] == "reading"


def test_unannotated_page_has_neither_export_nor_link(site: Path) -> None:
    assert not (site / "plain.annotations.jsonld").exists()
    assert [p.relative_to(site).as_posix() for p in site.rglob("*.jsonld")] == [
        "reading.annotations.jsonld"]
    assert "application/ld+json" not in (site / "plain" / "index.html").read_text(encoding="utf-8")


def test_flat_urls_give_each_page_its_own_export(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"index.md": "# Home\n\nHello there.\n",
                                       "about.md": "# About\n\nHello there.\n"},
                            {"index/hi.md": annotation(quote="Hello"),
                             "about/hi.md": annotation(quote="there")},
                            {"use_directory_urls": False, "site_url": "https://example.org/sub/"})
    site = build(project).site
    assert 'href="index.annotations.jsonld"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="about.annotations.jsonld"' in (site / "about.html").read_text(encoding="utf-8")
    home, about = load(site, "index.annotations.jsonld"), load(site, "about.annotations.jsonld")
    assert home["id"] == "https://example.org/sub/index.annotations.jsonld"
    assert about["id"] == "https://example.org/sub/about.annotations.jsonld"
    assert by_id(about)["hi"]["id"] == "https://example.org/sub/about.html#glossa-hi"
    assert by_id(about)["hi"]["target"]["source"] == "https://example.org/sub/about.html"


@pytest.mark.parametrize(("key", "expected"), [
    ("index", "index.annotations.jsonld"), ("openai-is-crashing", "openai-is-crashing.annotations.jsonld"),
    ("a/b", "a.b.annotations.jsonld"), ("a/index", "a.index.annotations.jsonld")])
def test_export_path_is_in_the_site_root_named_after_the_page(key: str, expected: str) -> None:
    """In the root, Material's lookup of `sitemap.xml` beside a rel=alternate href finds the site's."""
    assert export_path(key) == expected


@pytest.mark.parametrize(("url", "key", "expected"), [
    ("./", "index", "index.annotations.jsonld"), ("index.html", "index", "index.annotations.jsonld"),
    ("openai-is-crashing/", "openai-is-crashing", "../openai-is-crashing.annotations.jsonld"),
    ("a/b/", "a/b", "../../a.b.annotations.jsonld"), ("a/b.html", "a/b", "../a.b.annotations.jsonld"),
    ("a/", "a/index", "../a.index.annotations.jsonld"),
    ("a/index.html", "a/index", "../a.index.annotations.jsonld"),
    ("a%20b/", "a b", "../a%20b.annotations.jsonld")])
def test_export_href_climbs_from_the_page_to_the_root(url: str, key: str, expected: str) -> None:
    assert export_href(url, key) == expected


@pytest.mark.parametrize("directory_urls", [True, False])
def test_nested_pages_link_their_root_exports(tmp_path: Path, directory_urls: bool) -> None:
    project = write_project(tmp_path, {"a/b.md": "# B\n\nHello there.\n",
                                       "a/index.md": "# A\n\nHello there.\n"},
                            {"a/b/hi.md": annotation(quote="Hello"),
                             "a/index/hi.md": annotation(quote="there")},
                            {"use_directory_urls": directory_urls, "site_url": "https://example.org/"})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    site = result.site
    b_page, a_page = ("a/b/index.html", "a/index.html") if directory_urls else ("a/b.html", "a/index.html")
    for page, key, href in ((b_page, "a.b", "../../a.b" if directory_urls else "../a.b"),
                            (a_page, "a.index", "../a.index")):
        links = result.page(page).xpath('//head/link[@rel="alternate"][@type="application/ld+json"]')
        assert [link.get("href") for link in links] == [f"{href}.annotations.jsonld"]
        assert load(site, f"{key}.annotations.jsonld")["id"] == f"https://example.org/{key}.annotations.jsonld"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.jsonld")) == [
        "a.b.annotations.jsonld", "a.index.annotations.jsonld"]


def test_pages_whose_exports_would_share_a_name_warn_and_only_the_first_gets_one(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"a.b.md": "# Dotted\n\nHello there.\n",
                                       "a/b.md": "# Nested\n\nHello there.\n"},
                            {"a.b/hi.md": annotation(quote="Hello"), "a/b/hi.md": annotation(quote="there")},
                            CONFIG)
    result = build(project)
    clashes = [w for w in result.glossa_warnings() if "a.b.annotations.jsonld" in w]
    assert len(clashes) == 1 and "'a.b'" in clashes[0] and "'a/b'" in clashes[0], result.warnings
    assert load(result.site, "a.b.annotations.jsonld")["glossa:page"] == "a.b"
    assert result.page("a.b/index.html").xpath('//head/link[@type="application/ld+json"]')
    nested = result.page("a/b/index.html")
    assert not nested.xpath('//head/link[@type="application/ld+json"]')
    assert nested.xpath('//*[@data-glossa-id="hi"]')  # the page is still annotated


def essay_beside_a_file_at_its_exports_path(root: Path, config: dict[str, Any]) -> Path:
    return write_project(root, {"essay.md": "# Essay\n\nHello there.\n",
                                "essay.annotations.jsonld": '{"stale": true}\n'},
                         {"essay/hi.md": annotation(quote="Hello")}, config)


def test_a_site_file_at_an_exports_path_warns_and_gives_way_to_the_export(tmp_path: Path) -> None:
    result = build(essay_beside_a_file_at_its_exports_path(tmp_path, CONFIG))
    clashes = [w for w in result.glossa_warnings() if "essay.annotations.jsonld" in w]
    assert len(clashes) == 1 and "docs/essay.annotations.jsonld" in clashes[0], result.warnings
    assert load(result.site, "essay.annotations.jsonld")["glossa:page"] == "essay"


def test_a_page_in_a_folder_named_like_an_export_keeps_the_page_and_names_both(tmp_path: Path,
                                                                               capsys) -> None:
    """Issue 20: the build ended in NotADirectoryError or FileExistsError, and check said 0."""
    from glossa import cli

    project = write_project(tmp_path, {"index.md": "# Home\n\nHello there.\n",
                                       "index.annotations.jsonld/x.md": "# X\n\nInside.\n"},
                            {"index/hi.md": annotation(quote="Hello")}, CONFIG)
    message = ("docs/index.annotations.jsonld/x.md is built in the folder index.annotations.jsonld/, "
               "the path of the W3C export of docs/index.md: that page gets no export; rename the "
               "folder or the page")
    result = build(project)
    assert result.glossa_warnings() == [f"glossa: {message}"]
    assert result.page("index.annotations.jsonld/x/index.html").xpath("//p[text()='Inside.']")
    assert result.page().xpath('//*[@data-glossa-id="hi"]')
    assert not result.page().xpath('//head/link[@type="application/ld+json"]')
    assert (result.site / "index.annotations.jsonld").is_dir()
    assert build(project, strict=True).failed_strict
    assert cli.main(["check", "-f", str(project / "mkdocs.yml")]) == 1
    assert capsys.readouterr().out == message + "\n"


@pytest.mark.parametrize("config", [
    {**CONFIG, "exclude_docs": "*.jsonld"},  # the file is not published: nothing to replace
    {**CONFIG, "site_url": ""},  # no export is written: the file stays
])
def test_a_site_file_at_an_exports_path_stays_when_no_export_replaces_it(
        tmp_path: Path, config: dict[str, Any]) -> None:
    result = build(essay_beside_a_file_at_its_exports_path(tmp_path, config))
    assert not [w for w in result.warnings if "has the path of a page's W3C export" in w]
    if config.get("site_url") != "":
        assert load(result.site, "essay.annotations.jsonld")["glossa:page"] == "essay"
    else:
        assert load(result.site, "essay.annotations.jsonld") == {"stale": True}


def test_ids_are_absolute_permalinks_and_motivations_follow_kinds(site: Path) -> None:
    items = by_id(load(site))
    assert items["tuesday"]["id"] == "https://example.org/reading/#glossa-tuesday"
    motivations = {id: item["motivation"] for id, item in items.items()}
    assert motivations == {"tuesday": "assessing", "second-workers": "commenting",
                           "first-workers": "commenting", "whole": "linking", "gone": "commenting",
                           "loss": "describing"}
    assert all(item["type"] == "Annotation" for item in items.values())


def test_body_is_the_rendered_html_with_the_sources_as_web_resources(site: Path) -> None:
    body = by_id(load(site))["tuesday"]["body"]
    text, tag, *sources = body
    assert text["type"] == "TextualBody" and text["format"] == "text/html"
    assert text["language"] == "en"
    assert "<em>Wednesday</em>" in text["value"]
    assert 'href="https://example.org/minutes/"' in text["value"], "relative links made absolute"
    assert 'href="https://example.org/reading/#p3"' in text["value"]
    assert tag == {"type": "TextualBody", "purpose": "tagging", "value": "correction"}
    assert sources == [
        {"id": "https://example.org/minutes", "type": "Text", "title": "Minutes",
         "glossa:publisher": "Town", "glossa:original": "Gazette", "glossa:date": "2025-12",
         "glossa:archive": "https://archive.example/m"},
        {"id": "https://example.org/second", "type": "Text"}]


def test_dates_creator_and_glossa_fields_keep_what_the_file_says(site: Path) -> None:
    item = by_id(load(site))["tuesday"]
    assert item["created"] == "2026-01-02T00:00:00Z" == xsd_datetime("2026-01-02")
    assert item["modified"] == "2026-02-03T00:00:00Z"
    assert item["creator"] == {"name": "Editors"}
    assert item["generator"] == {"type": "Software", "name": "Glossa"}  # who wrote the export
    assert item["glossa:kind"] == "correction" and item["glossa:verdict"] == "inaccurate"
    assert item["glossa:quote"] == "met on Tuesday and voted"
    assert item["glossa:body"] == ("It met on *Wednesday*; see [the minutes](../minutes/) and "
                                   "[¶3](#p3).")
    assert item["glossa:block"] == 2
    second = by_id(load(site))["second-workers"]
    assert second["glossa:prefix"] == "for a decade”.", "the prefix as written, typographic quotes kept"
    assert "created" not in by_id(load(site))["whole"]


def test_selectors_are_a_quote_and_its_position_in_the_page_text(site: Path) -> None:
    collection = load(site)
    text = page_text(site, "reading/index.html")
    assert collection["glossa:textLength"] == len(text)
    placed = [item for item in collection["first"]["items"] if "glossa:block" in item]
    assert {item["glossa:id"] for item in placed} == {"tuesday", "second-workers", "first-workers",
                                                      "loss"}
    for item in placed:
        assert item["target"]["source"] == "https://example.org/reading/"
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[position["start"]:position["end"]] == quote["exact"]
        # Normalised, as anchoring compares a file's own prefix and suffix with the page.
        before, after = normalise(text[:position["start"]]), normalise(text[position["end"]:])
        assert before.rstrip().endswith(normalise(quote.get("prefix", "")).strip())
        assert after.lstrip().startswith(normalise(quote.get("suffix", "")).strip())


def test_quote_context_is_computed_from_the_page_when_the_file_gives_none(site: Path) -> None:
    items = by_id(load(site))
    first = items["first-workers"]["target"]["selector"][0]
    assert first["exact"] == "Workers said"
    assert first["suffix"] == "the mill had lost", "the file's suffix"
    assert "prefix" not in first, "the quote opens its block: no prefix"
    tuesday = items["tuesday"]["target"]["selector"][0]
    assert tuesday["exact"] == "met on Tuesday and voted", "across bold and a link"
    assert tuesday["prefix"] == "The committee "
    assert tuesday["suffix"] == " to close the mill."
    second = items["second-workers"]["target"]["selector"]
    text = page_text(site, "reading/index.html")
    assert text[second[1]["start"]:].startswith("Workers said the mill was old")


def test_the_files_own_prefix_and_why_a_quote_is_not_placed_are_exported(tmp_path: Path) -> None:
    page = "# R\n\nOne two three. Four two three.\n\nFive six.\n\nFive six.\n"
    site = build(write_project(tmp_path, {"r.md": page}, {
        "r/p.md": annotation("note", "N.", quote="two three", prefix="Four"),
        "r/twice.md": annotation("note", "N.", quote="Five six.")})).site
    items = by_id(json.loads((site / "r.annotations.jsonld").read_text(encoding="utf-8")))
    assert items["p"]["target"]["selector"][0]["prefix"] == "Four"
    assert items["twice"]["glossa:unplaced"] == "ambiguous"


def test_page_level_annotation_targets_the_page(site: Path) -> None:
    item = by_id(load(site))["whole"]
    assert item["target"] == "https://example.org/reading/"
    assert "glossa:quote" not in item


def test_unplaced_annotation_targets_the_page_with_its_quote_selector_only(site: Path) -> None:
    item = by_id(load(site))["gone"]
    assert item["target"] == {"source": "https://example.org/reading/", "selector": {
        "type": "TextQuoteSelector", "exact": "words that are not in the text", "prefix": "some",
        "suffix": "thing"}}
    assert item["glossa:unplaced"] == "not-found"
    assert "glossa:block" not in item


def test_items_run_page_level_then_in_text_order_then_unplaced(site: Path) -> None:
    order = [item["glossa:id"] for item in load(site)["first"]["items"]]
    assert order == ["whole", "tuesday", "first-workers", "second-workers", "loss", "gone"]


def test_export_is_the_same_bytes_on_every_build(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, ANNOTATIONS, CONFIG)
    first = (build(project).site / "reading.annotations.jsonld").read_bytes()
    second = (build(project).site / "reading.annotations.jsonld").read_bytes()
    assert first == second


def test_without_site_url_there_is_no_export_and_one_warning(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE, "other.md": PAGE},
                            {"reading/x.md": annotation(), "other/y.md": annotation()},
                            {"site_url": None})
    result = build(project)
    assert not list(result.site.rglob("*.jsonld"))
    assert [w for w in result.glossa_warnings() if "site_url" in w] == [  # once, not once a page
        "glossa: set 'site_url' in mkdocs.yml: the W3C export and ClaimReview need absolute URLs, "
        "so the annotated pages have neither"]


def test_an_annotation_in_another_language_says_so_to_readers_and_in_its_export(tmp_path: Path) -> None:
    """An English site's card written in French had no way to say so: screen readers read it as
    English, and the export said its body was in the site's language."""
    project = write_project(tmp_path, {"reading.md": "# Reading\n\nThe claim stands here.\n"}, {
        "reading/fr.md": annotation("note", "Une note en français.", quote="The claim",
                                    summary="Résumé en français", language="fr"),
        "reading/en.md": annotation("note", "A note.", quote="stands here")},
        {"theme": {"name": "material", "font": False, "language": "en"}})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    page = result.page("reading/index.html")
    french, english = (page.xpath(f"//*[@data-glossa-id='{id}']")[0] for id in ("fr", "en"))
    written = french.xpath(".//*[contains(@class, 'glossa-card__body') "
                           "or contains(@class, 'glossa-card__summary')]")
    assert [element.get("lang") for element in written] == ["fr", "fr"]
    assert english.xpath(".//*[@lang]") == []
    items = by_id(load(result.site))
    assert {id: item["body"][0]["language"] for id, item in items.items()} == {"fr": "fr", "en": "en"}


def test_a_language_that_is_not_a_tag_is_named_at_its_line(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"reading.md": "# Reading\n\nThe claim stands here.\n"}, {
        "reading/fr.md": annotation("note", "Une note.", quote="The claim", language="French")})
    result = build(project)
    assert any(w.startswith("glossa: annotations/reading/fr.md:4: ") and w.endswith(
        "must be a language tag such as 'en' or 'en-GB', not 'French'") for w in result.warnings), \
        result.warnings
