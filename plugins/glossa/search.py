"""What the search plugin indexes of an annotated page: a light view, not the woven page.

Material's search plugin parses each page's content in `on_page_context` (priority 0). Glossa
weaves just before it (priority 1) and shows it the page's index view: its blocks and the words of
their annotations, without rows and cards, which would triple the search plugin's parsing time.
Just after it (priority -1), the woven page is put back for the theme (`put_back`).
"""

from __future__ import annotations

import re

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

WEAVING, PUTTING_BACK = 1, -1
"""The priorities of `on_page_context` at which the plugin weaves a page and puts it back: just
before and just after Material's search plugin (0)."""


def put_back(page: Page, woven: str, view: str) -> None:
    """The woven page in place of the index view, with what Material's search removes from the
    content it indexed (`data-search-exclude` ...) removed from it too. A change another plugin
    made meanwhile is lost, and said so."""
    if page.content != view:
        if page.content != _without_search_attributes(view):
            log.info(f"{page.file.src_uri}: a plugin changed the page's content while the "
                     "search plugin indexed it; Glossa restored the annotated page without "
                     "that change")
        woven = _without_search_attributes(woven)
    page.content = woven


def _without_search_attributes(content: str) -> str:
    if "data-search-" not in content:
        return content
    return re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", content)
