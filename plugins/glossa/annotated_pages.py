"""The site's annotated pages in a MkDocs build: which folders of annotations are pages MkDocs
builds, and what Glossa holds of each page between the events that weave it and write it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mkdocs.structure.files import File, Files

from .page import AnnotatedPage
from .publication import unpublished
from .weave import PlacedCorrection


@dataclass
class WovenPage:
    """A page between its weaving and its writing."""

    plain_html: str
    """Its content before weaving, which MkDocs keeps once the page is written."""
    html: str
    """Its content woven, which its template shows."""
    index_view: str | None
    head: str
    language: str | None
    result: AnnotatedPage
    """What Glossa made of it: `glossa check` and `report` read it (`site.Site.build`)."""


@dataclass
class PageState:
    """An annotated page of the site, and what Glossa holds of it during a build."""

    key: str
    """The page's path without `.md`: its annotations' folder."""
    export: str | None = None
    """Its W3C export's path in the site; None for none."""
    woven: WovenPage | None = None
    corrections: dict[str, PlacedCorrection] | None = None
    """Where its corrections sit once woven, for the corrections page (kept across `mkdocs serve
    --dirtyreload` rebuilds, which weave only some pages)."""


def page_of(files: Files, key: str) -> File | None:
    """The page `docs/<key>.md`, if the site has it."""
    doc = files.get_file_from_path(f"{key}.md")
    return doc if doc is not None and doc.is_documentation_page() else None


def annotated_pages(folders: Iterable[str], files: Files, earlier: Mapping[str, PageState], *,
                    is_serve: bool, display_root: str,
                    docs_name: str) -> tuple[dict[str, PageState], list[str]]:
    """The pages (src_uri -> state) of the folders whose page this build publishes, each with its
    corrections' places from `earlier` (a dirty build's); and what is said, not warned of, of
    each annotated page left unbuilt: a draft is work in progress, and `--strict` should not fail
    on it. `mkdocs serve` builds drafts."""
    pages, said = {}, []
    for key in sorted(folders):
        if (doc := page_of(files, key)) is None:
            continue  # `Publication.report_misplaced` says where its files belong
        if not (doc.inclusion.is_in_serve() if is_serve else doc.inclusion.is_included()):
            said.append(unpublished(key, "a draft" if doc.inclusion.name == "DRAFT" else "excluded",
                                    display_root, docs_name))
            continue
        before = earlier.get(doc.src_uri)
        pages[doc.src_uri] = PageState(key, corrections=before.corrections if before else None)
    return pages, said
