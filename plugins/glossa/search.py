"""What a search engine indexes of an annotated page: a light view, not the woven page.

The view holds each block as rendered, without our marks and reference numbers, followed by the
words of the annotations placed in it, so that every annotation is found in its block's section.
Rows, cards, icons and links are left out: parsing them would triple the search plugin's time.

Material's search plugin parses each page's content in `on_page_context` (priority 0). The MkDocs
plugin weaves just before it (priority 1), shows it this view, and puts the woven page back just
after it (priority -1, `put_back`). Zensical indexes the woven page itself. (No engine imports.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .model import Annotation, Kind
from .page import AnnotatedPage
from .render import UNANCHORED_TITLE_ID
from .summary import BLOCK_TAG, TAG, given_summary
from .templates import Templates

WEAVING, PUTTING_BACK = 1, -1
"""The priorities of `on_page_context` at which the plugin weaves a page and puts it back: just
before and just after Material's search plugin (0)."""

_MARKS_AND_REFERENCES = re.compile(
    r'<sup\b[^>]*\bclass="glossa-ref"[^>]*>.*?</sup>|<mark\b[^>]*\bdata-glossa-ref="[^"]*"[^>]*>([^<]*)</mark>',
    re.DOTALL)
"""What `page._mark` adds to a block: marks hold text only (they never cross an element). Whatever
the order lxml writes their attributes in."""


def index_view(result: AnnotatedPage, kinds: Mapping[str, Kind], templates: Templates) -> str:
    """The annotated page as a search engine should index it: each block as rendered, then the
    annotations placed in it (`index_entry`); the page-level ones after the title, the ones not
    placed under their own heading. Parsing this view costs a search engine little more than the
    plain page. (A section of its own for each card, for a result that leads to the card, cost
    0.5 ms and 5 KB an article of the benchmark; glossa.js opens the card instead.)"""
    def entries(annotations: Sequence[Annotation], after_their_block: bool = False) -> list[str]:
        return [index_entry(a, kinds[a.kind], result.bodies.get(a.id, ""), templates,
                            with_quote=not after_their_block) for a in annotations]

    placed: dict[int, list[Annotation]] = {}
    for placement in result.placements:
        placed.setdefault(placement.block, []).append(placement.annotation)
    page_level = entries(result.page_level)
    spans = result.block_spans
    out = [result.html[:result.leading_end]]
    if not result.summary_after_title:
        out += page_level
    for index in range(len(spans) // 2):
        block = result.html[spans[2 * index]:spans[2 * index + 1]]
        notes = placed.get(index + 1)
        if notes:
            out.append(_MARKS_AND_REFERENCES.sub(r"\1", block))
            out += entries(notes, after_their_block=True)
        else:
            out.append(block)
        if index == 0 and result.summary_after_title:
            out += page_level
    if result.unanchored:
        out.append(_unanchored_section(entries([a for a, _ in result.unanchored]), templates.words))
    return "".join(out)


def index_entry(annotation: Annotation, kind: Kind, body_html: str, templates: Templates,
                *, with_quote: bool = True) -> str:
    """An annotation as a search engine should index it: its words in one paragraph, none of the
    card's chrome (icons, permalinks, ¶ links). `with_quote=False` when the entry follows the
    block that holds the quoted words: the search index keeps every word it is given until the
    build ends."""
    label = kind.label
    if annotation.verdict:
        label += f" - {templates.verdict_label(annotation.verdict)}"  # "(Misleading)" is no word to search
    parts = [f"{escape(label)}:"]
    if annotation.quote and with_quote:
        parts.append(f'"{escape(annotation.quote)}"')  # ASCII: Latin-1 text takes half the memory
    if summary := given_summary(annotation):  # the card's first line, in words the body may lack
        parts.append(escape(summary))
    if body_html:
        parts.append(BLOCK_TAG.sub(" ", body_html))
    if annotation.sources:
        parts.append(escape(templates.words["search_sources"]) + " " + "; ".join(
            escape(", ".join(part for part in (s.title, s.publisher) if part) or s.url)
            for s in annotation.sources) + ".")
    if annotation.author:
        parts.append(escape(templates.words["search_author"].replace("{}", annotation.author)))
    return "<p>" + TAG.sub("", " ".join(" ".join(parts).split())) + "</p>\n"


def _unanchored_section(entries: Sequence[str], words: Mapping[str, Any]) -> str:
    """Its own section, with the id of the woven page's, so a result leads to it."""
    return f'<h2 id="{UNANCHORED_TITLE_ID}">{escape(words["unanchored_title"])}</h2>{"".join(entries)}'


def put_back(content: str, view: str, woven: str) -> tuple[str, bool]:
    """The woven page to put in place of the index view once the search plugin has indexed it
    (`content`, the page's content now), with what Material's search removes from the content it
    indexed (`data-search-exclude` ...) removed from it too; and whether another plugin changed
    the content meanwhile, a change that is lost."""
    if content == view:
        return woven, False
    return _without_search_attributes(woven), content != _without_search_attributes(view)


def _without_search_attributes(content: str) -> str:
    if "data-search-" not in content:
        return content
    return re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", content)
