"""Material's own features on a Glossa site (issue 19), read back from real builds: a page whose
template shows no content, and pages without annotations left exactly as MkDocs renders them."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import annotation, build, write_project

HOME_TEMPLATE = """\
{% extends "main.html" %}
{% block tabs %}{{ super() }}<section class="hero"><h1>{{ config.site_name }}</h1></section>{% endblock %}
{% block content %}{% endblock %}
"""
"""A landing page as Material's own documentation makes one: a hero, and none of the page's text."""


def test_annotations_on_a_page_whose_template_shows_no_content_fail_a_strict_build(tmp_path: Path):
    root = write_project(tmp_path, {
        "index.md": "---\ntemplate: home.html\n---\n\n# Welcome\n\nThe home page's only paragraph.\n",
        "essay.md": "# Essay\n\nA paragraph with a note.\n",
    }, {
        "index/unseen.md": annotation("note", "No one reads this.", quote="only paragraph"),
        "essay/seen.md": annotation("note", "Shown.", quote="with a note"),
    }, {"theme": {"name": "material", "font": False, "custom_dir": "overrides"}})
    (root / "overrides").mkdir()
    (root / "overrides" / "home.html").write_text(HOME_TEMPLATE, encoding="utf-8")
    result = build(root, strict=True)
    assert result.failed_strict
    assert [w for w in result.glossa_warnings() if "template" in w] == [
        "glossa: annotations/index: the template of docs/index.md (home.html) shows none of its "
        "content, so no reader sees these annotations: move them to a page that shows its text, or "
        "give the page a template that writes page.content"]
    assert len(result.glossa_warnings()) == 1  # not the essay, whose template shows its text


def test_pages_without_annotations_are_byte_for_byte_the_build_without_glossa(tmp_path: Path) -> None:
    """SPEC §1: only Glossa's own asset links may be added (Material's instant navigation loads no
    stylesheet or script when it moves to an annotated page)."""
    from material_site import GLOSSA_ASSETS, PLAIN_PAGES, write_material_site

    woven = build(write_material_site(tmp_path / "woven", glossa=True))
    plain = build(write_material_site(tmp_path / "plain", glossa=False))
    assert not woven.aborted and not plain.aborted
    for path in PLAIN_PAGES:
        html = (woven.site / path).read_text(encoding="utf-8")
        for tag in GLOSSA_ASSETS:  # relative to the page, or to the site's root (404.html)
            html = re.sub(re.escape(tag).replace(re.escape("{root}"), '[^"]*'), "", html)
        expected = (plain.site / path).read_text(encoding="utf-8")
        assert _without_blank_lines(html) == _without_blank_lines(expected), path


def _without_blank_lines(html: str) -> str:
    """The asset tags leave their lines empty; nothing else is compared loosely."""
    return "\n".join(line for line in html.splitlines() if line.strip())
