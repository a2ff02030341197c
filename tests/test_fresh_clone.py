"""A fresh clone passes its tests with nothing beside it: the tests open nothing outside the
project (the audit hook in conftest.py), and nothing in the project names a folder beside it."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import CLONE, OpenedOutsideTheClone, _opened_outside


def test_a_test_that_opens_a_file_beside_the_clone_is_stopped() -> None:
    beside = CLONE.parent.joinpath("a-folder-beside-the-clone", "notes.md")
    with pytest.raises(OpenedOutsideTheClone, match="outside the clone"):
        beside.open(encoding="utf-8")
    assert _opened_outside == [str(beside)]
    _opened_outside.clear()  # this test meant it


def test_a_test_that_lists_the_folder_beside_the_clone_is_stopped() -> None:
    import os

    with pytest.raises(OpenedOutsideTheClone):
        os.listdir(CLONE.parent.joinpath("a-folder-beside-the-clone"))
    _opened_outside.clear()


def test_files_in_the_clone_and_the_temporary_folder_open_as_usual(tmp_path) -> None:
    (tmp_path / "note.txt").write_text("kept", encoding="utf-8")
    assert (tmp_path / "note.txt").read_text(encoding="utf-8") == "kept"
    assert (CLONE / "mkdocs.yml").read_text(encoding="utf-8").startswith("site_name")


def test_nothing_the_project_runs_names_a_folder_beside_the_clone() -> None:
    tracked = subprocess.run(["git", "ls-files", "Makefile", ".ci", "mkdocs.yml", "pyproject.toml",
                              "plugins", "tests", "benchmarks"], cwd=CLONE, capture_output=True,
                             text=True, check=True).stdout.split()
    assert tracked, "git lists the project's files"
    # Paths that climb out of the clone: '../' in the files run from its root (Python's relative
    # URLs in tests are pages of a site, not files), and Python going above the clone's root.
    climbing = {"config": re.compile(r"""(^|["'\s=])\.\./"""),
                "python": re.compile(r"""parents\[[2-9]\]|\.parent\.parent\.parent""")}
    naming = [path for path in tracked
              if climbing["python" if path.endswith(".py") else "config"].search(
                  (CLONE / path).read_text(encoding="utf-8", errors="replace"))
              and path.endswith((".py", ".yml", ".toml", "Makefile", "run"))]
    assert naming == []
