"""Weaving ahead in a second process (`ahead.py`): the same site, the same warnings, and no stale page.

A site with at least `ahead.MINIMUM_PAGES` annotated pages is woven by a forked worker a few pages
ahead of the build. Builds run as `mkdocs build` in a new process, as an editor or CI runs them
(forking the test runner itself would be nobody's real case).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from glossa import cli
from glossa.ahead import MINIMUM_PAGES
from helpers import annotation, write_project
from lxml import html as lxml_html

PAGES = MINIMUM_PAGES + 2
WORKER_LOG = f"weaving {PAGES} annotated pages in a second process"


def run_build(project: Path, *, expect_success: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert (result.returncode == 0) == expect_success, result.stderr
    return result


def publication(root: Path, config: dict[str, object] | None = None, count: int = PAGES) -> Path:
    """`count` annotated pages, each with a correction whose body links to the next page's second
    paragraph, and a note."""
    pages = {"index.md": "# Home\n\nThe front page.\n"}
    annotations = {}
    for n in range(count):
        pages[f"article-{n}.md"] = (f"# Article {n}\n\nRevenue grew fast in {2000 + n}, the memo said.\n\n"
                                    f"Costs grew *faster*, and the board met {n} times.\n")
        annotations[f"article-{n}/growth.md"] = annotation(
            "correction", body=f"Slower: see [the next article](article-{(n + 1) % count}.md#p2).",
            quote=f"Revenue grew fast in {2000 + n}")
        annotations[f"article-{n}/board.md"] = annotation("note", body="Twice, *in fact*.",
                                                          quote=f"the board met {n} times")
    return write_project(root, pages, annotations, config)


def site_files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file()}


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("WARNING")]


def test_a_site_woven_ahead_is_byte_for_byte_the_site_woven_in_the_build(tmp_path: Path) -> None:
    ahead = publication(tmp_path / "ahead")
    alone = publication(tmp_path / "alone", {"plugins": ["search", {"glossa": {"parallel": False}}]})
    woven_ahead, woven_alone = run_build(ahead), run_build(alone)
    assert WORKER_LOG in woven_ahead.stderr
    assert "second process" not in woven_alone.stderr
    ahead_files, alone_files = site_files(ahead / "site"), site_files(alone / "site")
    assert ahead_files.keys() == alone_files.keys()
    assert [name for name in ahead_files if ahead_files[name] != alone_files[name]] == []
    page = lxml_html.fromstring(ahead_files["article-3/index.html"])
    assert len(page.xpath("//mark[contains(@class, 'glossa-mark--correction')]")) == 1
    assert page.xpath('//a[@href="../article-4/#p2"]')
    assert "article-3.annotations.jsonld" in ahead_files


def test_warnings_from_the_worker_are_the_builds_and_fail_a_strict_build(tmp_path: Path) -> None:
    project = publication(tmp_path)
    (project / "annotations/article-5/lost.md").write_text(
        annotation("note", quote="words that are not in the article"), encoding="utf-8")
    (project / "annotations/article-7/link.md").write_text(
        annotation("note", body="See [this](article-8.md#nowhere).", quote="Costs grew"), encoding="utf-8")
    result = run_build(project, expect_success=False)
    assert WORKER_LOG in result.stderr
    lost = [w for w in warnings(result) if "annotations/article-5/lost.md" in w]
    assert len(lost) == 1 and "in docs/article-5.md: quote not found" in lost[0]
    assert any("article-7.md" in w and "anchor '#nowhere'" in w for w in warnings(result)), warnings(result)


HOOK_CHANGING_A_PAGE = '''
from mkdocs.plugins import event_priority

@event_priority(50)  # after the worker has started, before Glossa weaves the page
def on_page_context(context, page, config, nav):
    if page.file.src_uri == "article-2.md":
        page.content += "<p>Added late: the board met in secret.</p>"
'''


def test_a_page_changed_after_the_worker_started_is_woven_as_changed(tmp_path: Path) -> None:
    project = publication(tmp_path, {"hooks": ["hook.py"]})
    (project / "hook.py").write_text(HOOK_CHANGING_A_PAGE, encoding="utf-8")
    (project / "annotations/article-2/secret.md").write_text(
        annotation("note", quote="met in secret"), encoding="utf-8")
    result = run_build(project)
    assert WORKER_LOG in result.stderr
    page = lxml_html.fromstring((project / "site/article-2/index.html").read_bytes())
    marks = page.xpath('//mark[@data-glossa-ref="secret"]')
    assert [m.text_content() for m in marks] == ["met in secret"]
    assert page.xpath('//*[@id="glossa-secret"]')


HOOK_KILLING_THE_WORKER = '''
import multiprocessing, os, signal

def on_env(env, config, files):  # priority 0: before Glossa's (-100) sends the first pages
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGKILL)
        child.join()
    return env
'''


def test_a_worker_that_dies_fails_the_build_and_says_how_to_build_without_it(tmp_path: Path) -> None:
    project = publication(tmp_path, {"hooks": ["hook.py"]})
    (project / "hook.py").write_text(HOOK_KILLING_THE_WORKER, encoding="utf-8")
    result = run_build(project, expect_success=False)
    assert "the process weaving pages ahead of the build stopped" in result.stderr
    assert "parallel: false" in result.stderr


def test_a_small_site_is_woven_in_the_build_itself(tmp_path: Path) -> None:
    project = publication(tmp_path, count=MINIMUM_PAGES - 1)
    result = run_build(project)
    assert "second process" not in result.stderr
    page = lxml_html.fromstring((project / "site/article-0/index.html").read_bytes())
    assert page.xpath('//*[@id="glossa-growth"]')


def test_glossa_check_weaves_each_page_in_its_own_process_as_it_is_asked_for(tmp_path: Path) -> None:
    project = publication(tmp_path)
    with cli.open_site(str(project / "mkdocs.yml")) as site:
        assert site.plugin.ahead is None
        rendered = site.render("article-1.md")
        assert rendered.result is not None and len(rendered.result.placements) == 2
