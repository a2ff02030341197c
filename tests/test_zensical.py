"""Glossa under Zensical, through its Markdown extension (`glossa.extension`): the edition and a
small site built with the real `zensical build`, compared with the MkDocs build (README, "Engines")."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from glossa.config import GlossaConfig
from glossa.extension import GlossaError, GlossaExtension
from glossa.options import SHARED
from helpers import ROOT, annotation, build, free_port, original_block, served_when, write_project
from lxml import html as lxml_html

ZENSICAL = Path(sys.executable).parent / "zensical"
ARTICLE = "openai-is-crashing/index.html"
GITHUB = "https://github.com/example/edition"
ASSETS = ("glossa/glossa.css", "glossa/kinds.css", "glossa/glossa.js")


def zensical_build(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ZENSICAL), "build", *options], cwd=project, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})


def copy_of_the_edition(project: Path) -> Path:
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "annotations", project / "annotations")
    return project


def page(site: Path, path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / path).read_text(encoding="utf-8"))


def woven(element: lxml_html.HtmlElement) -> dict[str, list[tuple[str | None, ...]]]:
    """What weaving gives a page, whatever the theme around it: rows and their text, marks, cards."""
    rows = element.xpath("//*[@data-glossa-block]")
    return {
        "rows": [(row.get("data-glossa-block"), row.xpath("string(./*[@data-glossa-text])"),
                  row.xpath("string(.//*[contains(@class, 'glossa-anchor')]/@id)")) for row in rows],
        "marks": [(mark.get("data-glossa-ref"), mark.text_content())
                  for mark in element.xpath("//mark[@data-glossa-ref]")],
        "cards": [(card.get("id"), card.get("data-glossa-kind"), " ".join(card.text_content().split()))
                  for card in element.xpath("//*[@data-glossa-id]")],
        "summary": [(" ".join(element.xpath("string(//*[@data-glossa-summary])").split()),)],
        "unanchored": [(section.get("id"),) for section in element.xpath("//*[@id='glossa-unanchored']")],
    }


def article_html(element: lxml_html.HtmlElement) -> str:
    [article] = element.xpath("//article")
    return lxml_html.tostring(article, encoding="unicode")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The edition built by MkDocs, by Zensical, and by Zensical without Glossa's extension."""
    root = tmp_path_factory.mktemp("engines")
    mkdocs = build(copy_of_the_edition(root / "mkdocs"), strict=True)
    assert not mkdocs.aborted, mkdocs.warnings
    zensical = copy_of_the_edition(root / "zensical")
    done = zensical_build(zensical, "--clean", "--strict")
    assert done.returncode == 0, done.stderr
    plain = copy_of_the_edition(root / "plain")
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("  - glossa.extension:")
    end = config.index("\n\n", start)
    (plain / "mkdocs.yml").write_text(config[:start] + config[end + 1:], encoding="utf-8")
    assert zensical_build(plain, "--clean").returncode == 0
    return {"mkdocs": mkdocs.site, "zensical": zensical / "site", "plain": plain / "site",
            "zensical_project": zensical}


def test_the_edition_is_woven_alike_by_both_engines(editions):
    by_mkdocs, by_zensical = page(editions["mkdocs"], ARTICLE), page(editions["zensical"], ARTICLE)
    assert len(by_zensical.xpath("//*[@data-glossa-block]")) > 40
    assert woven(by_zensical) == woven(by_mkdocs)
    ids = [element.get("id") for element in by_mkdocs.xpath("//article//*[@id]")]
    assert [element.get("id") for element in by_zensical.xpath("//article//*[@id]")
            if element.get("id") in ids or element.get("id", "").startswith(("glossa", "p"))] == ids


def test_zensical_search_indexes_the_words_not_glossas_links(editions):
    """Zensical indexes the woven page: its entries began '¶1Suggest a note on paragraph 1', and the
    title's reference number made the heading 'OpenAI is Crashing<sup>1</sup>'. Glossa's links
    carry Material's data-search-exclude, which Zensical honours."""
    import json

    entries = [entry for entry in json.loads((editions["zensical"] / "search.json").read_text(
        encoding="utf-8"))["items"] if "openai-is-crashing" in entry["location"]]
    assert entries and any("Sutskever" in entry["text"] for entry in entries)
    everything = " ".join(entry["title"] + entry["text"] for entry in entries)
    assert "Suggest a note" not in everything and "<sup>" not in everything and "↩" not in everything
    assert "¶" not in everything and "4 sources" not in everything and "19 corrections" not in everything
    # each card's words once: not again in the corrections list, nor a summary made from its body
    assert everything.count("Benioff spent the two hours on Gemini 3") == 1
    assert everything.count("The figure is Musk's own") == 1
    assert everything.count("Left out as page furniture") == 1  # not again in the summary's lead


def test_each_row_holds_its_block_as_zensical_renders_it(editions):
    plain = page(editions["plain"], ARTICLE).xpath("//article")[0]
    blocks = [original_block(text) for text in
              page(editions["zensical"], ARTICLE).xpath("//*[@data-glossa-text]")]
    assert [" ".join(block.text_content().split()) for block in blocks] == \
        [" ".join(child.text_content().split()) for child in plain
         if child.tag not in ("a", "script", "style")][:len(blocks)]


def test_a_page_without_annotations_is_as_zensical_renders_it(editions):
    assert article_html(page(editions["zensical"], "method/index.html")) == \
        article_html(page(editions["plain"], "method/index.html"))


def test_our_css_and_javascript_reach_the_annotated_page(editions):
    site = editions["zensical"]
    for asset in ASSETS:
        assert (site / asset).read_bytes() == (ROOT / "docs" / asset).read_bytes()
    article = (site / ARTICLE).read_text(encoding="utf-8")
    assert 'href="../glossa/glossa.css"' in article and 'href="../glossa/kinds.css"' in article
    assert 'src="../glossa/glossa.js"' in article
    assert 'classList.add("glossa-js", "glossa-page")' in article
    assert article.count('class="glossa-claimreview"') == \
        (editions["mkdocs"] / ARTICLE).read_text(encoding="utf-8").count('class="glossa-claimreview"')


def test_the_committed_assets_are_what_the_extension_writes(editions):
    """docs/glossa/ is Glossa's: a Zensical build leaves the repository's copy as it is."""
    for asset in ASSETS:
        assert (editions["zensical_project"] / "docs" / asset).read_bytes() == \
            (ROOT / "docs" / asset).read_bytes(), f"docs/{asset} is stale: make zensical-assets"


def read_config(project: Path) -> dict[str, Any]:
    """A project's mkdocs.yml, to change and write back (`write_config`)."""
    return yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))


def write_config(project: Path, config: dict[str, Any]) -> None:
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def extension_entry(config: dict[str, Any]) -> dict[str, Any]:
    """The `glossa.extension` item of the configuration's `markdown_extensions`."""
    [extension] = [e for e in config["markdown_extensions"] if "glossa.extension" in e]
    return extension


def differences(project: Path) -> list[str]:
    """The options MkDocs warns the plugin and the extension give differently."""
    return [w.split("'")[1] for w in build(project).warnings if "give different" in w]


def small_site(root: Path, note: str) -> Path:
    extension = extension_entry(read_config(ROOT))
    project = write_project(root, {"index.md": "# Home\n\nThe sky is green today.\n"},
                            {"index/sky.md": note}, {
        "watch": ["annotations"], "extra_css": list(ASSETS[:2]), "extra_javascript": [ASSETS[2]],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}, extension]})
    shutil.copytree(ROOT / "docs" / "glossa", project / "docs" / "glossa")
    return project


def test_a_problem_is_printed_with_its_line_and_fails_strict(tmp_path):
    project = small_site(tmp_path, annotation("note", quote="The sky is blue"))
    strict = zensical_build(project, "--clean", "--strict")
    assert strict.returncode != 0
    assert "annotations/index/sky.md:3: quote 'The sky is blue' in docs/index.md" in strict.stderr
    assert "strict mode" in strict.stderr
    lenient = zensical_build(project, "--clean")
    assert lenient.returncode == 0, lenient.stderr
    assert "annotations/index/sky.md:3:" in lenient.stderr
    assert page(project / "site", "index.html").xpath("//*[@id='glossa-unanchored']")


def test_a_sites_own_glossa_css_in_its_custom_dir_is_shipped_as_under_mkdocs(tmp_path):
    """The extension copied Glossa's own glossa.css into docs/glossa/, where MkDocs took the
    site's `custom_dir` one: the two engines built different sites."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    config["theme"]["custom_dir"] = "overrides"
    write_config(project, config)
    (project / "overrides" / "glossa").mkdir(parents=True)
    (project / "overrides" / "glossa" / "glossa.css").write_text(".glossa-card {\n  color: red;\n}\n",
                                                                 encoding="utf-8")
    zensical_build(project, "--clean")  # writes docs/glossa/glossa.css from the site's own
    assert (project / "docs" / "glossa" / "glossa.css").read_text(encoding="utf-8") == \
        ".glossa-card{color:red}"


def test_an_edited_annotation_shows_on_the_next_build(tmp_path):
    project = small_site(tmp_path, annotation("note", quote="sky is green", body="First words."))
    assert zensical_build(project, "--clean", "--strict").returncode == 0
    assert "First words." in (project / "site" / "index.html").read_text(encoding="utf-8")
    note = project / "annotations" / "index" / "sky.md"
    note.write_text(annotation("note", quote="sky is green", body="Second words."), encoding="utf-8")
    later = note.stat().st_mtime + 2  # Zensical compares watched files' times in whole seconds
    os.utime(note, (later, later))
    done = zensical_build(project, "--strict")
    assert done.returncode == 0, done.stderr
    built = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Second words." in built and "First words." not in built


def test_a_bodys_link_to_a_missing_page_is_said_as_under_mkdocs(tmp_path):
    """Zensical resolves a body's links to pages, and published a broken one as written, without
    a word. A link to a page that is there, and to another site, are no problem."""
    project = small_site(tmp_path, annotation("note", quote="sky is green", body=(
        "See [the guide](guide/intro.md), [a typo](guide/intr.md#p2), [the other](other.md) "
        "and [a site](https://example.org/x.md).")))
    (project / "docs" / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    (project / "docs" / "guide").mkdir()
    (project / "docs" / "guide" / "intro.md").write_text("# Intro\n\nA [link](../gone.md).\n",
                                                        encoding="utf-8")
    (project / "annotations" / "guide" / "intro").mkdir(parents=True)
    (project / "annotations" / "guide" / "intro" / "back.md").write_text(
        annotation("note", quote="Intro", body="Back [home](../index.md), or [away](../away.md)."),
        encoding="utf-8")
    said = [line for line in build(project).warnings if "the body contains" in line]
    assert said == [
        "glossa: annotations/index/sky.md:6: the body contains a link 'guide/intr.md#p2', but the "
        "target 'guide/intr.md' is not found among documentation files. Links in a body resolve "
        "as index.md's own do.",
        "glossa: annotations/guide/intro/back.md:6: the body contains a link '../away.md', but the "
        "target 'away.md' is not found among documentation files. Links in a body resolve as "
        "guide/intro.md's own do."]
    strict = zensical_build(project, "--clean", "--strict")
    assert strict.returncode != 0
    lenient = zensical_build(project, "--clean")
    assert lenient.returncode == 0, lenient.stderr
    assert sorted(line.removeprefix("glossa: ") for line in said) == sorted(
        line for line in lenient.stderr.splitlines() if "the body contains" in line)


def test_a_site_without_site_url_is_told_once_not_once_a_page(tmp_path):
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    (project / "docs" / "other.md").write_text("# Other\n\nThe grass is blue.\n", encoding="utf-8")
    (project / "annotations" / "other").mkdir()
    (project / "annotations" / "other" / "grass.md").write_text(
        annotation("note", quote="grass is blue"), encoding="utf-8")
    config = read_config(project)
    del config["site_url"]
    write_config(project, config)
    done = zensical_build(project, "--clean")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("set 'site_url' in mkdocs.yml: the W3C export and ClaimReview need "
                             "absolute URLs, so the annotated pages have neither") == 1


def test_an_annotation_saved_in_the_docs_folder_is_said_as_under_mkdocs(tmp_path):
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    (project / "docs" / "stray.md").write_text(annotation("note", quote="sky is green"),
                                               encoding="utf-8")
    said = [line for line in build(project).warnings if "docs/stray.md" in line]
    assert len(said) == 1
    done = zensical_build(project, "--clean")
    assert done.returncode == 0, done.stderr
    assert said[0].removeprefix("glossa: ") in done.stderr
    assert zensical_build(project, "--clean", "--strict").returncode != 0


def test_a_site_url_with_a_path_but_no_slash_keeps_its_path_in_claimreview(tmp_path):
    """MkDocs adds the slash to `site_url`; Zensical does not, and joining the page's address to
    `https://example.org/sub` dropped `sub` from every ClaimReview's url."""
    project = small_site(tmp_path, annotation("correction", quote="sky is green"))
    config = read_config(project)
    config["site_url"] = "https://example.org/sub"
    write_config(project, config)
    done = zensical_build(project, "--clean", "--strict")
    assert done.returncode == 0, done.stderr
    claims = page(project / "site", "index.html").xpath("//*[@class='glossa-claimreview']/text()")
    assert [json.loads(claim)["url"] for claim in claims] == ["https://example.org/sub/#glossa-sky"]


def test_the_extension_stands_down_outside_zensical():
    """Under MkDocs (no Zensical context in its Markdown) the plugin weaves, and the extension
    leaves every page, and every body the plugin renders, as it was."""
    text = "# Title\n\nThe sky is green today.\n"
    plain = markdown.markdown(text, extensions=["toc"])
    assert markdown.markdown(text, extensions=["toc", "glossa.extension"]) == plain


def test_mkdocs_builds_the_edition_without_weaving_twice(editions):
    article = (editions["mkdocs"] / ARTICLE).read_text(encoding="utf-8")
    assert article.count("data-glossa-summary") == 1


def test_zensical_serve_shows_an_edited_annotation(tmp_path):
    """`zensical serve` rebuilds in the same process: the extension reads the annotations again."""
    project = small_site(tmp_path, annotation("note", quote="sky is green", body="First words."))
    port = free_port()
    server = subprocess.Popen([str(ZENSICAL), "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_COLOR": "1"})
    try:
        url = f"http://127.0.0.1:{port}/"
        assert served_when(url, lambda html: "First words." in html)
        note = project / "annotations" / "index" / "sky.md"
        note.write_text(annotation("note", quote="sky is green", body="Second words."), encoding="utf-8")
        later = note.stat().st_mtime + 2  # Zensical compares watched files' times in whole seconds
        os.utime(note, (later, later))
        served = served_when(url, lambda html: "Second words." in html)
        assert "Second words." in served and "First words." not in served
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_kind_the_extension_cannot_use_stops_the_build_saying_why(tmp_path):
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    extension = extension_entry(config)
    extension["glossa.extension"]["kinds"] = {"update": {"label": "Update", "motivation": "shouting"}}
    write_config(project, config)
    done = zensical_build(project, "--clean")
    assert done.returncode != 0
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    kinds_line = text.count("\n", 0, text.index("kinds:", text.index("- glossa.extension:"))) + 1
    assert (f"glossa: mkdocs.yml:{kinds_line}: markdown extension 'glossa.extension' option 'kinds': "
            "kind 'update' has the motivation 'shouting'; allowed:") in done.stderr


def test_mkdocs_warns_when_the_plugin_and_the_extension_are_set_apart(tmp_path):
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    assert differences(project) == ["publisher", "kinds"]
    config = read_config(project)
    extension = extension_entry(config)
    config["plugins"] = ["search", {"glossa": {"publisher": extension["glossa.extension"]["publisher"],
                                              "kinds": extension["glossa.extension"]["kinds"]}}]
    write_config(project, config)
    assert differences(project) == []
    config["plugins"][1]["glossa"]["kinds"] = {**extension["glossa.extension"]["kinds"],
                                               "note": {"from_readers": False}}  # links followed
    write_config(project, config)
    assert differences(project) == ["kinds"]


def test_both_engines_take_the_shared_options_by_the_tables_names_and_defaults():
    """`options.SHARED` is the one list of the options both engines take. The extension's come
    from it; the plugin's are declared for MkDocs, typed, with the table's defaults: each must be
    there, under the table's name."""
    defaults = {name: option.default for name, option in SHARED.items()}
    plugin = GlossaConfig()
    plugin.load_dict({})
    failed, _ = plugin.validate()
    assert not failed
    assert {name: plugin[name] for name in SHARED} == defaults
    extension = GlossaExtension()
    assert extension.getConfigs() == defaults
    assert dict(extension.getConfigInfo()) == {name: option.help for name, option in SHARED.items()}


@pytest.mark.parametrize(("options", "said"), [
    ({"publsher": "Glossa"}, "has no option 'publsher' (did you mean 'publisher'?); its options are "
                             "annotations_dir, publisher, suggest_branch, kinds"),
    ({"annotations_dir": 5}, "option 'annotations_dir' must be text, not 5"),
    ({"kinds": ["update"]}, "option 'kinds' must be a mapping, not ['update']"),
])
def test_a_wrong_option_of_the_extension_is_named_by_both_engines(tmp_path, options, said):
    """A bare KeyError ('publsher'), or a TypeError or AttributeError further on, under a traceback.
    An option left empty (`publisher:`) is its default, as for the plugin."""
    assert GlossaExtension(publisher=None, kinds=None).getConfigs() == GlossaExtension().getConfigs()
    with pytest.raises(GlossaError, match=re.escape(f"glossa: markdown extension 'glossa.extension' {said}")):
        GlossaExtension(**options)
    project = copy_of_the_edition(tmp_path / "site")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    [(name, value)] = options.items()
    start = config.index("  - glossa.extension:")
    (project / "mkdocs.yml").write_text(config[:start] + f"  - glossa.extension:\n      {name}: {value}\n"
                                        + config[config.index("\n\n", start) + 1:], encoding="utf-8")
    for done in (zensical_build(project, "--clean"),
                 subprocess.run([sys.executable, "-m", "glossa", "check"], cwd=project, capture_output=True,
                                text=True, timeout=120)):
        assert done.returncode != 0 and said in done.stdout + done.stderr


@pytest.mark.parametrize("edit_uri, docs_dir, branch, folder", [
    ("edit/master/docs/", "docs", "main", ""),  # what both engines assume for GitHub: no word of the site's
    ("edit/stable/docs/", "docs", "stable", ""),
    (None, "docs", "main", ""),
    (None, "src/docs", "main", ""),  # Zensical assumes edit/master/src/docs, MkDocs edit/master/docs/
    ("edit/develop/website/docs/", "docs", "develop", "website/"),  # the site in a folder of its repository
], ids=["assumed edit_uri", "edit_uri", "no edit_uri", "docs elsewhere", "site in a folder"])
def test_both_engines_open_suggest_links_on_the_same_branch(tmp_path, edit_uri, docs_dir, branch, folder):
    """The site's edit_uri names the branch, unless it is what the engines fill in for a GitHub
    repository without one, which neither can tell from one the site wrote (`suggest.suggest_branch`):
    with `edit/master/docs/` MkDocs chose master and Zensical main. It also says where the site is
    in its repository: a reader's note was suggested in `annotations/`, outside `website/`."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    config["repo_url"] = GITHUB
    if edit_uri:
        config["edit_uri"] = edit_uri
    if docs_dir != "docs":
        config["docs_dir"] = docs_dir
        (project / docs_dir).parent.mkdir()
        (project / "docs").rename(project / docs_dir)
    write_config(project, config)
    suggested = "//*[@data-glossa-block]/span[@class='glossa-row__links']/a[@class='glossa-suggest']/@href"
    under_mkdocs = build(project).page("index.html").xpath(suggested)
    done = zensical_build(project, "--clean")
    assert done.returncode == 0, done.stderr
    under_zensical = page(project / "site", "index.html").xpath(suggested)
    assert under_mkdocs and all(link.startswith(f"{GITHUB}/new/{branch}?filename={folder}annotations/index/")
                                for link in under_mkdocs)
    assert under_zensical == under_mkdocs


@pytest.mark.parametrize("template, message", [
    ("<article>\n{% if %}\n</article>\n", "card.html:2: the template could not be read"),
    ("<article>\n{{ nope }}\n</article>\n",
     "card.html:2: the template could not be rendered: 'nope' is undefined"),
], ids=["does not compile", "fails as it renders"])
def test_a_site_template_that_fails_stops_the_build_at_its_line(tmp_path, template, message):
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    config["theme"]["custom_dir"] = "overrides"
    write_config(project, config)
    partial = project / "overrides" / "partials" / "glossa" / "card.html"
    partial.parent.mkdir(parents=True)
    partial.write_text(template, encoding="utf-8")
    done = zensical_build(project, "--clean")
    assert done.returncode != 0
    assert message in done.stderr, done.stderr[-2000:]


def test_an_option_the_extension_leaves_to_its_default_is_no_difference(tmp_path):
    """The extension's entry without `annotations_dir` means 'annotations', as the plugin's does;
    'annotations/' is the same folder."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    extension = extension_entry(config)
    extension["glossa.extension"].pop("annotations_dir", None)
    config["plugins"] = ["search", {"glossa": {"publisher": extension["glossa.extension"]["publisher"],
                                              "kinds": extension["glossa.extension"]["kinds"],
                                              "annotations_dir": "annotations/"}}]
    write_config(project, config)
    assert differences(project) == []
    config["plugins"][1]["glossa"]["annotations_dir"] = "notes"
    write_config(project, config)
    assert differences(project) == ["annotations_dir"]


@pytest.mark.parametrize("options", [("-f", "site.yml"), ("--config-file=site.yml",),
                                     ("-cf", "site.yml")])
def test_the_site_url_warning_names_the_configuration_file_zensical_read(tmp_path, options):
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    del config["site_url"]
    write_config(project, config)
    (project / "mkdocs.yml").rename(project / "site.yml")
    done = zensical_build(project, *options)
    assert done.returncode == 0, done.stderr
    assert "set 'site_url' in site.yml:" in done.stderr


def test_a_missing_annotations_folder_is_said_beside_the_configuration_zensical_read(tmp_path):
    """It was said to be missing 'beside mkdocs.yml', to a site that has none."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    shutil.rmtree(project / "annotations")
    (project / "mkdocs.yml").rename(project / "site.yml")
    done = zensical_build(project, "-f", "site.yml")
    assert "annotations:1: there is no such folder beside site.yml" in done.stderr, done.stderr


def test_annotations_of_a_page_zensical_does_not_build_are_not_published_nor_warned_of(tmp_path):
    """Zensical leaves `draft_docs` and `exclude_docs` pages out, as MkDocs does: their
    annotations are not published either (said at INFO, which Zensical does not print), and a site
    whose only annotated pages are such has no page that needs `site_url`."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    shutil.rmtree(project / "annotations" / "index")
    for key in ("secret", "draft"):
        (project / "docs" / f"{key}.md").write_text(f"# {key}\n\nHidden words.\n", encoding="utf-8")
        (project / "annotations" / key).mkdir()
        (project / "annotations" / key / "b.md").write_text(annotation("note", quote="Hidden words"),
                                                            encoding="utf-8")
    config = read_config(project)
    del config["site_url"]
    write_config(project, {**config, "exclude_docs": "secret.md\n", "draft_docs": "/draft.md\n"})
    done = zensical_build(project, "--clean", "--strict")
    assert done.returncode == 0, done.stderr
    assert "site_url" not in done.stderr and "does not exist" not in done.stderr
    assert not (project / "site" / "secret").exists() and not (project / "site" / "draft").exists()


def test_under_strict_a_problem_of_the_publication_is_printed_once_not_once_a_page(tmp_path):
    """Zensical goes on to the next page after the extension stops one; each page started the
    build again and printed the problem again."""
    project = small_site(tmp_path, annotation("correction", quote="sky is green", verdict="wrong"))
    for name in ("a", "b", "c"):
        (project / "docs" / f"{name}.md").write_text(f"# {name}\n\nText.\n", encoding="utf-8")
    done = zensical_build(project, "--clean", "--strict")
    assert done.returncode != 0
    assert done.stderr.count("unknown verdict 'wrong'") == 1, done.stderr
    # and the file left off is named, as MkDocs names it (at INFO, which Zensical does not print)
    assert done.stderr.count("left off the site until their problems are fixed: "
                             "annotations/index/sky.md") == 1, done.stderr


def test_a_kind_may_use_any_icon_zensical_ships(tmp_path):
    """Zensical ships Material's icon sets; the extension looked only at Glossa's five icons, said
    'there is no icon material/rocket' and failed a strict build."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    extension_entry(config)["glossa.extension"]["kinds"]["update"]["icon"] = "material/rocket"
    write_config(project, config)
    zensical_build(project, "--clean")  # writes docs/glossa/kinds.css with the kind's icon
    done = zensical_build(project, "--clean", "--strict")
    assert done.returncode == 0, done.stderr
    kinds_css = (project / "docs" / "glossa" / "kinds.css").read_text(encoding="utf-8")
    assert ".glossa-card--update," in kinds_css and "svg" in kinds_css.split(".glossa-card--update,")[1]


def test_an_icon_zensical_lacks_is_said_at_the_extensions_kinds_line(tmp_path):
    """The warning named the option, not where it is written, as MkDocs' plugin does."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    extension_entry(config)["glossa.extension"]["kinds"]["update"]["icon"] = "material/rockett"
    write_config(project, config)
    done = zensical_build(project, "--clean")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    kinds_line = text.count("\n", 0, text.index("kinds:", text.index("- glossa.extension:"))) + 1
    assert (f"mkdocs.yml:{kinds_line}: markdown extension 'glossa.extension' option 'kinds': "
            "kind 'update': there is no icon 'material/rockett' in the theme's icon set (did you mean "
            "'material/rocket'?)") in done.stderr, done.stderr


def test_mkdocs_with_the_extension_alone_says_the_plugin_weaves(tmp_path):
    """A site set up for Zensical alone published no annotation under MkDocs, and said nothing."""
    project = small_site(tmp_path, annotation("note", quote="sky is green"))
    config = read_config(project)
    config["plugins"] = ["search"]
    write_config(project, config)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert "the markdown extension 'glossa.extension' weaves pages under Zensical only; under " \
           "MkDocs the 'glossa' plugin does, and it is not loaded, so this build publishes no " \
           "annotation (add '- glossa' under 'plugins:' in mkdocs.yml)" in done.stderr


@pytest.mark.parametrize(("argv", "config", "strict"), [
    (["zensical", "build", "--strict"], {}, True), (["zensical", "build", "-s"], {}, True),
    (["zensical", "build"], {"strict": True}, True), (["zensical", "build"], {}, False),
    (["zensical", "serve"], {"strict": True}, False),  # a typo closed the preview
])
def test_strict_stops_a_build_but_not_zensical_serve(monkeypatch, argv, config, strict):
    from glossa import extension

    monkeypatch.setattr(sys, "argv", argv)
    assert extension._strict(config) is strict
