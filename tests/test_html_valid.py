"""Annotated pages are valid HTML: the Nu Html Checker (vnu) finds no error in our markup.

One JVM run checks every page (it is slow to start). Errors the Material theme itself makes, on
pages Glossa has not touched, are listed below by message and ignored; the test also proves each
of them occurs on an unannotated page, so none can hide an error of ours.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from helpers import ROOT, annotation, build, write_project

VNU = ROOT / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = pytest.mark.browser  # needs `make browser-deps` (Java, the npm vnu-jar), as the browser tests do

THEME_ERRORS = {
    # Material's palette toggles and search toggle are checkboxes with autocomplete="off".
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    "“tel”, “text”, “time”, “url”, or “week”.",
    # Material's search input carries autocorrect="off" (older vnu releases reject it).
    "Attribute “autocorrect” not allowed on element “input” at this point.",
}

PAGE = """\
---
title: A rich reading
author: A. Writer
publisher: The Daily
published: 2025-03
source_url: https://daily.example/reading
language: en
translated_from: zh
original_author: O. Riginal
original_url: https://first.example/post
original_published: 2025-02-28
---

# A rich reading

The committee met on **Tuesday** and [voted](https://example.org/vote) to close the mill.[^1]

## Losses

Workers said the mill had lost money "for a decade". Workers said the mill was old & cold.

| Year | Loss |
| ---- | ---- |
| 2020 | 3 m  |

!!! note "An aside"
    The owners disputed the figures.

> The mill is our life, said one worker.

- first item with a claim
- second item

```python
print("code <stays> code")
```

<div class="raw">Raw HTML block with <em>emphasis</em>.</div>

---

[^1]: The vote was 5 to 4.
"""

ANNOTATIONS = {
    "reading/tuesday.md": annotation(
        "correction", "It met on *Wednesday*.\n\n- see [minutes](https://example.org/m)\n\n"
        "> quoted\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        quote="met on Tuesday and voted", verdict="inaccurate", date="2026-01-02",
        updated="2026-02-03", author="Editors",
        sources=[{"url": "https://example.org/minutes", "title": "Minutes", "publisher": "Town",
                  "original": "Gazette", "date": "2025-12", "archive": "https://archive.example/m"}]),
    "reading/overlap.md": annotation("note", "Overlaps.", quote="Tuesday and voted to close"),
    "reading/workers.md": annotation("note", "The second.", quote="Workers said", suffix="the mill was"),
    "reading/old.md": annotation("source", "Old indeed.", quote="old & cold",
                                 sources=[{"url": "https://example.org/old"}]),
    "reading/table.md": annotation("update", "Revised.", quote="3 m",
                                   sources=[{"url": "https://example.org/revised"}]),
    "reading/aside.md": annotation("note", "In an admonition.", quote="disputed the figures"),
    "reading/life.md": annotation("correction", "In a quote.", quote="our life", verdict="misleading"),
    "reading/item.md": annotation("note", "In a list.", quote="first item"),
    "reading/code.md": annotation("note", "In code.", quote="code <stays> code"),
    "reading/raw.md": annotation("note", "In raw HTML.", quote="Raw HTML block"),
    "reading/footnote.md": annotation("note", "In a footnote.", quote="5 to 4"),
    "reading/heading.md": annotation("note", "On a heading.", quote="Losses"),
    "reading/whole.md": annotation("correction", "The page as a whole.", verdict="missing-context"),
    "reading/context.md": annotation("source", "Page source.", sources=[{"url": "https://example.org/bg"}]),
    "reading/gone.md": annotation("note", "Not there.", quote="words that are not in the text"),
    "reading/twice.md": annotation("note", "Ambiguous.", quote="Workers said"),
}
CONFIG = {
    "theme": {"name": "material", "font": False, "language": "en",
              "features": ["navigation.instant", "search.highlight"]},
    "plugins": ["search", {"glossa": {"publisher": "Test Desk", "kinds": {"update": {
        "label": "Update", "icon": "material/update", "motivation": "describing", "sources": True}}}}],
    "markdown_extensions": ["attr_list", "footnotes", "admonition", "md_in_html", "tables",
                            {"toc": {"permalink": True}}],
}


def vnu(files: list[Path]) -> dict[Path, list[dict[str, object]]]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("the HTML checker needs Java: apt-get install default-jre-headless (make test does)")
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `make browser-deps` (npm ci in tests/)")
    run = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                          *map(str, files)], capture_output=True, text=True, timeout=300)
    messages: dict[Path, list[dict[str, object]]] = defaultdict(list)
    for message in json.loads(run.stderr or run.stdout)["messages"]:
        url = str(message.get("url", ""))
        path = next((f for f in files if url.endswith(f.as_posix())), None)
        assert path is not None, f"vnu could not check a file: {message}"
        messages[path].append(message)
    return messages


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    project = write_project(tmp_path_factory.mktemp("valid"),
                            {"reading.md": PAGE, "plain.md": "# Plain\n\nNo annotations here.\n"},
                            ANNOTATIONS, CONFIG)
    fixture = build(project)
    assert not fixture.aborted
    article_site = tmp_path_factory.mktemp("article")
    from test_conformance import build_repo
    build_repo(article_site)
    pages = {
        "fixture page": fixture.site / "reading" / "index.html",
        "fixture unannotated page": fixture.site / "plain" / "index.html",
        "article": article_site / "openai-is-crashing" / "index.html",
        "method (unannotated)": article_site / "method" / "index.html",
    }
    html = pages["fixture page"].read_text(encoding="utf-8")
    assert html.count("data-glossa-id=") == len(ANNOTATIONS)
    assert 'id="glossa-unanchored"' in html and "application/ld+json" in html
    results = vnu(list(pages.values()))
    return {name: results.get(path, []) for name, path in pages.items()}


def errors(messages: list[dict[str, object]]) -> list[dict[str, object]]:
    return [m for m in messages if m.get("type") in ("error", "non-document-error")
            or m.get("subType") == "fatal"]


def describe(message: dict[str, object]) -> str:
    return f"line {message.get('lastLine')}: {message.get('message')}\n    {message.get('extract', '')!r}"


@pytest.mark.parametrize("page", ["fixture page", "article"])
def test_annotated_page_has_no_html_error_of_ours(checked: dict[str, list[dict[str, object]]],
                                                  page: str) -> None:
    found = errors(checked[page])
    ours = [m for m in found if m.get("message") not in THEME_ERRORS]
    ignored = sorted({str(m["message"]) for m in found if m.get("message") in THEME_ERRORS})
    print(f"{page}: {len(found)} errors, {len(ignored)} kinds ignored as the theme's: {ignored}")
    others = Counter(f"{m.get('type')}/{m.get('subType')}: {m.get('message')}"
                     for m in checked[page] if m not in found)
    for text, count in sorted(others.items()):
        print(f"  {count} x {text}")
    assert not ours, f"vnu errors on the {page}:\n" + "\n".join(describe(m) for m in ours)


def test_ignored_errors_are_the_themes_own(checked: dict[str, list[dict[str, object]]]) -> None:
    """Every ignored message also occurs on pages Glossa has not touched."""
    annotated = {str(m["message"]) for page in ("fixture page", "article")
                 for m in errors(checked[page])} & THEME_ERRORS
    unannotated = {str(m["message"]) for page in ("fixture unannotated page", "method (unannotated)")
                   for m in errors(checked[page])}
    assert annotated <= unannotated
    assert annotated, "the theme's known error is expected; if vnu stopped reporting it, trim the list"
