"""The corrections page: every correction of the publication, in one table per page, the pages in
the order of the site's navigation, each under a heading in the page's table of contents.

The page is generated in `on_files`, before any page is rendered, but the ¶ of each correction is
only known once its page is woven; so its Markdown carries a placeholder, replaced with the table
when the page itself is built, after the pages it lists (it is the last file of the site).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from .bodies import BodyRenderer
from .config import option_at
from .model import Annotation
from .render import card_id, unplaced_label, unquoted
from .rules import free_id, suggest_id
from .templates import Templates
from .weave import PageInfo, PlacedCorrection, Settings, plain_title, weave_page

PLACEHOLDER = "<!-- glossa:corrections -->"

def corrections_markdown(title: str) -> str:
    """The generated page's source: its title, as text (each ASCII mark a character reference,
    which Markdown reads as no markup: 'Errata & <Fixes>' lost '<Fixes>' as a tag), and the
    placeholder of what `corrections.html` writes (a line on what the page lists, and the tables)."""
    return f"# {_MARKUP.sub(lambda mark: f'&#{ord(mark[0])};', title)}\n\n{PLACEHOLDER}\n"


_MARKUP = re.compile(r"[!-/:-@\[-`{-~]")
"""ASCII's punctuation, any of which Markdown or HTML may read as markup."""


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
            "verdict": a.verdict, "summary": entry.placed.summary, "lang": a.language,
            "where": unplaced_label(a, words),
            "verdict_label": templates.verdict_label(a.verdict),
            "quote": unquoted(a.quote) if a.quote else None, "quote_lang": entry.placed.quote_lang,
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
    path = posixpath.normpath(path)  # 'x/../corrections.md' is corrections.md, and may clash
    at = f"{option_at(config, 'corrections_page')}: corrections_page '{path}'"
    if not path.endswith(".md"):
        return None, (f"{at} must name a Markdown page, such as 'corrections.md'; no corrections "
                      "page is made until it does")
    if path.startswith("../"):
        return None, (f"{at} must be a path in the docs folder, such as 'corrections.md'; no "
                      "corrections page is made until it is")
    if not title.strip():
        return None, (f"{option_at(config, 'corrections_title')}: corrections_title is empty: give "
                      "the corrections page a title; no corrections page is made until it has one")
    file = File.generated(config, path, content=corrections_markdown(title))
    if any(other.dest_uri == file.dest_uri for other in files):
        return None, (f"{at} would replace a page of the site: set the option to another path, or "
                      "to '' for no generated corrections page")
    files.append(file)
    return file, ""


def fill_page(page: Page, files: Files, nav: Navigation, page_keys: Mapping[str, str],
              annotations: Mapping[str, Sequence[Annotation]],
              placed: Mapping[str, Mapping[str, PlacedCorrection]], settings: Settings,
              config: MkDocsConfig) -> None:
    """Replace the placeholder with the tables, and list their headings in the page's table of
    contents and among its ids (for MkDocs' check of links to them). `placed` gives, for each page
    already woven, where its corrections sit and their summaries; a page that another plugin put
    after this one is woven here for them, and its warnings left to its own build. Only the text
    of its bodies is used, so their links are not resolved (`links.BodyLinks`) for its page."""
    if not page.content:
        return
    for_text = functools.cache(lambda: replace(settings, search=False, bodies=BodyRenderer(
        config.markdown_extensions, dict(config.mdx_configs))))
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
        title = plain_title(doc.page.title) or key
        where = placed.get(doc.src_uri)
        if where is None or any(a.id not in where for a in corrections):  # not woven yet
            where = weave_page(doc.page.content or "", PageInfo(
                key, doc.src_uri, doc.abs_src_path, doc.page.meta, title, canonical_url=None),
                annotations[key], for_text()).corrections
        href = get_relative_url(doc.url, page.file.url)
        reading = {id: n for n, id in enumerate(where)}  # the page's order, as woven
        corrections.sort(key=lambda a: (where[a.id].block is None, reading[a.id], a.id))
        heading = free_id(suggest_id(key), ids)
        ids.add(heading)
        entries.extend(CorrectionEntry(a, title, href, heading, settings.kinds[a.kind].label,
                                       where[a.id]) for a in corrections)
    page.content = page.content.replace(PLACEHOLDER, corrections_table(entries, settings.templates))
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


def _nav_paths(nav: Any) -> set[str]:
    """Every page path a `nav` setting names (its nested lists and mappings walked)."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*(_nav_paths(item) for item in items))
