"""`mkdocs build --dirty`: a page is rebuilt when its annotations change, even if its Markdown did not.

MkDocs rebuilds a page in a dirty build only when its Markdown is newer than its HTML; Glossa makes
a page count as changed when its annotation folder or a file in it is not older than its HTML, or
when its HTML still shows annotations whose folder is gone. Site-wide outputs (the corrections page)
come from every annotation file, read in every build, so a dirty build never leaves them stale.

Builds run as `mkdocs build [--dirty]` in a new process, as an editor runs them: in one process
MkDocs keeps a plugin that has `on_startup` (Glossa's) from one build to the next, which would hide
what a fresh dirty build does not know.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from helpers import Build, annotation, write_project
from lxml import html as lxml_html


def build(project: Path, *, dirty: bool = False) -> Build:
    """`mkdocs build [--dirty]` in a new process; its WARNING lines."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(command + (["--dirty"] if dirty else []), capture_output=True, text=True,
                            timeout=120, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    return Build(project / "site", warnings)

PAGES = {
    "index.md": "# Home\n\nChief Scientist Ilya Sutskever passed away in May.\n\nThe board met.\n",
    "other.md": "# Other\n\nRevenue grew fast in 2024.\n\nCosts grew faster.\n",
    "plain.md": "# Plain\n\nNo annotations here.\n",
    "notes.md": "# Notes\n\nOnly notes here.\n",
}
PAGE_NAMES = ("index", "other", "plain", "notes")


def html(project: Path, page: str) -> Path:
    return project / "site" / page / "index.html" if page != "index" else project / "site/index.html"


def age_site(project: Path) -> None:
    """Pretend the sources were written long ago and the last build a while ago, so that edits
    made now are clearly newer than the HTML and the HTML clearly newer than the sources."""
    now = time.time()
    for folder, seconds in (("docs", 600), ("annotations", 600), ("site", 120)):
        for path in [project / folder, *(project / folder).rglob("*")]:
            os.utime(path, (now - seconds, now - seconds))
    os.utime(project / "mkdocs.yml", (now - 600, now - 600))


def mtimes(project: Path) -> dict[str, float]:
    return {page: html(project, page).stat().st_mtime for page in PAGE_NAMES}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = write_project(tmp_path, PAGES, {
        "index/who.md": annotation("note", body="First version.", quote="Ilya Sutskever"),
        "index/when.md": annotation("correction", body="Wrong month.", quote="passed away in May"),
        "other/growth.md": annotation("correction", body="Slower.", quote="Revenue grew fast"),
        "notes/only.md": annotation("note", body="Just a note.", quote="Only notes here."),
    })
    full = build(project)
    assert not full.glossa_warnings()
    age_site(project)
    return project


def test_an_edited_annotation_rebuilds_its_page_and_only_its_page(project: Path):
    before = mtimes(project)
    (project / "annotations/index/who.md").write_text(
        annotation("note", body="Second version.", quote="Ilya Sutskever"), encoding="utf-8")
    result = build(project, dirty=True)
    assert not result.glossa_warnings()
    card = result.page().xpath('//*[@data-glossa-id="who"]')[0]
    assert "Second version." in card.text_content()
    after = mtimes(project)
    assert after["index"] > before["index"]
    assert after["notes"] == before["notes"] and after["plain"] == before["plain"]


def test_a_new_dirty_build_also_redoes_pages_with_corrections_for_the_corrections_page(project: Path):
    """Their ¶ numbers are known only once anchored; `serve --dirtyreload` keeps them between builds."""
    before = mtimes(project)
    after = (build(project, dirty=True), mtimes(project))[1]
    assert after["other"] > before["other"] and after["index"] > before["index"]
    assert after["notes"] == before["notes"] and after["plain"] == before["plain"]


def test_an_added_annotation_appears_after_a_dirty_build(project: Path):
    (project / "annotations/other/costs.md").write_text(
        annotation("note", body="Costs note.", quote="Costs grew faster."), encoding="utf-8")
    result = build(project, dirty=True)
    assert result.page("other/index.html").xpath('//*[@data-glossa-id="costs"]')


def test_a_deleted_annotation_disappears_after_a_dirty_build(project: Path):
    (project / "annotations/index/who.md").unlink()
    result = build(project, dirty=True)
    page = result.page()
    assert not page.xpath('//*[@data-glossa-id="who"]')
    assert page.xpath('//*[@data-glossa-id="when"]')


def test_a_deleted_annotation_folder_leaves_the_page_as_mkdocs_renders_it(project: Path):
    assert (project / "site/index.annotations.jsonld").exists()
    shutil.rmtree(project / "annotations/index")
    result = build(project, dirty=True)
    assert not result.glossa_warnings()
    assert not result.page().xpath("//*[@data-glossa-block]")
    assert not result.page().xpath('//link[@type="application/ld+json"]')
    assert not (project / "site/index.annotations.jsonld").exists()
    assert (project / "site/other.annotations.jsonld").exists()
    assert result.page("other/index.html").xpath('//*[@data-glossa-id="growth"]')


def test_an_emptied_annotation_folder_leaves_the_page_as_mkdocs_renders_it(project: Path):
    for path in (project / "annotations/index").iterdir():
        path.unlink()
    result = build(project, dirty=True)
    assert not result.page().xpath("//*[@data-glossa-block]")


def test_the_whole_annotations_folder_deleted(project: Path):
    shutil.rmtree(project / "annotations")
    result = build(project, dirty=True)
    assert not result.page().xpath("//*[@data-glossa-block]")
    assert not result.page("other/index.html").xpath("//*[@data-glossa-block]")


def test_an_edited_note_rebuilds_a_page_without_corrections(project: Path):
    """A new dirty build redoes pages with corrections anyway: only a page without them shows
    that an edited file's time is compared with its page's."""
    before = mtimes(project)
    (project / "annotations/notes/only.md").write_text(
        annotation("note", body="Second version.", quote="Only notes here."), encoding="utf-8")
    result = build(project, dirty=True)
    [card] = result.page("notes/index.html").xpath('//*[@data-glossa-id="only"]')
    assert "Second version." in card.text_content()
    assert mtimes(project)["plain"] == before["plain"]


def test_a_note_deleted_from_a_page_without_corrections_disappears(project: Path):
    (project / "annotations/notes/extra.md").write_text(
        annotation("note", body="Extra.", quote="Only notes"), encoding="utf-8")
    build(project)
    age_site(project)
    (project / "annotations/notes/extra.md").unlink()
    result = build(project, dirty=True)
    assert not result.page("notes/index.html").xpath('//*[@data-glossa-id="extra"]')
    assert result.page("notes/index.html").xpath('//*[@data-glossa-id="only"]')


def test_a_dirty_build_without_changes_rebuilds_no_page_without_corrections(project: Path):
    before = mtimes(project)
    build(project, dirty=True)
    after = mtimes(project)
    assert after["notes"] == before["notes"] and after["plain"] == before["plain"]


@pytest.mark.parametrize("settings", ["mkdocs.yml", "config/shared.yml"])
def test_a_kind_taken_out_of_the_configuration_takes_its_cards_off_after_a_dirty_build(
        project: Path, settings: str):
    """The page's files did not change, but the kinds they are read against did: in `mkdocs.yml`
    or in a file it inherits from (`INHERIT:`), written after the last build."""
    (project / "annotations/notes/later.md").write_text(
        "---\nkind: update\nquote: Only notes here.\nsources:\n  - url: https://a.example\n---\nLater.\n",
        encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    if settings != "mkdocs.yml":
        (project / "config").mkdir()
        (project / "mkdocs.yml").write_text(  # as MkDocs reads it: a variable, or its default
            "INHERIT: !ENV [GLOSSA_NO_SUCH_VARIABLE, 'config/shared.yml']  # the site's settings\n",
            encoding="utf-8")
    config["plugins"] = ["search", {"glossa": {"corrections_page": "corrections.md",
                                               "kinds": {"update": {"label": "Update", "sources": True}}}}]
    (project / settings).write_text(yaml.safe_dump(config), encoding="utf-8")
    assert build(project, dirty=True).page("notes/index.html").xpath('//*[@data-glossa-id="later"]')
    age_site(project)
    config["plugins"] = ["search", {"glossa": {"corrections_page": "corrections.md"}}]
    (project / settings).write_text(yaml.safe_dump(config), encoding="utf-8")
    result = build(project, dirty=True)
    assert any("later.md:2: unknown kind 'update'" in w for w in result.glossa_warnings())
    assert not result.page("notes/index.html").xpath('//*[@data-glossa-id="later"]')
    assert result.page("notes/index.html").xpath('//*[@data-glossa-id="only"]')


def test_a_preview_box_of_problems_goes_once_its_page_has_none(project: Path):
    """`serve --dirtyreload` showed a renamed page's box of problems; its folder is gone now."""
    plain = html(project, "plain")
    plain.write_text(plain.read_text(encoding="utf-8").replace(
        "<article", '<div class="admonition failure glossa-problems">1 problem</div><article', 1),
        encoding="utf-8")
    os.utime(plain, (time.time() - 120, time.time() - 120))
    build(project, dirty=True)
    assert "glossa-problems" not in plain.read_text(encoding="utf-8")


def test_file_problems_are_reported_in_every_dirty_build(project: Path):
    (project / "annotations/other/bad.md").write_text("---\nkind: nots\n---\nx\n", encoding="utf-8")
    for _ in range(2):
        result = build(project, dirty=True)
        assert [w for w in result.glossa_warnings() if "bad.md:2: unknown kind 'nots'" in w] != []
        assert len([w for w in result.glossa_warnings() if "bad.md" in w]) == 1


def corrections_table(project: Path) -> str:
    page = lxml_html.fromstring((project / "site/corrections/index.html").read_text(encoding="utf-8"))
    return "".join(lxml_html.tostring(t, encoding="unicode")
                   for t in page.xpath('//table[contains(@class, "glossa-corrections-table")]'))


def test_the_corrections_page_is_complete_after_a_dirty_build(project: Path):
    """It lists every page's corrections with their ¶, not only those of the pages rebuilt."""
    (project / "annotations/index/when.md").write_text(
        annotation("correction", body="Wrong month.", quote="The board met.", verdict="misleading"),
        encoding="utf-8")
    build(project, dirty=True)
    dirty_table = corrections_table(project)
    build(project)
    assert dirty_table == corrections_table(project)
    assert "¶2</a>" in dirty_table and "¶3</a>" in dirty_table
