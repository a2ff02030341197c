"""`mkdocs serve --livereload`: the open page follows edits to its annotations and to its text.

A real `mkdocs serve` runs in a new process on a free port (site_url pointing at it) and Chromium
keeps the page open; the test edits files and waits, doing nothing in the browser, until the page
shows the change (live reload), for at most `WAIT_MS`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import annotation, build, free_port, served_when, write_project

WAIT_MS = 20_000
PAGE = """\
# Home

Chief Scientist Ilya Sutskever passed away in May.

The board met twice.
"""


@contextlib.contextmanager
def mkdocs_serve(project: Path) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve --livereload` on 127.0.0.1:<free port>; yields its URL and its log file."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("https://example.org/", url), encoding="utf-8")
    log = project / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}",
             "-f", str(project / "mkdocs.yml")],
            stdout=output, stderr=subprocess.STDOUT, cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"mkdocs serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path, {"index.md": PAGE}, {
        "index/who.md": annotation("note", body="First version.", quote="Ilya Sutskever"),
    })


def card_says(id: str, words: str) -> str:
    """A script that is true once the card `id` on the open page contains `words`."""
    return (f"() => (document.querySelector('[data-glossa-id=\"{id}\"]')?.textContent ?? '')"
            f".includes('{words}')")


@pytest.mark.browser
def test_the_open_page_follows_annotation_and_page_edits_without_user_action(project: Path, browser):
    with mkdocs_serve(project) as (url, log):
        assert "annotations" in log.read_text(errors="replace").split("Watching paths for changes")[-1]
        page = browser.new_page()
        try:
            page.goto(url)
            page.wait_for_selector('[data-glossa-id="who"]')
            annotations = project / "annotations/index"

            (annotations / "who.md").write_text(
                annotation("note", body="Second version.", quote="Ilya Sutskever"), encoding="utf-8")
            page.wait_for_function(card_says("who", "Second version."), timeout=WAIT_MS)

            (annotations / "board.md").write_text(
                annotation("note", body="A new note.", quote="The board met twice."), encoding="utf-8")
            page.wait_for_selector('[data-glossa-block="3"] [data-glossa-id="board"]', timeout=WAIT_MS)

            (annotations / "who.md").write_text(
                annotation("note", body="Third version.", quote="Ilya Sutskever", date="7 Dec"),
                encoding="utf-8")  # a mistake takes the card off the page, and the page says why
            page.wait_for_selector('.glossa-problems li:has-text("annotations/index/who.md:")',
                                   timeout=WAIT_MS)
            assert page.locator('[data-glossa-id="who"]').count() == 0

            (annotations / "who.md").unlink()
            page.wait_for_selector(".glossa-problems", state="detached", timeout=WAIT_MS)
            assert page.locator('[data-glossa-id="board"]').count() == 1

            (project / "docs/index.md").write_text(PAGE.replace("# Home\n", "# Home\n\nA new first "
                                                                "paragraph.\n"), encoding="utf-8")
            page.wait_for_selector('[data-glossa-block="4"] [data-glossa-id="board"]', timeout=WAIT_MS)

            (project / "docs/index.md").write_text(PAGE.replace("twice", "three times"), encoding="utf-8")
            page.wait_for_selector('#glossa-unanchored [data-glossa-id="board"]', timeout=WAIT_MS)
        finally:
            page.close()


@pytest.mark.browser
def test_each_rebuild_reports_each_problem_once(project: Path, browser):
    (project / "annotations/index/bad.md").write_text("---\nkind: nots\n---\nBody.\n", encoding="utf-8")
    problem = "annotations/index/bad.md:2: unknown kind 'nots'"
    with mkdocs_serve(project) as (url, log):
        page = browser.new_page()
        try:
            page.goto(url)
            for version in ("Second", "Third"):
                (project / "annotations/index/who.md").write_text(
                    annotation("note", body=f"{version} version.", quote="Ilya Sutskever"), encoding="utf-8")
                page.wait_for_function(card_says("who", f"{version} version."), timeout=WAIT_MS)
        finally:
            page.close()
        text = log.read_text(errors="replace")
    builds = text.count("Building documentation")
    assert builds >= 3
    assert text.count(problem) == builds, text


def _served_until(url: str, condition, log: Path) -> str:  # type: ignore[no-untyped-def]
    """The served page once `condition(html)` holds (live reload rebuilt it), within WAIT_MS."""
    html = served_when(url, condition, WAIT_MS / 1000)
    if not html:
        pytest.fail(f"the served page did not change:\n{log.read_text(errors='replace')}")
    return html


def test_serve_follows_the_annotations_folder_deleted_and_made_again(project: Path):
    """Issue 20: once annotations/ was deleted and made again, the deleted card stayed on the
    preview and new files never reloaded it."""
    with mkdocs_serve(project) as (url, log):
        _served_until(url, lambda html: 'data-glossa-id="who"' in html, log)
        shutil.rmtree(project / "annotations")
        _served_until(url, lambda html: 'data-glossa-id="who"' not in html
                      and "annotations:1: there is no such folder" in html, log)  # the preview says why
        (project / "annotations/index").mkdir(parents=True)
        (project / "annotations/index/board.md").write_text(
            annotation("note", body="A new note.", quote="The board met twice."), encoding="utf-8")
        _served_until(url, lambda html: 'data-glossa-id="board"' in html and "glossa-problems" not in html,
                      log)
        (project / "annotations/index/who.md").write_text(
            annotation("note", body="Back again.", quote="Ilya Sutskever"), encoding="utf-8")
        _served_until(url, lambda html: "Back again." in html, log)


def test_serve_follows_the_folder_made_again_when_the_site_also_watches_it(project: Path):
    """The site lists the folder under `watch:` (as this edition does, for Zensical): MkDocs'
    second watch of it kept the deleted folder's, so edits after it was made again went unseen."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.yml").write_text(yaml.safe_dump({**config, "watch": ["annotations"]}),
                                        encoding="utf-8")
    with mkdocs_serve(project) as (url, log):
        _served_until(url, lambda html: 'data-glossa-id="who"' in html, log)
        kept = project.parent / "kept"
        shutil.move(project / "annotations", kept)  # `git stash`, then `git stash pop`
        time.sleep(1)
        shutil.move(kept, project / "annotations")
        time.sleep(1)
        (project / "annotations/index/board.md").write_text(
            annotation("note", body="A new note.", quote="The board met twice."), encoding="utf-8")
        _served_until(url, lambda html: 'data-glossa-id="board"' in html, log)


def test_serve_follows_the_annotations_folder_set_while_serving(project: Path):
    """`annotations_dir` changed in mkdocs.yml while serving: the new folder is the one watched."""
    with mkdocs_serve(project) as (url, log):
        _served_until(url, lambda html: 'data-glossa-id="who"' in html, log)
        shutil.move(project / "annotations", project / "notes")
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config["plugins"] = ["search", {"glossa": {"annotations_dir": "notes"}}]
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        _served_until(url, lambda html: 'data-glossa-id="who"' in html and "notes/index" not in html, log)
        time.sleep(1)
        (project / "notes/index/board.md").write_text(
            annotation("note", body="A new note.", quote="The board met twice."), encoding="utf-8")
        _served_until(url, lambda html: 'data-glossa-id="board"' in html, log)


def test_a_kind_declared_while_serving_is_known_at_the_next_rebuild(project: Path):
    """MkDocs keeps Glossa's plugin between rebuilds; files read against the old kinds are re-read."""
    (project / "annotations/index/later.md").write_text(
        "---\nkind: update\nsources:\n  - url: https://a.example\n---\nBody.\n", encoding="utf-8")
    assert any("unknown kind 'update'" in w for w in build(project).warnings)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"glossa": {"kinds": {"update": {"label": "Update", "sources": True}}}}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert not build(project).glossa_warnings()
