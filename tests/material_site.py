"""A small site made of Material for MkDocs' own reference constructs (issue 19): content tabs
holding code, code annotations, admonitions, details, tables, footnotes, tooltips and
abbreviations, grids, icons and emoji, a landing page (`template: home.html`); all offline.

`write_material_site(root, glossa=...)` writes it with or without the plugin, so that a test can
build both and compare what Material makes of each.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from helpers import annotation

CONFIG = """\
site_name: Material features
site_url: https://example.org/
repo_url: https://github.com/example/features
edit_uri: edit/master/docs/
theme:
  name: material
  font: false
  custom_dir: overrides
  features:
    - content.code.annotate
    - content.code.copy
    - content.tabs.link
    - content.tooltips
    - navigation.instant
plugins:
{plugins}
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""

TABS = '''\
=== "C"

    ``` c
    #include <stdio.h>

    int main(void) {
      printf("Hello world!\\n");
      return 0;
    }
    ```

=== "C++"

    ``` c++
    #include <iostream>

    int main(void) {
      std::cout << "Hello world!" << std::endl;
      return 0;
    }
    ```
'''

REFERENCE = f"""\
# Reference

A page with every construct and no annotation. Call `#!python print("hi")`{{ .no-copy }} inline.

{TABS}
``` yaml
theme:
  features:
    - content.code.annotate # (1)
```

1.  :man_raising_hand: I'm a code annotation! I can contain `code`, __formatted
    text__, images, ... basically anything that can be written in Markdown.

!!! note "A note"

    An admonition with a [tooltip](#reference "A tooltip on a link").

??? tip "Details"

    A collapsed block, holding the HTML spec.

| Method | Description |
| ------ | ----------- |
| `GET`  | :material-check: Fetch resource |
| `PUT`  | :material-check-all: Update resource |

Lorem ipsum[^1] dolor sit amet, with the HTML spec.

<div class="grid cards" markdown>

- :fontawesome-brands-html5: __HTML__ for content and structure
- :fontawesome-brands-js: __JavaScript__ for interactivity

</div>

*[HTML]: Hyper Text Markup Language

[^1]: Lorem ipsum dolor sit amet, consectetur adipiscing elit.
"""

ANNOTATED = f"""\
# Annotated

A paragraph that calls `printf("Hello world!")` inline, with a note on the call.

{TABS}
``` python
def greet():
    return "a greeting in a code block"
```

Lorem ipsum[^1] dolor sit amet, with the last words annotated.

``` yaml
theme:
  features:
    - content.code.annotate # (1)
```

1.  A code annotation that an annotation quotes.

A [link with a tooltip](#annotated "A tooltip on a link") in an annotated paragraph, about HTML.

*[HTML]: Hyper Text Markup Language

[^1]: A footnote.
"""

HOME = """\
---
template: home.html
---

# Welcome

A landing page whose template shows none of its text.
"""

HOME_TEMPLATE = """\
{% extends "main.html" %}
{% block tabs %}{{ super() }}<section class="hero"><h1>{{ config.site_name }}</h1></section>{% endblock %}
{% block content %}{% endblock %}
"""
"""A landing page as Material's own documentation makes one: a hero, and none of the page's text."""

ANNOTATIONS = {
    "annotated/inline-code.md": annotation("note", "In an inline code span.",
                                           quote='printf("Hello world!")'),
    "annotated/in-a-tab.md": annotation("note", "In the second tab, hidden at first.",
                                        quote="std::cout"),
    "annotated/in-a-code-block.md": annotation("note", "In a code block.",
                                               quote="a greeting in a code block"),
    "annotated/last-words.md": annotation("source", "A source.", quote="the last words annotated"),
    "annotated/code-annotation.md": annotation("note", "On the code annotation.",
                                               quote="A code annotation that an annotation quotes."),
    "annotated/tooltip.md": annotation("note", "On the tooltip.", quote="in an annotated paragraph"),
}

PAGES = {"index.md": HOME, "reference.md": REFERENCE, "annotated.md": ANNOTATED}
PLAIN_PAGES = ("index.html", "reference/index.html", "404.html")
"""The built pages that have no annotations."""

GLOSSA_ASSETS = ('<link rel="stylesheet" href="{root}glossa/glossa.css">',
                 '<link rel="stylesheet" href="{root}glossa/kinds.css">',
                 '<script src="{root}glossa/glossa.js"></script>')
"""The only tags a page without annotations may gain (with `{root}`, the page's way to the site)."""


def write_material_site(root: Path, *, glossa: bool, annotations: bool = True) -> Path:
    """The site in `root`, built with Glossa (and its annotations) or without either."""
    root.mkdir(parents=True, exist_ok=True)
    plugins = "  - search\n" + ("  - glossa\n" if glossa else "")
    (root / "mkdocs.yml").write_text(CONFIG.format(plugins=plugins), encoding="utf-8")
    for path, text in PAGES.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(text, encoding="utf-8")
    (root / "overrides").mkdir(exist_ok=True)
    (root / "overrides" / "home.html").write_text(HOME_TEMPLATE, encoding="utf-8")
    if glossa and annotations:
        for path, text in ANNOTATIONS.items():
            (root / "annotations" / path).parent.mkdir(parents=True, exist_ok=True)
            (root / "annotations" / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return root
