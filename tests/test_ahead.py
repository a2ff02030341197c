"""Weaving ahead in a second process (`ahead.py`): the same site, the same warnings, and no stale page.

A site with at least `ahead.MINIMUM_PAGES` annotated pages is woven by a forked worker a few pages
ahead of the build. Builds run as `mkdocs build` in a new process, as an editor or CI runs them
(forking the test runner itself would be nobody's real case).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from glossa import ahead, cli
from glossa.ahead import MINIMUM_PAGES
from helpers import annotation, build, write_project
from lxml import html as lxml_html

PAGES = MINIMUM_PAGES + 2
WORKER_LOG = f"weaving {PAGES} annotated pages in a second process"


@pytest.fixture(autouse=True)
def a_machine_the_worker_runs_on() -> None:
    """Fail loudly, rather than on a missing log line, where the worker cannot run at all."""
    assert sys.platform == "linux" and ahead.cores() >= 2, (
        f"the worker needs Linux and two cores; this is {sys.platform} with {ahead.cores()}")


def run_build(project: Path, *, expect_success: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert (result.returncode == 0) == expect_success, result.stderr
    return result


def publication(root: Path, config: dict[str, object] | None = None, count: int = PAGES,
                hook: str | None = None) -> Path:
    """`count` annotated pages, each with a correction whose body links to the next page's second
    paragraph, and a note; `hook`, the source of an MkDocs hook module (`hook.py`)."""
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
    if hook is not None:
        config = {**(config or {}), "hooks": ["hook.py"]}
    project = write_project(root, pages, annotations, config)
    if hook is not None:
        (project / "hook.py").write_text(hook, encoding="utf-8")
    return project


def site_files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file()}


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("WARNING")]


def test_a_site_woven_ahead_is_byte_for_byte_the_site_woven_in_the_build(tmp_path: Path) -> None:
    ahead = publication(tmp_path / "ahead")
    alone = publication(tmp_path / "alone", {"plugins": ["search", {"glossa": {
        "parallel": False, "corrections_page": "corrections.md"}}]})
    woven_ahead, woven_alone = run_build(ahead), run_build(alone)
    assert WORKER_LOG in woven_ahead.stderr and "changed after" not in woven_ahead.stderr
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
    (project / "annotations/article-30/gone.md").write_text(
        annotation("note", body="See [that](nowhere.md).", quote="Costs grew"), encoding="utf-8")
    result = run_build(project, expect_success=False)
    assert WORKER_LOG in result.stderr
    lost = [w for w in warnings(result) if "annotations/article-5/lost.md" in w]
    assert len(lost) == 1 and "in docs/article-5.md: quote not found" in lost[0]
    assert any("article-7.md" in w and "anchor '#nowhere'" in w for w in warnings(result)), warnings(result)
    # MkDocs' own check of a body's link, made in the worker, is logged once by the build, and counted.
    gone = [w for w in warnings(result) if "'nowhere.md'" in w]
    assert len(gone) == 1 and "article-30.md" in gone[0], warnings(result)
    assert f"Aborted with {len(warnings(result))} warnings in strict mode" in result.stdout + result.stderr


def test_a_link_checked_by_mkdocs_in_the_worker_alone_fails_a_strict_build(tmp_path: Path) -> None:
    project = publication(tmp_path)
    (project / "annotations/article-30/gone.md").write_text(
        annotation("note", body="See [that](nowhere.md).", quote="Costs grew"), encoding="utf-8")
    result = run_build(project, expect_success=False)
    assert WORKER_LOG in result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr, result.stderr


HOOK_CHANGING_PAGES = '''
import threading
from mkdocs.plugins import event_priority

@event_priority(50)  # after the worker has started, before Glossa weaves the page
def on_page_context(context, page, config, nav):
    if page.file.src_uri == "article-2.md":
        page.content += "<p>Added late: the board met in secret.</p>"
    if page.file.src_uri == "article-6.md":
        page.meta["author"] = "Late Author"
    if page.file.src_uri == "article-9.md":
        page.meta["lock"] = threading.Lock()  # cannot be sent to another process
'''


def test_a_page_changed_after_the_worker_started_is_woven_as_changed(tmp_path: Path) -> None:
    project = publication(tmp_path, hook=HOOK_CHANGING_PAGES)
    (project / "annotations/article-2/secret.md").write_text(
        annotation("note", quote="met in secret"), encoding="utf-8")
    result = run_build(project)
    assert WORKER_LOG in result.stderr
    page = lxml_html.fromstring((project / "site/article-2/index.html").read_bytes())
    marks = page.xpath('//mark[@data-glossa-ref="secret"]')
    assert [m.text_content() for m in marks] == ["met in secret"]
    assert page.xpath('//*[@id="glossa-secret"]')
    summary = lxml_html.fromstring((project / "site/article-6/index.html").read_bytes()).xpath(
        '//*[contains(@class, "glossa-summary")]')
    assert "Late Author" in summary[0].text_content()
    assert lxml_html.fromstring((project / "site/article-9/index.html").read_bytes()).xpath(
        '//*[@id="glossa-growth"]')
    assert ("3 pages changed after they were sent to the second process, and were woven again in "
            "the build's own: article-2.md, article-6.md, article-9.md.") in result.stderr


HOOK_MOVING_A_PAGE = '''
from mkdocs.plugins import event_priority

@event_priority(-200)  # after Glossa's on_nav, which forks the worker
def on_nav(nav, config, files):
    moved = files.get_file_from_path("article-5.md")
    moved.dest_uri, moved.url = "moved/index.html", "moved/"
    return nav
'''


def test_a_page_moved_after_the_fork_is_linked_where_it_went(tmp_path: Path) -> None:
    """Bodies link to other pages: the worker, which knows them as they were, is not used."""
    project = publication(tmp_path, hook=HOOK_MOVING_A_PAGE)
    result = run_build(project)
    assert WORKER_LOG in result.stderr
    assert "a plugin changed the site's pages or their URLs after Glossa's second process" in result.stderr
    page = lxml_html.fromstring((project / "site/article-4/index.html").read_bytes())
    assert page.xpath('//a[@href="../moved/#p2"]')


HOOK_KILLING_THE_WORKER = '''
import multiprocessing, os, signal

def on_env(env, config, files):  # priority 0: before Glossa's (-100) sends the first pages
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGKILL)
        child.join()
    return env
'''


def test_a_worker_that_dies_fails_the_build_and_says_how_to_build_without_it(tmp_path: Path) -> None:
    project = publication(tmp_path, hook=HOOK_KILLING_THE_WORKER)
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


HOOK_HOLDING_A_PAGE = '''
import pathlib, time

def on_page_context(context, page, config, nav):
    if page.file.src_uri == "article-20.md":
        pathlib.Path(config.config_file_path).with_name("building").touch()
        time.sleep(120)
'''


def _children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_worker_dies_with_a_build_that_is_killed(tmp_path: Path) -> None:
    """Otherwise it would wait for work forever, holding the build's output pipes open."""
    project = publication(tmp_path, hook=HOOK_HOLDING_A_PAGE)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        assert _wait_until((project / "building").exists, 120)
        workers = _children(build.pid)
        assert len(workers) == 1
        build.kill()
        build.wait(10)
        assert _wait_until(lambda: not _alive(workers[0]), 10)
    finally:
        build.kill()
        build.wait(10)


HOOK_COUNTING_WORKERS = '''
import os, pathlib
from mkdocs.plugins import event_priority

def _workers():
    return sum(len(open(f"/proc/self/task/{task}/children").read().split())
               for task in os.listdir("/proc/self/task"))

def on_page_context(context, page, config, nav):
    if page.file.src_uri == "article-1.md":  # Glossa weaves it at priority 1, after this
        pathlib.Path(config.config_file_path).with_name("during").write_text(str(_workers()))

@event_priority(100)  # before every other plugin's, search's index and Glossa's own included
def on_post_build(config):
    pathlib.Path(config.config_file_path).with_name("after").write_text(str(_workers()))
'''


def test_the_worker_stops_once_the_build_has_taken_its_last_page(tmp_path: Path) -> None:
    """Its memory is given back before the build's own peak: the search index, written after
    every page."""
    project = publication(tmp_path, hook=HOOK_COUNTING_WORKERS)
    assert WORKER_LOG in run_build(project).stderr
    assert (project / "during").read_text() == "1"
    assert (project / "after").read_text() == "0"


HOOK_LISTING_LOADED_LIBRARIES = '''
import json, pathlib, sys
from mkdocs.plugins import event_priority

@event_priority(-200)  # after every other plugin's
def on_post_build(config):
    loaded = [name for name in ("lxml.etree", "nh3") if name in sys.modules]
    pathlib.Path(config.config_file_path).with_name("loaded").write_text(json.dumps(loaded))
'''


def test_the_build_leaves_lxml_and_nh3_to_the_worker_that_weaves_its_pages(tmp_path: Path) -> None:
    """Their code is 5.8 MiB of the build's memory, while the worker runs and after it has stopped."""
    ahead = publication(tmp_path / "ahead", hook=HOOK_LISTING_LOADED_LIBRARIES)
    alone = publication(tmp_path / "alone", {"plugins": ["search", {"glossa": {"parallel": False}}]},
                        hook=HOOK_LISTING_LOADED_LIBRARIES)
    assert WORKER_LOG in run_build(ahead).stderr
    run_build(alone)
    assert json.loads((ahead / "loaded").read_text()) == []
    assert json.loads((alone / "loaded").read_text()) == ["lxml.etree", "nh3"]
    corrections = lxml_html.fromstring((ahead / "site/corrections/index.html").read_bytes())
    assert len(corrections.xpath("//table//a[contains(@href, '#glossa-growth')]")) == PAGES


HOOKS_BREAKING_NH3 = {
    "missing": '''
import sys

sys.modules["nh3"] = None  # as a broken installation: `import nh3` raises ImportError
''',
    "too old": '''
import sys, types

sys.modules["nh3"] = types.ModuleType("nh3")  # as nh3 before 0.3, which has no Cleaner
''',
}


@pytest.mark.parametrize("count", [MINIMUM_PAGES - 1, PAGES])
@pytest.mark.parametrize("breakage", HOOKS_BREAKING_NH3)
def test_a_build_that_cannot_load_nh3_stops_and_says_so_rather_than_show_bodies_as_text(
        tmp_path: Path, count: int, breakage: str) -> None:
    """nh3 is loaded with the first body, in the build or in its worker: a failure to load it is
    the installation's, not a body's, so it stops the build instead of warning about each body."""
    project = publication(tmp_path, count=count, hook=HOOKS_BREAKING_NH3[breakage])
    result = run_build(project, expect_success=False)
    assert (WORKER_LOG in result.stderr) == (count >= MINIMUM_PAGES)
    assert "ERROR   -  glossa: could not load nh3, which sanitises annotation bodies" in result.stderr
    assert "pip install 'nh3>=0.3'" in result.stderr
    assert "could not be rendered as Markdown" not in result.stderr


BUILD_IN_A_PROGRAM_THAT_FROZE_OBJECTS = '''
import gc, json, logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO)  # the worker's log line, on stderr
kept = [object() for _ in range(100)]
if sys.argv[2] == "froze":
    gc.freeze()  # as a server that forks workers of its own might, before running a build
before = gc.get_freeze_count()
config = load_config(sys.argv[1])
config.plugins.on_startup(command="build", dirty=False)
build(config)
config.plugins.on_shutdown()
print(json.dumps([before, gc.get_freeze_count()]))
'''


@pytest.mark.parametrize("program", ["froze", "did not freeze"])
def test_objects_a_program_froze_stay_frozen_after_its_build(tmp_path: Path, program: str) -> None:
    """The worker's `gc.freeze` is undone once it stops, but unfreezing is all or nothing: a
    program that had frozen objects itself keeps them frozen."""
    project = publication(tmp_path)
    done = subprocess.run([sys.executable, "-c", BUILD_IN_A_PROGRAM_THAT_FROZE_OBJECTS,
                           str(project / "mkdocs.yml"), program], capture_output=True, text=True,
                          timeout=180, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0 and WORKER_LOG in done.stderr, done.stderr
    before, after = json.loads(done.stdout.splitlines()[-1])
    if program == "froze":
        assert before > 0 and after >= before
    else:
        assert before == 0 and after == 0


HOOK_REFUSING_TO_FORK = '''
import os

def _refuse():
    raise BlockingIOError(11, "Resource temporarily unavailable")

os.fork = _refuse  # as a system out of processes or memory refuses
'''


def test_a_build_that_cannot_fork_weaves_its_pages_itself(tmp_path: Path) -> None:
    project = publication(tmp_path, hook=HOOK_REFUSING_TO_FORK)
    result = run_build(project)
    assert "could not start a second process to weave pages in" in result.stderr
    assert WORKER_LOG not in result.stderr
    page = lxml_html.fromstring((project / "site/article-3/index.html").read_bytes())
    assert page.xpath('//*[@id="glossa-growth"]') and page.xpath('//*[@id="glossa-board"]')


@pytest.mark.parametrize(("files", "expected"), [
    ({}, None),
    ({"cpu.max": "max 100000\n"}, None),
    ({"cpu.max": "100000 100000\n"}, 1.0),
    ({"cpu.max": "150000 100000\n"}, 1.5),
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({"cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 0.5),
])
def test_a_containers_cpu_quota_counts_as_fewer_cores(tmp_path: Path, files: dict[str, str],
                                                      expected: float | None) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    machine = len(os.sched_getaffinity(0))
    assert ahead.cores(tmp_path) == (machine if expected is None else min(machine, expected))


HOOK_WITHOUT_CTYPES = '''
import ctypes

def _refuse(*args, **kwargs):
    raise OSError("Dynamic loading not supported")

ctypes.CDLL = _refuse  # as in a Python built without dlopen
'''

HOOK_WITHOUT_THREADS = '''
from concurrent.futures import process

def _refuse(self):
    raise RuntimeError("can't start new thread")

process._ExecutorManagerThread.start = _refuse  # as in a container at its limit of processes
'''


def test_a_worker_that_cannot_guard_against_an_orphaned_life_still_works(tmp_path: Path) -> None:
    project = publication(tmp_path, hook=HOOK_WITHOUT_CTYPES)
    result = run_build(project)
    assert WORKER_LOG in result.stderr
    assert lxml_html.fromstring((project / "site/article-3/index.html").read_bytes()).xpath(
        '//*[@id="glossa-growth"]')


def test_a_build_that_cannot_start_the_pools_thread_kills_the_worker_and_weaves_itself(
        tmp_path: Path) -> None:
    project = publication(tmp_path, hook=HOOK_WITHOUT_THREADS)
    result = run_build(project)  # and does not hang, waiting for the worker at exit
    assert "could not start a second process to weave pages in (can't start new thread)" in result.stderr
    assert WORKER_LOG not in result.stderr
    assert lxml_html.fromstring((project / "site/article-3/index.html").read_bytes()).xpath(
        '//*[@id="glossa-growth"]')


HOOK_RENAMING_THE_SITE = '''
def on_env(env, config, files):  # after the worker was forked (on_nav)
    config.site_name = "Renamed Site"
    return env
'''


def test_configuration_changed_after_the_fork_is_what_the_pages_get(tmp_path: Path) -> None:
    project = publication(tmp_path, hook=HOOK_RENAMING_THE_SITE)
    result = run_build(project)
    assert WORKER_LOG in result.stderr
    page = lxml_html.fromstring((project / "site/article-3/index.html").read_bytes())
    reviews = [json.loads(script.text) for script in page.xpath('//head/script[@type="application/ld+json"]')]
    assert reviews and all(review["author"]["name"] == "Renamed Site" for review in reviews), reviews


def test_mkdocs_messages_about_bodies_are_logged_once_when_mkdocs_is_called_from_python(
        tmp_path: Path) -> None:
    project = write_project(tmp_path, {"essay.md": "# Essay\n\nHello there.\n"},
                            {"essay/hi.md": annotation(body="See [that](nowhere.md).", quote="Hello")})
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        build(project)
    finally:
        logging.getLogger().removeHandler(handler)
    assert len([m for m in seen if "'nowhere.md'" in m]) == 1, seen
