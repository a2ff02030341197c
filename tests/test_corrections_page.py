"""Publication-wide pieces read back from real builds: the generated corrections page, "suggest a
note" links, Material's repository link without its network request, and what script changes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import annotation, build, write_project

TEXT = """\
# The essay

Chief Scientist Ilya Sutskever passed away.

A second paragraph about Greg Brockman, who stepped down.

A third paragraph with nothing to correct.
"""

OTHER = """\
# Another text

OpenAI lost $12 billion in a single quarter.
"""

REPO = "https://github.com/example/edition"


def project(tmp_path: Path, config: dict[str, object] | None = None) -> Path:
    return write_project(tmp_path, {"index.md": "# Home\n", "essay.md": TEXT, "other.md": OTHER}, {
        "essay/passed-away.md": annotation("correction", "He is alive.", verdict="false",
                                           quote="Ilya Sutskever passed away"),
        "essay/stepped-down.md": annotation("correction", "He did not.", verdict="inaccurate",
                                            quote="who stepped down"),
        "essay/context.md": annotation("source", "Context.", quote="Greg Brockman"),
        "essay/whole.md": annotation("note", "About the whole page."),
        "other/quarter.md": annotation("correction", "A loss, read off a filing.", verdict="imprecise",
                                       quote="$12 billion in a single quarter"),
    }, config)


def test_the_corrections_page_lists_every_correction_with_its_paragraph_and_card(tmp_path: Path) -> None:
    result = build(project(tmp_path), strict=True)
    assert not result.aborted, result.warnings
    page = result.page("corrections/index.html")
    assert page.xpath("string(//h1)").startswith("Corrections")
    assert not page.xpath("//*[@data-glossa-id]")  # cards live on their own page only
    rows = [[cell.text_content().strip() for cell in row.xpath("./td")]
            for row in page.xpath("//table[@class='glossa-corrections-table']/tbody/tr")]
    assert rows == [
        ["¶2", "False", "Ilya Sutskever passed away", "He is alive. Read the correction"],
        ["¶3", "Inaccurate", "who stepped down", "He did not. Read the correction"],
        ["¶2", "Imprecise", "$12 billion in a single quarter",
         "A loss, read off a filing. Read the correction"],
    ]
    links = page.xpath("//table[@class='glossa-corrections-table']//a/@href")
    assert links == ["../essay/#p2", "../essay/#glossa-passed-away", "../essay/#p3",
                     "../essay/#glossa-stepped-down", "../other/#p2", "../other/#glossa-quarter"]
    assert page.xpath("//h2/a/@href") == ["../essay/", "../other/"]
    assert page.xpath("//table[@class='glossa-corrections-table']//a/@aria-label") == [
        "Paragraph 2, The essay", "Read the correction: Correction 1, The essay",
        "Paragraph 3, The essay", "Read the correction: Correction 3, The essay",
        "Paragraph 2, Another text", "Read the correction: Correction 1, Another text"]
    assert page.xpath("//table/@aria-labelledby") == page.xpath("//article//h2/@id")
    nav = result.page("index.html").xpath("//nav[contains(@class, 'md-nav--primary')]//a/@href")
    assert "corrections/" in nav


def test_a_summary_in_another_language_keeps_its_language_wherever_it_is_listed(tmp_path: Path) -> None:
    """A French correction's summary carried `lang="fr"` on its card only: the page summary's list,
    its lead and the corrections page had screen readers read it as English."""
    project = write_project(tmp_path, {"index.md": "# Home\n", "essay.md": TEXT}, {
        "essay/passed-away.md": annotation("correction", "Il est vivant.", verdict="false",
                                           quote="Ilya Sutskever passed away", language="fr"),
        "essay/stepped-down.md": annotation("correction", "He did not.", verdict="inaccurate",
                                            quote="who stepped down"),
        "essay/whole.md": annotation("note", "Un texte sur OpenAI.", language="fr"),
    }, {"nav": ["index.md", "essay.md", "corrections.md"]})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    essay = result.page("essay/index.html")
    [summary] = essay.xpath("//*[@data-glossa-summary]")
    assert [(e.text_content(), e.get("lang")) for e in summary.xpath(
        ".//*[contains(@class, 'glossa-corrections__shows')]")] == [("Il est vivant.", "fr"),
                                                                    ("He did not.", None)]
    assert [(e.text_content(), e.get("lang")) for e in summary.xpath(
        ".//*[contains(@class, 'glossa-summary__lead')]/*[@lang]")] == [("Un texte sur OpenAI.", "fr")]
    table = result.page("corrections/index.html").xpath("//table[@class='glossa-corrections-table']")[0]
    assert [(e.text_content(), e.get("lang")) for e in table.xpath(".//tbody/tr/td[4]/span")] == [
        ("Il est vivant.", "fr"), ("He did not.", None)]


def test_a_quote_from_a_page_in_another_language_keeps_its_language_on_the_corrections_page(
        tmp_path: Path) -> None:
    """The corrections page is in the site's language: a German page's words quoted there were
    read by a screen reader with English sounds, where the page's own cards gave them `lang`."""
    german = "---\nlanguage: de\n---\n# Der Aufsatz\n\nIlya Sutskever ist gestorben.\n"
    project = write_project(tmp_path, {"index.md": "# Home\n", "essay.md": TEXT, "aufsatz.md": german}, {
        "aufsatz/gestorben.md": annotation("correction", "He is alive.", verdict="false",
                                           quote="ist gestorben"),
        "aufsatz/nowhere.md": annotation("correction", "Not said.", verdict="false",
                                         quote="words the page lacks"),
        "essay/passed-away.md": annotation("correction", "He is alive.", verdict="false",
                                           quote="Ilya Sutskever passed away"),
    }, {"nav": ["index.md", "essay.md", "aufsatz.md", "corrections.md"]})
    result = build(project)
    table = result.page("corrections/index.html")
    assert [(q.text_content(), q.get("lang")) for q in table.xpath("//table//q")] == [
        ("Ilya Sutskever passed away", None), ("ist gestorben", "de"), ("words the page lacks", "de")]


def test_search_reads_the_corrections_tables_rows_apart(tmp_path: Path) -> None:
    """The rows were written end to end: search indexed "What the record shows¶2He is alive"."""
    import json

    site = build(project(tmp_path)).site
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("corrections/"))
    assert "What the record shows ¶" in text and "correction ¶" in text, text


def test_the_corrections_page_follows_the_navigation_and_lists_its_pages_in_its_contents(
        tmp_path: Path) -> None:
    """'In reading order' said the page, and it listed the pages by their paths; its headings had
    no ids, so no link could lead to a page's corrections, and its contents were empty."""
    root = project(tmp_path, {"nav": ["index.md", "other.md", {"Essay": "essay.md"},
                                      {"Again": ["essay.md"]}, "corrections.md"]})
    (root / "docs" / "index.md").write_text("# Home\n\nSee [the essay's corrections]"
                                            "(corrections.md#essay).\n", encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    page = result.page("corrections/index.html")
    assert [(h2.get("id"), h2.xpath("string(a/@href)")) for h2 in page.xpath("//article//h2")] == [
        ("other", "../other/"), ("essay", "../essay/")]
    assert "3 corrections in 2 pages." in page.text_content()  # a page nav names twice, once
    contents = page.xpath("//div[contains(@class, 'md-sidebar--secondary')]//nav//a")
    assert [(a.get("href"), a.text_content().strip()) for a in contents] == [
        ("#other", "Another text"), ("#essay", "Essay")]  # as the nav names it


def test_a_heading_of_the_corrections_page_takes_no_id_the_page_has(tmp_path: Path) -> None:
    """A page named corrections.md gave its heading the id of the page's title, 'corrections'."""
    root = write_project(tmp_path, {"index.md": "# Home\n", "corrections.md": OTHER}, {
        "corrections/quarter.md": annotation("correction", "A loss.", verdict="imprecise",
                                             quote="$12 billion in a single quarter")},
        {"plugins": ["search", {"glossa": {"corrections_page": "errata.md"}}]})
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    page = result.page("errata/index.html")
    assert page.xpath("//article//h1/@id") == ["corrections"]
    assert page.xpath("//article//h2/@id") == ["corrections-2"]


REORDER_HOOK = """\
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(-100)
def on_files(files, config):
    first = [f for f in files if f.src_uri == "corrections.md"]
    return Files(first + [f for f in files if f.src_uri != "corrections.md"])
"""


def test_the_corrections_page_is_complete_when_another_plugin_builds_it_first(tmp_path: Path) -> None:
    """Glossa adds the corrections page last, so it is built after the pages it lists; when a
    plugin puts it first, the pages not built yet are anchored for it, and warned about once."""
    root = project(tmp_path, {"hooks": ["hook.py"]})
    (root / "hook.py").write_text(REORDER_HOOK, encoding="utf-8")
    (root / "annotations" / "other" / "missing.md").write_text(
        annotation("correction", "No, see [the essay](essay.md#p2).", verdict="false",
                   quote="words not in the text"), encoding="utf-8")
    result = build(root)
    assert [w for w in result.warnings if "missing.md" in w] == [
        next(w for w in result.warnings if "missing.md" in w)], result.warnings
    assert not [w for w in result.warnings if "link" in w], result.warnings
    page = result.page("corrections/index.html")
    rows = [[cell.text_content().strip() for cell in row.xpath("./td")]
            for row in page.xpath("//table[@class='glossa-corrections-table']/tbody/tr")]
    assert rows == [  # the summaries are the bodies' first sentences, as on the pages built before
        ["¶2", "False", "Ilya Sutskever passed away", "He is alive. Read the correction"],
        ["¶3", "Inaccurate", "who stepped down", "He did not. Read the correction"],
        ["¶2", "Imprecise", "$12 billion in a single quarter",
         "A loss, read off a filing. Read the correction"],
        ["not placed", "False", "words not in the text", "No, see the essay. Read the correction"],
    ]


def test_the_corrections_page_takes_its_path_and_title_from_the_options(tmp_path: Path) -> None:
    config = {"plugins": ["search", {"glossa": {"corrections_page": "errata.md",
                                                "corrections_title": "Errata"}}]}
    result = build(project(tmp_path, config), strict=True)
    assert not result.aborted, result.warnings
    assert result.page("errata/index.html").xpath("string(//h1)").startswith("Errata")
    assert not (result.site / "corrections").exists()


def test_the_corrections_pages_title_is_text(tmp_path: Path) -> None:
    """'Errata & <Fixes>' lost '<Fixes>' as a tag, and '*Q1*' was set in italics."""
    title = "Errata & <Fixes> for *Q1* [draft] #2"
    config = {"plugins": ["search", {"glossa": {"corrections_page": "corrections.md",
                                                "corrections_title": title}}]}
    result = build(project(tmp_path, config), strict=True)
    assert not result.aborted, result.warnings
    page = result.page("corrections/index.html")
    assert page.xpath("string(//h1)").removesuffix("¶") == title
    assert page.xpath("string(//title)").startswith(title)


def at(root: Path, option: str) -> str:
    """`mkdocs.yml:<line>`, the line that writes Glossa's `option`, as a message names it."""
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return f"mkdocs.yml:{next(n for n, line in enumerate(lines, 1) if line.strip().startswith(option + ':'))}"


@pytest.mark.parametrize(("options", "option", "said"), [
    ({"corrections_page": "../errata.md"}, "corrections_page",
     "corrections_page '../errata.md' must be a path in the docs folder, such as 'corrections.md'"),
    ({"corrections_page": "errata.md", "corrections_title": " "}, "corrections_title",
     "corrections_title is empty: give the corrections page a title"),
    ({"corrections_page": "x/../essay.md"}, "corrections_page",
     "corrections_page 'essay.md' would replace a page of the site"),
])
def test_a_corrections_page_that_cannot_be_made_is_said(tmp_path: Path, options: dict[str, str], option: str,
                                                        said: str):
    """A path out of the docs folder made no page and said nothing; an empty title, an empty <h1>."""
    root = project(tmp_path, {"plugins": ["search", {"glossa": options}]})
    result = build(root, strict=True)
    assert result.failed_strict
    assert any(warning.startswith(f"glossa: {at(root, option)}: {said}") for warning in result.warnings), \
        result.warnings


def test_no_corrections_page_when_disabled(tmp_path: Path) -> None:
    disabled = build(project(tmp_path / "a", {"plugins": ["search", {"glossa": {"corrections_page": ""}}]}),
                     strict=True)
    assert not disabled.aborted and not (disabled.site / "corrections").exists()


def test_a_corrections_page_asked_for_says_when_there_is_nothing_to_list(tmp_path: Path) -> None:
    """It was made only once a correction was: a site whose nav named it before its first
    correction failed `--strict` with MkDocs' 'not found in the documentation files'."""
    for folder, config in (("option", {}), ("nav", {"nav": ["index.md", "corrections.md"],
                                                   "plugins": ["search", "glossa"]})):
        notes_only = write_project(tmp_path / folder, {"index.md": TEXT},
                                   {"index/n.md": annotation("note", quote="Greg Brockman")}, config=config)
        result = build(notes_only, strict=True)
        assert not result.aborted, result.warnings
        assert "No corrections yet." in result.page("corrections/index.html").text_content()


def test_a_corrections_page_that_is_not_a_markdown_path_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, {"plugins": ["search", {"glossa": {"corrections_page": "errata.html"}}]})
    result = build(root)
    assert f"glossa: {at(root, 'corrections_page')}: corrections_page 'errata.html' must name a Markdown " \
           "page, such as 'corrections.md'; no corrections page is made until it does" in result.warnings
    assert not (result.site / "errata.html").exists()


def test_a_page_of_the_site_at_the_corrections_path_wins_with_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "docs" / "corrections").mkdir()
    (root / "docs" / "corrections" / "index.md").write_text("# Our own list\n", encoding="utf-8")
    result = build(root)
    assert any(w.startswith(f"glossa: {at(root, 'corrections_page')}: corrections_page 'corrections.md' "
                            "would replace a page")
               for w in result.warnings), result.warnings
    assert result.page("corrections/index.html").xpath("string(//h1)").startswith("Our own list")


def suggest_links(result_page) -> list[str]:  # type: ignore[no-untyped-def]
    """The row's own links (on phones a copy ends the row's line of cards)."""
    rows = "//*[@data-glossa-block]/span[@class='glossa-row__links']/a[@class='glossa-suggest']/@href"
    return [str(href) for href in result_page.xpath(rows)]


def test_each_block_offers_a_suggest_a_note_link_that_makes_a_valid_note(tmp_path: Path) -> None:
    root = project(tmp_path, {"repo_url": REPO})
    result = build(root, strict=True)
    links = suggest_links(result.page("essay/index.html"))
    assert len(links) == 4  # one per block: the title and three paragraphs
    # described by no second wording of their name ("Suggest a note on ¶4")
    assert all(link.get("title") == link.text_content()
               for link in result.page("essay/index.html").xpath("//a[@class='glossa-suggest']"))
    third = urlsplit(links[3])
    assert f"{third.scheme}://{third.netloc}{third.path}" == f"{REPO}/new/main"
    query = parse_qs(third.query)
    assert query["filename"] == ["annotations/essay/p4-note.md"]
    value = query["value"][0]
    assert value.startswith('---\nkind: note\nquote: "A third paragraph with nothing to correct."\n')
    # Committed unchanged, the suggested file is a valid note that anchors on its paragraph.
    (root / query["filename"][0]).write_text(value, encoding="utf-8")
    again = build(root, strict=True)
    assert not again.aborted, again.warnings
    card = again.page("essay/index.html").xpath("//*[@data-glossa-block='4']//*[@data-glossa-id='p4-note']")
    assert card and "Your name" in card[0].text_content()
    assert not suggest_links(result.page("index.html"))  # pages without annotations are untouched


def test_a_suggested_note_is_of_the_kind_readers_write(tmp_path: Path) -> None:
    """A site whose notes are its editors' and whose readers write questions suggests questions."""
    kinds = {"question": {"label": "Question", "from_readers": True}, "note": {"from_readers": False}}
    root = project(tmp_path, {"repo_url": REPO, "plugins": ["search", {"glossa": {"kinds": kinds}}]})
    query = parse_qs(urlsplit(suggest_links(build(root, strict=True).page("essay/index.html"))[3]).query)
    assert query["filename"] == ["annotations/essay/p4-question.md"]
    assert query["value"][0].startswith("---\nkind: question\n")
    (root / query["filename"][0]).write_text(query["value"][0], encoding="utf-8")
    again = build(root, strict=True)
    assert not again.aborted, again.warnings
    assert again.page("essay/index.html").xpath("//*[@data-glossa-id='p4-question']")


def test_a_suggested_note_asks_for_what_its_kind_needs(tmp_path: Path) -> None:
    """A readers' kind that needs sources was suggested without them: committed, the file got
    "missing key 'sources'", with nothing in it to say so beforehand."""
    kinds = {"reply": {"label": "Reply", "from_readers": True, "sources": True},
             "note": {"from_readers": False}}
    root = project(tmp_path, {"repo_url": REPO, "plugins": ["search", {"glossa": {"kinds": kinds}}]})
    query = parse_qs(urlsplit(suggest_links(build(root, strict=True).page("essay/index.html"))[3]).query)
    value = query["value"][0]
    assert "\nsources:\n  - url:   # the address of your source, https://...\n---\n" in value
    (root / query["filename"][0]).write_text(value, encoding="utf-8")
    assert "glossa: annotations/essay/p4-reply.md:6: 'url' has no value; give the address of the page, " \
        "http:// or https://" in build(root).warnings
    (root / query["filename"][0]).write_text(value.replace(
        "url:   # the address of your source, https://...", "url: https://example.org/evidence"),
        encoding="utf-8")
    again = build(root, strict=True)
    assert not again.aborted, again.warnings
    assert again.page("essay/index.html").xpath("//*[@data-glossa-id='p4-reply']")


@pytest.mark.parametrize(("edit_uri", "branch", "folder"), [
    ("edit/develop/website/docs/", "develop", "website/"),
    ("edit/main/website/docs/", "develop", "website/"),  # suggest_branch other than edit_uri's
    ("https://github.com/o/r/edit/main/a/b/docs?plain=1", "main", "a/b/"),
    ("edit/release/1.2/docs/", "release/1.2", ""),  # a branch with a slash, named by suggest_branch
    ("https://github.com/tree/edit/edit/main/docs/", "main", ""),  # an owner named like a route
    ("edit/main/other/", "main", ""),  # not the docs folder: nothing to tell
    (None, "main", ""),
])
def test_where_a_site_is_in_its_repository_is_read_from_edit_uri(tmp_path: Path, edit_uri: str | None,
                                                                  branch: str, folder: str) -> None:
    from glossa.suggest import site_folder

    assert site_folder(edit_uri, branch, tmp_path / "docs", tmp_path) == folder


def test_suggest_links_follow_the_branch_option_and_only_github(tmp_path: Path) -> None:
    config = {"repo_url": REPO, "plugins": ["search", {"glossa": {"suggest_branch": "drafts"}}]}
    result = build(project(tmp_path / "a", config), strict=True)
    links = suggest_links(result.page("essay/index.html"))
    assert links and all(link.startswith(f"{REPO}/new/drafts?") for link in links)
    gitlab = {"repo_url": "https://gitlab.com/example/edition"}
    elsewhere = build(project(tmp_path / "b", gitlab), strict=True)
    assert not suggest_links(elsewhere.page("essay/index.html"))
    none = build(project(tmp_path / "c"), strict=True)
    assert not suggest_links(none.page("essay/index.html"))


def test_suggest_links_take_the_branch_the_sites_edit_uri_names(tmp_path: Path) -> None:
    """The `edit/master/docs/` that MkDocs assumes without an `edit_uri` is no word of the site's,
    nor, since Zensical cannot tell them apart, the same written in mkdocs.yml: a site on `master`
    that writes it (Material's own) sets `suggest_branch`."""
    for folder, edit_uri, expected in (("edit", "edit/master/docs/", "main"),
                                       ("edit-elsewhere", "edit/master/site-docs/", "master"),
                                       ("blob", "blob/stable/docs/", "stable"),
                                       ("url", f"{REPO}/edit/trunk/docs/", "trunk"),
                                       ("none", "", "main")):
        config: dict[str, object] = {"repo_url": REPO}
        if edit_uri:
            config["edit_uri"] = edit_uri
        links = suggest_links(build(project(tmp_path / folder, config), strict=True).page("essay/index.html"))
        assert links and all(link.startswith(f"{REPO}/new/{expected}?") for link in links), folder
    chosen = {"repo_url": REPO, "edit_uri": "edit/master/docs/",
              "plugins": ["search", {"glossa": {"suggest_branch": "master"}}]}
    links = suggest_links(build(project(tmp_path / "option", chosen), strict=True).page("essay/index.html"))
    assert links and all(link.startswith(f"{REPO}/new/master?") for link in links)


OFFLINE = {"plugins": ["search", {"glossa": {"offline_repo_link": True,
                                            "corrections_page": "corrections.md"}}]}


def test_the_repository_link_makes_no_request_for_stars_when_the_site_asks(tmp_path: Path) -> None:
    result = build(project(tmp_path, {"repo_url": REPO, **OFFLINE}), strict=True)
    html = (result.site / "essay" / "index.html").read_text(encoding="utf-8")
    page = result.page("essay/index.html")
    assert page.xpath("//a[@class='md-source']/@href") == [REPO, REPO]  # header and drawer
    assert 'data-md-component="source"' not in html


def test_by_default_materials_own_repository_link_is_left_alone(tmp_path: Path) -> None:
    result = build(project(tmp_path, {"repo_url": REPO}), strict=True)
    assert 'data-md-component="source"' in (result.site / "essay" / "index.html").read_text(encoding="utf-8")


def test_a_source_partial_in_the_sites_custom_dir_still_wins(tmp_path: Path) -> None:
    root = project(tmp_path, {"repo_url": REPO, **OFFLINE, "theme": {
        "name": "material", "font": False, "custom_dir": "overrides"}})
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "source.html").write_text(
        '<a class="our-source" href="{{ config.repo_url }}">repo</a>', encoding="utf-8")
    result = build(root, strict=True)
    assert result.page("essay/index.html").xpath("//a[@class='our-source']")


def test_script_marks_only_annotated_pages_before_the_first_paint(tmp_path: Path) -> None:
    """glossa.css makes cards compact and takes them out of the text's flow once `glossa-js` is
    set: in the head, so that nothing shifts when glossa.js (end of body) starts."""
    result = build(project(tmp_path), strict=True)
    html = (result.site / "essay" / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    early = 'classList.add("glossa-js", "glossa-page")'
    assert early in head
    assert early not in (result.site / "index.html").read_text(encoding="utf-8")


def test_glossa_css_js_and_the_generated_kinds_css_as_shipped_stay_under_10_kb_gzipped(
        tmp_path: Path) -> None:
    """As the site ships them (minified: `minify`)."""
    import gzip

    site = build(project(tmp_path, {"plugins": ["search", {"glossa": {"kinds": {"update": {
        "label": "Update", "icon": "material/update"}}}}]})).site  # the default kinds and one more
    files = [site / "glossa" / name for name in ("glossa.css", "glossa.js", "kinds.css")]
    sizes = [len(gzip.compress(path.read_bytes(), 9)) for path in files]
    assert sum(sizes) <= 10 * 1024, sizes
    written = Path(__file__).resolve().parent.parent / "plugins" / "glossa" / "assets" / "glossa"
    assert sizes[0] < len(gzip.compress((written / "glossa.css").read_bytes(), 9))
    assert sizes[1] < len(gzip.compress((written / "glossa.js").read_bytes(), 9))


def test_words_in_their_own_quotation_marks_are_not_quoted_twice(tmp_path: Path) -> None:
    """`<q>` adds the quotation marks: a quote that carries its own pair is shown without it, in
    the card, the page's summary and the corrections page alike."""
    text = '# Essay\n\nHe said "It will never happen." Then he left.\n'
    root = write_project(tmp_path, {"essay.md": text}, {
        "essay/never.md": annotation("correction", "It did.", verdict="false",
                                     quote='"It will never happen."'),
        "essay/said.md": annotation("note", "Who?", quote='He said "It will never happen."'),
    })
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    essay, corrections = result.page("essay/index.html"), result.page("corrections/index.html")
    for page, where in ((essay, "//*[@data-glossa-id='never']//q"), (essay, "//*[@data-glossa-summary]//q"),
                        (corrections, "//table//q")):
        assert [q.text_content() for q in page.xpath(where)] == ["It will never happen."], where
    said = essay.xpath("//*[@data-glossa-id='said']//q")[0]
    assert said.text_content() == 'He said "It will never happen."'


@pytest.mark.parametrize("words", ['"mot"', "“mot”", "„Wort“", "«mot»", "'mot'", "‘mot’", "‚Wort‘", "‹mot›"])
def test_each_pair_of_quotation_marks_is_shown_once(words: str) -> None:
    """German's low marks and French's single guillemets were doubled: ‚Wort‘ shown as “‚Wort‘”."""
    from glossa.render import unquoted

    assert unquoted(words) == words[1:-1]


def test_the_corrections_page_is_generated_only_for_a_site_that_asks_for_it(tmp_path: Path) -> None:
    plain = build(project(tmp_path / "plain", {"plugins": ["search", "glossa"]}), strict=True)
    assert not (plain.site / "corrections" / "index.html").exists()
    named = build(project(tmp_path / "named", {"plugins": ["search", "glossa"], "nav": [
        "index.md", "essay.md", "other.md", {"Corrections": "corrections.md"}]}), strict=True)
    assert (named.site / "corrections" / "index.html").exists()


def test_corrections_are_listed_in_reading_order_within_a_paragraph(tmp_path: Path) -> None:
    """By their reference numbers, not by their ids, on the page's summary and the corrections page."""
    root = write_project(tmp_path, {"essay.md": "# Essay\n\nThe first claim is wrong, and so is the "
                                                "second claim.\n"}, {
        "essay/zeta.md": annotation("correction", "No.", verdict="false", quote="The first claim"),
        "essay/alpha.md": annotation("correction", "Nor this.", verdict="false",
                                     quote="the second claim"),
    })
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    summary = result.page("essay/index.html").xpath("//ol[@class='glossa-corrections']//q/text()")
    assert summary == ["The first claim", "the second claim"]
    table = result.page("corrections/index.html").xpath("//table//q/text()")
    assert table == ["The first claim", "the second claim"]


def test_offline_repo_link_on_another_theme_is_said_to_change_nothing(tmp_path: Path, caplog) -> None:
    config = {"repo_url": REPO, "theme": {"name": "mkdocs"}, **OFFLINE}
    with caplog.at_level("INFO"):
        result = build(project(tmp_path, config), strict=True)
    assert not result.aborted, result.warnings
    assert any("offline_repo_link is for Material's repository link; the theme 'mkdocs' has none"
               in record.getMessage() for record in caplog.records), caplog.text[-2000:]
