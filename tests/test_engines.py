"""Glossa under other engines that load MkDocs plugins: ProperDocs, the MkDocs 1.x continuation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT
from lxml import html as lxml_html

BIN = Path(sys.executable).parent


def engine_environment() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def copy_of_the_publication(root: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "annotations", root / "annotations")
    return root


def test_properdocs_builds_the_publication_strict_with_annotated_rows(tmp_path):
    project = copy_of_the_publication(tmp_path)
    site = tmp_path / "site"
    done = subprocess.run(
        [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project, env=engine_environment(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    page = lxml_html.fromstring((site / "openai-is-crashing" / "index.html").read_text(encoding="utf-8"))
    rows = page.xpath("//*[@data-glossa-block]")
    assert [row[0].get("id") for row in rows] == [f"p{n}" for n in range(1, len(rows) + 1)]
    assert len(rows) > 40
    assert page.xpath("//*[@data-glossa-id='sutskever-passed-away'][@data-glossa-kind='correction']")
    assert page.xpath("//mark[@data-glossa-ref]")
    assert page.xpath("//*[@id='glossa-unanchored']") == []
