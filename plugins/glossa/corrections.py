"""The corrections page: every correction of the publication, in one table per page, the pages in
the order of the site's navigation, each under a heading in the page's table of contents.

The page is generated in `on_files`, before any page is rendered, but the ¶ of each correction is
only known once its page is woven; so its Markdown carries a placeholder, replaced with the table
when the page itself is built, after the pages it lists (it is the last file of the site).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from .bodies import BodyRenderer
from .model import Annotation, Kind
from .page import annotate_page
from .render import card_id, unplaced_label, unquoted
from .rules import free_id, suggest_id
from .summary import card_summary
from .templates import Templates
from .weave import PlacedCorrection, corrections_placed, plain_title

PLACEHOLDER = "<!-- glossa:corrections -->"

def corrections_markdown(title: str) -> str:
    """The generated page's source: its title, and the placeholder of what `corrections.html`
    writes (a line on what the page lists, and the tables)."""
    return f"# {title}\n\n{PLACEHOLDER}\n"


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction as listed: where its page is (relative URL), its ¶ and what the record shows."""

    annotation: Annotation
    page_title: str
    page_href: str
    page_id: str
    """The id of the page's heading on the corrections page."""
    kind_label: str
    placed: PlacedCorrection


def corrections_table(entries: Sequence[CorrectionEntry], templates: Templates) -> str:
    """One table per page, in the order given (`partials/glossa/corrections.html`)."""
    pages: dict[str, dict[str, Any]] = {}
    words = templates.words
    for entry in entries:
        a = entry.annotation
        page = pages.setdefault(entry.page_href, {"title": entry.page_title, "href": entry.page_href,
                                                  "id": entry.page_id, "entries": []})
        page["entries"].append({
            "block": entry.placed.block, "number": entry.placed.number, "label": entry.kind_label,
            "verdict": a.verdict, "summary": entry.placed.summary,
            "where": unplaced_label(a, words),
            "verdict_label": templates.verdict_label(a.verdict),
            "quote": unquoted(a.quote) if a.quote else None,
            "card": f"{entry.page_href}#{card_id(a.id)}"})
    return templates.render("corrections", total=len(entries), pages=list(pages.values()))


def _page_path(option: str | None, nav: Any) -> str:
    """The corrections page's path: the option's, or `corrections.md` if `nav` names it."""
    if option is not None:
        return option.strip("/")
    return "corrections.md" if "corrections.md" in _nav_paths(nav) else ""


def add_page(files: Files, config: MkDocsConfig, option: str | None, title: str) -> tuple[File | None, str]:
    """The generated page, last of the site's files (its table is filled by `fill_page`), at the
    option's path (`_page_path`); or None, with the warning to log when the option is wrong: not a
    Markdown page, or one that would replace a page of the site."""
    path = _page_path(option, config.nav)
    if not path:
        return None, ""
    if not path.endswith(".md"):
        return None, (f"corrections_page '{path}' must name a Markdown page, such as "
                      "'corrections.md'; no corrections page is made until it does")
    file = File.generated(config, path, content=corrections_markdown(title))
    if any(other.dest_uri == file.dest_uri for other in files):
        return None, (f"corrections_page '{path}' would replace a page of the site: set the "
                      "option to another path, or to '' for no generated corrections page")
    files.append(file)
    return file, ""


def fill_page(page: Page, files: Files, nav: Navigation, page_keys: Mapping[str, str],
              annotations: Mapping[str, Sequence[Annotation]],
              placed: Mapping[str, Mapping[str, PlacedCorrection]],
              kinds: Mapping[str, Kind], templates: Templates, config: MkDocsConfig) -> None:
    """Replace the placeholder with the tables, and list their headings in the page's table of
    contents and among its ids (for MkDocs' check of links to them). `placed` gives, for each page
    already woven, where its corrections sit and their summaries; a page that another plugin put
    after this one is anchored here, its corrections' bodies rendered for the summaries they give
    (without logging: its own build will). Only their text is used, so their links are not
    rewritten for a page."""
    if not page.content:
        return
    bodies_as_text = functools.cache(lambda: BodyRenderer(config.markdown_extensions,
                                                          dict(config.mdx_configs)))
    entries: list[CorrectionEntry] = []
    ids = set(page.present_anchor_ids or ())  # the page's own, its title's: a heading's differs
    own = set(ids)
    for doc in reading_order(files, nav):
        key = page_keys.get(doc.src_uri)
        if key is None or doc.page is None:
            continue
        corrections = [a for a in annotations.get(key, ()) if a.is_correction]
        if not corrections:
            continue
        where = placed.get(doc.src_uri)
        if where is None and doc.page.content:
            bodies = {a.id: _body(a, kinds[a.kind], bodies_as_text()) for a in corrections}
            where = corrections_placed(annotate_page(doc.page.content, annotations[key], kinds, bodies,
                                                     doc.page.meta, doc.src_uri))
        where = where or {}
        href = get_relative_url(doc.url, page.file.url)
        reading = {id: n for n, id in enumerate(where)}  # the page's order, as woven
        corrections.sort(key=lambda a: (a.id not in where or where[a.id].block is None,
                                        reading.get(a.id, len(reading)), a.id))
        title = plain_title(doc.page.title) or key
        heading = free_id(suggest_id(key), ids)
        ids.add(heading)
        entries.extend(CorrectionEntry(a, title, href, heading, kinds[a.kind].label, where.get(a.id) or
                                       PlacedCorrection(None, None, card_summary(
                                           a, _body(a, kinds[a.kind], bodies_as_text()))[0]))
                       for a in corrections)
    page.content = page.content.replace(PLACEHOLDER, corrections_table(entries, templates))
    headings = list(dict.fromkeys((entry.page_id, entry.page_title) for entry in entries))
    contents = page.toc.items[0].children if page.toc.items else page.toc.items
    contents.extend(AnchorLink(escape(title), id, 2) for id, title in headings)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(ids - own)


def reading_order(files: Files, nav: Navigation) -> list[File]:
    """The site's pages as its navigation orders them, then those it leaves out, by path."""
    in_nav = list(dict.fromkeys(item.file for item in nav.pages))  # a page nav names twice, once
    named = set(in_nav)
    return in_nav + [doc for doc in files.documentation_pages() if doc not in named]


def _body(annotation: Annotation, kind: Kind, renderer: BodyRenderer) -> str:
    try:
        return renderer.render(annotation.body, user_generated=kind.from_readers).html
    except Exception:  # the page's own build says why, and shows the body as text
        return ""


def _nav_paths(nav: Any) -> set[str]:
    """Every page path a `nav` setting names (its nested lists and mappings walked)."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*(_nav_paths(item) for item in items))
